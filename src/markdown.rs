//! Markdown: the one set of parser options, heading anchors that keep Japanese text,
//! links rewritten through a resolver, and link extraction for validation.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// The parser options every Markdown text in the site is read with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A heading in a Markdown text, with the anchor id it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// What other stages need to know of a Markdown text without rendering it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    pub headings: Vec<Heading>,
    /// Each link's destination as written, with the byte offset where the link starts.
    pub links: Vec<(String, usize)>,
    /// Raw HTML that runs code, with the byte offset where it starts (found once per
    /// file read, not again at every rebuild of serve).
    pub risky: Vec<(RiskyHtml, usize)>,
}

impl Outline {
    pub fn of(markdown: &str) -> Outline {
        Outline {
            headings: headings(markdown),
            links: links(markdown),
            risky: risky_html(markdown),
        }
    }
}

/// How to render one Markdown text.
pub struct RenderOptions<'a> {
    /// Put before every heading id (the print view keeps ids unique this way).
    pub id_prefix: &'a str,
    /// Markdown pages may carry raw HTML; text from YAML may not (it is escaped).
    pub allow_html: bool,
    /// Turns a link as written into the href to emit; `None` keeps it as written.
    pub resolve_link: &'a dyn Fn(&str) -> Option<String>,
    /// Accessible name of the `#` link after each heading.
    pub anchor_label: &'a str,
}

/// Rendered HTML and the headings in it (ids already prefixed).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Turns heading text into an anchor id: lower-case ASCII, spaces to `-`, other
/// punctuation dropped, letters of every script (漢字, かな) kept.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() {
        "section".to_string()
    } else {
        slug
    }
}

/// Every heading in a text with the id it will get (unique within the text).
pub fn headings(markdown: &str) -> Vec<Heading> {
    let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    let mut ids = Ids::default();
    let mut found = Vec::new();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[index] {
            let (text, end) = heading_text(&events, index);
            found.push(Heading {
                level: level_number(*level),
                id: ids.claim(id.as_deref(), &text),
                text,
            });
            index = end;
        }
        index += 1;
    }
    found
}

/// Every link destination with the byte offset where the link starts.
pub fn links(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url.to_string(), range.start)),
            _ => None,
        })
        .collect()
}

/// The schemes a link written in content may use; a link without one is relative.
pub const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The scheme of a link destination, lower-cased, when it is not one of
/// [`SAFE_SCHEMES`] (`javascript`, `data`, `vbscript`, …). Read as a browser reads it:
/// tabs and line breaks anywhere and spaces or control characters in front do not
/// hide it (character references are already decoded by the Markdown parser).
pub fn unsafe_scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    let end = cleaned.find([':', '/', '?', '#'])?;
    if !cleaned[end..].starts_with(':') {
        return None;
    }
    let scheme = cleaned[..end].to_ascii_lowercase();
    (!SAFE_SCHEMES.contains(&scheme.as_str())).then_some(scheme)
}

/// What raw HTML in a Markdown page may do that runs code in a reader's browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskyHtml {
    Script,
    EventHandler,
    ScriptLink,
}

/// The risky things in the raw HTML of `markdown`, each with the byte offset of the
/// HTML it is in.
pub fn risky_html(markdown: &str) -> Vec<(RiskyHtml, usize)> {
    // Consecutive pieces of HTML (the lines of one HTML block) are read together, so
    // a tag written over several lines is seen whole.
    let mut chunks: Vec<(String, usize)> = Vec::new();
    let mut after_html = false;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        let html = match &event {
            Event::Html(raw) | Event::InlineHtml(raw) => Some(raw),
            _ => None,
        };
        if let Some(raw) = html {
            match chunks.last_mut() {
                Some((chunk, _)) if after_html => chunk.push_str(raw),
                _ => chunks.push((raw.to_string(), range.start)),
            }
        }
        after_html = html.is_some();
    }
    let mut found = Vec::new();
    for (raw, start) in chunks {
        let raw: String = raw
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect::<String>()
            .to_ascii_lowercase();
        let compact: String = raw.chars().filter(|c| *c != ' ').collect();
        if raw.contains("<script") {
            found.push((RiskyHtml::Script, start));
        }
        if has_event_handler(&raw) {
            found.push((RiskyHtml::EventHandler, start));
        }
        if compact.contains("javascript:") || compact.contains("vbscript:") {
            found.push((RiskyHtml::ScriptLink, start));
        }
    }
    found
}

