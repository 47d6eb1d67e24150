//! Integrity checks across the loaded model: ids well-formed and unique, weights
//! summing to 100, references to ranks, skills and pillars that exist, survey
//! breakdowns that add up, and a navigation that names real pages.

use super::yaml::YamlDoc;
use crate::diagnostics::{closest, Diagnostic, Diagnostics, Location};
use crate::model::{Competencies, Site, SiteConfig};
use std::collections::{BTreeMap, BTreeSet};

type Docs = BTreeMap<String, YamlDoc>;

/// Checks `languages` in site.yaml; returns false when the site cannot be built at all.
pub fn languages(config: &SiteConfig, doc: &YamlDoc, diagnostics: &mut Diagnostics) -> bool {
    if config.languages.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "no-languages",
                "the site lists no languages",
                "サイトの言語が1つも書かれていません",
            )
            .at(doc.at("languages"))
            .hint(
                "add at least one, e.g. `languages: [{ code: ja, name: 日本語 }]`",
                "少なくとも1つ書いてください。例：`languages: [{ code: ja, name: 日本語 }]`",
            ),
        );
        return false;
    }
    let mut seen = BTreeSet::new();
    let mut ok = true;
    for (index, language) in config.languages.iter().enumerate() {
        let well_formed = !language.code.is_empty()
            && language
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && language
                .code
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase());
        if !well_formed || !seen.insert(language.code.as_str()) {
            ok = false;
            diagnostics.push(
                Diagnostic::error(
                    "bad-language",
                    format!("`{}` is not usable as a language code (it must be unique, like `ja` or `en`)", language.code),
                    format!("`{}` は言語コードとして使えません（`ja` や `en` のような、ほかと重ならないコードにしてください）", language.code),
                )
                .at(doc.at(&format!("languages[{index}].code"))),
            );
        }
    }
    ok
}

/// Checks across the site. `broken` names the files that failed with errors of their
/// own: what refers to them is not checked, as that would only repeat the cause.
pub fn validate(
    site: &Site,
    docs: &Docs,
    broken: &BTreeSet<String>,
    diagnostics: &mut Diagnostics,
) {
    let mut check = Checker {
        docs,
        broken,
        diagnostics,
    };
    check.ids(site);
    check.ranks(site);
    if let Some(competencies) = &site.competencies {
        check.competencies(site, competencies);
    }
    check.survey(site);
    check.nav(site);
}

