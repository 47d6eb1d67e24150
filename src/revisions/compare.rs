//! The comparison of two versions (新旧対照表): one row per changed item, grouped by
//! the page it is shown on; Markdown pages paragraph by paragraph first; within a
//! changed text, the changed characters (Japanese) or words (English), found with
//! the `similar` crate (bounded, see [`crate::diff`]).

use super::items::{page_of, Item, ItemValue, Items, PageFile};
use serde::Serialize;
use similar::DiffOp;
use std::collections::{BTreeMap, HashMap};

/// What happened to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// What kind of item a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    Text,
    Number,
    Order,
    Paragraph,
}

/// One changed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The unit key: `content/mindsets.yaml#mindsets[public-service].body`.
    pub key: String,
    /// The page it is shown on (a route key), and its anchor there.
    pub page: String,
    pub anchor: Option<String>,
    pub change: Change,
    pub kind: RowKind,
    /// The languages whose text changed (every language for numbers and order).
    pub languages: Vec<String>,
    /// Language -> text before / after (absent when the item did not exist).
    pub old: BTreeMap<String, String>,
    pub new: BTreeMap<String, String>,
}

/// Every changed item between two versions, in page order then item order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub rows: Vec<Row>,
}

impl Comparison {
    pub fn between(old: &Items, new: &Items, languages: &[String]) -> Comparison {
        let mut rows = yaml_rows(&old.yaml, &new.yaml, languages);
        rows.extend(page_rows(old, new));
        // Stable: within a page, items keep their order.
        rows.sort_by(|a, b| a.page.cmp(&b.page));
        Comparison { rows }
    }

    /// How many items changed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The pages with a change in `lang`, each with its rows, in first-seen order.
    pub fn groups(&self, lang: &str) -> Vec<(&str, Vec<&Row>)> {
        let mut groups: Vec<(&str, Vec<&Row>)> = Vec::new();
        for row in self
            .rows
            .iter()
            .filter(|r| r.languages.iter().any(|l| l == lang))
        {
            match groups.last_mut() {
                Some((page, rows)) if *page == row.page => rows.push(row),
                _ => groups.push((&row.page, vec![row])),
            }
        }
        groups
    }
}

fn every_language(text: &str, languages: &[String]) -> BTreeMap<String, String> {
    languages
        .iter()
        .map(|l| (l.clone(), text.to_string()))
        .collect()
}

/// The item's text in each language (numbers and order are the same in each).
fn texts(value: &ItemValue, languages: &[String]) -> BTreeMap<String, String> {
    match value {
        ItemValue::Text(texts) => texts.clone(),
        ItemValue::Number(n) => every_language(n, languages),
        ItemValue::Order(ids) => every_language(&ids.join(", "), languages),
    }
}

fn kind_of(value: &ItemValue) -> RowKind {
    match value {
        ItemValue::Text(_) => RowKind::Text,
        ItemValue::Number(_) => RowKind::Number,
        ItemValue::Order(_) => RowKind::Order,
    }
}

fn yaml_rows(old: &[Item], new: &[Item], languages: &[String]) -> Vec<Row> {
    let before: HashMap<&str, &Item> = old.iter().map(|i| (i.key.as_str(), i)).collect();
    let after: HashMap<&str, &Item> = new.iter().map(|i| (i.key.as_str(), i)).collect();
    let mut rows = Vec::new();
    for item in new {
        let row = match before.get(item.key.as_str()) {
            None => row(
                item,
                Change::Added,
                BTreeMap::new(),
                texts(&item.value, languages),
            ),
            Some(was) => {
                let (mut old_value, mut new_value) = (was.value.clone(), item.value.clone());
                if let (ItemValue::Order(a), ItemValue::Order(b)) = (&was.value, &item.value) {
                    // Only a change of order among the items in both counts.
                    old_value =
                        ItemValue::Order(a.iter().filter(|i| b.contains(i)).cloned().collect());
                    new_value =
                        ItemValue::Order(b.iter().filter(|i| a.contains(i)).cloned().collect());
                }
                if old_value == new_value {
                    continue;
                }
                let (o, n) = (texts(&old_value, languages), texts(&new_value, languages));
                row(item, Change::Changed, o, n)
            }
        };
        rows.push(row);
    }
    for item in old.iter().filter(|i| !after.contains_key(i.key.as_str())) {
        rows.push(row(
            item,
            Change::Removed,
            texts(&item.value, languages),
            BTreeMap::new(),
        ));
    }
    rows
}

