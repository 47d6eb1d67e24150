//! Resolving links as written in content (`training.md#x`, `ranks/kakaricho`,
//! `mindsets#public-service`, `#heading`) to routes and anchors.

use super::Routes;
use crate::diagnostics::closest;

/// Where a link was written: the content file and the language of the text.
#[derive(Debug, Clone, Copy)]
pub struct LinkSource<'a> {
    /// `content/pages/handbook/ojt.ja.md`, `content/glossary.yaml`
    pub file: &'a str,
    pub lang: &'a str,
    /// The route of the page the link sits on, for `#heading` links.
    pub route: Option<usize>,
}

/// Why a link leads nowhere, in words for the editor, in English and in Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    /// `broken-link`, or `unsafe-link` for a scheme a page may not link to.
    pub code: &'static str,
    pub message: String,
    pub message_ja: String,
    pub hint: Option<String>,
    pub hint_ja: Option<String>,
}

/// A link that leads somewhere inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub route: usize,
    pub fragment: Option<String>,
}

/// A link whose scheme could run code or carry a page of its own.
fn unsafe_link(dest: &str, scheme: &str) -> LinkError {
    const SHOWN: usize = 60;
    let shown: String = if dest.chars().count() > SHOWN {
        dest.chars().take(SHOWN).chain(['…']).collect()
    } else {
        dest.to_string()
    };
    let shown = shown.replace(['\n', '\r', '\t'], " ");
    LinkError {
        code: "unsafe-link",
        message: format!("the link `{shown}` starts with `{scheme}:`, which a page may not link to: links may only be web addresses (http:, https:), mailto:, tel: or pages of this site"),
        message_ja: format!("リンク `{shown}` は `{scheme}:` で始まっています。このようなリンクは使えません。使えるのはウェブのアドレス（http:、https:）、mailto:、tel: と、このサイトのページへのリンクだけです"),
        hint: Some("write the address of a web page (https://…) or the name of a page of the site (`training.md`, `mindsets`)".into()),
        hint_ja: Some("ウェブページのアドレス（https://…）か、サイトのページの名前（`training.md`、`mindsets`）を書いてください".into()),
    }
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

impl Routes {
    /// `Ok(None)` for links that leave the site (left as written).
    pub fn resolve(&self, source: LinkSource, dest: &str) -> Result<Option<Target>, LinkError> {
        if let Some(scheme) = crate::markdown::unsafe_scheme(dest) {
            return Err(unsafe_link(dest, &scheme));
        }
        if is_external(dest) || dest.is_empty() {
            return Ok(None);
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (dest, None),
        };
        let route = if path.is_empty() {
            source.route.ok_or_else(|| LinkError {
                code: "broken-link",
                message: format!("the link `{dest}` points to a heading on the same page, but this text is not on a page of its own"),
                message_ja: format!("リンク `{dest}` は同じページの見出しを指していますが、この文章には自分のページがありません"),
                hint: Some("name the page too, e.g. `mindsets#public-service`".into()),
                hint_ja: Some("ページの名前も書いてください。例：`mindsets#public-service`".into()),
            })?
        } else {
            self.route_for(source.file, path)?
        };
        if let Some(anchor) = &fragment {
            if !self.has_anchor(route, source.lang, anchor) {
                let known: Vec<String> = self
                    .anchors
                    .get(&(route, source.lang.to_string()))
                    .map(|a| a.iter().cloned().collect())
                    .unwrap_or_default();
                let near = closest(anchor, known.iter().map(String::as_str));
                let key = &self.routes[route].key;
                let list = known.join(", ");
                return Err(LinkError {
                    code: "broken-link",
                    message: format!("the link `{dest}` names the anchor `#{anchor}`, which the page `{key}` does not have"),
                    message_ja: format!("リンク `{dest}` は `#{anchor}` の位置を指していますが、ページ `{key}` にはその位置（見出しや項目）がありません"),
                    hint: Some(format!(
                        "{}anchors there: {list}",
                        near.map(|n| format!("did you mean `#{n}`? ")).unwrap_or_default()
                    )),
                    hint_ja: Some(format!(
                        "{}そのページにある位置：{list}",
                        near.map(|n| format!("`#{n}` の誤りではありませんか？ ")).unwrap_or_default()
                    )),
                });
            }
        }
        Ok(Some(Target { route, fragment }))
    }

    /// The href to write on the page at `from` (a route) for a link as written.
    pub fn href(&self, source: LinkSource, from: usize, dest: &str) -> Option<String> {
        let target = self.resolve(source, dest).ok()??;
        Some(self.link(from, target.route, target.fragment.as_deref()))
    }

    fn route_for(&self, file: &str, path: &str) -> Result<usize, LinkError> {
        let key = if path.ends_with(".md") {
            page_key(file, path)
        } else {
            path.trim_start_matches('/')
                .trim_end_matches(".html")
                .to_string()
        };
        if let Some(route) = self.get(&key) {
            return Ok(route);
        }
        let keys: Vec<&str> = self.keys().collect();
        let (hint, hint_ja) = match closest(&key, keys.iter().copied()) {
            Some(near) => (
                format!("did you mean `{near}`?"),
                format!("`{near}` の誤りではありませんか？"),
            ),
            None => (
                "link to a page file (`introduction.md`) or a built-in page (`mindsets`, `ranks/kakaricho`); see docs/content-format.md".to_string(),
                "ページのファイル（`introduction.md`）か、組み込みのページ（`mindsets`、`ranks/kakaricho`）にリンクしてください。書き方は docs/content-format.md にあります".to_string(),
            ),
        };
        Err(LinkError {
            code: "broken-link",
            message: format!("the link `{path}` leads to no page (looked for `{key}`)"),
            message_ja: format!(
                "リンク `{path}` の行き先のページがありません（`{key}` を探しました）"
            ),
            hint: Some(hint),
            hint_ja: Some(hint_ja),
        })
    }
}

/// The page key a `.md` link names: relative to the folder of the file it is
/// written in; from a YAML file, relative to `content/pages/` as well.
fn page_key(file: &str, path: &str) -> String {
    let folder = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let base = if folder.starts_with("content/pages") {
        folder.to_string()
    } else {
        "content/pages".to_string()
    };
    // From a YAML file, `pages/x.md` and `x.md` both name `content/pages/x.md`.
    let path = if folder.starts_with("content/pages") {
        path
    } else {
        path.strip_prefix("pages/").unwrap_or(path)
    };
    let joined = if let Some(rest) = path.strip_prefix("content/pages/") {
        rest.to_string()
    } else {
        normalise(&format!("{base}/{path}"))
            .trim_start_matches("content/pages/")
            .to_string()
    };
    let stem = joined.trim_end_matches(".md");
    // `training.ja.md` names the same page as `training.md`.
    let stem = match stem.rsplit_once('.') {
        Some((key, lang))
            if lang.len() <= 5 && lang.chars().all(|c| c.is_ascii_lowercase() || c == '-') =>
        {
            key
        }
        _ => stem,
    };
    stem.strip_suffix("/_index").unwrap_or(stem).to_string()
}

/// Folds `.` and `..` segments.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md_links_are_relative_to_the_file_they_are_written_in() {
        assert_eq!(
            page_key("content/pages/intro.ja.md", "training.md"),
            "training"
        );
        assert_eq!(
            page_key("content/pages/handbook/ojt.ja.md", "../training.md"),
            "training"
        );
        assert_eq!(
            page_key("content/pages/handbook/ojt.ja.md", "mentoring.md"),
            "handbook/mentoring"
        );
        assert_eq!(
            page_key("content/pages/intro.ja.md", "handbook/_index.md"),
            "handbook"
        );
        assert_eq!(
            page_key("content/glossary.yaml", "promotion.md"),
            "promotion"
        );
        assert_eq!(
            page_key("content/glossary.yaml", "pages/promotion.md"),
            "promotion"
        );
        assert_eq!(
            page_key("content/pages/intro.en.md", "training.en.md"),
            "training"
        );
    }

    #[test]
    fn schemes_are_external() {
        assert!(is_external("https://example.org"));
        assert!(is_external("mailto:hr@example.org"));
        assert!(!is_external("ranks/kakaricho"));
        assert!(!is_external("mindsets#public-service"));
    }
}
