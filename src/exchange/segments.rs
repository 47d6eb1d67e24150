//! Markdown cut into segments a translator works with (headings, paragraphs, list
//! items, table cells), each segment's inline Markdown split into translatable text
//! and protected codes (link targets, emphasis marks, code), and the check that a
//! translated segment kept every protected part.

use crate::markdown;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// One piece of a segment: text to translate, or a protected code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// The opening of a paired code (`[` of a link, `**`): its id.
    Open(u32),
    /// The closing of a paired code (`](target)`, `**`).
    Close(u32),
    /// A code standing alone (`` `code` ``, an image, a line break).
    Single(u32),
}

/// What a code is, for the tools (XLIFF `ctype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Link,
    Emphasis,
    Strong,
    Strikethrough,
    Code,
    Image,
    Html,
    LineBreak,
    Other,
}

/// A code's Markdown as written: for a pair, the opening and closing; for a single, all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    pub kind: CodeKind,
    pub open: String,
    pub close: String,
}

/// A segment's text with its codes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Marked {
    pub inlines: Vec<Inline>,
    pub codes: BTreeMap<u32, Code>,
}

impl Marked {
    /// Plain text, nothing protected (page titles).
    pub fn plain(text: &str) -> Marked {
        Marked {
            inlines: vec![Inline::Text(text.to_string())],
            codes: BTreeMap::new(),
        }
    }

    /// The Markdown this stands for, with `inlines` (the source's or a translation's)
    /// put back together with this segment's codes. `None` names a code id that is
    /// not this segment's.
    pub fn markdown_of(&self, inlines: &[Inline]) -> Result<String, u32> {
        let mut out = String::new();
        for inline in inlines {
            match inline {
                Inline::Text(text) => out.push_str(text),
                Inline::Open(id) | Inline::Single(id) => {
                    out.push_str(&self.codes.get(id).ok_or(*id)?.open)
                }
                Inline::Close(id) => out.push_str(&self.codes.get(id).ok_or(*id)?.close),
            }
        }
        Ok(out)
    }

    pub fn markdown(&self) -> String {
        self.markdown_of(&self.inlines).unwrap_or_default()
    }
}

/// Where the segments of a Markdown text are (byte ranges, in order).
pub fn segment_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut in_code_block = false;
    let mut depth_inline = 0usize;
    for (event, range) in Parser::new_ext(text, markdown::options()).into_offset_iter() {
        let inline = depth_inline > 0 || is_inline(&event);
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            _ => {}
        }
        match &event {
            Event::Start(tag) if is_inline_tag(tag) => depth_inline += 1,
            Event::End(tag) if is_inline_end(tag) => depth_inline = depth_inline.saturating_sub(1),
            _ => {}
        }
        if inline && !in_code_block {
            current = Some(match current {
                Some(r) => r.start.min(range.start)..r.end.max(range.end),
                None => range,
            });
        } else if let Some(r) = current.take() {
            push_segment(&mut ranges, text, r);
        }
    }
    if let Some(r) = current {
        push_segment(&mut ranges, text, r);
    }
    ranges
}

fn push_segment(ranges: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    if !text[range.clone()].trim().is_empty() {
        ranges.push(range);
    }
}

fn is_inline(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
    ) || matches!(event, Event::Start(tag) if is_inline_tag(tag))
}

fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    )
}

