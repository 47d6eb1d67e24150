//! The in-page table of contents, read from a page's rendered `<h2>`/`<h3>` headings,
//! so Markdown pages and structured pages get one the same way.

use super::page_language::Html;
use serde::Serialize;

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
    let mut rest = html;
    while let Some(start) = rest.find("<h") {
        rest = &rest[start + 2..];
        let level = match rest.as_bytes().first() {
            Some(b'2') => 2,
            Some(b'3') => 3,
            _ => continue,
        };
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[1..tag_end];
        let close = format!("</h{level}>");
        let Some(end) = rest.find(&close) else { break };
        let inner = &rest[tag_end + 1..end];
        rest = &rest[end..];
        let Some(id) = attribute(tag, "id") else {
            continue;
        };
        // The `#` link and any badge are not part of the heading's name.
        let inner = inner.split(" <a class=\"anchor\"").next().unwrap_or(inner);
        let inner = inner
            .split(" <span class=\"badge\"")
            .next()
            .unwrap_or(inner);
        entries.push(TocEntry {
            level,
            id: id.to_string(),
            title: strip_tags(inner).trim().to_string(),
        });
    }
    entries
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!("{name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// Removes tags, keeping text (entities stay escaped).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
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
