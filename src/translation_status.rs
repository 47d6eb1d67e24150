//! Translation status: for every translatable unit (a YAML text field, a Markdown
//! page) and every other language, whether its translation is missing, current, or
//! stale (the default-language text changed since a translator confirmed it). The
//! committed lock file `content/translations.lock` records, per language and unit,
//! the default-language text each translation was last checked against.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::yaml::YamlDoc;
use crate::load::Loaded;
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::model::TranslationLock;

/// One unit that can be translated, in the languages it is written in.
#[derive(Debug, Clone)]
pub struct TranslationUnit {
    /// `content/mindsets.yaml#mindsets[backcasting].body`, `content/pages/introduction.md`
    pub key: String,
    /// Language -> the text (for pages: title and body).
    pub texts: BTreeMap<String, String>,
    /// Where each language's text is written, for messages.
    pub places: BTreeMap<String, Location>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Missing,
    Stale,
    Unconfirmed,
    Current,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitStatus {
    pub unit: String,
    pub language: String,
    pub state: State,
    /// For stale units: what changed in the source, as `…before[old→new]after…`.
    pub change: Option<String>,
    #[serde(skip)]
    pub place: Location,
}

/// Every unit of the site: YAML texts and Markdown pages.
pub fn units(loaded: &Loaded) -> Vec<TranslationUnit> {
    let mut units: Vec<TranslationUnit> = loaded
        .text_units
        .iter()
        .map(|unit| TranslationUnit {
            key: unit.key.clone(),
            texts: unit.texts.clone(),
            places: unit
                .texts
                .keys()
                .map(|lang| {
                    (
                        lang.clone(),
                        yaml_place(&loaded.docs, &unit.file, &format!("{}.{lang}", unit.field)),
                    )
                })
                .collect(),
        })
        .collect();
    for page in &loaded.site.pages {
        let key = format!(
            "content/pages/{}{}.md",
            page.key,
            if page.is_section { "/_index" } else { "" }
        );
        units.push(TranslationUnit {
            key,
            texts: page
                .translations
                .iter()
                .map(|(lang, t)| (lang.clone(), format!("{}\n\n{}", t.front.title, t.body)))
                .collect(),
            places: page
                .translations
                .iter()
                .map(|(lang, t)| (lang.clone(), Location::at(t.file.clone(), 1, 1)))
                .collect(),
        });
    }
    units.sort_by(|a, b| a.key.cmp(&b.key));
    units
}

fn yaml_place(docs: &BTreeMap<String, YamlDoc>, file: &str, field: &str) -> Location {
    docs.get(file).map_or_else(
        || Location::file(file).with_field(field),
        |doc| doc.at(field),
    )
}

/// The translations readers should be told may be out of date.
pub fn stale_texts(loaded: &Loaded) -> crate::model::StaleTexts {
    let mut stale = crate::model::StaleTexts::default();
    let languages = loaded.site.config.language_list();
    let units = units(loaded);
    let statuses = statuses(&units, &loaded.lock, &languages);
    for (unit, status) in statuses
        .iter()
        .filter(|s| s.state == State::Stale)
        .filter_map(|s| Some((units.iter().find(|u| u.key == s.unit)?, s)))
    {
        let lang = &status.language;
        if unit.key.starts_with("content/pages/") {
            if let Some(place) = unit.places.get(lang) {
                stale.files.insert(place.file.clone());
            }
        } else if let Some(text) = unit.texts.get(lang) {
            stale.texts.insert((lang.clone(), text.clone()));
        }
    }
    stale
}

/// The state of every unit in every language other than the default.
pub fn statuses(
    units: &[TranslationUnit],
    lock: &TranslationLock,
    languages: &[String],
) -> Vec<UnitStatus> {
    let Some((default, others)) = languages.split_first() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for unit in units {
        let Some(source) = unit.texts.get(default) else {
            continue;
        };
        for lang in others {
            let confirmed = lock.get(lang).and_then(|l| l.get(&unit.key));
            let (state, change) = match (unit.texts.contains_key(lang), confirmed) {
                (false, _) => (State::Missing, None),
                (true, None) => (State::Unconfirmed, None),
                (true, Some(old)) if old == source => (State::Current, None),
                (true, Some(old)) => (State::Stale, Some(describe_change(old, source))),
            };
            let place = unit
                .places
                .get(lang)
                .or_else(|| unit.places.get(default))
                .cloned()
                .unwrap_or_default();
            found.push(UnitStatus {
                unit: unit.key.clone(),
                language: lang.clone(),
                state,
                change,
                place,
            });
        }
    }
    found
}

/// Findings for `check`: stale translations (warnings; errors with `--strict`) and
/// translations never confirmed (warnings). Missing ones are reported by the loader.
pub fn diagnostics(statuses: &[UnitStatus]) -> Diagnostics {
    statuses.iter().filter_map(diagnostic).collect()
}

fn diagnostic(s: &UnitStatus) -> Option<Diagnostic> {
    let (lang, unit) = (&s.language, &s.unit);
    let finding = match s.state {
        State::Stale => {
            let change = s.change.as_deref().unwrap_or("");
            Diagnostic::warning(
                "stale-translation",
                format!("the `{lang}` translation of `{unit}` was confirmed against an older text, which has changed: {change}"),
                format!("`{unit}` の `{lang}` 訳は、確認したあとで原文が変わっています：{change}"),
            )
            .hint(
                format!("update the `{lang}` text, then run: policy-site translations --confirm '{unit}'"),
                format!("`{lang}` の文を直してから、policy-site translations --confirm '{unit}' を実行してください"),
            )
        }
        State::Unconfirmed => Diagnostic::warning(
            "unconfirmed-translation",
            format!("the `{lang}` translation of `{unit}` has not been confirmed yet"),
            format!("`{unit}` の `{lang}` 訳はまだ確認済みになっていません"),
        )
        .hint(
            format!("once it is checked, run: policy-site translations --confirm '{unit}'"),
            format!(
                "内容を確かめたら、policy-site translations --confirm '{unit}' を実行してください"
            ),
        ),
        State::Missing | State::Current => return None,
    };
    Some(finding.at(s.place.clone()))
}

/// Which translations `confirm` records: those of the units named in `keys`, or, if
/// `all`, every unit's.
#[derive(Debug, Clone, Copy)]
pub struct Confirming<'a> {
    pub keys: &'a [String],
    pub all: bool,
}

