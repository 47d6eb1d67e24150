//! What copying leaves behind: two policy areas, mindsets, ranks, pillars or pages
//! with the same number or title (a file copied as a start and not yet changed), and
//! a text whose translation is the same as another's while their sources differ (a
//! copy not yet translated).

use super::translations::TextUnit;
use super::yaml::YamlDoc;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{Site, Text};
use std::collections::BTreeMap;

type Docs = BTreeMap<String, YamlDoc>;

/// One thing that should be told apart from its siblings: where it is, and its
/// number (if it has one) and title in each language.
struct Entry<'a> {
    file: &'a str,
    /// The field path of the entry (`ranks[2]`; empty for a whole file).
    path: String,
    /// The field of its title (`name` or `title`).
    title_field: &'static str,
    number: Option<String>,
    title: &'a Text,
}

/// Errors for two entries of one kind with the same number or the same title.
pub fn duplicates(site: &Site, docs: &Docs, diagnostics: &mut Diagnostics) {
    let areas = site
        .policies
        .iter()
        .map(|a| Entry {
            file: &a.file,
            path: String::new(),
            title_field: "title",
            number: a.number.clone(),
            title: &a.title,
        })
        .collect();
    check(docs, ("policy areas", "方針の分野"), areas, diagnostics);
    if let Some(m) = &site.mindsets {
        let entries = m.mindsets.iter().enumerate().map(|(i, m)| Entry {
            file: "content/mindsets.yaml",
            path: format!("mindsets[{i}]"),
            title_field: "title",
            number: Some(m.number.to_string()),
            title: &m.title,
        });
        check(docs, ("mindsets", "意識"), entries.collect(), diagnostics);
    }
    let ranks = site.rank_list().iter().enumerate().map(|(i, r)| Entry {
        file: "content/ranks.yaml",
        path: format!("ranks[{i}]"),
        title_field: "name",
        number: None,
        title: &r.name,
    });
    check(docs, ("ranks", "職位"), ranks.collect(), diagnostics);
    if let Some(c) = &site.competencies {
        let pillars = c.pillars.iter().enumerate().map(|(i, p)| Entry {
            file: "content/competencies.yaml",
            path: format!("pillars[{i}]"),
            title_field: "name",
            number: None,
            title: &p.name,
        });
        check(docs, ("pillars", "柱"), pillars.collect(), diagnostics);
    }
    pages(site, diagnostics);
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn at(docs: &Docs, file: &str, path: &str) -> Location {
    match docs.get(file) {
        Some(doc) => doc.at(path),
        None => Location::file(file).with_field(path),
    }
}

/// `kind` is the plural in English and the word in Japanese.
fn check(docs: &Docs, kind: (&str, &str), entries: Vec<Entry>, diagnostics: &mut Diagnostics) {
    let (kind, kind_ja) = kind;
    let mut numbers: BTreeMap<&str, &Entry> = BTreeMap::new();
    let mut titles: BTreeMap<(&str, &str), &Entry> = BTreeMap::new();
    for entry in &entries {
        if let Some(number) = &entry.number {
            if let Some(first) = numbers.insert(number, entry) {
                let place = describe(first);
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-number",
                        format!("two {kind} have the number {number} (the other is {place})"),
                        format!("{kind_ja}の番号 {number} が2つあります（もう1つは {place}）"),
                    )
                    .at(at(docs, entry.file, &join(&entry.path, "number")))
                    .hint(
                        "if this was copied from the other, give it its own number",
                        "もう一方からコピーしたのであれば、番号を付け直してください",
                    ),
                );
            }
        }
        for (lang, title) in &entry.title.0 {
            if let Some(first) = titles.insert((lang, title.trim()), entry) {
                let place = describe(first);
                let field = join(&entry.path, &format!("{}.{lang}", entry.title_field));
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-title",
                        format!("two {kind} have the same `{lang}` title \"{title}\" (the other is {place})"),
                        format!("{kind_ja}の `{lang}` の題名「{title}」が2つあります（もう1つは {place}）"),
                    )
                    .at(at(docs, entry.file, &field))
                    .hint(
                        "if this was copied from the other, give it its own title",
                        "もう一方からコピーしたのであれば、題名を書き換えてください",
                    ),
                );
            }
        }
    }
}

fn describe(entry: &Entry) -> String {
    if entry.path.is_empty() {
        entry.file.to_string()
    } else {
        format!("{} {}", entry.file, entry.path)
    }
}

/// Two pages of one section with the same title in one language.
fn pages(site: &Site, diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<(Option<&str>, &str, &str), &str> = BTreeMap::new();
    for page in &site.pages {
        for (lang, text) in &page.translations {
            let key = (
                page.section.as_deref(),
                lang.as_str(),
                text.front.title.trim(),
            );
            if let Some(first) = seen.insert(key, &text.file) {
                let title = &text.front.title;
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-title",
                        format!("this page has the same title \"{title}\" as {first}"),
                        format!("このページの題名「{title}」は {first} と同じです"),
                    )
                    .at(Location::at(text.file.clone(), 2, 1).with_field("title"))
                    .hint(
                        "if this page was copied from the other, give it its own title",
                        "もう一方のページからコピーしたのであれば、題名を書き換えてください",
                    ),
                );
            }
        }
    }
}

/// Warnings for a translation equal to another unit's while their default-language
/// texts differ: most likely copied along with its source and not yet translated.
pub fn untranslated_copies(units: &[TextUnit], languages: &[String], docs: &Docs) -> Diagnostics {
    let mut found = Diagnostics::new();
    let Some((default, others)) = languages.split_first() else {
        return found;
    };
    for lang in others {
        let mut seen: BTreeMap<&str, &TextUnit> = BTreeMap::new();
        for unit in units {
            let (Some(text), Some(source)) = (unit.texts.get(lang), unit.texts.get(default)) else {
                continue;
            };
            let Some(first) = seen.insert(text.trim(), unit) else {
                continue;
            };
            // Short names (`Staff`) may well share a translation; copies are paragraphs.
            if first.texts.get(default) == Some(source) || text.trim().chars().count() < 24 {
                continue;
            }
            found.push(
                Diagnostic::warning(
                    "copied-translation",
                    format!("this `{lang}` text is the same as that of {}#{}, but their `{default}` texts differ: was it copied and not yet translated?", first.file, first.field),
                    format!("この `{lang}` の文章は {}#{} と同じですが、`{default}` の文章は異なります。コピーしたまま翻訳していないのではありませんか", first.file, first.field),
                )
                .at(at(docs, &unit.file, &format!("{}.{lang}", unit.field)))
                .hint(
                    format!("translate this `{default}` text into `{lang}`"),
                    format!("この `{default}` の文章を `{lang}` に訳してください"),
                ),
            );
        }
    }
    found
}
