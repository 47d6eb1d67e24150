//! Writes one value into YAML text in place: only the translated value changes; the
//! file's comments, order, quoting and layout stay as they are. The new value is
//! written in the style of the one it replaces (or of its default-language sibling),
//! and the result is read back to make sure it says exactly what was meant.

use super::value_at;
use serde_yaml::Value;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A value to write: text, or a list of texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewValue {
    Text(String),
    List(Vec<String>),
}

impl NewValue {
    fn to_yaml(&self) -> Value {
        match self {
            NewValue::Text(text) => Value::String(text.clone()),
            NewValue::List(items) => {
                Value::Sequence(items.iter().cloned().map(Value::String).collect())
            }
        }
    }
}

/// Set `map.key` (`map` a field path, `""` for the top) to `value`; `like` names the
/// sibling key whose style a new entry copies (the default language).
#[derive(Debug, Clone)]
pub struct Edit {
    pub map: String,
    pub key: String,
    pub like: String,
    pub value: NewValue,
}

/// The text with every edit made, or why it cannot be done safely.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, String> {
    let index = Index::of(text)?;
    let mut changes: Vec<(usize, usize, String)> = Vec::new();
    for edit in edits {
        changes.push(index.change(text, edit)?);
    }
    changes.sort_by_key(|c| c.0);
    if changes.windows(2).any(|w| w[0].1 > w[1].0) {
        return Err("two translations would be written over each other".into());
    }
    let mut out = text.to_string();
    for (start, end, replacement) in changes.into_iter().rev() {
        out.replace_range(start..end, &replacement);
    }
    verify(text, &out, edits)?;
    Ok(out)
}

/// Reads the result back: it must equal the original with only the edited values changed.
fn verify(before: &str, after: &str, edits: &[Edit]) -> Result<(), String> {
    let mut expected: Value = serde_yaml::from_str(before).map_err(|e| e.to_string())?;
    for edit in edits {
        let map = if edit.map.is_empty() {
            Some(&mut expected)
        } else {
            value_at_mut(&mut expected, &edit.map)
        };
        match map {
            Some(Value::Mapping(map)) => {
                map.insert(Value::String(edit.key.clone()), edit.value.to_yaml());
            }
            _ => return Err(format!("`{}` is not a group of fields", edit.map)),
        }
    }
    let written: Value = serde_yaml::from_str(after)
        .map_err(|e| format!("the written file would not be valid YAML ({e})"))?;
    if written != expected {
        return Err("the written file would not read back as the translation".into());
    }
    Ok(())
}

