//! A rendered page body cut into the sections search shows: the text before the first
//! heading, then one section per heading with an id (`<h2 id>` to `<h6 id>`) and per
//! glossary term (`<dt id>`), each with its anchor, heading and plain text.

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
fn skipped(name: &str, tag: &str) -> bool {
    matches!(name, "svg" | "script" | "style" | "template" | "rt" | "rp")
        || (name == "a" && tag.contains("class=\"anchor\""))
        || (name == "span" && tag.contains("class=\"badge\""))
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
fn labelled_span(name: &str, tag: &str) -> bool {
    name == "span" && tag.contains(" class=\"")
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
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        splitter.text(&rest[..start]);
        rest = &rest[start..];
        rest = splitter.tag(rest);
    }
    splitter.text(rest);
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

    /// Reads the tag at the start of `rest` and returns what follows it.
    fn tag<'h>(&mut self, rest: &'h str) -> &'h str {
        if let Some(comment) = rest.strip_prefix("<!--") {
            return comment.find("-->").map_or("", |end| &comment[end + 3..]);
        }
        let Some(end) = rest.find('>') else {
            return "";
        };
        let tag = &rest[1..end];
        let after = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if closing {
            if self.heading_end.as_deref() == Some(name.as_str()) {
                self.heading_end = None;
                self.target = Target::Body;
            } else if !inline(&name) {
                self.space();
            }
            return after;
        }
        if skipped(&name, tag) {
            return skip_element(after, &name);
        }
        if let Some(anchor) = section_anchor(&name, tag) {
            self.start_section(anchor, name);
        } else if !inline(&name) || labelled_span(&name, tag) {
            self.space();
        }
        after
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

/// The anchor a section starts at, if the tag `<name …>` starts one.
fn section_anchor(name: &str, tag: &str) -> Option<String> {
    let starts = matches!(name, "h2" | "h3" | "h4" | "h5" | "h6" | "dt");
    if !starts {
        return None;
    }
    attribute(tag, "id").map(decode_entities)
}

/// What follows the element `name` whose start tag was just read (nested elements
/// of the same name are counted).
fn skip_element<'h>(mut rest: &'h str, name: &str) -> &'h str {
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut depth = 1;
    loop {
        let next_open = rest.find(&open);
        let Some(next_close) = rest.find(&close) else {
            return "";
        };
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                rest = &rest[o + open.len()..];
            }
            _ => {
                depth -= 1;
                rest = &rest[next_close + close.len()..];
                if depth == 0 {
                    return rest.find('>').map_or("", |end| &rest[end + 1..]);
                }
            }
        }
    }
}

fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// Runs of white space as one space, none at either end.
fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces the character references HTML escaping writes (`&amp;`, `&#39;`, `&#x2F;`
/// and the like); anything else is kept as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let decoded = rest
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
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

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#39;c&#x27; &unknown; & d"),
            "a <b> 'c' &unknown; & d"
        );
    }
}
