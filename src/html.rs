//! A reader of the HTML this program renders: start tags with their attributes, end
//! tags, text and comments, in order. It reads our own output (well formed, attribute
//! values quoted), so it is a tokenizer, not a full HTML parser; the table of contents,
//! the search sections and the link check all read pages through it.

use std::borrow::Cow;

/// One piece of a page, in the order it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'h> {
    /// Text as written (character references still escaped).
    Text(&'h str),
    /// `<name attributes>`.
    Start(Tag<'h>),
    /// `</name>`, the name in lower case.
    End(Cow<'h, str>),
    /// `<!-- … -->`, its inside.
    Comment(&'h str),
    /// `<!DOCTYPE …>` and the like, its inside.
    Declaration(&'h str),
}

/// A start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'h> {
    /// The element's name in lower case.
    pub name: Cow<'h, str>,
    /// What follows the name inside `<…>`.
    attributes: &'h str,
    /// Where `attributes` starts in the page.
    offset: usize,
    /// Written as `<name … />`.
    pub self_closing: bool,
}

/// One attribute of a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'h> {
    pub name: &'h str,
    /// The value as written (character references still escaped); empty for a bare name.
    pub value: &'h str,
    /// Where the value starts in the page (for line numbers).
    pub offset: usize,
}

impl<'h> Tag<'h> {
    /// Whether the tag is `<name …>`.
    pub fn is(&self, name: &str) -> bool {
        self.name == name
    }

    /// The attributes, in order.
    pub fn attributes(&self) -> Attributes<'h> {
        Attributes {
            rest: self.attributes,
            offset: self.offset,
        }
    }

    /// The value of the attribute `name`, as written.
    pub fn attribute(&self, name: &str) -> Option<&'h str> {
        self.attributes()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.value)
    }

    /// Whether the `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attribute("class")
            .is_some_and(|classes| classes.split_ascii_whitespace().any(|c| c == class))
    }
}

/// The attributes of a tag, read one by one.
#[derive(Debug, Clone)]
pub struct Attributes<'h> {
    rest: &'h str,
    offset: usize,
}

impl<'h> Attributes<'h> {
    fn advance(&mut self, by: usize) {
        self.rest = &self.rest[by..];
        self.offset += by;
    }

    fn skip_spaces(&mut self) {
        let spaces = self.rest.len() - self.rest.trim_start().len();
        self.advance(spaces);
    }
}

impl<'h> Iterator for Attributes<'h> {
    type Item = Attribute<'h>;

    fn next(&mut self) -> Option<Attribute<'h>> {
        loop {
            self.skip_spaces();
            if self.rest.is_empty() {
                return None;
            }
            let name_len = self
                .rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(self.rest.len());
            if name_len == 0 {
                // A stray `/` (as in `<br />`).
                self.advance(1);
                continue;
            }
            let name = &self.rest[..name_len];
            self.advance(name_len);
            self.skip_spaces();
            let Some(after_equals) = self.rest.strip_prefix('=') else {
                return Some(Attribute {
                    name,
                    value: "",
                    offset: self.offset,
                });
            };
            self.advance(self.rest.len() - after_equals.len());
            self.skip_spaces();
            return Some(self.value(name));
        }
    }
}

impl<'h> Attributes<'h> {
    /// The value at the start of `rest`, quoted or not.
    fn value(&mut self, name: &'h str) -> Attribute<'h> {
        let rest = self.rest;
        let (start, len) = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => (1, rest[1..].find(quote).unwrap_or(rest.len() - 1)),
            _ => (0, rest.find(char::is_whitespace).unwrap_or(rest.len())),
        };
        let attribute = Attribute {
            name,
            value: &rest[start..start + len],
            offset: self.offset + start,
        };
        self.advance((start + len + start).min(rest.len()));
        attribute
    }
}

/// Elements whose content is text up to their end tag, never tags.
const RAW_TEXT: [&str; 2] = ["script", "style"];

/// Reads a page (or a piece of one) token by token.
#[derive(Debug, Clone)]
pub struct Reader<'h> {
    html: &'h str,
    at: usize,
    /// Inside `<script>` or `<style>`: the element whose end tag ends the text.
    raw_text: Option<&'static str>,
}

impl<'h> Reader<'h> {
    pub fn new(html: &'h str) -> Reader<'h> {
        Reader {
            html,
            at: 0,
            raw_text: None,
        }
    }

    /// The text of a `<script>` or `<style>`, up to its end tag.
    fn raw_text(&mut self, element: &str) -> Option<Token<'h>> {
        let rest = &self.html[self.at..];
        let end = find_end_tag(rest, element).unwrap_or(rest.len());
        self.at += end;
        (end > 0).then(|| Token::Text(&rest[..end]))
    }