fn value_at_mut<'a>(root: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    // Reuse the read-only walk to validate, then walk again mutably.
    value_at(root, path)?;
    let mut value = root;
    for part in path.split('.') {
        let (name, indexes) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            value = value.get_mut(name)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            value = value.get_mut(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(value)
}

#[derive(Debug, Clone)]
enum Node {
    Scalar {
        start: usize,
        style: TScalarStyle,
        value: String,
    },
    Seq {
        start: usize,
        flow: bool,
        items: usize,
    },
    Map {
        flow: bool,
    },
}

/// Where every node and key of a YAML text starts (byte offsets).
struct Index {
    nodes: HashMap<String, Node>,
    keys: HashMap<String, usize>,
}

impl Index {
    fn of(text: &str) -> Result<Index, String> {
        let mut builder = IndexBuilder {
            text,
            line_starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            stack: Vec::new(),
            index: Index {
                nodes: HashMap::new(),
                keys: HashMap::new(),
            },
            documents: 0,
        };
        Parser::new_from_str(text)
            .load(&mut builder, false)
            .map_err(|e| e.to_string())?;
        Ok(builder.index)
    }

    /// The byte range to replace and its replacement.
    fn change(&self, text: &str, edit: &Edit) -> Result<(usize, usize, String), String> {
        let path = |key: &str| join(&edit.map, key);
        let unknown = || format!("`{}` is not in the file", edit.map);
        let map_flow = match self.nodes.get(&edit.map) {
            Some(Node::Map { flow, .. }) => *flow,
            _ => return Err(unknown()),
        };
        if let Some(node) = self.nodes.get(&path(&edit.key)) {
            let (start, end) = self.span(text, &path(&edit.key), node)?;
            let indent = self.key_column(text, &path(&edit.key));
            let rendered = render(&edit.value, node, (text, indent, map_flow))?;
            return Ok((start, end, rendered));
        }
        let like = self.nodes.get(&path(&edit.like)).ok_or_else(unknown)?;
        let (_, end) = self.span(text, &path(&edit.like), like)?;
        let indent = self.key_column(text, &path(&edit.like));
        let rendered = render(&edit.value, like, (text, indent, map_flow))?;
        let pad = " ".repeat(indent);
        let key = &edit.key;
        let entry = match like {
            _ if map_flow => format!(", {key}: {rendered}"),
            Node::Seq {
                flow: false, start, ..
            } => {
                let column = " ".repeat(column_of(text, *start));
                format!("\n{pad}{key}:\n{column}{rendered}")
            }
            _ if text[..end].ends_with('\n') => format!("{pad}{key}: {rendered}"),
            _ => format!("\n{pad}{key}: {rendered}"),
        };
        Ok((end, end, entry))
    }

    /// The column (0-based, in characters) of the key naming `path`.
    fn key_column(&self, text: &str, path: &str) -> usize {
        self.keys
            .get(path)
            .map_or(0, |&start| column_of(text, start))
    }

    /// Start and end (exclusive) of a node's text.
    fn span(&self, text: &str, path: &str, node: &Node) -> Result<(usize, usize), String> {
        match node {
            Node::Scalar {
                start,
                style,
                value,
            } => scalar_end(text, *start, *style, value).map(|end| (*start, end)),
            Node::Seq { start, flow, items } => {
                let last = format!("{path}[{}]", items.saturating_sub(1));
                let end = match self.nodes.get(&last) {
                    Some(item) if *items > 0 => self.span(text, &last, item)?.1,
                    _ => *start,
                };
                if *flow {
                    let close = text[end..].find(']').ok_or("an unclosed list")?;
                    Ok((*start, end + close + 1))
                } else {
                    Ok((*start, end))
                }
            }
            Node::Map { .. } => Err(format!("`{path}` is a group of fields, not a text")),
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn column_of(text: &str, offset: usize) -> usize {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].chars().count()
}

/// Where a scalar's text ends.
fn scalar_end(text: &str, start: usize, style: TScalarStyle, value: &str) -> Result<usize, String> {
    let rest = &text[start..];
    match style {
        TScalarStyle::DoubleQuoted => {
            let mut escaped = false;
            for (i, c) in rest.char_indices().skip(1) {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => return Ok(start + i + 1),
                    _ => escaped = false,
                }
            }
            Err("an unclosed quotation".into())
        }
        TScalarStyle::SingleQuoted => {
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return Ok(start + i + 1);
                }
                i += 1;
            }
            Err("an unclosed quotation".into())
        }
        TScalarStyle::Plain if rest.starts_with(value) => Ok(start + value.len()),
        TScalarStyle::Plain => Err(
            "the text runs over several lines without quotation marks; put it in quotes (\"…\") first"
                .into(),
        ),
        _ => Ok(start + block_len(rest)),
    }
}

/// The length of a block scalar (`|`, `>`): its header line and every line after it
/// that is blank or indented more than the line the header is on, up to the last
/// line with text.
fn block_len(rest: &str) -> usize {
    let header_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let mut end = header_end;
    let mut offset = header_end;
    let mut content_indent = None;
    for line in rest[header_end..].split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if trimmed.trim().is_empty() {
            offset += line.len();
            continue;
        }
        let needed = *content_indent.get_or_insert(indent);
        if indent < needed || indent == 0 {
            break;
        }
        offset += line.len();
        end = offset;
    }
    end
}

