//! Reading files under the site root: never outside it (symlinks are resolved and
//! checked), text decoded as UTF-8 with a located error, a BOM dropped, CRLF accepted.

use crate::diagnostics::{display_path, io_reason_ja, Diagnostic, Location};
use std::fs;
use std::path::{Path, PathBuf};

/// The site root, resolved once, against which every read is checked.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// As the user gave it (for messages).
    pub given: PathBuf,
    /// Canonical form (for containment checks).
    canonical: PathBuf,
}

impl SiteRoot {
    pub fn open(root: &Path) -> Result<Self, Diagnostic> {
        let canonical = fs::canonicalize(root).map_err(|error| {
            Diagnostic::error(
                "io",
                format!(
                    "the site folder {} cannot be opened: {error}",
                    root.display()
                ),
                format!(
                    "サイトのフォルダ {} を開けません（{}）",
                    root.display(),
                    io_reason_ja(&error)
                ),
            )
        })?;
        Ok(SiteRoot {
            given: root.to_path_buf(),
            canonical,
        })
    }

    /// `content/mindsets.yaml` for messages.
    pub fn display(&self, path: &Path) -> String {
        display_path(&self.given, path)
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.given.join(relative)
    }

    /// Whether `path` (which may be a symlink) resolves to somewhere inside the root.
    pub fn contains(&self, path: &Path) -> bool {
        fs::canonicalize(path).is_ok_and(|real| real.starts_with(&self.canonical))
    }

    /// Reads a file that must stay inside the root; `Ok(None)` if it does not exist.
    pub fn read_optional(&self, path: &Path) -> Result<Option<Vec<u8>>, Diagnostic> {
        match fs::symlink_metadata(path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.io_error(path, &error)),
            Ok(_) => {}
        }
        if !self.contains(path) {
            return Err(Diagnostic::error(
                "outside-root",
                "this file is a link to somewhere outside the site folder (or a link that leads nowhere), so it is not read",
                "このファイルはサイトのフォルダの外（または存在しない場所）へのリンクなので、読み込みません",
            )
            .in_file(self.display(path))
            .hint(
                "copy the file into the site folder instead of linking to it",
                "リンクではなく、ファイルそのものをサイトのフォルダにコピーしてください",
            ));
        }
        fs::read(path)
            .map(Some)
            .map_err(|error| self.io_error(path, &error))
    }

    /// Reads a text file inside the root as UTF-8; `Ok(None)` if it does not exist.
    pub fn read_text_optional(&self, path: &Path) -> Result<Option<String>, Diagnostic> {
        match self.read_optional(path)? {
            None => Ok(None),
            Some(bytes) => decode_text(&self.display(path), bytes).map(Some),
        }
    }

    fn io_error(&self, path: &Path, error: &std::io::Error) -> Diagnostic {
        Diagnostic::error(
            "io",
            format!("the file cannot be read: {error}"),
            format!("ファイルを読み込めません（{}）", io_reason_ja(error)),
        )
        .in_file(self.display(path))
    }
}

/// Decodes UTF-8, dropping a leading BOM. Invalid bytes are reported by line and column.
pub fn decode_text(file: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(stripped) => stripped.to_string(),
            None => text,
        }),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let before = &error.as_bytes()[..valid];
            // `before` is valid UTF-8 by construction.
            let before = std::str::from_utf8(before).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(Diagnostic::error(
                "not-utf8",
                "the file is not saved as UTF-8 text (it may be Shift_JIS or another encoding)",
                "UTF-8で保存されていません（Shift_JISなど別の文字コードの可能性があります）",
            )
            .at(Location::at(file, line, column))
            .hint(
                "open it in your editor and save it with the encoding \"UTF-8\"",
                "エディタで文字コード「UTF-8」を選んで保存し直してください",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_is_dropped() {
        let text = decode_text("a.yaml", b"\xEF\xBB\xBFtitle: x\r\n".to_vec()).expect("utf-8");
        assert_eq!(text, "title: x\r\n");
    }

    #[test]
    fn shift_jis_is_reported_with_its_position() {
        // "ab\n" then 日本 in Shift_JIS.
        let error =
            decode_text("a.yaml", b"ab\nc\x93\xfa\x96\x7b".to_vec()).expect_err("not utf-8");
        assert_eq!(error.code, "not-utf8");
        assert_eq!((error.line, error.column), (Some(2), Some(2)));
    }
}