/// Whether `html` (lower-cased) has an attribute `on…=` inside a tag.
fn has_event_handler(html: &str) -> bool {
    let bytes = html.as_bytes();
    let mut in_tag = false;
    for (at, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b'o' if in_tag
                && at > 0
                && matches!(bytes[at - 1], b' ' | b'/' | b'"' | b'\'')
                && bytes.get(at + 1) == Some(&b'n') =>
            {
                let name_end = bytes[at + 2..]
                    .iter()
                    .position(|c| !c.is_ascii_alphabetic())
                    .map_or(bytes.len(), |n| at + 2 + n);
                let rest = html[name_end..].trim_start();
                if name_end > at + 2 && rest.starts_with('=') {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Renders a block of Markdown.
pub fn render(markdown: &str, options: &RenderOptions) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, self::options()).collect();
    let mut ids = Ids::default();
    let mut headings = Vec::new();
    let mut index = 0;
    while index < events.len() {
        match &events[index] {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let (text, end) = heading_text(&events, index);
                let heading = Heading {
                    level: level_number(*level),
                    id: format!("{}{}", options.id_prefix, ids.claim(id.as_deref(), &text)),
                    text,
                };
                let [start, end_tag] = heading_tags(&heading, options.anchor_label);
                (events[index], events[end]) = (start, end_tag);
                headings.push(heading);
                index = end;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(href) = rewritten_link(dest_url, options) {
                    events[index] = Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: CowStr::from(href),
                        title: title.clone(),
                        id: id.clone(),
                    });
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !options.allow_html => {
                events[index] = Event::Text(raw.clone());
            }
            _ => {}
        }
        index += 1;
    }
    let mut html_out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html_out, events.into_iter());
    Rendered {
        html: html_out,
        headings,
    }
}

/// The start and end tags of a heading: its id, and the `#` link to it before the end.
fn heading_tags(heading: &Heading, anchor_label: &str) -> [Event<'static>; 2] {
    let n = heading.level;
    let id = escape_html(&heading.id);
    [
        Event::Html(CowStr::from(format!("<h{n} id=\"{id}\">"))),
        Event::Html(CowStr::from(format!(
            " <a class=\"anchor\" href=\"#{id}\" aria-label=\"{}\">#</a></h{n}>\n",
            escape_html(anchor_label),
        ))),
    ]
}

/// Where a link written as `dest` leads in the page, if not where it says: a fragment
/// gets the page's id prefix, a page is resolved to its file.
fn rewritten_link(dest: &str, options: &RenderOptions) -> Option<String> {
    match dest.strip_prefix('#') {
        Some(fragment) if !options.id_prefix.is_empty() => {
            Some(format!("#{}{fragment}", options.id_prefix))
        }
        // An error the build reports (links.rs); never written out.
        _ if unsafe_scheme(dest).is_some() => Some("#".to_string()),
        _ => (options.resolve_link)(dest),
    }
}

