//! YAML files: parse with located syntax errors, index every field path to its line
//! and column, and deserialise into typed structs with errors in plain words.

use super::yaml_mistakes;
use crate::diagnostics::{closest, Diagnostic, Diagnostics, Location};
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A parsed YAML file: its tree, and where each field path sits in the text.
#[derive(Debug, Clone)]
pub struct YamlDoc {
    pub file: String,
    pub value: Value,
    pub spans: Spans,
    /// Lines (as reported, offset included) where `key: #…` made the value a comment.
    pub comment_values: Vec<usize>,
}

/// Field path (`ranks[3].weights.human`) -> (line, column), both 1-based.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    values: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
    /// Added to every line: for front matter that starts below line 1.
    line_offset: usize,
}

impl Spans {
    /// The position of the value at `path`, or of its nearest ancestor that is known.
    pub fn locate(&self, path: &str) -> (usize, usize) {
        self.find(path, &self.values)
    }

    /// The position of the key that names `path` (for "unknown field" errors).
    pub fn locate_key(&self, path: &str) -> (usize, usize) {
        self.find(path, &self.keys)
    }

    fn find(&self, path: &str, primary: &HashMap<String, (usize, usize)>) -> (usize, usize) {
        let mut current = path;
        loop {
            if let Some(&(line, column)) = primary.get(current).or_else(|| self.values.get(current))
            {
                return (line + self.line_offset, column);
            }
            match parent_path(current) {
                Some(parent) => current = parent,
                None => return (1 + self.line_offset, 1),
            }
        }
    }
}

fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

impl YamlDoc {
    /// The location of the value at a field path.
    pub fn at(&self, path: &str) -> Location {
        let (line, column) = self.spans.locate(path);
        Location::at(self.file.clone(), line, column).with_field(path)
    }

    /// The location of the key that names a field path.
    pub fn at_key(&self, path: &str) -> Location {
        let (line, column) = self.spans.locate_key(path);
        Location::at(self.file.clone(), line, column).with_field(path)
    }
}

/// Parses YAML text. `line_offset` shifts reported lines (front matter).
pub fn parse(file: &str, text: &str, line_offset: usize) -> Result<YamlDoc, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("empty-file", "the file is empty", "ファイルが空です")
            .at(Location::at(file, 1 + line_offset, 1))
            .hint(
                "write the fields this file needs; see docs/content-format.md",
                "このファイルに必要な項目を書いてください。書き方は docs/content-format.md にあります",
            ));
    }
    let value: Value = serde_yaml::from_str(text)
        .map_err(|error| yaml_mistakes::explain(file, text, line_offset, &error))?;
    if let Some(mistake) = yaml_mistakes::typing_mistake(file, text, line_offset) {
        return Err(mistake);
    }
    let mut spans = index_spans(text);
    spans.line_offset = line_offset;
    Ok(YamlDoc {
        file: file.to_string(),
        value,
        spans,
        comment_values: yaml_mistakes::comment_values(text, line_offset),
    })
}

/// Deserialises a parsed document into `T`, reporting the first mismatch with its
/// field path and position.
pub fn typed<T: DeserializeOwned>(doc: &YamlDoc) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize(doc.value.clone()).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        describe_serde_error(doc, &path, &error.inner().to_string())
    })
}

/// Rewords serde's messages ("invalid type: string \"x\", expected u32") for editors.
fn describe_serde_error(doc: &YamlDoc, path: &str, raw: &str) -> Diagnostic {
    let raw = raw.split(" at line ").next().unwrap_or(raw);
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        return unknown_field(doc, path, rest);
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        return missing_field(doc, path, rest.trim_end_matches('`'));
    }
    if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
    {
        return wrong_type(doc, path, rest);
    }
    Diagnostic::error("invalid-value", raw.to_string(), invalid_value_ja(raw)).at(doc.at(path))
}