fn row(
    item: &Item,
    change: Change,
    old: BTreeMap<String, String>,
    new: BTreeMap<String, String>,
) -> Row {
    let (page, anchor) = page_of(&item.key);
    let mut languages: Vec<String> = old.keys().chain(new.keys()).cloned().collect();
    languages.sort();
    languages.dedup();
    languages.retain(|l| old.get(l) != new.get(l));
    Row {
        key: item.key.clone(),
        page,
        anchor,
        change,
        kind: kind_of(&item.value),
        languages,
        old,
        new,
    }
}

/// Each Markdown page, in each language: its title, then its paragraphs aligned
/// (a paragraph inserted in the middle is one added row, not every later one changed).
fn page_rows(old: &Items, new: &Items) -> Vec<Row> {
    let mut keys: Vec<&String> = old.pages.keys().chain(new.pages.keys()).collect();
    keys.sort();
    keys.dedup();
    let empty = BTreeMap::new();
    let mut rows = Vec::new();
    for key in keys {
        let (before, after) = (
            old.pages.get(key).unwrap_or(&empty),
            new.pages.get(key).unwrap_or(&empty),
        );
        let mut languages: Vec<&String> = before.keys().chain(after.keys()).collect();
        languages.sort();
        languages.dedup();
        for lang in languages {
            let page = PageDiff { key, lang };
            page.rows(before.get(lang), after.get(lang), &mut rows);
        }
    }
    rows
}

/// The paragraph at `i`, if there is one.
fn text(paragraphs: &[String], i: usize) -> Option<&str> {
    paragraphs.get(i).map(String::as_str)
}

struct PageDiff<'a> {
    key: &'a str,
    lang: &'a str,
}

impl PageDiff<'_> {
    fn rows(&self, old: Option<&PageFile>, new: Option<&PageFile>, out: &mut Vec<Row>) {
        if let (Some(old), Some(new)) = (old, new) {
            if old.is_same(new) {
                return; // most pages, in a revision of a large site
            }
        }
        let a = old.map_or_else(Vec::new, PageFile::paragraphs);
        let b = new.map_or_else(Vec::new, PageFile::paragraphs);
        let file = new.or(old).map_or("", PageFile::file);
        let (old_title, new_title) = (old.map(PageFile::title), new.map(PageFile::title));
        if old_title != new_title {
            out.push(self.row(format!("{file}#title"), old_title, new_title));
        }
        for op in crate::diff::ops(&a, &b) {
            let (o, n) = (op.old_range(), op.new_range());
            let paired = o.len().min(n.len());
            if matches!(op, DiffOp::Equal { .. }) {
                continue;
            }
            for i in 0..paired {
                let key = format!("{file}#paragraph[{}]", n.start + i + 1);
                out.push(self.row(key, text(&a, o.start + i), text(&b, n.start + i)));
            }
            for i in o.start + paired..o.end {
                let key = format!("{file}#paragraph[{}]", i + 1);
                out.push(self.row(key, text(&a, i), None));
            }
            for i in n.start + paired..n.end {
                let key = format!("{file}#paragraph[{}]", i + 1);
                out.push(self.row(key, None, text(&b, i)));
            }
        }
    }

    fn row(&self, key: String, old: Option<&str>, new: Option<&str>) -> Row {
        let change = match (old, new) {
            (None, _) => Change::Added,
            (_, None) => Change::Removed,
            _ => Change::Changed,
        };
        let one = |text: Option<&str>| -> BTreeMap<String, String> {
            text.map(|t| (self.lang.to_string(), t.to_string()))
                .into_iter()
                .collect()
        };
        Row {
            key,
            page: self.key.to_string(),
            anchor: None,
            change,
            kind: RowKind::Paragraph,
            languages: vec![self.lang.to_string()],
            old: one(old),
            new: one(new),
        }
    }
}

/// A run of text, changed or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    pub changed: bool,
}

