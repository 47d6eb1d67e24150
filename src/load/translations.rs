//! Translatable text in YAML: finds every `{ ja: …, en: … }` map, reports language
//! codes the site does not have and texts missing in a language, and lists each
//! translatable unit (file + field path) for translation status.

use super::yaml::YamlDoc;
use crate::diagnostics::{closest, Diagnostic, Diagnostics};
use serde_yaml::Value;
use std::collections::BTreeMap;

/// Field names whose value is always translatable text.
const TRANSLATABLE_FIELDS: &[&str] = &[
    "title",
    "name",
    "intro",
    "body",
    "statement",
    "note",
    "notes",
    "description",
    "definition",
    "examples",
    "duties",
    "items",
    "levels",
    "term",
    "label",
    "value",
    "gloss",
    "subtitle",
    "source",
    "lead",
    "outro",
    "organisation",
];

/// One translatable text: a field in a YAML file, in each language it is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextUnit {
    pub file: String,
    /// Where the text is: `mindsets[3].body`.
    pub field: String,
    /// A stable name for it: `content/mindsets.yaml#mindsets[backcasting].body`.
    pub key: String,
    /// Language -> the text as written (a list's items joined by blank lines).
    pub texts: BTreeMap<String, String>,
}

/// Scans one document. `languages` is ordered; the first is the default.
pub fn scan(doc: &YamlDoc, languages: &[String], diagnostics: &mut Diagnostics) -> Vec<TextUnit> {
    let mut scanner = Scanner {
        doc,
        languages,
        diagnostics,
        units: Vec::new(),
    };
    scanner.walk(&doc.value, "", "", None);
    scanner.units
}

struct Scanner<'a> {
    doc: &'a YamlDoc,
    languages: &'a [String],
    diagnostics: &'a mut Diagnostics,
    units: Vec<TextUnit>,
}

impl Scanner<'_> {
    /// `path` locates the text (`mindsets[3].body`); `key` names it stably, with ids
    /// in place of list positions (`mindsets[backcasting].body`), for translation status.
    fn walk(&mut self, value: &Value, path: &str, key: &str, field_name: Option<&str>) {
        match value {
            Value::Mapping(map) if self.is_translatable(map, field_name) => {
                self.check_text(map, path, key)
            }
            Value::Mapping(map) => {
                for (name, child) in map {
                    let name = key_text(name);
                    let join = |parent: &str| {
                        if parent.is_empty() {
                            name.clone()
                        } else {
                            format!("{parent}.{name}")
                        }
                    };
                    self.walk(child, &join(path), &join(key), Some(&name));
                }
            }
            Value::Sequence(items) => {
                for (index, child) in items.iter().enumerate() {
                    // A history entry is named by its version, so a new entry
                    // at the top does not rename the ones below it.
                    let id = match child.get("id").or_else(|| child.get("version")) {
                        Some(Value::String(id)) => id.clone(),
                        _ => index.to_string(),
                    };
                    self.walk(
                        child,
                        &format!("{path}[{index}]"),
                        &format!("{key}[{id}]"),
                        None,
                    );
                }
            }
            _ => {}
        }
    }

    fn is_translatable(&self, map: &serde_yaml::Mapping, field_name: Option<&str>) -> bool {
        field_name.is_some_and(|name| TRANSLATABLE_FIELDS.contains(&name))
            || map.keys().any(|k| self.languages.contains(&key_text(k)))
    }

    /// `code`, written at `field` as a text's language, is not one of the site's.
    fn unknown_language(&self, code: &str, field: &str) -> Diagnostic {
        let languages = self.languages.join(", ");
        let error = Diagnostic::error(
            "unknown-language",
            format!("`{code}` is not one of this site's languages ({languages})"),
            format!("`{code}` はこのサイトの言語（{languages}）ではありません"),
        )
        .at(self.doc.at_key(field));
        match closest(code, self.languages.iter().map(String::as_str)) {
            Some(near) => error.hint(
                format!("did you mean `{near}`?"),
                format!("`{near}` の誤りではありませんか？"),
            ),
            None => error,
        }
    }

    fn check_text(&mut self, map: &serde_yaml::Mapping, path: &str, key: &str) {
        let default = &self.languages[0];
        let mut texts = BTreeMap::new();
        for (key, value) in map {
            let code = key_text(key);
            if self.languages.contains(&code) {
                texts.insert(code, text_of(value));
                continue;
            }
            let error = self.unknown_language(&code, &format!("{path}.{code}"));
            self.diagnostics.push(error);
        }
        if !texts.contains_key(default) {
            self.diagnostics.push(
                Diagnostic::error(
                    "missing-default-language",
                    format!("this text has no `{default}` version; the default language must always be written"),
                    format!("この文章には `{default}` 版がありません。基本の言語の文章は必ず書いてください"),
                )
                .at(self.doc.at(path))
                .hint(
                    format!("add `{default}: …` here"),
                    format!("ここに `{default}: …` を書き足してください"),
                ),
            );
            return;
        }
        for code in &self.languages[1..] {
            if !texts.contains_key(code) {
                self.diagnostics.push(
                    Diagnostic::warning(
                        "missing-translation",
                        format!("not yet translated into `{code}`; the page shows the `{default}` text instead"),
                        format!("まだ `{code}` に翻訳されていません。ページには代わりに `{default}` の文章を表示します"),
                    )
                    .at(self.doc.at(path)),
                );
            }
        }
        self.units.push(TextUnit {
            file: self.doc.file.clone(),
            field: path.to_string(),
            key: format!("{}#{key}", self.doc.file),
            texts,
        });
    }
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "?".to_string(),
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Sequence(items) => items.iter().map(text_of).collect::<Vec<_>>().join("\n\n"),
        Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;

    fn langs() -> Vec<String> {
        vec!["ja".to_string(), "en".to_string()]
    }

    #[test]
    fn a_missing_translation_is_a_warning_and_a_typo_an_error() {
        let doc = parse(
            "m.yaml",
            "title: { ja: 公務意識 }\nitems:\n  - body: { ja: 本文, eng: Text }\n",
            0,
        )
        .expect("valid");
        let mut diagnostics = Diagnostics::new();
        let units = scan(&doc, &langs(), &mut diagnostics);
        assert_eq!(units.len(), 2);
        assert_eq!(units[1].key, "m.yaml#items[0].body");
        let codes: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.field.clone(), d.line))
            .collect();
        assert!(codes.contains(&("missing-translation", Some("title".into()), Some(1))));
        assert!(codes.contains(&(
            "unknown-language",
            Some("items[0].body.eng".into()),
            Some(3)
        )));
        let typo = diagnostics
            .iter()
            .find(|d| d.code == "unknown-language")
            .expect("typo");
        assert_eq!(typo.hint.as_deref(), Some("did you mean `en`?"));
        assert_eq!(
            typo.hint_ja.as_deref(),
            Some("`en` の誤りではありませんか？")
        );
    }

    #[test]
    fn maps_of_ids_are_not_mistaken_for_text() {
        let doc = parse("r.yaml", "weights: { conceptual: 10, human: 90 }\n", 0).expect("valid");
        let mut diagnostics = Diagnostics::new();
        assert!(scan(&doc, &langs(), &mut diagnostics).is_empty());
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn the_default_language_is_required() {
        let doc = parse("r.yaml", "title: { jp: 係長, en: Chief }\n", 0).expect("valid");
        let mut diagnostics = Diagnostics::new();
        scan(&doc, &langs(), &mut diagnostics);
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["unknown-language", "missing-default-language"]);
    }
}
