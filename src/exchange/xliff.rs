//! XLIFF 1.2, the file CAT tools (Trados, memoQ, Phrase, Weblate) read: one
//! `trans-unit` per segment, a unit of several segments as a `group`; inline Markdown
//! as `<g>` (links, emphasis), `<ph>` (code, images) and `<x>` (line breaks), which
//! the tools protect.

use super::import::{Received, ReceivedText};
use super::segments::{mark, CodeKind, Inline, Marked};
use super::{ExchangeUnit, Segment};
use crate::translation_status::State;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use std::collections::{BTreeMap, BTreeSet};

const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The languages of an XLIFF file.
pub struct Languages<'a> {
    pub source: &'a str,
    pub target: &'a str,
}

/// The XLIFF file for `units`.
pub fn write(units: &[ExchangeUnit], languages: &Languages) -> Vec<u8> {
    let mut out = XliffWriter {
        writer: Writer::new(Vec::new()),
    };
    out.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    out.text("\n");
    out.start("xliff", &[("version", "1.2"), ("xmlns", NAMESPACE)]);
    out.text("\n  ");
    out.start(
        "file",
        &[
            ("original", "content"),
            ("source-language", languages.source),
            ("target-language", languages.target),
            ("datatype", "x-markdown"),
        ],
    );
    out.text("\n    ");
    out.start("body", &[]);
    for unit in units {
        out.unit(unit);
    }
    out.text("\n    ");
    out.end("body");
    out.text("\n  ");
    out.end("file");
    out.text("\n");
    out.end("xliff");
    out.text("\n");
    out.writer.into_inner()
}

struct XliffWriter {
    writer: Writer<Vec<u8>>,
}

impl XliffWriter {
    fn event(&mut self, event: Event) {
        // Writing into a Vec cannot fail.
        let _ = self.writer.write_event(event);
    }

    fn start(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let element = BytesStart::new(name).with_attributes(attributes.iter().copied());
        self.event(Event::Start(element));
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let element = BytesStart::new(name).with_attributes(attributes.iter().copied());
        self.event(Event::Empty(element));
    }

    fn end(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    fn text(&mut self, text: &str) {
        self.event(Event::Text(BytesText::new(text)));
    }

    fn unit(&mut self, unit: &ExchangeUnit) {
        let note = note(unit);
        if let [segment] = &unit.segments[..] {
            self.segment(segment, unit.state, note.as_deref(), "\n      ");
            return;
        }
        self.text("\n      ");
        let restype = if unit.key.ends_with(".md") {
            "x-page"
        } else {
            "x-text"
        };
        self.start("group", &[("id", &unit.key), ("restype", restype)]);
        if let Some(note) = &note {
            self.note(note, "\n        ");
        }
        for segment in &unit.segments {
            self.segment(segment, unit.state, None, "\n        ");
        }
        self.text("\n      ");
        self.end("group");
    }

    fn note(&mut self, note: &str, indent: &str) {
        self.text(indent);
        self.start("note", &[("from", "policy-site")]);
        self.text(note);
        self.end("note");
    }

    fn segment(&mut self, segment: &Segment, state: State, note: Option<&str>, indent: &str) {
        self.text(indent);
        self.start(
            "trans-unit",
            &[("id", &segment.id), ("xml:space", "preserve")],
        );
        let inner = format!("{indent}  ");
        self.text(&inner);
        self.start("source", &[]);
        self.inlines(&segment.source, &segment.source.inlines);
        self.end("source");
        self.text(&inner);
        let state = if state == State::Stale && segment.unchanged {
            // Its source is as it was: the translation stands, but the unit changed.
            "translated"
        } else {
            state_name(state)
        };
        self.start("target", &[("state", state)]);
        if let Some(target) = segment
            .target
            .as_deref()
            .and_then(|t| in_source_codes(&segment.source, t))
        {
            self.inlines(&segment.source, &target);
        }
        self.end("target");
        if let Some(note) = note {
            self.note(note, &inner);
        }
        self.text(indent);
        self.end("trans-unit");
    }

    fn inlines(&mut self, marked: &Marked, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(text) => self.text(text),
                Inline::Open(id) => {
                    let kind = marked.codes.get(id).map_or(CodeKind::Other, |c| c.kind);
                    self.start("g", &[("id", &id.to_string()), ("ctype", ctype(kind))]);
                }
                Inline::Close(_) => self.end("g"),
                Inline::Single(id) => {
                    let Some(code) = marked.codes.get(id) else {
                        continue;
                    };
                    let id = id.to_string();
                    if code.kind == CodeKind::LineBreak {
                        self.empty("x", &[("id", &id), ("ctype", "lb")]);
                    } else {
                        self.start("ph", &[("id", &id), ("ctype", ctype(code.kind))]);
                        self.text(&code.open);
                        self.end("ph");
                    }
                }
            }
        }
    }
}