/// A key serde does not know at `path`; `rest` is serde's message after
/// "unknown field `": the name, then the allowed names.
fn unknown_field(doc: &YamlDoc, path: &str, rest: &str) -> Diagnostic {
    let (name, allowed) = rest.split_once('`').unwrap_or((rest, ""));
    let allowed: Vec<&str> = allowed.split('`').skip(1).step_by(2).collect();
    // The path already ends with the unknown key.
    let field_path = if path == name || path.ends_with(&format!(".{name}")) {
        path.to_string()
    } else {
        join_path(path, name)
    };
    let (mut hint, mut hint_ja) = match closest(name, allowed.iter().copied()) {
        Some(near) => (
            format!("did you mean `{near}`? "),
            format!("`{near}` の誤りではありませんか？ "),
        ),
        None => (String::new(), String::new()),
    };
    hint.push_str(&format!("Fields allowed here: {}", allowed.join(", ")));
    hint_ja.push_str(&format!("ここで使える項目：{}", allowed.join(", ")));
    Diagnostic::error(
        "unknown-field",
        format!("`{name}` is not a field that can be used here"),
        format!("`{name}` はここでは使えない項目です"),
    )
    .at(doc.at_key(&field_path))
    .hint(hint, hint_ja)
}

/// The required field `name` is not written at `path`.
fn missing_field(doc: &YamlDoc, path: &str, name: &str) -> Diagnostic {
    Diagnostic::error(
        "missing-field",
        format!("the required field `{name}` is missing"),
        format!("必須の項目 `{name}` がありません"),
    )
    .at(doc.at(path))
    .hint(
        format!("add `{name}:` here; see docs/content-format.md"),
        format!(
            "ここに `{name}:` を書き足してください。書き方は docs/content-format.md にあります"
        ),
    )
}

/// A value of the wrong kind at `path`; `rest` is serde's "FOUND, expected EXPECTED".
fn wrong_type(doc: &YamlDoc, path: &str, rest: &str) -> Diagnostic {
    let (found, expected) = rest
        .split_once(", expected ")
        .unwrap_or((rest, "something else"));
    if let Some(out_of_range) = number_out_of_range(doc, path, found, expected) {
        return out_of_range;
    }
    let key = doc.at_key(path);
    if found == "unit value" && key.line.is_some_and(|l| doc.comment_values.contains(&l)) {
        return Diagnostic::error(
            "wrong-type",
            "the text starts with `#`, which starts a comment in YAML, so nothing is written here",
            "文字列が「#」で始まっているため、YAMLではコメントとみなされ、値が空になっています",
        )
        .at(key)
        .hint(
            "put the whole text in double quotes, e.g. `ja: \"#1 の目標\"`",
            "文字列全体を半角の引用符（\"）で囲んでください（例：`ja: \"#1 の目標\"`）",
        );
    }
    Diagnostic::error(
        "wrong-type",
        format!(
            "expected {}, but found {}",
            plain_expected(expected),
            plain_found(found)
        ),
        format!(
            "ここには{}を書いてください（書かれているのは{}です）",
            plain_expected_ja(expected),
            spaced(&plain_found_ja(found))
        ),
    )
    .at(doc.at(path))
}

/// A whole number where one is expected, but negative or too large for the field.
fn number_out_of_range(
    doc: &YamlDoc,
    path: &str,
    found: &str,
    expected: &str,
) -> Option<Diagnostic> {
    let number = found.strip_prefix("integer `")?.strip_suffix('`')?;
    let unsigned = matches!(expected, "u8" | "u16" | "u32" | "u64" | "usize");
    if !unsigned && !matches!(expected, "i8" | "i16" | "i32" | "i64" | "isize") {
        return None;
    }
    let diagnostic = if number.starts_with('-') && unsigned {
        Diagnostic::error(
            "out-of-range",
            format!("{number} is negative; write a whole number of 0 or more"),
            format!("{number} はマイナスの数です。0 以上の整数を書いてください"),
        )
    } else {
        yaml_mistakes::too_large(number)
    };
    let diagnostic = diagnostic.at(doc.at(path));
    Some(if path.contains("weights") {
        diagnostic.hint(
            "a weight is a percentage: a whole number from 0 to 100",
            "割合はパーセントです。0 から 100 までの整数を書いてください",
        )
    } else {
        diagnostic
    })
}

/// Serde's other messages (and the model's own), said in Japanese.
fn invalid_value_ja(raw: &str) -> String {
    if raw.starts_with("expected text in each language") {
        return "ここには言語ごとの文字列（`{ ja: …, en: … }` のような形）を書きますが、中身が空です"
            .to_string();
    }
    if raw.starts_with("expected a date") {
        return "ここには 2025-03-01 のような日付を書いてください".to_string();
    }
    if let Some(rest) = raw.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("項目 `{name}` が2回書かれています。1つにまとめてください");
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (name, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = allowed.split('`').skip(1).step_by(2).collect();
        return format!(
            "`{name}` はここでは使えない値です（使える値：{}）",
            allowed.join(", ")
        );
    }
    if raw.starts_with("invalid length") {
        return format!("リストの要素の数が合っていません（{raw}）");
    }
    format!("この値は使えません（{raw}）")
}