/// `value` written in the style of `like`. `at` is (text, key column, in a flow map).
fn render(value: &NewValue, like: &Node, at: (&str, usize, bool)) -> Result<String, String> {
    let (text, key_column, flow) = at;
    match (value, like) {
        (NewValue::Text(value), Node::Scalar { start, style, .. }) => Ok(match style {
            TScalarStyle::Literal | TScalarStyle::Folded if !flow => {
                let indent = block_indent(text, *start).unwrap_or(key_column + 2);
                literal(value, indent)
            }
            style => scalar(value, *style, flow),
        }),
        (NewValue::List(items), Node::Seq { flow: true, .. }) => {
            let written: Vec<String> = items
                .iter()
                .map(|i| scalar(i, TScalarStyle::Plain, true))
                .collect();
            Ok(format!("[{}]", written.join(", ")))
        }
        (NewValue::List(items), Node::Seq { start, .. }) => {
            let written: Vec<String> = items
                .iter()
                .map(|i| format!("- {}", scalar(i, TScalarStyle::Plain, false)))
                .collect();
            Ok(written.join(&format!("\n{}", " ".repeat(column_of(text, *start)))))
        }
        _ => Err(
            "the translation is not the same kind of value (text or list) as the original".into(),
        ),
    }
}

/// The indentation of a block scalar's first line of text.
fn block_indent(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let header_end = rest.find('\n')? + 1;
    rest[header_end..]
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
}

/// A literal block (`|`), its chomping chosen to keep the text's final line breaks.
fn literal(value: &str, indent: usize) -> String {
    let body = value.trim_end_matches('\n');
    let breaks = value.len() - body.len();
    let header = match breaks {
        0 => "|-",
        1 => "|",
        _ => "|+",
    };
    let pad = " ".repeat(indent);
    let mut out = format!("{header}\n");
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..breaks {
        out.push('\n');
    }
    out
}

/// A one-line scalar in `style` if the text allows it, else double-quoted.
fn scalar(value: &str, style: TScalarStyle, flow: bool) -> String {
    match style {
        TScalarStyle::Plain if plain_is_safe(value, flow) => value.to_string(),
        TScalarStyle::SingleQuoted if !value.contains('\n') && printable(value) => {
            format!("'{}'", value.replace('\'', "''"))
        }
        _ => double_quoted(value),
    }
}

fn printable(value: &str) -> bool {
    !value.chars().any(|c| c.is_control() && c != '\t')
}

/// Whether `value` reads back as itself, as text, written plainly.
fn plain_is_safe(value: &str, flow: bool) -> bool {
    if value.is_empty()
        || value.trim() != value
        || value.contains('\n')
        || !printable(value)
        || (flow && value.contains([',', '[', ']', '{', '}']))
    {
        return false;
    }
    let probe = format!("k: {value}\n");
    matches!(
        serde_yaml::from_str::<Value>(&probe).ok().as_ref().and_then(|v| v.get("k")),
        Some(Value::String(s)) if s == value
    )
}

fn double_quoted(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

enum Frame {
    Seq { path: String, next: usize },
    Map { path: String, key: Option<String> },
}

struct IndexBuilder<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    index: Index,
    documents: usize,
}