fn ctype(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::Link => "link",
        CodeKind::Emphasis => "italic",
        CodeKind::Strong => "bold",
        CodeKind::Strikethrough => "x-strikethrough",
        CodeKind::Code => "x-code",
        CodeKind::Image => "image",
        CodeKind::Html => "x-html",
        CodeKind::LineBreak => "lb",
        CodeKind::Other => "x-other",
    }
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Missing => "needs-translation",
        State::Stale => "needs-review-translation",
        State::Unconfirmed => "translated",
        State::Current => "final",
    }
}

/// For a stale unit: the Japanese the translation was made from and what changed.
fn note(unit: &ExchangeUnit) -> Option<String> {
    let previous = unit.previous.as_deref()?;
    let change = unit.change.as_deref().unwrap_or("");
    Some(format!(
        "The translation was made from this earlier source text / 以前の原文:\n{previous}\n\nWhat changed / 変更点: {change}"
    ))
}

/// A translation's Markdown as inlines using the source's code ids: each of its codes
/// matched to the source's identical one, else to the next of the same kind. `None`
/// if a code has no counterpart (the translator then starts from the source).
fn in_source_codes(source: &Marked, translation: &str) -> Option<Vec<Inline>> {
    let marked = mark(translation);
    let mut used = BTreeSet::new();
    let mut ids = BTreeMap::new();
    for (id, code) in &marked.codes {
        let same = source
            .codes
            .iter()
            .find(|(s, c)| !used.contains(*s) && *c == code)
            .or_else(|| {
                source
                    .codes
                    .iter()
                    .find(|(s, c)| !used.contains(*s) && c.kind == code.kind)
            })?;
        used.insert(*same.0);
        ids.insert(*id, *same.0);
    }
    Some(
        marked
            .inlines
            .iter()
            .map(|inline| match inline {
                Inline::Open(id) => Inline::Open(ids[id]),
                Inline::Close(id) => Inline::Close(ids[id]),
                Inline::Single(id) => Inline::Single(ids[id]),
                Inline::Text(text) => Inline::Text(text.clone()),
            })
            .collect(),
    )
}

/// What an XLIFF file holds: its languages and each trans-unit.
#[derive(Default)]
pub struct Read {
    pub source_language: String,
    pub target_language: String,
    pub units: Vec<Received>,
}

/// Reads an XLIFF 1.2 file; `Err` says in words (English, Japanese) why it is not one.
pub fn read(text: &str) -> Result<Read, (String, String)> {
    let mut reader = Reader::from_str(text);
    let mut state = ReadState::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            (
                format!("it is not well-formed XML ({e})"),
                format!("XMLとして正しくありません（{e}）"),
            )
        })?;
        match event {
            Event::Eof => break,
            event => state.on(event)?,
        }
    }
    if !state.is_xliff {
        return Err((
            "it is not an XLIFF 1.2 file (no <xliff version=\"1.2\">)".into(),
            "XLIFF 1.2 のファイルではありません（<xliff version=\"1.2\"> がありません）".into(),
        ));
    }
    Ok(state.read)
}