    /// The tag, comment or declaration at `self.at` (a `<`).
    fn markup(&mut self) -> Option<Token<'h>> {
        let rest = &self.html[self.at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").unwrap_or(comment.len());
            self.at += (4 + end + 3).min(rest.len());
            return Some(Token::Comment(&comment[..end]));
        }
        let Some(end) = tag_end(rest) else {
            self.at = self.html.len();
            return None;
        };
        let inside = &rest[1..end];
        let start = self.at + 1;
        self.at += end + 1;
        if let Some(declaration) = inside.strip_prefix('!') {
            return Some(Token::Declaration(declaration));
        }
        if let Some(name) = inside.strip_prefix('/') {
            return Some(Token::End(lower_case(name.trim_end())));
        }
        let name_len = inside
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(inside.len());
        let name = lower_case(&inside[..name_len]);
        self.raw_text = RAW_TEXT.into_iter().find(|&raw| name == raw);
        Some(Token::Start(Tag {
            name,
            attributes: &inside[name_len..],
            offset: start + name_len,
            self_closing: inside.ends_with('/'),
        }))
    }
}

impl<'h> Iterator for Reader<'h> {
    type Item = Token<'h>;

    fn next(&mut self) -> Option<Token<'h>> {
        if let Some(element) = self.raw_text.take() {
            if let Some(text) = self.raw_text(element) {
                return Some(text);
            }
        }
        let rest = self.html.get(self.at..).filter(|r| !r.is_empty())?;
        match rest.find('<') {
            Some(0) => self.markup(),
            Some(text) => {
                self.at += text;
                Some(Token::Text(&rest[..text]))
            }
            None => {
                self.at = self.html.len();
                Some(Token::Text(rest))
            }
        }
    }
}

/// Where the `>` that ends the tag at the start of `rest` is (a quoted value may hold one).
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    let mut after_equals = false;
    for (i, byte) in rest.bytes().enumerate() {
        match (quote, byte) {
            (Some(q), b) if b == q => {
                quote = None;
                after_equals = false;
            }
            (Some(_), _) => {}
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') if after_equals => quote = Some(byte),
            (None, b'=') => after_equals = true,
            (None, b) if b.is_ascii_whitespace() => {}
            (None, _) => after_equals = false,
        }
    }
    None
}

/// Where `</element` starts in `text`.
fn find_end_tag(text: &str, element: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("</").map(|a| from + a) {
        let name = text[at + 2..].get(..element.len());
        if name.is_some_and(|n| n.eq_ignore_ascii_case(element)) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The text of `html` without its tags and comments (character references stay
/// escaped).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for token in Reader::new(html) {
        if let Token::Text(text) = token {
            out.push_str(text);
        }
    }
    out
}

/// Replaces the character references HTML escaping writes (`&amp;`, `&#39;`, `&#x2F;`
/// and the like); anything else is kept as written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
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
    Cow::Owned(out)
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

    fn start(token: &Token<'_>) -> Option<String> {
        match token {
            Token::Start(tag) => Some(tag.name.to_string()),
            _ => None,
        }
    }

    #[test]
    fn tags_text_and_comments_come_in_order() {
        let html = "<!DOCTYPE html><p class=\"lead\">A &amp; B<br/></p><!-- x > y -->C";
        let tokens: Vec<Token> = Reader::new(html).collect();
        let quoted = "<a title=\"a > b\">x";
        assert_eq!(Reader::new(quoted).nth(1), Some(Token::Text("x")));
        assert_eq!(tokens[0], Token::Declaration("DOCTYPE html"));
        assert_eq!(start(&tokens[1]).as_deref(), Some("p"));
        assert_eq!(tokens[2], Token::Text("A &amp; B"));
        assert!(matches!(&tokens[3], Token::Start(t) if t.is("br") && t.self_closing));
        assert_eq!(tokens[4], Token::End("p".into()));
        assert_eq!(tokens[5], Token::Comment(" x > y "));
        assert_eq!(tokens[6], Token::Text("C"));
        assert_eq!(tokens.len(), 7);
    }

    #[test]
    fn attributes_are_read_with_their_places() {
        let html = "<a class=\"anchor x\"\n href='#a' hidden data-n=3>";
        let Some(Token::Start(tag)) = Reader::new(html).next() else {
            panic!("a start tag");
        };
        let names: Vec<(&str, &str)> = tag.attributes().map(|a| (a.name, a.value)).collect();
        assert_eq!(
            names,
            [
                ("class", "anchor x"),
                ("href", "#a"),
                ("hidden", ""),
                ("data-n", "3")
            ]
        );
        let href = tag.attributes().nth(1).map(|a| a.offset);
        assert_eq!(href.map(|at| &html[at..at + 2]), Some("#a"));
        assert!(tag.has_class("anchor") && !tag.has_class("anch"));
        assert_eq!(tag.attribute("id"), None);
    }

    #[test]
    fn scripts_and_styles_are_text_not_tags() {
        let html = "<script>if (a<b) { x = \"<p id=\\\"no\\\">\"; }</script><p>";
        let starts: Vec<String> = Reader::new(html).filter_map(|t| start(&t)).collect();
        assert_eq!(starts, ["script", "p"]);
    }

    #[test]
    fn tags_are_stripped_and_entities_decoded() {
        assert_eq!(
            strip_tags("心理的<em>安全性</em> &amp;"),
            "心理的安全性 &amp;"
        );
        assert_eq!(
            decode_entities("a &lt;b&gt; &#39;c&#x27; &unknown; & d"),
            "a <b> 'c' &unknown; & d"
        );
    }
}