/// The lock after confirming `which` translations, and the keys that name no unit:
/// each confirmed translation is recorded against today's default-language text.
pub fn confirm(
    lock: &TranslationLock,
    units: &[TranslationUnit],
    languages: &[String],
    which: Confirming<'_>,
) -> (TranslationLock, Vec<String>) {
    let Confirming { keys, all } = which;
    let mut lock = lock.clone();
    let mut unknown = Vec::new();
    let Some((default, others)) = languages.split_first() else {
        return (lock, unknown);
    };
    for key in keys {
        if !units.iter().any(|u| &u.key == key) {
            unknown.push(key.clone());
        }
    }
    for unit in units.iter().filter(|u| all || keys.contains(&u.key)) {
        let Some(source) = unit.texts.get(default) else {
            continue;
        };
        for lang in others.iter().filter(|l| unit.texts.contains_key(*l)) {
            lock.entry(lang.clone())
                .or_default()
                .insert(unit.key.clone(), source.clone());
        }
    }
    // Forget units that no longer exist.
    for entries in lock.values_mut() {
        entries.retain(|key, _| units.iter().any(|u| &u.key == key));
    }
    (lock, unknown)
}

/// The lock file's text (stable order, so it diffs well in review).
pub fn lock_text(lock: &TranslationLock) -> String {
    let header = "# Translation lock, written by `policy-site translations --confirm`.\n\
                  # For each language and translatable text: the default-language text the\n\
                  # translation was last checked against. A change to that text marks the\n\
                  # translation stale until it is confirmed again. Do not edit by hand.\n";
    let body = serde_yaml::to_string(lock).unwrap_or_default();
    format!("{header}{body}")
}

/// `…前の文脈[古い→新しい]後の文脈…`: the changed middle of two texts with some context.
pub fn describe_change(old: &str, new: &str) -> String {
    let (a, b): (Vec<char>, Vec<char>) = (old.chars().collect(), new.chars().collect());
    let ops = crate::diff::ops(&a, &b);
    let changed = |op: &&similar::DiffOp| !matches!(op, similar::DiffOp::Equal { .. });
    // Before the first change and after the last, both texts are the same.
    let prefix = ops
        .iter()
        .find(changed)
        .map_or(a.len(), |op| op.old_range().start);
    let suffix = ops
        .iter()
        .rev()
        .find(changed)
        .map_or(0, |op| a.len() - op.old_range().end);
    let context = 12;
    let before: String = a[prefix.saturating_sub(context)..prefix].iter().collect();
    let after: String = a[a.len() - suffix..(a.len() - suffix + suffix.min(context))]
        .iter()
        .collect();
    let removed: String = a[prefix..a.len() - suffix].iter().collect();
    let added: String = b[prefix.min(b.len())..b.len() - suffix.min(b.len())]
        .iter()
        .collect();
    let lead = if prefix > context { "…" } else { "" };
    let tail = if suffix > context { "…" } else { "" };
    format!(
        "{lead}{before}[{}→{}]{after}{tail}",
        shortened(&removed.replace('\n', "⏎")),
        shortened(&added.replace('\n', "⏎"))
    )
}