impl IndexBuilder<'_> {
    /// yaml-rust2 counts lines from 1 and columns (in characters) from 0.
    fn offset(&self, mark: Marker) -> usize {
        let line_start = self
            .line_starts
            .get(mark.line().saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[line_start..];
        line.char_indices()
            .nth(mark.col())
            .map_or(self.text.len(), |(i, _)| line_start + i)
    }

    /// The path of the node starting here, or `None` for a mapping key (recorded).
    fn node_path(&mut self, start: usize, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, next }) => {
                let child = format!("{path}[{next}]");
                *next += 1;
                Some(child)
            }
            Some(Frame::Map { path, key }) => match key.take() {
                Some(k) => Some(join(path, &k)),
                None => {
                    let name = scalar.unwrap_or("?").to_string();
                    self.index.keys.insert(join(path, &name), start);
                    *key = Some(name);
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for IndexBuilder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.documents > 1 {
            return;
        }
        let start = self.offset(mark);
        match event {
            Event::DocumentStart => self.documents += 1,
            Event::Scalar(value, style, ..) => {
                // A block scalar's mark is on its first line of text; the node
                // starts at its `|` or `>`.
                let start = match style {
                    TScalarStyle::Literal | TScalarStyle::Folded => {
                        self.text[..start].rfind(['|', '>']).unwrap_or(start)
                    }
                    _ => start,
                };
                if let Some(path) = self.node_path(start, Some(&value)) {
                    self.index.nodes.insert(
                        path,
                        Node::Scalar {
                            start,
                            style,
                            value,
                        },
                    );
                }
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let path = self.node_path(start, None).unwrap_or_else(|| "?".into());
                let flow = self.text[start..].starts_with(['{', '[']);
                let node = if is_map {
                    Node::Map { flow }
                } else {
                    Node::Seq {
                        start,
                        flow,
                        items: 0,
                    }
                };
                self.index.nodes.insert(path.clone(), node);
                self.stack.push(if is_map {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(Frame::Seq { path, next }) = self.stack.pop() {
                    if let Some(Node::Seq { items, .. }) = self.index.nodes.get_mut(&path) {
                        *items = next;
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, map: &str, value: NewValue) -> Result<String, String> {
        apply(
            text,
            &[Edit {
                map: map.into(),
                key: "en".into(),
                like: "ja".into(),
                value,
            }],
        )
    }

    fn text(value: &str) -> NewValue {
        NewValue::Text(value.into())
    }

    #[test]
    fn a_missing_translation_is_added_to_a_flow_map_and_nothing_else_changes() {
        let before =
            "# 意識\nmindsets:\n  - id: safety   # 二つ目\n    body: { ja: 誰に対しても }\n";
        let after = set(before, "mindsets[0].body", text("Anyone, anywhere")).expect("edit");
        assert_eq!(
            after,
            "# 意識\nmindsets:\n  - id: safety   # 二つ目\n    body: { ja: 誰に対しても, en: \"Anyone, anywhere\" }\n"
        );
    }

    #[test]
    fn an_existing_translation_keeps_its_quoting() {
        let before = "title:\n  ja: 公務\n  en: 'Old one' # checked\n";
        let after = set(before, "title", text("It's new")).expect("edit");
        assert_eq!(after, "title:\n  ja: 公務\n  en: 'It''s new' # checked\n");
        let before = "title: { ja: \"[a](b)\", en: \"[x](b)\" }\n";
        let after = set(before, "title", text("say \"[y](b)\"")).expect("edit");
        assert_eq!(
            after,
            "title: { ja: \"[a](b)\", en: \"say \\\"[y](b)\\\"\" }\n"
        );
    }

    #[test]
    fn text_that_cannot_be_plain_is_quoted() {
        let before = "title:\n  ja: 公務\n  en: Old\n";
        for value in ["yes", "10", "a: b", "# x", "- x", " lead", "x #y"] {
            let after = set(before, "title", text(value)).expect("edit");
            let read: Value = serde_yaml::from_str(&after).expect("yaml");
            assert_eq!(read["title"]["en"], Value::String(value.into()), "{after}");
        }
    }

    #[test]
    fn block_texts_and_lists_are_written_as_blocks() {
        let before = "statement:\n  ja: |\n    一段落。\n\n    二段落。\nnext: 1\n";
        let after = set(before, "statement", text("One.\n\nTwo.\n")).expect("edit");
        assert_eq!(
            after,
            "statement:\n  ja: |\n    一段落。\n\n    二段落。\n  en: |\n    One.\n\n    Two.\nnext: 1\n"
        );
        let changed = set(&after, "statement", text("Uno.\n")).expect("edit");
        assert_eq!(
            changed,
            "statement:\n  ja: |\n    一段落。\n\n    二段落。\n  en: |\n    Uno.\nnext: 1\n"
        );
        let before = "duties:\n  ja:\n    - 一つ\n    - 二つ\n  # 英語\n";
        let after = set(
            before,
            "duties",
            NewValue::List(vec!["One".into(), "Two: yes".into()]),
        )
        .expect("edit");
        assert_eq!(
            after,
            "duties:\n  ja:\n    - 一つ\n    - 二つ\n  en:\n    - One\n    - \"Two: yes\"\n  # 英語\n"
        );
    }

    #[test]
    fn a_page_title_is_replaced_in_front_matter() {
        let before = "title: Old title   # keep\nweight: 2\n";
        let after = apply(
            before,
            &[Edit {
                map: String::new(),
                key: "title".into(),
                like: "title".into(),
                value: text("New: title"),
            }],
        )
        .expect("edit");
        assert_eq!(after, "title: \"New: title\"   # keep\nweight: 2\n");
    }
}
