//! Checks on the built site itself: every internal `href`/`src` leads to a file that
//! was built and every fragment to an id on that page; none is absolute. Used by
//! `check` and by the tests, on the files in memory.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::html::{decode_entities, Reader, Token};
use crate::render::OutputFile;
use std::collections::{BTreeMap, BTreeSet};

/// Finds links in built HTML that lead nowhere.
///
/// Each problem is said as the end of a sentence about the link, in English and in
/// Japanese.
pub fn check_links(files: &[OutputFile]) -> Diagnostics {
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let pages: Vec<(&str, String)> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            (
                f.path.as_str(),
                String::from_utf8_lossy(&f.bytes).to_string(),
            )
        })
        .collect();
    for (path, html) in &pages {
        ids.insert(
            path,
            attribute_values(html, "id")
                .into_iter()
                .map(|(v, _)| v)
                .collect(),
        );
    }
    let existing: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut found = Diagnostics::new();
    for (path, html) in &pages {
        for attribute in ["href", "src"] {
            for (target, line) in attribute_values(html, attribute) {
                if let Some((problem, problem_ja)) = problem(path, &target, &existing, &ids) {
                    found.push(
                        Diagnostic::error(
                            "broken-link",
                            format!("the link `{target}` {problem}"),
                            format!("リンク `{target}` は{problem_ja}"),
                        )
                        .at(crate::diagnostics::Location::at(
                            format!("public/{path}"),
                            line,
                            1,
                        )),
                    );
                }
            }
        }
    }
    found
}

fn problem(
    page: &str,
    target: &str,
    existing: &BTreeSet<&str>,
    ids: &BTreeMap<&str, BTreeSet<String>>,
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
    (!known.contains(&decoded)).then(|| {
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
    fn percent_encoded_japanese_fragments_match() {
        assert_eq!(percent_decode("%E5%AE%89"), "安");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