/// A changed part of at most about 80 characters: longer ones keep their start and
/// end around an ellipsis, so a finding stays one readable line whatever the edit.
fn shortened(text: &str) -> String {
    const KEEP: usize = 40;
    let count = text.chars().count();
    if count <= 2 * KEEP {
        return text.to_string();
    }
    let start: String = text.chars().take(KEEP).collect();
    let end: String = text.chars().skip(count - KEEP).collect();
    format!("{start}…{end}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(key: &str, ja: &str, en: Option<&str>) -> TranslationUnit {
        let mut texts = BTreeMap::from([("ja".to_string(), ja.to_string())]);
        if let Some(en) = en {
            texts.insert("en".into(), en.into());
        }
        TranslationUnit {
            key: key.into(),
            texts,
            places: BTreeMap::new(),
        }
    }

    fn langs() -> Vec<String> {
        vec!["ja".into(), "en".into()]
    }

    #[test]
    fn a_changed_source_makes_its_translation_stale_until_confirmed() {
        let before = [unit("a", "職員の育成に取り組む", Some("We develop staff"))];
        let (lock, unknown) = confirm(
            &TranslationLock::new(),
            &before,
            &langs(),
            Confirming {
                keys: &[],
                all: true,
            },
        );
        assert!(unknown.is_empty());
        assert_eq!(statuses(&before, &lock, &langs())[0].state, State::Current);

        let after = [unit("a", "職員の成長に取り組む", Some("We develop staff"))];
        let status = &statuses(&after, &lock, &langs())[0];
        assert_eq!(status.state, State::Stale);
        assert_eq!(
            status.change.as_deref(),
            Some("職員の[育成→成長]に取り組む")
        );

        let (lock, _) = confirm(
            &lock,
            &after,
            &langs(),
            Confirming {
                keys: &["a".to_string()],
                all: false,
            },
        );
        assert_eq!(statuses(&after, &lock, &langs())[0].state, State::Current);
    }

    #[test]
    fn missing_and_unconfirmed_translations_are_told_apart() {
        let units = [unit("a", "本文", None), unit("b", "本文", Some("Text"))];
        let states: Vec<State> = statuses(&units, &TranslationLock::new(), &langs())
            .iter()
            .map(|s| s.state)
            .collect();
        assert_eq!(states, [State::Missing, State::Unconfirmed]);
    }

    #[test]
    fn confirming_an_unknown_unit_is_reported_and_old_units_are_forgotten() {
        let lock = TranslationLock::from([(
            "en".to_string(),
            BTreeMap::from([("gone".to_string(), "x".to_string())]),
        )]);
        let units = [unit("a", "本文", Some("Text"))];
        let (lock, unknown) = confirm(
            &lock,
            &units,
            &langs(),
            Confirming {
                keys: &["typo".to_string()],
                all: false,
            },
        );
        assert_eq!(unknown, ["typo"]);
        assert!(!lock["en"].contains_key("gone"));
    }

    #[test]
    fn a_long_change_is_cut_with_an_ellipsis() {
        let old = "前".repeat(10) + &"x".repeat(3_000_000);
        let new = "前".repeat(10) + "y";
        let change = describe_change(&old, &new);
        assert!(change.chars().count() < 120, "{}", change.len());
        assert!(change.contains("x…x"), "{change}");
        assert!(change.ends_with("→y]"), "{change}");
    }

    #[test]
    fn changes_are_shown_with_context() {
        assert_eq!(describe_change("abc", "abXc"), "ab[→X]c");
        assert_eq!(
            describe_change(
                "0123456789abcdefghij-OLD-klmnopqrstuvwxyz",
                "0123456789abcdefghij-NEW-klmnopqrstuvwxyz"
            ),
            "…9abcdefghij-[OLD→NEW]-klmnopqrstu…"
        );
    }
}
