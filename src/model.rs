//! The site model: plain, typed data for every content file, in every language,
//! built once by the loader and shared read-only by everything after it.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// A value in each of the site's languages: `{ ja: …, en: … }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Localized<T>(pub BTreeMap<String, T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Localized<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, T>::deserialize(deserializer)?;
        if map.is_empty() {
            return Err(serde::de::Error::custom(
                "expected text in each language, such as { ja: …, en: … }, but found an empty map",
            ));
        }
        Ok(Localized(map))
    }
}

impl<T> Localized<T> {
    /// The value in `lang`, or else in the default language, or else any value,
    /// with the language it is actually in.
    pub fn pick<'a>(&'a self, lang: &'a str, default: &'a str) -> (&'a T, &'a str) {
        if let Some(value) = self.0.get(lang) {
            return (value, lang);
        }
        if let Some(value) = self.0.get(default) {
            return (value, default);
        }
        let (code, value) = self.0.iter().next().expect("Localized is never empty");
        (value, code.as_str())
    }

    pub fn has(&self, lang: &str) -> bool {
        self.0.contains_key(lang)
    }
}

/// Plain text (titles, names, labels): shown as written, HTML-escaped.
pub type Text = Localized<String>;

/// Markdown source, rendered at build time.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Md(pub String);

/// Translatable Markdown.
pub type Prose = Localized<Md>;

/// A translatable list of short Markdown items.
pub type ProseList = Localized<Vec<Md>>;

// ---------------------------------------------------------------- site.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: Text,
    pub organisation: Text,
    #[serde(default)]
    pub description: Option<Text>,
    pub languages: Vec<Language>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub history: Vec<Revision>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub nav: Vec<String>,
    #[serde(default)]
    pub home: Option<HomeConfig>,
    #[serde(default)]
    pub strings: BTreeMap<String, Text>,
    /// The file name of each language's PDF of the whole policy, when this build makes
    /// them (`policy-site pdf`); not written in site.yaml.
    #[serde(skip)]
    pub pdf: Option<String>,
}

fn default_theme() -> String {
    "default".to_string()
}

impl SiteConfig {
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("ja", |l| l.code.as_str())
    }

    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// The versions recorded in `history` (entries with a `version`), oldest first.
    pub fn recorded_versions(&self) -> Vec<&str> {
        self.history
            .iter()
            .rev()
            .filter_map(|entry| entry.version.as_deref())
            .collect()
    }

    /// The language codes in order, the default first.
    pub fn language_list(&self) -> Vec<String> {
        self.language_codes().map(str::to_string).collect()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The version this entry records (`1.1`); its record is `content/revisions/VERSION.yaml`.
    /// Entries without one are history only (no record, no comparison).
    #[serde(default)]
    pub version: Option<String>,
    #[serde(deserialize_with = "date_string")]
    pub date: String,
    pub note: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeConfig {
    #[serde(default)]
    pub lead: Option<Prose>,
    #[serde(default)]
    pub audiences: Vec<Audience>,
}

/// An entry point on the home page for one group of readers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    pub title: Text,
    #[serde(default)]
    pub description: Option<Prose>,
    pub link: String,
}

/// Accepts `2025-03-01` whether YAML reads it as text or not, and keeps it as text.
fn date_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = serde_yaml::Value::deserialize(deserializer)?;
    match value {
        serde_yaml::Value::String(s) => Ok(s),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        _ => Err(serde::de::Error::custom(
            "expected a date such as 2025-03-01",
        )),
    }
}

// ---------------------------------------------------------------- positioning.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Positioning {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub levels: Vec<PlanLevel>,
    #[serde(default)]
    pub related_plans: Option<RelatedPlans>,
}

/// One level of the plan hierarchy, from the city's vision down to the systems.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanLevel {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Option<Prose>,
    #[serde(default)]
    pub current: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedPlans {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub plans: Vec<RelatedPlan>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelatedPlan {
    pub id: String,
    pub name: Text,
}

// ---------------------------------------------------------------- ideal.yaml

/// 求められる職員像: the staff the city wants, in one statement and its parts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ideal {
    pub title: Text,
    pub statement: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    #[serde(default)]
    pub note: Option<Prose>,
    pub parts: Vec<IdealPart>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdealPart {
    pub id: String,
    pub title: Text,
    pub body: Prose,
}

// ---------------------------------------------------------------- mindsets.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mindsets {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub mindsets: Vec<Mindset>,
}

