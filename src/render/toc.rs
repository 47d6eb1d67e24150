//! The in-page table of contents, read from a page's rendered `<h2>`/`<h3>` headings,
//! so Markdown pages and structured pages get one the same way.

use super::page_language::Html;
use serde::Serialize;

use crate::html::{Reader, Token};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    /// Heading text as HTML (escaped, tags removed).
    pub title: Html,
}

/// Every `<h2 id=…>` and `<h3 id=…>` in `html`, in order.
pub fn from_html(html: &str) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    let mut tokens = Reader::new(html);
    while let Some(token) = tokens.next() {
        let Token::Start(tag) = token else { continue };
        let level = match tag.name.as_ref() {
            "h2" => 2,
            "h3" => 3,
            _ => continue,
        };
        let title = heading_text(&mut tokens, &tag.name);
        if let Some(id) = tag.attribute("id") {
            entries.push(TocEntry {
                level,
                id: id.to_string(),
                title: title.trim().to_string(),
            });
        }
    }
    entries
}

/// The text of the heading whose start tag was just read, up to its end tag (`name`),
/// without tags; the `#` link and any badge are not part of the heading's name.
fn heading_text(tokens: &mut Reader<'_>, name: &str) -> Html {
    let mut text = String::new();
    let mut named = true;
    for token in tokens {
        match token {
            Token::End(end) if end == name => break,
            Token::Text(part) if named => text.push_str(part),
            Token::Start(tag)
                if (tag.is("a") && tag.has_class("anchor"))
                    || (tag.is("span") && tag.has_class("badge")) =>
            {
                named = false
            }
            _ => {}
        }
    }
    text
}

/// Removes tags, keeping text (entities stay escaped).
pub fn strip_tags(html: &str) -> String {
    crate::html::strip_tags(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_ids_become_entries() {
        let html = "<h2 id=\"心理的安全性\">心理的<em>安全性</em> <a class=\"anchor\" href=\"#x\">#</a></h2><p>x</p><h3 id=\"a\">A &amp; B</h3><h4 id=\"z\">no</h4><h2>no id</h2>";
        let toc = from_html(html);
        assert_eq!(toc.len(), 2);
        assert_eq!(
            toc[0],
            TocEntry {
                level: 2,
                id: "心理的安全性".into(),
                title: "心理的安全性".into()
            }
        );
        assert_eq!(toc[1].title, "A &amp; B");
    }
}
