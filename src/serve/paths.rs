//! Request target -> key in the built site (`/ja/` -> `ja/index.html`).
//!
//! The site is served from memory, so no request can reach a file outside it; still,
//! every form of escape is refused here by name, so a mistake elsewhere cannot turn
//! into one: `..` and `.` segments (raw, percent-encoded or double-encoded),
//! backslashes, drive letters and other colons, NUL and control characters, empty
//! segments, and bytes that are not UTF-8.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt;

/// Where the live-reload events are served; no file of the site can be there.
pub const EVENTS_PATH: &str = "/_policy-site/events";

/// A request for one key of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `ja/index.html`
    pub key: String,
    /// The path ended with `/`.
    pub directory: bool,
}

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    NotAbsolute,
    BadEncoding,
    DoubleEncoded,
    NotUtf8,
    ControlCharacter,
    Backslash,
    DotSegment,
    EmptySegment,
    Colon,
}

impl Refused {
    /// The reason in Japanese.
    pub fn ja(self) -> &'static str {
        match self {
            Refused::NotAbsolute => "パスは / で始まる必要があります",
            Refused::BadEncoding => "パスの % の後に16進数の2文字がありません",
            Refused::DoubleEncoded => "パスが二重にパーセントエンコードされています",
            Refused::NotUtf8 => "パスが UTF-8 ではありません",
            Refused::ControlCharacter => "パスに制御文字が含まれています",
            Refused::Backslash => "パスにバックスラッシュ（\\）が含まれています",
            Refused::DotSegment => "パスに . または .. の部分が含まれています",
            Refused::EmptySegment => "パスに空の部分（//）が含まれています",
            Refused::Colon => "パスにコロン（:）が含まれています（ドライブ名？）",
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Refused::NotAbsolute => "the path must start with /",
            Refused::BadEncoding => "the path has a % not followed by two hex digits",
            Refused::DoubleEncoded => "the path is percent-encoded twice",
            Refused::NotUtf8 => "the path is not UTF-8",
            Refused::ControlCharacter => "the path contains a control character",
            Refused::Backslash => "the path contains a backslash",
            Refused::DotSegment => "the path contains a . or .. segment",
            Refused::EmptySegment => "the path contains an empty segment (//)",
            Refused::Colon => "the path contains a colon (a drive letter?)",
        };
        f.write_str(text)
    }
}

/// Turns a raw request target (`/ja/ranks/shuji.html?x#y`) into the key of a file.
pub fn normalise(raw: &str) -> Result<Target, Refused> {
    let path = raw.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refused::NotAbsolute);
    }
    if path.contains('\\') {
        return Err(Refused::Backslash);
    }
    let decoded = percent_decode(path)?;
    if contains_escape(&decoded) {
        return Err(Refused::DoubleEncoded);
    }
    let decoded = String::from_utf8(decoded).map_err(|_| Refused::NotUtf8)?;
    check_characters(&decoded)?;
    let directory = decoded.ends_with('/');
    let inner = decoded.trim_start_matches('/');
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    if decoded.starts_with("//") {
        return Err(Refused::EmptySegment);
    }
    let mut segments = Vec::new();
    if !inner.is_empty() {
        for segment in inner.split('/') {
            check_segment(segment)?;
            segments.push(segment);
        }
    }
    if directory {
        segments.push("index.html");
    }
    Ok(Target {
        key: segments.join("/"),
        directory,
    })
}

fn check_characters(path: &str) -> Result<(), Refused> {
    if path.chars().any(char::is_control) {
        return Err(Refused::ControlCharacter);
    }
    if path.contains('\\') {
        return Err(Refused::Backslash);
    }
    Ok(())
}

fn check_segment(segment: &str) -> Result<(), Refused> {
    match segment {
        "" => Err(Refused::EmptySegment),
        "." | ".." => Err(Refused::DotSegment),
        _ if segment.contains(':') => Err(Refused::Colon),
        _ => Ok(()),
    }
}

/// Decodes `%XX` once; a `%` without two hex digits after it is an error.
fn percent_decode(text: &str) -> Result<Vec<u8>, Refused> {
    let bytes = text.as_bytes();
    let malformed = (0..bytes.len()).any(|i| bytes[i] == b'%' && !escape_at(bytes, i));
    if malformed {
        return Err(Refused::BadEncoding);
    }
    Ok(percent_encoding::percent_decode(bytes).collect())
}

/// Whether decoded bytes still hold a `%XX` escape (the path was encoded twice).
fn contains_escape(bytes: &[u8]) -> bool {
    (0..bytes.len()).any(|i| bytes[i] == b'%' && escape_at(bytes, i))
}

/// Whether the `%` at `i` has two hex digits after it.
fn escape_at(bytes: &[u8], i: usize) -> bool {
    bytes
        .get(i + 1..i + 3)
        .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
}

/// What a `Location` header escapes: everything but unreserved characters and `/`.
const LOCATION: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a key for a `Location` header (everything but unreserved characters and `/`).
pub fn encode(key: &str) -> String {
    utf8_percent_encode(key, LOCATION).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(raw: &str) -> String {
        normalise(raw)
            .map(|t| t.key)
            .unwrap_or_else(|e| format!("refused: {e}"))
    }

    #[test]
    fn maps_paths_to_keys() {
        assert_eq!(key("/"), "index.html");
        assert_eq!(key("/ja/"), "ja/index.html");
        assert_eq!(key("/ja"), "ja");
        assert_eq!(key("/ja/ranks/shuji.html?q=1#top"), "ja/ranks/shuji.html");
        assert_eq!(key("/static/style.css"), "static/style.css");
        assert_eq!(
            key("/ja/%E7%A0%94%E4%BF%AE.html"),
            "ja/\u{7814}\u{4fee}.html"
        );
    }

    #[test]
    fn refuses_every_form_of_escape() {
        let cases = [
            ("ja/index.html", Refused::NotAbsolute),
            ("http://evil/ja/", Refused::NotAbsolute),
            ("/../secret", Refused::DotSegment),
            ("/ja/../../secret", Refused::DotSegment),
            ("/ja/./index.html", Refused::DotSegment),
            ("/%2e%2e/secret", Refused::DotSegment),
            ("/%2E%2E%2Fsecret", Refused::DotSegment),
            ("/ja%2f..%2f..%2fsecret", Refused::DotSegment),
            ("/%252e%252e/secret", Refused::DoubleEncoded),
            ("/%25252e", Refused::DoubleEncoded),
            ("/..\\secret", Refused::Backslash),
            ("/..%5csecret", Refused::Backslash),
            ("/..%5Csecret", Refused::Backslash),
            ("/C:/Windows/win.ini", Refused::Colon),
            ("/c:%5cwindows", Refused::Backslash),
            ("/C%3a/Windows", Refused::Colon),
            ("/index.html%00.txt", Refused::ControlCharacter),
            ("/%0d%0aSet-Cookie:x", Refused::ControlCharacter),
            ("//etc/passwd", Refused::EmptySegment),
            ("/ja//index.html", Refused::EmptySegment),
            ("/%", Refused::BadEncoding),
            ("/%zz", Refused::BadEncoding),
            ("/%ff", Refused::NotUtf8),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalise(raw), Err(expected), "{raw}");
        }
    }

    #[test]
    fn encodes_locations() {
        assert_eq!(encode("ja/"), "ja/");
        assert_eq!(encode("ja/研修/"), "ja/%E7%A0%94%E4%BF%AE/");
        assert_eq!(encode("a b"), "a%20b");
    }
}