/// Splits one segment's Markdown into text and codes.
pub fn mark(segment: &str) -> Marked {
    let mut builder = MarkBuilder::default();
    let mut image_depth = 0usize;
    for (event, range) in Parser::new_ext(segment, markdown::options()).into_offset_iter() {
        if image_depth > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => image_depth += 1,
                Event::End(TagEnd::Image) => image_depth -= 1,
                _ => {}
            }
            if image_depth == 0 {
                builder.single(segment, range, CodeKind::Image);
            }
            continue;
        }
        match event {
            Event::Start(Tag::Image { .. }) => {
                builder.text_until(segment, range.start);
                image_depth = 1;
            }
            Event::Start(tag) if is_inline_tag(&tag) => builder.open(segment, range, kind_of(&tag)),
            Event::End(tag) if is_inline_end(&tag) => builder.close(segment, range.end),
            Event::Code(_) => builder.single(segment, range, CodeKind::Code),
            Event::InlineHtml(_) => builder.single(segment, range, CodeKind::Html),
            Event::HardBreak => builder.single(segment, range, CodeKind::LineBreak),
            Event::FootnoteReference(_) | Event::InlineMath(_) => {
                builder.single(segment, range, CodeKind::Other)
            }
            Event::Text(_) | Event::SoftBreak => builder.text(segment, range),
            _ => {}
        }
    }
    builder.text_until(segment, segment.len());
    builder.marked
}

fn kind_of(tag: &Tag) -> CodeKind {
    match tag {
        Tag::Link { .. } => CodeKind::Link,
        Tag::Emphasis => CodeKind::Emphasis,
        Tag::Strong => CodeKind::Strong,
        Tag::Strikethrough => CodeKind::Strikethrough,
        _ => CodeKind::Other,
    }
}

#[derive(Default)]
struct MarkBuilder {
    marked: Marked,
    /// Bytes of the segment already given to a piece.
    cursor: usize,
    /// Open codes, innermost last: (id, whether its opening text is still growing).
    open: Vec<(u32, bool)>,
    next_id: u32,
}

impl MarkBuilder {
    fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    /// Text between the cursor and `end`: the rest of an opening mark, or plain text.
    fn text_until(&mut self, segment: &str, end: usize) {
        if end <= self.cursor {
            return;
        }
        let piece = &segment[self.cursor..end];
        match self.open.last_mut() {
            Some((id, growing @ true)) => {
                *growing = false;
                if let Some(code) = self.marked.codes.get_mut(id) {
                    code.open.push_str(piece);
                }
            }
            _ => self.push_text(piece),
        }
        self.cursor = end;
    }

    fn push_text(&mut self, piece: &str) {
        if let Some(Inline::Text(last)) = self.marked.inlines.last_mut() {
            last.push_str(piece);
        } else {
            self.marked.inlines.push(Inline::Text(piece.to_string()));
        }
    }

    fn text(&mut self, segment: &str, range: Range<usize>) {
        self.text_until(segment, range.start);
        self.stop_growing();
        self.push_text(&segment[range.start.max(self.cursor)..range.end]);
        self.cursor = self.cursor.max(range.end);
    }

    fn stop_growing(&mut self) {
        if let Some((_, growing)) = self.open.last_mut() {
            *growing = false;
        }
    }

    fn open(&mut self, segment: &str, range: Range<usize>, kind: CodeKind) {
        self.text_until(segment, range.start);
        self.stop_growing();
        let id = self.id();
        self.marked.codes.insert(
            id,
            Code {
                kind,
                open: String::new(),
                close: String::new(),
            },
        );
        self.marked.inlines.push(Inline::Open(id));
        self.open.push((id, true));
    }

    fn close(&mut self, segment: &str, end: usize) {
        let Some((id, growing)) = self.open.pop() else {
            return;
        };
        let piece = &segment[self.cursor.min(end)..end];
        if let Some(code) = self.marked.codes.get_mut(&id) {
            // An element with no text inside: its marks are all opening (`[](x)`).
            if growing {
                code.open.push_str(piece);
            } else {
                code.close.push_str(piece);
            }
        }
        self.marked.inlines.push(Inline::Close(id));
        self.cursor = self.cursor.max(end);
    }

    fn single(&mut self, segment: &str, range: Range<usize>, kind: CodeKind) {
        self.text_until(segment, range.start);
        self.stop_growing();
        let id = self.id();
        self.marked.codes.insert(
            id,
            Code {
                kind,
                open: segment[range.clone()].to_string(),
                close: String::new(),
            },
        );
        self.marked.inlines.push(Inline::Single(id));
        self.cursor = range.end;
    }
}

