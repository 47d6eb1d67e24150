//! What a comparison compares: every text of the YAML files (named by the translation
//! lock's unit keys), every number (skill weights, survey figures), the order of each
//! list of items with ids, and each Markdown page as its paragraphs, per language.

use crate::load::yaml::YamlDoc;
use crate::load::Loaded;
use crate::model::PageText;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One comparable item of a YAML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// `content/mindsets.yaml#mindsets[public-service].body`
    pub key: String,
    pub value: ItemValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemValue {
    /// Language -> text.
    Text(BTreeMap<String, String>),
    /// A number, the same in every language.
    Number(String),
    /// The ids of a list's items, in order.
    Order(Vec<String>),
}

/// One language's file of a Markdown page: its text as loaded, shared with the
/// loaded site (a version's pages are not copied to be compared; most are the same).
#[derive(Debug, Clone)]
pub struct PageFile(pub Arc<PageText>);

impl PageFile {
    /// `content/pages/introduction.ja.md`
    pub fn file(&self) -> &str {
        &self.0.file
    }

    pub fn title(&self) -> &str {
        &self.0.front.title
    }

    /// The body's paragraphs ([`paragraphs`]), made when asked for.
    pub fn paragraphs(&self) -> Vec<String> {
        paragraphs(&self.0.body)
    }

    /// Whether the two are the same file with the same text (then nothing changed).
    pub fn is_same(&self, other: &PageFile) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.file == other.0.file && self.0.digest == other.0.digest)
    }
}

/// Everything a version of the site says, ready to compare.
#[derive(Debug, Clone, Default)]
pub struct Items {
    /// In file order, then field order.
    pub yaml: Vec<Item>,
    /// Page key -> language -> the page's file in that language.
    pub pages: BTreeMap<String, BTreeMap<String, PageFile>>,
}

/// Fields that describe the site's history, not the policy: never compared.
fn is_history(key: &str) -> bool {
    key.starts_with("content/site.yaml#history") || key == "content/site.yaml#version"
}

impl Items {
    pub fn of(loaded: &Loaded) -> Items {
        let mut yaml: Vec<Item> = loaded
            .text_units
            .iter()
            .filter(|unit| !is_history(&unit.key))
            .map(|unit| Item {
                key: unit.key.clone(),
                value: ItemValue::Text(unit.texts.clone()),
            })
            .collect();
        for doc in loaded.docs.values() {
            let mut walker = Walker {
                doc,
                languages: loaded.site.config.language_list(),
                out: &mut yaml,
            };
            walker.walk(&doc.value, "");
        }
        yaml.retain(|item| !is_history(&item.key));
        let pages = loaded
            .site
            .pages
            .iter()
            .map(|page| {
                let files = page
                    .translations
                    .iter()
                    .map(|(lang, text)| (lang.clone(), PageFile(Arc::clone(text))))
                    .collect();
                (page.key.clone(), files)
            })
            .collect();
        Items { yaml, pages }
    }
}

/// A Markdown body as paragraphs: blocks separated by blank lines, trimmed.
pub fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current.join("\n"));
    }
    out
}

/// Finds the numbers and the lists of items with ids, keyed like the text units.
struct Walker<'a> {
    doc: &'a YamlDoc,
    languages: Vec<String>,
    out: &'a mut Vec<Item>,
}

impl Walker<'_> {
    fn walk(&mut self, value: &Value, key: &str) {
        match value {
            Value::Number(n) => self.push(key, ItemValue::Number(n.to_string())),
            Value::Mapping(map) if self.is_text(map) => {}
            Value::Mapping(map) => {
                for (name, child) in map {
                    let name = match name {
                        Value::String(s) => s.clone(),
                        other => serde_yaml::to_string(other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    let child_key = if key.is_empty() {
                        name
                    } else {
                        format!("{key}.{name}")
                    };
                    self.walk(child, &child_key);
                }
            }
            Value::Sequence(items) => {
                let ids: Vec<String> = items
                    .iter()
                    .filter_map(|item| match item.get("id") {
                        Some(Value::String(id)) => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                if ids.len() == items.len() && ids.len() > 1 {
                    self.push(key, ItemValue::Order(ids));
                }
                for (index, child) in items.iter().enumerate() {
                    let id = match child.get("id") {
                        Some(Value::String(id)) => id.clone(),
                        _ => index.to_string(),
                    };
                    self.walk(child, &format!("{key}[{id}]"));
                }
            }
            _ => {}
        }
    }

    fn is_text(&self, map: &serde_yaml::Mapping) -> bool {
        map.keys()
            .any(|k| matches!(k, Value::String(s) if self.languages.contains(s)))
    }

    fn push(&mut self, key: &str, value: ItemValue) {
        self.out.push(Item {
            key: format!("{}#{key}", self.doc.file),
            value,
        });
    }
}

/// The page a YAML item is shown on (a route key) and its anchor there, if any.
pub fn page_of(key: &str) -> (String, Option<String>) {
    let (file, field) = key.split_once('#').unwrap_or((key, ""));
    let name = file
        .trim_start_matches("content/")
        .trim_end_matches(".yaml")
        .to_string();
    let first_id = field
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(id, _)| id.to_string())
        .filter(|id| !id.chars().all(|c| c.is_ascii_digit()));
    match name.as_str() {
        "site" => ("home".into(), None),
        "ranks" => match field.starts_with("ranks[") {
            true => (format!("ranks/{}", first_id.unwrap_or_default()), None),
            false => ("skills".into(), None),
        },
        _ if name.starts_with("policies/") => (name, first_id),
        _ => (name, first_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_splits_into_paragraphs_at_blank_lines() {
        let body = "# 見出し\n\n一段落目。\n続き。\n\n\n二段落目。\n";
        assert_eq!(
            paragraphs(body),
            vec!["# 見出し", "一段落目。\n続き。", "二段落目。"]
        );
    }

    #[test]
    fn items_are_shown_on_their_page() {
        assert_eq!(
            page_of("content/mindsets.yaml#mindsets[public-service].body"),
            ("mindsets".into(), Some("public-service".into()))
        );
        assert_eq!(
            page_of("content/ranks.yaml#ranks[kakaricho].weights.human"),
            ("ranks/kakaricho".into(), None)
        );
        assert_eq!(
            page_of("content/policies/growth.yaml#measures[ojt].body"),
            ("policies/growth".into(), Some("ojt".into()))
        );
        assert_eq!(page_of("content/site.yaml#title"), ("home".into(), None));
    }
}
