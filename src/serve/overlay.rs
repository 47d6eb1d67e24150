//! What `serve` adds to the HTML it serves (never to what `build` writes): a small
//! script that listens for build status and reloads the page or draws the error
//! overlay; and the page shown when nothing has built yet.
//!
//! The overlay's own words and the findings' messages and hints follow the page's
//! `<html lang>`: Japanese (`message_ja`, `hint_ja`) on Japanese pages, English on
//! every other. Every text from a finding is set with `textContent` (script) or
//! escaped (page), never parsed as HTML.

use super::paths::EVENTS_PATH;
use super::reload::Status;
use serde_json::json;

/// The overlay's words: key, Japanese, English. `{n}` is a number.
const WORDS: &[(&str, &str, &str)] = &[
    (
        "title",
        "サイトをビルドできません",
        "The site cannot be built",
    ),
    (
        "lastGood",
        "下に見えているのは、最後にビルドできたときのページです。ファイルを直して保存すると、このページは自動で更新されます。",
        "Underneath is this page as it was at the last good build. Fix the file and save: this page updates by itself.",
    ),
    (
        "noBuild",
        "まだ一度もビルドできていません。ファイルを直して保存すると、このページは自動で更新されます。",
        "Nothing has been built yet. Fix the file and save: this page updates by itself.",
    ),
    ("errors", "エラー {n} 件", "{n} error(s)"),
    ("warnings", "警告 {n} 件", "{n} warning(s)"),
    ("line", "{n} 行目", "line {n}"),
    ("column", "{n} 文字目", "column {n}"),
    ("field", "項目", "Field"),
    ("hint", "対処", "What to do"),
    ("error", "エラー", "Error"),
    ("warning", "警告", "Warning"),
    ("hide", "閉じる", "Hide"),
    (
        "terminal",
        "同じ内容がターミナルにも表示されています。",
        "The terminal shows the same messages.",
    ),
];

/// The words of one language (Japanese for `ja`, English otherwise).
pub fn word(lang: &str, key: &str) -> &'static str {
    WORDS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, ja, en)| if lang == "ja" { ja } else { en })
}

fn words_json() -> serde_json::Value {
    let table = |pick: fn(&(&str, &'static str, &'static str)) -> &'static str| {
        WORDS
            .iter()
            .map(|entry| (entry.0.to_string(), json!(pick(entry))))
            .collect::<serde_json::Map<_, _>>()
    };
    json!({ "ja": table(|e| e.1), "en": table(|e| e.2) })
}

/// JSON that is safe inside a `<script>` element.
fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The `<script>` element added to every served HTML page of build `build`.
pub fn script(build: Option<&str>) -> String {
    let code = SCRIPT
        .replace("__BUILD__", &script_json(&json!(build)))
        .replace("__EVENTS__", &script_json(&json!(EVENTS_PATH)))
        .replace("__WORDS__", &script_json(&words_json()))
        .replace("__CSS__", &script_json(&json!(CSS)));
    format!("<script data-policy-site-serve>\n{code}</script>\n")
}

/// `html` with `script` inserted before its last `</body>` (or at the end).
pub fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// `<base href>` right after `<head>`, so a page served at another address (the 404
/// page, shown for any missing path) still finds its stylesheet and links.
pub fn with_base(html: &[u8], href: &str) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let Some(head) = lower.windows(6).position(|w| w == b"<head>") else {
        return html.to_vec();
    };
    let at = head + 6;
    let tag = format!("\n<base href=\"{}\">", escape(href));
    [&html[..at], tag.as_bytes(), &html[at..]].concat()
}

/// The page every HTML request gets while nothing has built yet: the findings as
/// the terminal shows them, and the script that turns them into the overlay and
/// reloads once a build succeeds.
pub fn nothing_built_page(lang: &str, status: &Status) -> String {
    let findings: String = status
        .problems
        .iter()
        .map(|p| escape(p.text_for(lang)) + "\n\n")
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>{title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>{lead}</p>\n\
<pre>{findings}</pre>\n</main>\n{script}</body>\n</html>\n",
        lang = escape(lang),
        title = word(lang, "title"),
        lead = word(lang, "noBuild"),
        script = script(None),
    )
}

pub use crate::markdown::escape_html as escape;

/// The overlay's style, inside its shadow root so the page's own style cannot reach it.
const CSS: &str = include_str!("overlay.css");

/// The script added to every served page. `__BUILD__`, `__EVENTS__`, `__WORDS__` and
/// `__CSS__` are replaced by JSON values (see [`script`]).
const SCRIPT: &str = include_str!("overlay.js");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Diagnostics};

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, "<script>s</script>")).expect("utf-8");
        assert_eq!(out, "<html><body><p>x</p><script>s</script></BODY></html>");
        let bare = String::from_utf8(inject(b"<p>x</p>", "<s>")).expect("utf-8");
        assert_eq!(bare, "<p>x</p><s>");
    }

    #[test]
    fn the_script_carries_the_build_and_no_closing_tag_in_its_data() {
        let s = script(Some("abc-1"));
        assert!(s.contains(r#"var page = "abc-1";"#));
        assert!(script(None).contains("var page = null;"));
        assert!(s.contains("\"/_policy-site/events\""));
        assert_eq!(s.matches("</script>").count(), 1, "{s}");
        assert!(s.contains("サイトをビルドできません"));
    }

    #[test]
    fn the_embedded_script_and_style_are_filled_in_whole() {
        let s = script(Some("abc-1"));
        assert!(
            !s.contains("__"),
            "a placeholder of overlay.js is left: {s}"
        );
        assert!(s.contains("attachShadow"), "overlay.js is embedded");
        assert!(
            s.contains(":host { all: initial; }"),
            "overlay.css is embedded"
        );
    }

    #[test]
    fn the_nothing_built_page_escapes_findings() {
        let diagnostics = Diagnostics::from_iter([Diagnostic::error(
            "unknown-field",
            "`<img src=x onerror=alert(1)>` is not a field that can be used here",
            "`<img src=x onerror=alert(1)>` はここでは使えない項目です",
        )
        .in_file("content/ranks.yaml")]);
        let status = Status::failed(None, &diagnostics);
        let page = nothing_built_page("en", &status);
        assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!page.contains("<img"));
        assert!(page.contains("<html lang=\"en\">"));
        assert!(page.contains("The site cannot be built"));
        assert!(page.contains("is not a field that can be used here"));
        assert!(!page.contains("使えない項目"));
        let page = nothing_built_page("ja", &status);
        assert!(page.contains("サイトをビルドできません"));
        assert!(page.contains("エラー[unknown-field]: content/ranks.yaml: `&lt;img src=x onerror=alert(1)&gt;` はここでは使えない項目です"));
        assert!(!page.contains("<img"));
        assert!(!page.contains("is not a field"));
    }

    #[test]
    fn base_goes_right_after_head() {
        let out = with_base(b"<html><head><title>t</title>", "/en/404.html");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "<html><head>\n<base href=\"/en/404.html\"><title>t</title>"
        );
    }
}