/// 職員に求められる意識: one of the mindsets every member of staff is expected to hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mindset {
    pub id: String,
    pub number: u32,
    pub title: Text,
    #[serde(default)]
    pub subtitle: Option<Text>,
    pub body: Prose,
}

// ---------------------------------------------------------------- skills.yaml, ranks.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skills {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    #[serde(default)]
    pub source: Option<Prose>,
    pub skills: Vec<Skill>,
}

/// One of the Katz model's skills (conceptual, human, technical).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub gloss: Option<Text>,
    pub definition: Prose,
    #[serde(default)]
    pub examples: Option<ProseList>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ranks {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub ranks: Vec<Rank>,
}

/// A rank (職位), most junior first, with the weight of each skill at that rank.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rank {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub romaji: Option<String>,
    /// Percent per skill id; sums to 100.
    pub weights: BTreeMap<String, u32>,
    #[serde(default)]
    pub illustrative: bool,
}

// ---------------------------------------------------------------- competencies.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competencies {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub pillars: Vec<Pillar>,
    #[serde(default)]
    pub illustrative: bool,
    /// rank id -> pillar id -> what that rank must show.
    #[serde(default)]
    pub expectations: BTreeMap<String, BTreeMap<String, Prose>>,
}

/// A pillar of the standard job-performance competencies (標準職務遂行能力).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pillar {
    pub id: String,
    pub name: Text,
    pub definition: Prose,
    /// The ranks this pillar applies to; `None` means every rank.
    #[serde(default)]
    pub ranks: Option<Vec<String>>,
    #[serde(default)]
    pub note: Option<Prose>,
}

impl Pillar {
    pub fn applies_to(&self, rank_id: &str) -> bool {
        self.ranks
            .as_ref()
            .is_none_or(|ranks| ranks.iter().any(|r| r == rank_id))
    }
}

impl Competencies {
    pub fn expectation(&self, rank_id: &str, pillar_id: &str) -> Option<&Prose> {
        self.expectations.get(rank_id)?.get(pillar_id)
    }
}

// ---------------------------------------------------------------- roles.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub groups: Vec<RoleGroup>,
    #[serde(default)]
    pub notes: Option<Prose>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleGroup {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub outro: Option<Prose>,
}

/// Who does what in developing staff (top management, managers, HR, staff).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub subtitle: Option<Text>,
    #[serde(default)]
    pub note: Option<Prose>,
    pub duties: ProseList,
}

// ---------------------------------------------------------------- policies/*.yaml

/// One policy area (04-1 … 04-4): a statement and its measures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyArea {
    /// The file name without `.yaml`; not written in the file.
    #[serde(skip)]
    pub id: String,
    /// The file it came from, for messages.
    #[serde(skip)]
    pub file: String,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub order: i64,
    pub title: Text,
    pub statement: Prose,
    #[serde(default)]
    pub intro: Option<Prose>,
    #[serde(default)]
    pub definitions: Vec<Definition>,
    pub measures: Vec<Measure>,
    #[serde(default)]
    pub tiers: Option<Tiers>,
    #[serde(default)]
    pub notes: Option<Prose>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub id: String,
    pub title: Text,
    pub body: Prose,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: String,
    pub title: Text,
    pub body: Prose,
    #[serde(default)]
    pub items: Option<ProseList>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub groups: Vec<TierGroup>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierGroup {
    pub id: String,
    pub name: Text,
    pub levels: ProseList,
}

// ---------------------------------------------------------------- survey.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    #[serde(default)]
    pub facts: Vec<SurveyFact>,
    /// How many staff were asked.
    pub target: u32,
    /// How many answered; every breakdown sums to this.
    pub respondents: u32,
    #[serde(default)]
    pub breakdowns: Vec<Breakdown>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyFact {
    pub label: Text,
    pub value: Prose,
}

/// Respondents split one way (by job type, gender, age, rank).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub note: Option<Prose>,
    pub rows: Vec<BreakdownRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakdownRow {
    pub label: Text,
    pub count: u32,
}

// ---------------------------------------------------------------- glossary.yaml

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Prose>,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub term: Text,
    pub definition: Prose,
    #[serde(default)]
    pub illustrative: bool,
}