struct Checker<'a> {
    docs: &'a Docs,
    broken: &'a BTreeSet<String>,
    diagnostics: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn at(&self, file: &str, path: &str) -> Location {
        match self.docs.get(file) {
            Some(doc) => doc.at(path),
            None => Location::file(file).with_field(path),
        }
    }

    /// An error at the field `path` of `file`, with its message in English and Japanese.
    fn error(
        &mut self,
        code: &'static str,
        (file, path): (&str, &str),
        [message, message_ja]: [String; 2],
    ) -> &mut Diagnostic {
        let location = self.at(file, path);
        self.diagnostics
            .push_mut(Diagnostic::error(code, message, message_ja).at(location))
    }

    /// Ids: lower-case ASCII, digits and `-`; unique within one anchor space (a page).
    fn unique(&mut self, file: &str, entries: &[(String, &str)]) {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (path, id) in entries {
            let well_formed = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !id.starts_with('-');
            let only_allowed = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !well_formed && only_allowed {
                self.error("bad-id", (file, path), [format!("the id `{id}` starts with `-`; an id must start with a letter a-z or a digit"), format!("id `{id}` が `-` で始まっています。id は英小文字 a-z か数字で始めてください")])
                .set_hint(
                    "ids are used in web addresses, e.g. `public-service`",
                    "id はページのアドレス（URL）に使われます。例：`public-service`",
                );
            } else if !well_formed {
                self.error(
                    "bad-id",
                    (file, path),
                    [
                        format!(
                            "the id `{id}` may only use lower-case letters a-z, digits and `-`"
                        ),
                        format!("id `{id}` には、小文字の英字 a-z、数字、`-` だけが使えます"),
                    ],
                )
                .set_hint(
                    "ids are used in web addresses, e.g. `public-service`",
                    "id はページのアドレス（URL）に使われます。例：`public-service`",
                );
            } else if crate::markdown::is_template_id(id) {
                let kind = path.split('[').next().unwrap_or("item");
                let kind = kind.rsplit('.').next().unwrap_or(kind);
                let suggestion = format!("{id}-{}", kind.trim_end_matches('s'));
                self.error("reserved-id", (file, path), [format!("the id `{id}` is one the site's own layout uses (for the page's parts and the skip link), so it cannot name an item"), format!("id `{id}` はサイトのレイアウトそのもの（ページの各部分や「本文へ移動」のリンク）が使う名前なので、項目の id には使えません")])
                .set_hint(
                    format!("choose another id, e.g. `{suggestion}`"),
                    format!("別の id にしてください。例：`{suggestion}`"),
                );
            } else if let Some(first) = seen.insert(id, path) {
                self.error(
                    "duplicate-id",
                    (file, path),
                    [
                        format!("the id `{id}` is used twice on this page (also at {first})"),
                        format!(
                        "id `{id}` がこのページで2回使われています（{first} でも使われています）"
                    ),
                    ],
                )
                .set_hint(
                    "every item needs its own id",
                    "項目ごとに別の id を付けてください",
                );
            }
        }
    }

    /// Every kind's ids, each content file one anchor space.
    fn ids(&mut self, site: &Site) {
        for (_, kind) in crate::kinds::KINDS {
            for space in (kind.ids)(site) {
                self.unique(space.file, &space.ids);
            }
        }
    }

    fn ranks(&mut self, site: &Site) {
        let file = "content/ranks.yaml";
        let skills: Vec<&str> = site.skill_list().iter().map(|s| s.id.as_str()).collect();
        for (index, rank) in site.rank_list().iter().enumerate() {
            let path = format!("ranks[{index}].weights");
            let total: u32 = rank.weights.values().sum();
            if total != 100 {
                self.error("weights-sum", (file, &path), [format!(
                        "the skill weights of `{}` add up to {total}; they must add up to 100",
                        rank.id
                    ), format!(
                        "`{}` の技能の割合の合計が{total}になっています。合計が100になるようにしてください",
                        rank.id
                    )])
                .set_hint(
                    "the weights are percentages of one whole",
                    "割合は全体を100としたパーセントです",
                );
            }
            if site.skills.is_none() {
                continue;
            }
            for key in rank.weights.keys() {
                if !skills.contains(&key.as_str()) {
                    let (hint, hint_ja) =
                        suggestion(key, &skills, ("skills.yaml", "skills.yaml にある技能"));
                    self.error(
                        "unknown-skill",
                        (file, &format!("{path}.{key}")),
                        [
                            format!("`{key}` is not a skill in skills.yaml"),
                            format!("`{key}` は skills.yaml にある技能ではありません"),
                        ],
                    )
                    .set_hint(hint, hint_ja);
                }
            }
            for skill in &skills {
                if !rank.weights.contains_key(*skill) {
                    self.error(
                        "missing-weight",
                        (file, &path),
                        [
                            format!("`{}` has no weight for the skill `{skill}`", rank.id),
                            format!("`{}` に技能 `{skill}` の割合が書かれていません", rank.id),
                        ],
                    )
                    .set_hint(
                        format!("add `{skill}: <percent>`"),
                        format!("`{skill}: <割合>` を書き足してください（割合はパーセントの数字）"),
                    );
                }
            }
        }
    }

    fn competencies(&mut self, site: &Site, competencies: &Competencies) {
        let file = "content/competencies.yaml";
        let ranks: Vec<&str> = site.rank_list().iter().map(|r| r.id.as_str()).collect();
        if site.ranks.is_none() && self.broken.contains("content/ranks.yaml") {
            return;
        }
        if site.ranks.is_none() && !competencies.expectations.is_empty() {
            self.error(
                "missing-file",
                (file, "expectations"),
                [
                    "expectations name ranks, but there is no content/ranks.yaml".into(),
                    "`expectations` で職位を指定していますが、content/ranks.yaml がありません"
                        .into(),
                ],
            );
            return;
        }
        for (index, pillar) in competencies.pillars.iter().enumerate() {
            for (r, rank) in pillar.ranks.iter().flatten().enumerate() {
                if !ranks.contains(&rank.as_str()) {
                    self.unknown_rank(&format!("pillars[{index}].ranks[{r}]"), rank, &ranks);
                }
            }
        }
        for (rank, by_pillar) in &competencies.expectations {
            if !ranks.contains(&rank.as_str()) {
                self.unknown_rank(&format!("expectations.{rank}"), rank, &ranks);
                continue;
            }
            for pillar_id in by_pillar.keys() {
                self.expectation_pillar(competencies, rank, pillar_id);
            }
        }
        self.missing_expectations(competencies, &ranks);
    }

    /// A rank named in competencies.yaml that ranks.yaml does not have.
    fn unknown_rank(&mut self, path: &str, rank: &str, ranks: &[&str]) {
        let (hint, hint_ja) = suggestion(rank, ranks, ("ranks.yaml", "ranks.yaml にある職位"));
        self.error(
            "unknown-rank",
            ("content/competencies.yaml", path),
            [
                format!("`{rank}` is not a rank in ranks.yaml"),
                format!("`{rank}` は ranks.yaml にある職位ではありません"),
            ],
        )
        .set_hint(hint, hint_ja);
    }

    /// The pillar of one expectation: one of the pillars, and one for its rank.
    fn expectation_pillar(&mut self, competencies: &Competencies, rank: &str, pillar_id: &str) {
        let file = "content/competencies.yaml";
        let path = format!("expectations.{rank}.{pillar_id}");
        let pillars: Vec<&str> = competencies.pillars.iter().map(|p| p.id.as_str()).collect();
        match competencies.pillars.iter().find(|p| p.id == pillar_id) {
            None => {
                let (hint, hint_ja) = suggestion(
                    pillar_id,
                    &pillars,
                    ("the pillars above", "上の `pillars` にある区分"),
                );
                self.error(
                    "unknown-pillar",
                    (file, &path),
                    [
                        format!("`{pillar_id}` is not one of the pillars"),
                        format!("`{pillar_id}` は `pillars` に書かれた能力の区分ではありません"),
                    ],
                )
                .set_hint(hint, hint_ja);
            }
            Some(pillar) if !pillar.applies_to(rank) => {
                self.error(
                    "pillar-not-for-rank",
                    (file, &path),
                    [
                        format!("the pillar `{pillar_id}` does not apply to `{rank}`"),
                        format!("能力の区分 `{pillar_id}` は `{rank}` には当てはまりません"),
                    ],
                )
                .set_hint(
                    format!("remove it, or add `{rank}` to that pillar's `ranks`"),
                    format!("これを消すか、その区分の `ranks` に `{rank}` を加えてください"),
                );
            }
            Some(_) => {}
        }
    }

    /// Warns of each pillar that applies to a rank but says nothing for it.
    fn missing_expectations(&mut self, competencies: &Competencies, ranks: &[&str]) {
        let file = "content/competencies.yaml";
        for rank in ranks {
            for pillar in competencies.pillars.iter().filter(|p| p.applies_to(rank)) {
                if competencies.expectation(rank, &pillar.id).is_none() {
                    let location = self.at(file, "expectations");
                    self.diagnostics.push(
                        Diagnostic::warning(
                            "missing-expectation",
                            format!(
                                "nothing is written for `{rank}` in the pillar `{}`",
                                pillar.id
                            ),
                            format!(
                                "能力の区分 `{}` に `{rank}` の記載がありません",
                                pillar.id
                            ),
                        )
                        .at(location)
                        .hint(
                            format!(
                                "add `{rank}: {{ {}: {{ … }} }}` under expectations",
                                pillar.id
                            ),
                            format!(
                                "`expectations` の下に `{rank}: {{ {}: {{ … }} }}` を書き足してください",
                                pillar.id
                            ),
                        ),
                    );
                }
            }
        }
    }

    fn survey(&mut self, site: &Site) {
        let Some(survey) = &site.survey else { return };
        let file = "content/survey.yaml";
        if survey.respondents > survey.target {
            self.error(
                "survey-sum",
                (file, "respondents"),
                [
                    format!(
                        "{} people answered, but only {} were asked (target)",
                        survey.respondents, survey.target
                    ),
                    format!(
                        "回答者数（{}人）が対象者数（`target`：{}人）を超えています",
                        survey.respondents, survey.target
                    ),
                ],
            );
        }
        for (index, breakdown) in survey.breakdowns.iter().enumerate() {
            let total: u32 = breakdown.rows.iter().map(|r| r.count).sum();
            if total != survey.respondents {
                self.error(
                    "survey-sum",
                    (file, &format!("breakdowns[{index}].rows")),
                    [
                        format!(
                            "the counts for `{}` add up to {total}, but there were {} respondents",
                            breakdown.id, survey.respondents
                        ),
                        format!(
                            "`{}` の人数の合計が{total}になっていますが、回答者数は{}人です",
                            breakdown.id, survey.respondents
                        ),
                    ],
                )
                .set_hint(
                    "each breakdown must add up to `respondents`",
                    "内訳ごとの合計が `respondents`（回答者数）と同じになるようにしてください",
                );
            }
        }
    }

    /// The pages `nav` in site.yaml may name: the built-in ones, each structured
    /// page whose content file is there (a file that exists but failed to load has
    /// its own error already; naming its page in nav is not a second mistake), and
    /// the top-level Markdown pages.
    fn top_pages(&self, site: &Site) -> Vec<String> {
        use crate::kinds::{Place, KINDS};
        let written = |content: &str| {
            self.docs
                .keys()
                .chain(self.broken.iter())
                .any(|f| f == content || (content.ends_with('/') && f.starts_with(content)))
        };
        let mut known: Vec<&str> = vec!["home", "print", "search"];
        for (_, kind) in KINDS.iter().filter(|(_, kind)| kind.place == Place::Top) {
            let children_written = KINDS
                .iter()
                .any(|(_, child)| child.place == Place::Under(kind.key) && written(child.content));
            if (kind.present)(site) || written(kind.content) || children_written {
                known.push(kind.key);
            }
        }
        known.extend(
            site.pages
                .iter()
                .filter(|p| p.section.is_none())
                .map(|p| p.key.as_str()),
        );
        // A top-level page whose file failed to load has its own error already.
        known.extend(self.broken.iter().filter_map(|f| {
            let name = f.strip_prefix("content/pages/")?.strip_suffix(".md")?;
            (!name.contains('/')).then(|| name.rsplit_once('.').map_or(name, |(n, _)| n))
        }));
        known.into_iter().map(str::to_string).collect()
    }

    fn nav(&mut self, site: &Site) {
        let known = self.top_pages(site);
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        for (index, entry) in site.config.nav.iter().enumerate() {
            if !known.contains(&entry.as_str()) {
                let (hint, hint_ja) = suggestion(
                    entry,
                    &known,
                    ("the pages that exist", "このサイトにあるページ"),
                );
                self.error(
                    "unknown-page",
                    ("content/site.yaml", &format!("nav[{index}]")),
                    [
                        format!("`{entry}` in nav is not a page of this site"),
                        format!("`nav` の `{entry}` は、このサイトのページではありません"),
                    ],
                )
                .set_hint(hint, hint_ja);
            }
        }
    }
}

/// The English and Japanese hint naming the closest candidate and all of them;
/// `place` is where they are listed in English (`ranks.yaml`), and what they are in
/// Japanese (`ranks.yaml にある職位`).
fn suggestion(word: &str, candidates: &[&str], place: (&str, &str)) -> (String, String) {
    let (place, place_ja) = place;
    let list = candidates.join(", ");
    match closest(word, candidates.iter().copied()) {
        Some(near) => (
            format!("did you mean `{near}`? Known in {place}: {list}"),
            format!("`{near}` の誤りではありませんか？ {place_ja}：{list}"),
        ),
        None => (
            format!("known in {place}: {list}"),
            format!("{place_ja}：{list}"),
        ),
    }
}

/// Sets a pushed finding's hint, in English and in Japanese.
trait SetHint {
    fn set_hint(&mut self, hint: impl Into<String>, hint_ja: impl Into<String>);
}

impl SetHint for Diagnostic {
    fn set_hint(&mut self, hint: impl Into<String>, hint_ja: impl Into<String>) {
        self.hint = Some(hint.into());
        self.hint_ja = Some(hint_ja.into());
    }
}