/// Renders a short text (a list item, a cell): one paragraph loses its `<p>`.
pub fn render_inline(markdown: &str, options: &RenderOptions) -> String {
    let html = render(markdown, options).html;
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// The plain text of a heading starting at `start`, and the index of its end event.
fn heading_text(events: &[Event], start: usize) -> (String, usize) {
    let mut text = String::new();
    for (offset, event) in events[start + 1..].iter().enumerate() {
        match event {
            Event::End(TagEnd::Heading(_)) => return (text, start + 1 + offset),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    (text, events.len() - 1)
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// The ids the theme's templates give their own elements on every page (layout.html)
/// and on the search page (and serve's error overlay). A heading never takes one: `## Main` gets `main-1`, so the
/// skip link still leads to the page's `<main>`.
pub const LAYOUT_IDS: [&str; 13] = [
    "main",
    "print-contents-title",
    "print-history",
    "site-nav",
    "site-search",
    "toc-title",
    "search-hint",
    "search-input",
    "search-results",
    "search-status",
    "search-strings",
    "policy-site-overlay",
    "policy-site-overlay-title",
];

/// The ids the templates give the sections of the structured pages.
pub const SECTION_IDS: [&str; 16] = [
    "at-a-glance",
    "by-rank",
    "by-role",
    "change",
    "change-expectations",
    "change-weights",
    "competencies",
    "ideal-title",
    "matrix",
    "mindsets",
    "overview",
    "ranks",
    "related-plans",
    "statement",
    "tiers",
    "weights",
];

/// Whether `id` is one the templates write themselves (no content id may be one).
pub fn is_template_id(id: &str) -> bool {
    LAYOUT_IDS.contains(&id) || SECTION_IDS.contains(&id)
}

/// Hands out unique ids within one text: `a`, `a-1`, `a-2`; the template's own ids
/// count as taken.
struct Ids(HashMap<String, usize>);

impl Default for Ids {
    fn default() -> Self {
        Ids(LAYOUT_IDS.iter().map(|id| (id.to_string(), 1)).collect())
    }
}

impl Ids {
    fn claim(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit.map_or_else(|| slugify(text), str::to_string);
        let count = self.0.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{}", *count - 1)
        }
    }
}

/// Escapes text for an HTML element body or a double-quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(_: &str) -> Option<String> {
        None
    }

    fn opts() -> RenderOptions<'static> {
        RenderOptions {
            id_prefix: "",
            allow_html: true,
            resolve_link: &keep,
            anchor_label: "link",
        }
    }

    #[test]
    fn japanese_headings_keep_their_text_as_anchor() {
        assert_eq!(slugify("心理的安全性とは"), "心理的安全性とは");
        assert_eq!(slugify("What is OJT?"), "what-is-ojt");
        assert_eq!(
            slugify("職場における人材育成（OJT）"),
            "職場における人材育成ojt"
        );
        assert_eq!(slugify("？！"), "section");
    }

    #[test]
    fn repeated_headings_get_distinct_ids() {
        let found = headings("## 概要\n\ntext\n\n## 概要\n\n### Detail {#custom}\n");
        let ids: Vec<_> = found.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["概要", "概要-1", "custom"]);
    }

    #[test]
    fn headings_get_ids_and_links_are_rewritten() {
        let resolve = |dest: &str| (dest == "training.md").then(|| "training.html".to_string());
        let options = RenderOptions {
            resolve_link: &resolve,
            ..opts()
        };
        let out = render(
            "## 研修\n\nSee [研修](training.md) and [x](https://example.org).",
            &options,
        );
        assert!(
            out.html
                .contains("<h2 id=\"研修\">研修 <a class=\"anchor\" href=\"#研修\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("href=\"training.html\""));
        assert!(out.html.contains("href=\"https://example.org\""));
        assert_eq!(out.headings.len(), 1);
    }

    #[test]
    fn yaml_text_cannot_inject_html_but_pages_can_use_it() {
        let options = RenderOptions {
            allow_html: false,
            ..opts()
        };
        let out = render("<script>alert(1)</script> and <b>x</b>", &options);
        assert!(!out.html.contains("<script>"), "{}", out.html);
        assert!(out.html.contains("&lt;script&gt;"));
        assert!(render("<b>x</b>", &opts()).html.contains("<b>x</b>"));
    }

    #[test]
    fn print_prefix_applies_to_ids_and_same_page_links() {
        let options = RenderOptions {
            id_prefix: "intro--",
            ..opts()
        };
        let out = render("## A\n\n[back](#a)", &options);
        assert!(out.html.contains("id=\"intro--a\""));
        assert!(out.html.contains("href=\"#intro--a\""));
    }

    #[test]
    fn inline_rendering_drops_a_single_paragraph() {
        assert_eq!(render_inline("**強調**", &opts()), "<strong>強調</strong>");
    }

    #[test]
    fn only_safe_schemes_are_allowed_in_any_disguise() {
        for safe in [
            "https://example.org",
            "HTTP://example.org",
            "mailto:hr@example.org",
            "tel:+81-285-00-0000",
            "training.md",
            "ranks/kakaricho#role",
            "#top",
            "//example.org/x",
            "a/b:c",
            "?q=a:b",
        ] {
            assert_eq!(unsafe_scheme(safe), None, "{safe}");
        }
        for (bad, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JavaScript:alert(1)", "javascript"),
            ("  javascript:alert(1)", "javascript"),
            ("\u{1}javascript:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("jav\nascript:alert(1)", "javascript"),
            ("data:text/html,<script>alert(1)</script>", "data"),
            ("VBScript:msgbox(1)", "vbscript"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(unsafe_scheme(bad).as_deref(), Some(scheme), "{bad:?}");
        }
    }

    #[test]
    fn an_unsafe_link_is_never_written_out() {
        let html = render(
            "[a](javascript:alert(1)) [b](&#106;avascript:alert(1)) [c](<data:text/html,x>)",
            &opts(),
        )
        .html;
        assert!(!html.contains("script:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert_eq!(html.matches("href=\"#\"").count(), 3, "{html}");
    }

    #[test]
    fn scripts_handlers_and_script_links_in_raw_html_are_found() {
        let kinds = |md: &str| {
            risky_html(md)
                .into_iter()
                .map(|(k, _)| k)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            kinds("text\n\n<script>alert(1)</script>\n"),
            [RiskyHtml::Script]
        );
        assert_eq!(kinds("<SCRIPT src=x></SCRIPT>"), [RiskyHtml::Script]);
        assert_eq!(
            kinds("a <img src=x onerror=alert(1)> b"),
            [RiskyHtml::EventHandler]
        );
        assert_eq!(
            kinds("<div\nonClick = \"go()\">x</div>"),
            [RiskyHtml::EventHandler]
        );
        assert_eq!(
            kinds("<a href=\" JavaScript:go()\">x</a>"),
            [RiskyHtml::ScriptLink]
        );
        for fine in [
            "<details><summary>More</summary>\n\nText\n</details>",
            "<span class=\"online\">on = off</span>",
            "<a href=\"https://example.org/?on=1\">x</a>",
            "`<script>` in code is text",
        ] {
            assert_eq!(kinds(fine), [], "{fine}");
        }
    }

    #[test]
    fn headings_never_take_an_id_of_the_template() {
        let ids: Vec<String> = headings("## Main\n\n## Site nav\n\n## Mainly {#toc-title}\n")
            .into_iter()
            .map(|h| h.id)
            .collect();
        assert_eq!(ids, ["main-1", "site-nav-1", "toc-title-1"]);
        let html = render("## Main\n", &opts()).html;
        assert!(html.contains("id=\"main-1\""), "{html}");
    }

    /// Every id the templates write is known here: literal ones, the `{{ p }}name`
    /// ones of the structured pages and those made with `lx.id("name")`.
    #[test]
    fn every_id_the_templates_write_is_reserved() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found = Vec::new();
        let mut sources = Vec::new();
        for folder in [
            "themes/default/templates",
            "themes/default/templates/body",
            "src/render",
            "src/serve",
        ] {
            for entry in std::fs::read_dir(root.join(folder)).expect("a folder") {
                let path = entry.expect("an entry").path();
                if path.is_file() {
                    sources.push(std::fs::read_to_string(&path).expect("a text file"));
                }
            }
        }
        for text in &sources {
            for piece in text.split("id=\"").skip(1) {
                let value = piece.split('"').next().unwrap_or_default();
                if let Some(name) = value.strip_prefix("{{ p }}") {
                    found.push(name.to_string());
                } else if !value.contains('{') && !value.is_empty() {
                    found.push(value.to_string());
                }
            }
            for piece in text.split("lx.id(\"").skip(1) {
                found.push(piece.split('"').next().unwrap_or_default().to_string());
            }
            for piece in text.split(".id = \"").skip(1) {
                found.push(piece.split('"').next().unwrap_or_default().to_string());
            }
        }
        assert!(found.iter().any(|id| id == "site-nav"), "{found:?}");
        for id in found {
            assert!(
                is_template_id(&id),
                "the template id `{id}` is not reserved"
            );
        }
    }

    #[test]
    fn links_report_their_offsets() {
        assert_eq!(
            links("abc [x](a.md)\n[y](b)"),
            [("a.md".to_string(), 4), ("b".to_string(), 14)]
        );
    }
}