fn join_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn plain_expected(expected: &str) -> String {
    match expected {
        "u32" | "u64" | "i64" | "i32" | "usize" => "a whole number".to_string(),
        "a string" => "text".to_string(),
        "a boolean" => "true or false".to_string(),
        "a sequence" => "a list (lines starting with `- `)".to_string(),
        e if e.starts_with("struct ") || e == "a map" => {
            "a group of fields (`key: value` lines)".to_string()
        }
        e => e.to_string(),
    }
}

/// `text`, with a space after it when it ends in a Latin character (`"ten" です`).
fn spaced(text: &str) -> String {
    if text.chars().last().is_some_and(|c| c.is_ascii()) {
        format!("{text} ")
    } else {
        text.to_string()
    }
}

/// [`plain_expected`] in Japanese.
fn plain_expected_ja(expected: &str) -> String {
    match expected {
        "u32" | "u64" | "i64" | "i32" | "usize" => "整数".to_string(),
        "a string" => "文字列".to_string(),
        "a boolean" => "true か false".to_string(),
        "a sequence" => "リスト（`- ` で始まる行）".to_string(),
        e if e.starts_with("struct ") || e == "a map" => {
            "項目のまとまり（`キー: 値` の行）".to_string()
        }
        "something else" => "別の種類の値".to_string(),
        e => format!("別の種類の値（{e}）"),
    }
}

/// [`plain_found`] in Japanese.
fn plain_found_ja(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("文字列 {text}");
    }
    if let Some(number) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        return format!("数値 {}", number.trim_matches('`'));
    }
    match found {
        "map" => "項目のまとまり".to_string(),
        "sequence" => "リスト".to_string(),
        "unit value" => "空の値".to_string(),
        f if f.starts_with("boolean") => format!(
            "true/false（{}）",
            f.trim_start_matches("boolean ").trim_matches('`')
        ),
        f => format!("別の種類の値（{f}）"),
    }
}

fn plain_found(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return format!("the text {text}");
    }
    if let Some(number) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        return format!("the number {}", number.trim_matches('`'));
    }
    match found {
        "map" => "a group of fields".to_string(),
        "sequence" => "a list".to_string(),
        "unit value" => "nothing (the value is empty)".to_string(),
        f if f.starts_with("boolean") => format!(
            "true/false ({})",
            f.trim_start_matches("boolean ").trim_matches('`')
        ),
        f => f.to_string(),
    }
}

// ---------------------------------------------------------------- the span index

enum Frame {
    Seq { path: String, next: usize },
    Map { path: String, key: Option<String> },
}

struct SpanIndexer {
    stack: Vec<Frame>,
    spans: Spans,
}

impl SpanIndexer {
    /// The path of the node about to start, or `None` when the node is a mapping key.
    fn node_path(&mut self, mark: Marker, scalar: Option<&str>) -> Option<String> {
        // yaml-rust2 counts lines from 1 and columns from 0.
        let position = (mark.line(), mark.col() + 1);
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let child = format!("{path}[{next}]");
                *next += 1;
                Some(child)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some(k) => Some(join_path(path, &k)),
                None => {
                    // This node is a key. Only scalar keys name fields.
                    let name = scalar.unwrap_or("?").to_string();
                    self.spans.keys.insert(join_path(path, &name), position);
                    *key = Some(name);
                    None
                }
            },
        }
    }

    fn record(&mut self, path: String, mark: Marker) {
        self.spans
            .values
            .entry(path)
            .or_insert((mark.line(), mark.col() + 1));
    }
}