#[derive(Default)]
struct ReadState {
    is_xliff: bool,
    read: Read,
    /// The trans-unit being read: id, source, target.
    unit: Option<(String, Vec<Inline>, Option<Vec<Inline>>)>,
    /// The target's `state`, when it says the segment was translated or reviewed.
    reviewed: Option<bool>,
    /// Inside `source` (true) or `target` (false).
    part: Option<bool>,
    inlines: Vec<Inline>,
    open_g: Vec<u32>,
    in_ph: bool,
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element
        .try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| {
            a.decode_and_unescape_value(element.decoder())
                .ok()
                .map(|v| v.to_string())
        })
}

fn malformed(what: &str, what_ja: &str) -> (String, String) {
    (
        format!("it is not an XLIFF 1.2 file this program wrote: {what}"),
        format!("このプログラムが書き出した XLIFF 1.2 のファイルではありません：{what_ja}"),
    )
}

impl ReadState {
    fn on(&mut self, event: Event) -> Result<(), (String, String)> {
        match event {
            Event::Start(element) => self.open(&element, false),
            Event::Empty(element) => self.open(&element, true),
            Event::End(element) => {
                self.close(&String::from_utf8_lossy(element.local_name().as_ref()));
                Ok(())
            }
            Event::Text(text) if self.part.is_some() && !self.in_ph => {
                let text = text
                    .decode()
                    .map_err(|e| malformed(&e.to_string(), &e.to_string()))?;
                self.push_text(&text);
                Ok(())
            }
            Event::CData(text) if self.part.is_some() && !self.in_ph => {
                self.push_text(&String::from_utf8_lossy(&text));
                Ok(())
            }
            Event::GeneralRef(reference) if self.part.is_some() && !self.in_ph => {
                let name = reference
                    .decode()
                    .map_err(|e| malformed(&e.to_string(), &e.to_string()))?;
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_xml_entity(&name)
                        .ok_or_else(|| {
                            malformed(
                                &format!("unknown entity &{name};"),
                                &format!("不明な実体参照 &{name};"),
                            )
                        })?
                        .to_string(),
                };
                self.push_text(&resolved);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(Inline::Text(last)) = self.inlines.last_mut() {
            last.push_str(text);
        } else {
            self.inlines.push(Inline::Text(text.to_string()));
        }
    }

    fn open(&mut self, element: &BytesStart, empty: bool) -> Result<(), (String, String)> {
        let name = String::from_utf8_lossy(element.local_name().as_ref()).to_string();
        let id = || attribute(element, "id").and_then(|id| id.parse::<u32>().ok());
        if self.part.is_some() {
            return self.open_inline(&name, id(), empty);
        }
        match name.as_str() {
            "xliff" => self.is_xliff = attribute(element, "version").as_deref() == Some("1.2"),
            "file" => {
                self.read.source_language =
                    attribute(element, "source-language").unwrap_or_default();
                self.read.target_language =
                    attribute(element, "target-language").unwrap_or_default();
            }
            "trans-unit" => {
                let id = attribute(element, "id").ok_or_else(|| {
                    malformed("a trans-unit has no id", "id のない trans-unit があります")
                })?;
                self.unit = Some((id, Vec::new(), None));
            }
            "source" | "target" if self.unit.is_some() => {
                if name == "target" {
                    let state = attribute(element, "state").unwrap_or_default();
                    self.reviewed = Some(!state.is_empty() && !state.starts_with("needs-"));
                }
                self.inlines.clear();
                self.open_g.clear();
                if empty {
                    self.finish_part(name == "source");
                } else {
                    self.part = Some(name == "source");
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn open_inline(
        &mut self,
        name: &str,
        id: Option<u32>,
        empty: bool,
    ) -> Result<(), (String, String)> {
        let unknown_id = || {
            malformed(
                &format!("<{name}> without a number as id"),
                &format!("番号の id のない <{name}>"),
            )
        };
        match name {
            "g" => {
                let id = id.ok_or_else(unknown_id)?;
                self.inlines.push(Inline::Open(id));
                if empty {
                    self.inlines.push(Inline::Close(id));
                } else {
                    self.open_g.push(id);
                }
            }
            "x" | "ph" => {
                self.inlines.push(Inline::Single(id.ok_or_else(unknown_id)?));
                self.in_ph = name == "ph" && !empty;
            }
            // Segment marks some tools add: their text is kept, the mark dropped.
            "mrk" => {}
            other => {
                return Err(malformed(
                    &format!("<{other}> inside a text; keep the <g>, <ph> and <x> marks as exported"),
                    &format!("文の中に <{other}> があります。<g>、<ph>、<x> の印は書き出したときのままにしてください"),
                ))
            }
        }
        Ok(())
    }

    fn close(&mut self, name: &str) {
        match (name, self.part) {
            ("g", Some(_)) => {
                if let Some(id) = self.open_g.pop() {
                    self.inlines.push(Inline::Close(id));
                }
            }
            ("ph", Some(_)) => self.in_ph = false,
            ("source", Some(true)) => self.finish_part(true),
            ("target", Some(false)) => self.finish_part(false),
            ("trans-unit", _) => {
                if let Some((id, source, target)) = self.unit.take() {
                    self.read.units.push(Received {
                        id,
                        source: ReceivedText::Inlines(source),
                        target: target.map(ReceivedText::Inlines),
                        reviewed: self.reviewed.take(),
                    });
                }
            }
            _ => {}
        }
    }

    fn finish_part(&mut self, source: bool) {
        self.part = None;
        let inlines = std::mem::take(&mut self.inlines);
        if let Some(unit) = self.unit.as_mut() {
            if source {
                unit.1 = inlines;
            } else if !inlines.is_empty() {
                unit.2 = Some(inlines);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::Place;

    fn unit() -> ExchangeUnit {
        let source = mark("[はじめに](intro.md)を**必ず**ご覧ください。");
        ExchangeUnit {
            key: "content/mindsets.yaml#intro".into(),
            state: State::Stale,
            previous: Some("[はじめに](intro.md)をご覧ください。".into()),
            change: Some("を[→**必ず**]ご覧".into()),
            place: Place::Yaml {
                file: "content/mindsets.yaml".into(),
                field: "intro".into(),
                list: false,
            },
            pieces: Vec::new(),
            segments: vec![Segment {
                id: "content/mindsets.yaml#intro".into(),
                source,
                target: Some("See the [introduction](intro.md) & more.".into()),
                unchanged: false,
            }],
        }
    }

    #[test]
    fn links_and_emphasis_become_protected_marks_and_read_back() {
        let languages = Languages {
            source: "ja",
            target: "en",
        };
        let text = String::from_utf8(write(&[unit()], &languages)).expect("utf-8");
        assert!(text.contains(
            "<source><g id=\"1\" ctype=\"link\">はじめに</g>を<g id=\"2\" ctype=\"bold\">必ず</g>ご覧ください。</source>"
        ), "{text}");
        assert!(text.contains(
            "<target state=\"needs-review-translation\">See the <g id=\"1\" ctype=\"link\">introduction</g> &amp; more.</target>"
        ), "{text}");
        assert!(text.contains("以前の原文"), "{text}");
        let read = read(&text).expect("reads back");
        assert_eq!(
            (read.source_language.as_str(), read.target_language.as_str()),
            ("ja", "en")
        );
        let [received] = &read.units[..] else {
            panic!("one unit")
        };
        assert_eq!(received.id, "content/mindsets.yaml#intro");
        let Some(ReceivedText::Inlines(target)) = &received.target else {
            panic!("a target")
        };
        assert_eq!(
            unit().segments[0].source.markdown_of(target),
            Ok("See the [introduction](intro.md) & more.".into())
        );
    }

    #[test]
    fn other_files_are_refused_in_words() {
        assert!(read("plain text").is_err());
        let error = read("<html><body/></html>").err().expect("refused");
        assert!(error.0.contains("not an XLIFF 1.2 file"), "{}", error.0);
    }
}