// ---------------------------------------------------------------- pages/*.md

/// A free Markdown page (or a section's `_index`), in every language it exists in.
#[derive(Debug, Clone)]
pub struct Page {
    /// `introduction`, `handbook/ojt`; a section's index has the section's key (`handbook`).
    pub key: String,
    /// The key of the section this page sits in, if any.
    pub section: Option<String>,
    pub is_section: bool,
    pub weight: i64,
    /// Language code -> that language's file.
    /// Shared with serve's cache of read files, so an unchanged file costs no copy.
    pub translations: BTreeMap<String, std::sync::Arc<PageText>>,
}

impl Page {
    /// This page's text in `lang`, or else in the default language (the loader keeps
    /// only pages that have it), with the language it is actually in.
    pub fn text<'a>(&'a self, lang: &'a str, default: &'a str) -> Option<(&'a PageText, &'a str)> {
        if let Some(text) = self.translations.get(lang) {
            return Some((text, lang));
        }
        self.translations
            .get(default)
            .map(|text| (&**text, default))
    }
}

/// One language's file of a Markdown page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "optional_date")]
    pub updated: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

fn optional_date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    date_string(deserializer).map(Some)
}

#[derive(Debug, Clone)]
pub struct PageText {
    /// `content/pages/introduction.ja.md`
    pub file: String,
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The line in the file on which `body` starts (1-based).
    pub body_line: usize,
    /// The body's headings (with their anchor ids) and links, read once when the file is.
    pub outline: crate::markdown::Outline,
    /// A fingerprint of the whole file's text: equal fingerprints, same page text
    /// (how serve tells which pages an edit touched).
    pub digest: u64,
}

// ---------------------------------------------------------------- content/translations.lock

/// Language -> translatable unit -> the default-language text that language's
/// translation was last confirmed against.
pub type TranslationLock = BTreeMap<String, BTreeMap<String, String>>;

// ---------------------------------------------------------------- theme

/// The templates, static files and interface words a site is drawn with.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`layout.html`) -> source; a site's own `templates/` already applied.
    pub templates: BTreeMap<String, String>,
    /// Path under `static/` -> bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Interface word key -> text per language (theme's, then the site's overrides).
    pub strings: BTreeMap<String, Text>,
}

// ---------------------------------------------------------------- the whole site

/// Everything the site says, validated. Built once; read by rendering, search and checks.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub positioning: Option<Positioning>,
    pub ideal: Option<Ideal>,
    pub mindsets: Option<Mindsets>,
    pub skills: Option<Skills>,
    pub ranks: Option<Ranks>,
    pub competencies: Option<Competencies>,
    pub roles: Option<Roles>,
    pub policies: Vec<PolicyArea>,
    pub survey: Option<Survey>,
    pub glossary: Option<Glossary>,
    pub pages: Vec<Page>,
    pub theme: Theme,
    /// Translations whose source changed since they were confirmed (set after loading,
    /// from the lock file), so pages can say so to readers.
    pub stale: StaleTexts,
}

/// The translations that may be out of date: YAML texts as (language, text), and the
/// files of Markdown page translations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaleTexts {
    pub texts: std::collections::BTreeSet<(String, String)>,
    pub files: std::collections::BTreeSet<String>,
}

impl StaleTexts {
    pub fn has_text(&self, lang: &str, text: &str) -> bool {
        !self.texts.is_empty() && self.texts.contains(&(lang.to_string(), text.to_string()))
    }
}

impl Site {
    /// Every Markdown page's text, in every language it has.
    pub fn page_texts(&self) -> impl Iterator<Item = &std::sync::Arc<PageText>> {
        self.pages
            .iter()
            .flat_map(|page| page.translations.values())
    }

    pub fn default_language(&self) -> &str {
        self.config.default_language()
    }

    pub fn rank_list(&self) -> &[Rank] {
        self.ranks.as_ref().map_or(&[], |r| r.ranks.as_slice())
    }

    pub fn pillar_list(&self) -> &[Pillar] {
        self.competencies
            .as_ref()
            .map_or(&[], |c| c.pillars.as_slice())
    }

    pub fn skill_list(&self) -> &[Skill] {
        self.skills.as_ref().map_or(&[], |s| s.skills.as_slice())
    }
}
