//! Checks on the built site itself: every internal `href`/`src` leads to a file that
//! was built and every fragment to an id on that page; none is absolute. Used by
//! `check`, fed each file as it is rendered ([`LinkCheck`]), and by the tests.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::{decode_entities, Reader, Token};
use crate::render::OutputFile;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// Finds links in built HTML that lead nowhere.
///
/// Each problem is said as the end of a sentence about the link, in English and in
/// Japanese.
pub fn check_links(files: &[OutputFile]) -> Diagnostics {
    let check = LinkCheck::default();
    for file in files {
        check.add(&file.path, &file.bytes);
    }
    check.problems()
}

/// What the link check keeps of one HTML page: its ids and its links (as numbers
/// into [`Strings`]), not the page itself.
#[derive(Debug, Default)]
struct PageLinks {
    ids: Vec<u32>,
    /// `(link as written, line)`: every `href`, then every `src`.
    links: Vec<(u32, u32)>,
}

/// Each distinct string once: the same sidebar links and ids recur on thousands of
/// pages, so a site's links cost a number each.
#[derive(Debug, Default)]
struct Strings {
    numbers: HashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl Strings {
    fn number(&mut self, text: String) -> u32 {
        if let Some(&n) = self.numbers.get(text.as_str()) {
            return n;
        }
        let n = self.texts.len() as u32;
        let text: Box<str> = text.into_boxed_str();
        self.texts.push(text.clone());
        self.numbers.insert(text, n);
        n
    }
}

#[derive(Debug, Default)]
struct Gathered {
    strings: Strings,
    /// Every file built, with the links of each HTML page.
    files: BTreeMap<String, Option<PageLinks>>,
}

/// The link check fed one file at a time (from many threads at once), as a build
/// renders them: it keeps only each page's ids and links, so checking a site of
/// 20,000 pages does not hold 20,000 pages.
#[derive(Debug, Default)]
pub struct LinkCheck {
    gathered: Mutex<Gathered>,
}

impl LinkCheck {
    /// Adds one built file (its links and ids, if it is an HTML page).
    pub fn add(&self, path: &str, bytes: &[u8]) {
        let read = path.ends_with(".html").then(|| {
            let html = String::from_utf8_lossy(bytes);
            let ids = attribute_values(&html, "id");
            let links: Vec<(String, usize)> = ["href", "src"]
                .into_iter()
                .flat_map(|attribute| attribute_values(&html, attribute))
                .collect();
            (ids, links)
        });
        let mut gathered = self
            .gathered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let page = read.map(|(ids, links)| {
            let strings = &mut gathered.strings;
            PageLinks {
                ids: ids.into_iter().map(|(id, _)| strings.number(id)).collect(),
                links: links
                    .into_iter()
                    .map(|(link, line)| (strings.number(link), line as u32))
                    .collect(),
            }
        });
        gathered.files.insert(path.to_string(), page);
    }