/// Splits `text` into the units a change is marked in: characters for Japanese
/// (and other languages written without spaces), words and the spaces between
/// them otherwise.
pub fn tokens<'t>(text: &'t str, lang: &str) -> Vec<&'t str> {
    if matches!(lang, "ja" | "zh" | "ko") {
        return text
            .char_indices()
            .map(|(i, c)| &text[i..i + c.len_utf8()])
            .collect();
    }
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || matches!(c, '\'' | '’' | '-') {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(&text[start..i]);
        }
        out.push(&text[i..i + c.len_utf8()]);
    }
    if let Some(start) = word {
        out.push(&text[start..]);
    }
    out
}

/// The old and new text as runs, the changed ones marked.
pub fn inline(old: &str, new: &str, lang: &str) -> (Vec<Segment>, Vec<Segment>) {
    let (a, b) = (tokens(old, lang), tokens(new, lang));
    let mut before = Runs::default();
    let mut after = Runs::default();
    for op in crate::diff::ops(&a, &b) {
        let changed = !matches!(op, DiffOp::Equal { .. });
        for token in &a[op.old_range()] {
            before.push(token, changed);
        }
        for token in &b[op.new_range()] {
            after.push(token, changed);
        }
    }
    (before.0, after.0)
}

/// A row's old and new text in `lang`, the changed runs marked: a number or an
/// order is marked whole, a text by characters or words.
pub fn row_segments(row: &Row, lang: &str) -> (Vec<Segment>, Vec<Segment>) {
    let old = row.old.get(lang).map_or("", String::as_str);
    let new = row.new.get(lang).map_or("", String::as_str);
    match row.kind {
        RowKind::Number | RowKind::Order => {
            let whole = |text: &str| -> Vec<Segment> {
                (!text.is_empty())
                    .then(|| Segment {
                        text: text.to_string(),
                        changed: true,
                    })
                    .into_iter()
                    .collect()
            };
            (whole(old), whole(new))
        }
        RowKind::Text | RowKind::Paragraph => inline(old, new, lang),
    }
}

#[derive(Default)]
struct Runs(Vec<Segment>);

impl Runs {
    fn push(&mut self, text: &str, changed: bool) {
        match self.0.last_mut() {
            Some(last) if last.changed == changed => last.text.push_str(text),
            _ => self.0.push(Segment {
                text: text.to_string(),
                changed,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s.changed {
                true => format!("[{}]", s.text),
                false => s.text.clone(),
            })
            .collect()
    }

    #[test]
    fn japanese_is_compared_by_characters() {
        let (old, new) = inline("高い倫理観を持ち", "高い倫理観と責任感を持ち", "ja");
        assert_eq!(marked(&old), "高い倫理観を持ち");
        assert_eq!(marked(&new), "高い倫理観[と責任感]を持ち");
    }

    #[test]
    fn english_is_compared_by_words() {
        let (old, new) = inline(
            "staff act with integrity",
            "staff act with great integrity",
            "en",
        );
        assert_eq!(marked(&old), "staff act with integrity");
        assert!(marked(&new).contains("great]") || marked(&new).contains("[great"));
        assert!(!marked(&new).contains("integrity]"));
        let (old, new) = inline("the cat sat", "the dog sat", "en");
        assert_eq!(
            (marked(&old), marked(&new)),
            ("the [cat] sat".into(), "the [dog] sat".into())
        );
    }

    #[test]
    fn a_paragraph_inserted_in_the_middle_is_one_added_row() {
        let page = |paragraphs: &[&str]| {
            let file = "content/pages/intro.ja.md";
            let text = format!("---\ntitle: はじめに\n---\n\n{}\n", paragraphs.join("\n\n"));
            let text = crate::load::parse_page(file, &text).expect("a page");
            Items {
                yaml: Vec::new(),
                pages: BTreeMap::from([(
                    "intro".to_string(),
                    BTreeMap::from([("ja".to_string(), PageFile(std::sync::Arc::new(text)))]),
                )]),
            }
        };
        let comparison = Comparison::between(
            &page(&["一", "二", "三"]),
            &page(&["一", "新しい段落", "二", "三"]),
            &["ja".to_string()],
        );
        assert_eq!(comparison.len(), 1);
        let row = &comparison.rows[0];
        assert_eq!(row.change, Change::Added);
        assert_eq!(row.key, "content/pages/intro.ja.md#paragraph[2]");
    }
}