impl MarkedEventReceiver for SpanIndexer {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(ref text, ..) => {
                if let Some(path) = self.node_path(mark, Some(text)) {
                    self.record(path, mark);
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.node_path(mark, None) {
                    self.record(path, mark);
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                // A complex (non-scalar) key gets the placeholder name `?`.
                let path = self
                    .node_path(mark, None)
                    .unwrap_or_else(|| "?".to_string());
                self.record(path.clone(), mark);
                self.stack.push(if is_map {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// Builds the field-path index. Best effort: a document serde_yaml accepted almost
/// always parses here too; if not, positions fall back to line 1.
fn index_spans(text: &str) -> Spans {
    let mut indexer = SpanIndexer {
        stack: Vec::new(),
        spans: Spans::default(),
    };
    let mut parser = Parser::new_from_str(text);
    let _ = parser.load(&mut indexer, false);
    indexer.spans
}

/// Collects errors from many typed loads without stopping at the first.
pub fn typed_or_report<T: DeserializeOwned>(
    doc: &YamlDoc,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    match typed(doc) {
        Ok(value) => Some(value),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rank {
        id: String,
        weights: BTreeMap<String, u32>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Ranks {
        ranks: Vec<Rank>,
    }

    const RANKS: &str =
        "ranks:\n  - id: a\n    weights: { x: 10 }\n  - id: b\n    weights:\n      x: ten\n";

    #[test]
    fn indexes_nested_paths_with_lines_and_columns() {
        let doc = parse("ranks.yaml", RANKS, 0).expect("valid yaml");
        assert_eq!(doc.spans.locate("ranks[1].weights.x"), (6, 10));
        assert_eq!(doc.spans.locate("ranks[0].weights.x"), (3, 19));
        assert_eq!(doc.spans.locate("ranks[1].id"), (4, 9));
        // Unknown paths fall back to the nearest known ancestor.
        assert_eq!(doc.spans.locate("ranks[1].nothing.here").0, 4);
    }

    #[test]
    fn a_wrong_type_names_the_field_path_and_line() {
        let doc = parse("ranks.yaml", RANKS, 0).expect("valid yaml");
        let error = typed::<Ranks>(&doc).expect_err("ten is not a number");
        assert_eq!(error.code, "wrong-type");
        assert_eq!(error.field.as_deref(), Some("ranks[1].weights.x"));
        assert_eq!(error.line, Some(6));
        assert!(
            error.message.contains("a whole number"),
            "{}",
            error.message
        );
        assert!(error.message.contains("\"ten\""), "{}", error.message);
        assert_eq!(
            error.message_ja,
            "ここには整数を書いてください（書かれているのは文字列 \"ten\" です）"
        );
    }

    #[test]
    fn an_unknown_field_suggests_the_nearest_one() {
        let doc =
            parse("ranks.yaml", "ranks:\n  - id: a\n    wieghts: {}\n", 0).expect("valid yaml");
        let error = typed::<Ranks>(&doc).expect_err("typo");
        assert_eq!(error.code, "unknown-field");
        assert_eq!(error.line, Some(3));
        assert_eq!(error.field.as_deref(), Some("ranks[0].wieghts"));
        assert!(error
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `weights`?"));
        assert_eq!(error.message_ja, "`wieghts` はここでは使えない項目です");
        assert_eq!(
            error.hint_ja.as_deref(),
            Some("`weights` の誤りではありませんか？ ここで使える項目：id, weights")
        );
    }

    #[test]
    fn a_missing_field_is_named() {
        let doc = parse("ranks.yaml", "ranks:\n  - id: a\n", 0).expect("valid yaml");
        let error = typed::<Ranks>(&doc).expect_err("missing");
        assert_eq!(error.code, "missing-field");
        assert!(error.message.contains("`weights`"));
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn syntax_errors_and_empty_files_are_located() {
        let error = parse("x.yaml", "a: [1, 2\nb: 3\n", 0).expect_err("unclosed");
        assert_eq!(error.code, "yaml-syntax");
        assert!(error.line.is_some());
        let error = parse("x.yaml", "  \n", 0).expect_err("empty");
        assert_eq!(error.code, "empty-file");
    }

    #[test]
    fn alias_bombs_are_refused_not_expanded() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = (b'a' + i - 1) as char;
            let name = (b'a' + i) as char;
            bomb.push_str(&format!("{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let error = parse("bomb.yaml", &bomb, 0).expect_err("refused");
        assert_eq!(error.code, "yaml-syntax");
    }

    #[test]
    fn front_matter_lines_are_offset() {
        let doc = parse("p.md", "title: x\nweight: y\n", 1).expect("valid yaml");
        assert_eq!(doc.spans.locate("weight"), (3, 9));
    }
}