    /// Every link that leads nowhere, page by page in path order.
    pub fn problems(self) -> Diagnostics {
        let gathered = self
            .gathered
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let text = |n: u32| &*gathered.strings.texts[n as usize];
        let ids: BTreeMap<&str, BTreeSet<&str>> = gathered
            .files
            .iter()
            .filter_map(|(path, page)| {
                let page = page.as_ref()?;
                Some((path.as_str(), page.ids.iter().map(|&n| text(n)).collect()))
            })
            .collect();
        let existing: BTreeSet<&str> = gathered.files.keys().map(String::as_str).collect();
        let mut found = Diagnostics::new();
        for (path, page) in &gathered.files {
            for &(target, line) in page.iter().flat_map(|p| &p.links) {
                let target = text(target);
                if let Some((problem, problem_ja)) = problem(path, target, &existing, &ids) {
                    found.push(
                        Diagnostic::error(
                            "broken-link",
                            format!("the link `{target}` {problem}"),
                            format!("リンク `{target}` は{problem_ja}"),
                        )
                        .at(crate::diagnostics::Location::at(
                            format!("public/{path}"),
                            line as usize,
                            1,
                        )),
                    );
                }
            }
        }
        found
    }
}

fn problem(
    page: &str,
    target: &str,
    existing: &BTreeSet<&str>,
    ids: &BTreeMap<&str, BTreeSet<&str>>,
) -> Option<(String, String)> {
    if target.starts_with('/') {
        return Some((
            "is absolute; links must be relative so the site works from any folder".into(),
            "`/` で始まる絶対パスです。どのフォルダに置いてもサイトが動くように、相対パスで書いてください".into(),
        ));
    }
    if target.contains("://")
        || target.starts_with("mailto:")
        || target.starts_with("data:")
        || target.starts_with("javascript:")
    {
        return None;
    }
    let (path, fragment) = match target.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (target, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let resolved = if path.is_empty() {
        page.to_string()
    } else {
        join(page, path)
    };
    let resolved = if resolved.ends_with('/') || resolved.is_empty() {
        format!("{resolved}index.html")
    } else {
        resolved
    };
    if !existing.contains(resolved.as_str()) {
        return Some((
            format!("leads to `{resolved}`, which was not built"),
            format!("`{resolved}` を指していますが、そのファイルは作られていません"),
        ));
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let decoded = percent_decode(fragment);
    let known = ids.get(resolved.as_str())?;
    (!known.contains(decoded.as_str())).then(|| {
        (
            format!("names `#{decoded}`, which `{resolved}` does not have"),
            format!("`#{decoded}` の位置を指していますが、`{resolved}` にはその位置がありません"),
        )
    })
}

/// Resolves `target` relative to the folder of `page`.
fn join(page: &str, target: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in target.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A fragment as the browser matches it against ids: `%XX` escapes decoded (a `%`
/// without two hex digits after it is kept as written).
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Every `name="value"` of the HTML's tags, with its line, in order. Values are
/// unescaped; the text of scripts and styles holds no attributes.
pub fn attribute_values(html: &str, name: &str) -> Vec<(String, usize)> {
    let mut values = Vec::new();
    // Lines are counted as the reading goes, so a large page costs one pass, not one per link.
    let (mut line, mut counted) = (1, 0);
    for token in Reader::new(html) {
        let Token::Start(tag) = token else { continue };
        for attribute in tag.attributes().filter(|a| a.name == name) {
            line += html[counted..attribute.offset].matches('\n').count();
            counted = attribute.offset;
            values.push((decode_entities(attribute.value).into_owned(), line));
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> OutputFile {
        OutputFile::new(path, html.as_bytes().to_vec())
    }

    #[test]
    fn finds_missing_pages_fragments_and_absolute_links() {
        let files = [
            page("ja/index.html", "<a href=\"ranks/a.html#w\">x</a> <a href=\"nope.html\">y</a> <a href=\"/ja/index.html\">z</a> <a href=\"#top\">t</a>"),
            page("ja/ranks/a.html", "<h2 id=\"w\">w</h2><a href=\"../index.html#missing\">back</a>"),
        ];
        let messages: Vec<String> = check_links(&files)
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("nope.html")));
        assert!(messages.iter().any(|m| m.contains("absolute")));
        assert!(messages.iter().any(|m| m.contains("#top")));
        assert!(messages.iter().any(|m| m.contains("#missing")));
    }

    #[test]
    fn attribute_lines_are_counted() {
        let html = "<a href=\"a\">\n\n<a href=\"b\"> <b id=\"x\">\n<a href=\"c&amp;d\">";
        assert_eq!(
            attribute_values(html, "href"),
            [("a".into(), 1), ("b".into(), 3), ("c&d".into(), 4)]
        );
    }

    #[test]
    fn markup_inside_a_script_is_not_a_link() {
        let files = [page(
            "ja/index.html",
            "<script>const row = '<a href=\"/nowhere\" id=\"x\">';</script><a href=\"#x\">x</a>",
        )];
        let messages: Vec<String> = check_links(&files)
            .iter()
            .map(|d| d.message.clone())
            .collect();
        // Only the fragment is reported: the script's text holds no element with id `x`.
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("#x"), "{messages:?}");
    }

    #[test]
    fn the_link_check_fed_in_any_order_from_many_threads_finds_the_same() {
        let files = [
            page(
                "ja/a.html",
                "<a href=\"b.html#x\">b</a> <a href=\"b.html#nope\">b</a>",
            ),
            page("ja/b.html", "<h2 id=\"x\">x</h2><a href=\"a.html\">a</a>"),
            page("ja/c.html", "<img src=\"missing.png\">"),
        ];
        let check = LinkCheck::default();
        std::thread::scope(|threads| {
            for file in files.iter().rev() {
                let check = &check;
                threads.spawn(move || check.add(&file.path, &file.bytes));
            }
        });
        let found = check.problems();
        assert_eq!(found, check_links(&files));
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("#nope") && messages[1].contains("missing.png"));
    }

    #[test]
    fn percent_encoded_japanese_fragments_match() {
        assert_eq!(percent_decode("%E5%AE%89"), "安");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
