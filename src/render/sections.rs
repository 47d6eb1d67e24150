//! A rendered page body cut into the sections search shows: the text before the first
//! heading, then one section per heading with an id (`<h2 id>` to `<h6 id>`) and per
//! glossary term (`<dt id>`), each with its anchor, heading and plain text.

use crate::html::decode_entities;
use crate::html::{Reader, Tag, Token};

/// One section of a page, as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSection {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// Elements whose content is not text a reader searches (charts, scripts, the `#`
/// beside headings, badges such as "Illustrative", ruby readings).
fn skipped(tag: &Tag<'_>) -> bool {
    matches!(
        tag.name.as_ref(),
        "svg" | "script" | "style" | "template" | "rt" | "rp"
    ) || (tag.is("a") && tag.attribute("class") == Some("anchor"))
        // Only the plain badge: a "new at this rank" badge (`badge new-badge`) is text.
        || (tag.is("span") && tag.attribute("class") == Some("badge"))
}

/// Elements inside a line of text: no word break around them, so Japanese runs that
/// cross a link or an emphasis stay whole.
fn inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "rb"
            | "ruby"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

/// The theme's classed spans (a number, a subtitle) are set apart from the text
/// before them: `管理監督者<span class="role-subtitle">人材育成の…` is two phrases.
fn labelled_span(tag: &Tag<'_>) -> bool {
    tag.is("span") && tag.attribute("class").is_some()
}

/// Where the text being read goes.
enum Target {
    Heading,
    Body,
}

struct Splitter {
    sections: Vec<PageSection>,
    current: PageSection,
    target: Target,
    /// The element that closes the heading being read (`h2`, `dt`).
    heading_end: Option<String>,
}

/// Cuts `html` (a page's main content) into sections.
pub fn split(html: &str) -> Vec<PageSection> {
    let mut splitter = Splitter {
        sections: Vec::new(),
        current: PageSection {
            anchor: String::new(),
            heading: String::new(),
            text: String::new(),
        },
        target: Target::Body,
        heading_end: None,
    };
    let mut tokens = Reader::new(html);
    while let Some(token) = tokens.next() {
        match token {
            Token::Text(text) => splitter.text(text),
            Token::Start(tag) if skipped(&tag) => skip_element(&mut tokens, &tag),
            Token::Start(tag) => splitter.start_tag(tag),
            Token::End(name) => splitter.end_tag(&name),
            Token::Declaration(_) => splitter.space(),
            Token::Comment(_) => {}
        }
    }
    splitter.finish()
}

impl Splitter {
    fn text(&mut self, escaped: &str) {
        if escaped.is_empty() {
            return;
        }
        let text = decode_entities(escaped);
        match self.target {
            Target::Heading => self.current.heading.push_str(&text),
            Target::Body => self.current.text.push_str(&text),
        }
    }

    fn space(&mut self) {
        match self.target {
            Target::Heading => self.current.heading.push(' '),
            Target::Body => self.current.text.push(' '),
        }
    }

    fn start_tag(&mut self, tag: Tag<'_>) {
        if let Some(anchor) = section_anchor(&tag) {
            self.start_section(anchor, tag.name.into_owned());
        } else if !inline(&tag.name) || labelled_span(&tag) {
            self.space();
        }
    }

    fn end_tag(&mut self, name: &str) {
        if self.heading_end.as_deref() == Some(name) {
            self.heading_end = None;
            self.target = Target::Body;
        } else if !inline(name) {
            self.space();
        }
    }

    fn start_section(&mut self, anchor: String, name: String) {
        let next = PageSection {
            anchor,
            heading: String::new(),
            text: String::new(),
        };
        let done = std::mem::replace(&mut self.current, next);
        self.sections.push(done);
        self.target = Target::Heading;
        self.heading_end = Some(name);
    }

    fn finish(mut self) -> Vec<PageSection> {
        self.sections.push(self.current);
        for section in &mut self.sections {
            section.heading = collapse_spaces(&section.heading);
            section.text = collapse_spaces(&section.text);
        }
        self.sections
    }
}

/// The anchor a section starts at, if `tag` starts one.
fn section_anchor(tag: &Tag<'_>) -> Option<String> {
    let starts = matches!(tag.name.as_ref(), "h2" | "h3" | "h4" | "h5" | "h6" | "dt");
    if !starts {
        return None;
    }
    tag.attribute("id")
        .map(|id| decode_entities(id).into_owned())
}

/// Reads past the element whose start tag `tag` was just read (nested elements of the
/// same name are counted).
fn skip_element(tokens: &mut Reader<'_>, tag: &Tag<'_>) {
    if tag.self_closing {
        return;
    }
    let mut depth = 1;
    for token in tokens {
        match token {
            Token::Start(inner) if inner.name == tag.name && !inner.self_closing => depth += 1,
            Token::End(name) if name == tag.name => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// The sections search keeps of `html`: every one but empty sections after the first
/// (a heading with neither words nor text under it).
pub fn searched(html: &str) -> Vec<PageSection> {
    let mut sections = split(html);
    let mut first = true;
    sections.retain(|part| {
        let kept = first || !part.heading.is_empty() || !part.text.is_empty();
        first = false;
        kept
    });
    sections
}

/// Runs of white space as one space, none at either end.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_glossary_terms_start_sections() {
        let html = "<p>Intro &amp; more</p>\n<h2 id=\"a-b\">A <em>B</em> <a class=\"anchor\" href=\"#a-b\">#</a></h2><p>one</p><p>two</p>\
            <dl><dt id=\"心理的安全性\">心理的安全性 <span class=\"badge\">例示</span></dt><dd><p><a href=\"x.html\">管理監督者</a>の役割</p></dd></dl>\
            <h3>no id</h3><p>after</p>";
        let sections = split(html);
        assert_eq!(sections.len(), 3);
        assert_eq!(sections[0].anchor, "");
        assert_eq!(sections[0].text, "Intro & more");
        assert_eq!(sections[1].anchor, "a-b");
        assert_eq!(sections[1].heading, "A B");
        assert_eq!(sections[1].text, "one two");
        assert_eq!(sections[2].anchor, "心理的安全性");
        assert_eq!(sections[2].heading, "心理的安全性");
        // A link inside a Japanese sentence does not break it; a heading without id does.
        assert_eq!(sections[2].text, "管理監督者の役割 no id after");
    }

    #[test]
    fn a_subtitle_is_a_separate_phrase() {
        let html = "<h3 id=\"managers\">Managers and supervisors<span class=\"role-subtitle\">The key people</span></h3>";
        assert_eq!(
            split(html)[1].heading,
            "Managers and supervisors The key people"
        );
    }

    #[test]
    fn charts_scripts_and_comments_are_not_text() {
        let html = "<figure><svg role=\"img\"><text>25%</text><svg><text>x</text></svg></svg></figure><!-- note --><script>alert(1)</script><p>kept</p>";
        assert_eq!(split(html)[0].text, "kept");
    }
}