/// What a translation may not change: every link target, image and code span, sorted.
pub fn protected(markdown_text: &str) -> Vec<String> {
    let marked = mark(markdown_text);
    let mut found: Vec<String> = Parser::new_ext(markdown_text, markdown::options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some(format!("link ({dest_url})")),
            _ => None,
        })
        .collect();
    found.extend(marked.codes.values().filter_map(|code| match code.kind {
        CodeKind::Code | CodeKind::Image | CodeKind::Html | CodeKind::Other => {
            Some(code.open.clone())
        }
        _ => None,
    }));
    found.sort();
    found
}

/// The first protected part of `source` that `translation` lost or changed (or added).
pub fn broken_markup(source: &str, translation: &str) -> Option<String> {
    let (want, got) = (protected(source), protected(translation));
    if want == got {
        return None;
    }
    want.iter()
        .find(|w| !got.contains(w))
        .or_else(|| got.iter().find(|g| !want.contains(g)))
        .cloned()
        .or_else(|| Some(want.join(", ")))
}

/// Puts translated segments in place of the source's (same order, same count).
pub fn replace_segments(text: &str, ranges: &[Range<usize>], translations: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for (range, translation) in ranges.iter().zip(translations) {
        out.push_str(&text[cursor..range.start]);
        out.push_str(translation);
        cursor = range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> Vec<&str> {
        segment_ranges(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn headings_paragraphs_items_and_cells_are_segments_and_code_blocks_are_not() {
        let text = "## 背景\n\n本文です。\n次の行。\n\n- 一つ目\n- 二つ目\n\n```\nコード\n```\n\n| 列 | 値 |\n|---|---|\n| あ | い |\n";
        assert_eq!(
            segments(text),
            [
                "背景",
                "本文です。\n次の行。",
                "一つ目",
                "二つ目",
                "列",
                "値",
                "あ",
                "い"
            ]
        );
    }

    #[test]
    fn link_targets_and_code_are_codes_and_the_text_stays_translatable() {
        let marked = mark("[研修の手引き](handbook/ojt.md#x)と**重要**な`code`");
        assert_eq!(
            marked.inlines,
            [
                Inline::Open(1),
                Inline::Text("研修の手引き".into()),
                Inline::Close(1),
                Inline::Text("と".into()),
                Inline::Open(2),
                Inline::Text("重要".into()),
                Inline::Close(2),
                Inline::Text("な".into()),
                Inline::Single(3),
            ]
        );
        assert_eq!(marked.codes[&1].open, "[");
        assert_eq!(marked.codes[&1].close, "](handbook/ojt.md#x)");
        assert_eq!(marked.codes[&2].open, "**");
        assert_eq!(marked.codes[&3].open, "`code`");
        assert_eq!(
            marked.markdown(),
            "[研修の手引き](handbook/ojt.md#x)と**重要**な`code`"
        );
        let english = [
            Inline::Text("See the ".into()),
            Inline::Open(2),
            Inline::Text("important".into()),
            Inline::Close(2),
            Inline::Text(" ".into()),
            Inline::Open(1),
            Inline::Text("handbook".into()),
            Inline::Close(1),
            Inline::Single(3),
        ];
        assert_eq!(
            marked.markdown_of(&english),
            Ok("See the **important** [handbook](handbook/ojt.md#x)`code`".into())
        );
    }

    #[test]
    fn a_changed_or_lost_link_target_is_found() {
        let source = "[はじめに](intro.md)をご覧ください。";
        assert_eq!(
            broken_markup(source, "See the [introduction](intro.md)."),
            None
        );
        assert_eq!(
            broken_markup(source, "See the [introduction](intr.md)."),
            Some("link (intro.md)".into())
        );
        assert_eq!(
            broken_markup(source, "See the introduction."),
            Some("link (intro.md)".into())
        );
    }

    #[test]
    fn segments_are_put_back_in_place() {
        let text = "## 背景\n\n本文。\n";
        let ranges = segment_ranges(text);
        assert_eq!(
            replace_segments(text, &ranges, &["Background".into(), "Text.".into()]),
            "## Background\n\nText.\n"
        );
    }
}
