//! Reading files under the site root: never outside it (symlinks are resolved and
//! checked), text decoded as UTF-8 with a located error, a BOM dropped, CRLF accepted.
//! The root is a folder on disk, or a recorded version's content held in memory
//! (read by the same loader, with no file written).

use crate::diagnostics::{display_path, io_reason_ja, Diagnostic, Diagnostics, Location};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use walkdir::WalkDir;

/// The site root, resolved once, against which every read is checked.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// As the user gave it (for messages); empty for a recorded version.
    pub given: PathBuf,
    source: Source,
}

/// Where the site's files are.
#[derive(Debug, Clone)]
enum Source {
    /// A folder on disk, in canonical form (for containment checks).
    Disk { canonical: PathBuf },
    /// A recorded version's files (`content/…` -> text), in memory.
    Recorded(Arc<BTreeMap<String, String>>),
}

/// A file found by [`SiteRoot::walk`], with what tells it changed without reading it.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub stamp: Option<Stamp>,
}

impl Found {
    pub fn file_name(&self) -> std::borrow::Cow<'_, str> {
        self.path
            .file_name()
            .map_or(std::borrow::Cow::Borrowed(""), |name| {
                name.to_string_lossy()
            })
    }
}

/// What tells a file on disk changed without reading it (none for a recorded file,
/// which never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: SystemTime,
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
            source: Source::Disk { canonical },
        })
    }

    /// A recorded version's content (`content/…` -> text) as a site root.
    pub fn recorded(files: Arc<BTreeMap<String, String>>) -> Self {
        SiteRoot {
            given: PathBuf::new(),
            source: Source::Recorded(files),
        }
    }

    /// Whether this is a recorded version (its theme is not read: it is shown in
    /// today's).
    pub fn is_recorded(&self) -> bool {
        matches!(self.source, Source::Recorded(_))
    }

    /// `content/mindsets.yaml` for messages (and a recorded file's name).
    pub fn display(&self, path: &Path) -> String {
        display_path(&self.given, path)
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.given.join(relative)
    }

    /// Whether `path` (which may be a symlink) resolves to somewhere inside the root.
    pub fn contains(&self, path: &Path) -> bool {
        match &self.source {
            Source::Disk { canonical } => {
                fs::canonicalize(path).is_ok_and(|real| real.starts_with(canonical))
            }
            Source::Recorded(_) => true,
        }
    }

    /// Whether `path` is a folder (for a recorded version: whether it holds a file).
    pub fn is_dir(&self, path: &Path) -> bool {
        match &self.source {
            Source::Disk { .. } => path.is_dir(),
            Source::Recorded(files) => {
                let prefix = format!("{}/", self.display(path));
                files
                    .range(prefix.clone()..)
                    .next()
                    .is_some_and(|(name, _)| name.starts_with(&prefix))
            }
        }
    }

    /// The names of the files directly in `dir`, in name order (none if it cannot
    /// be read).
    pub fn file_names(&self, dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = match &self.source {
            Source::Disk { .. } => fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().to_string())
                        .collect()
                })
                .unwrap_or_default(),
            Source::Recorded(files) => {
                let prefix = format!("{}/", self.display(dir));
                files
                    .keys()
                    .filter_map(|name| name.strip_prefix(&prefix))
                    .filter(|rest| !rest.contains('/'))
                    .map(str::to_string)
                    .collect()
            }
        };
        names.sort();
        names
    }

    /// Reads a file that must stay inside the root; `Ok(None)` if it does not exist.
    pub fn read_optional(&self, path: &Path) -> Result<Option<Vec<u8>>, Diagnostic> {
        if let Source::Recorded(files) = &self.source {
            return Ok(files
                .get(&self.display(path))
                .map(|text| text.as_bytes().to_vec()));
        }
        match fs::symlink_metadata(path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.io_error(path, &error)),
            Ok(_) => {}
        }
        if !self.contains(path) {
            return Err(self.outside(path));
        }
        match fs::metadata(path) {
            Ok(metadata) if !metadata.is_file() => return Err(self.special(path)),
            Err(error) => return Err(self.io_error(path, &error)),
            Ok(_) => {}
        }
        fs::read(path)
            .map(Some)
            .map_err(|error| self.io_error(path, &error))
    }

    /// A link (to a file or a folder) that leads out of the site folder.
    fn outside(&self, path: &Path) -> Diagnostic {
        Diagnostic::error(
                "outside-root",
                "this file is a link to somewhere outside the site folder (or a link that leads nowhere), so it is not read",
                "このファイルはサイトのフォルダの外（または存在しない場所）へのリンクなので、読み込みません",
            )
            .in_file(self.display(path))
            .hint(
                "copy the file into the site folder instead of linking to it",
                "リンクではなく、ファイルそのものをサイトのフォルダにコピーしてください",
            )
    }

    /// A folder link that leads out of the site folder: one finding, whatever it holds.
    fn folder_outside(&self, path: &Path) -> Diagnostic {
        Diagnostic::error(
            "outside-root",
            "this folder is a link to a folder outside the site folder, so nothing in it is read",
            "このフォルダはサイトのフォルダの外にあるフォルダへのリンクです。そのため、中のファイルは読み込みません",
        )
        .in_file(self.display(path))
        .hint(
            "copy the folder into the site folder instead of linking to it",
            "リンクではなく、フォルダそのものをサイトのフォルダにコピーしてください",
        )
    }

    /// A named pipe, device or socket where a file was expected: never opened, as
    /// reading one can wait for ever.
    fn special(&self, path: &Path) -> Diagnostic {
        Diagnostic::error(
            "special-file",
            "this is not an ordinary file (it is a named pipe, a device or a socket), so it is not read",
            "これは普通のファイルではありません（名前付きパイプ、デバイス、ソケットのいずれか）。そのため読み込みません",
        )
        .in_file(self.display(path))
        .hint(
            "replace it with an ordinary text file saved by your editor",
            "エディタで保存した普通のテキストファイルに置き換えてください",
        )
    }

    /// Every ordinary file under `dir`, in name order (each folder's files and
    /// subfolders by name). On disk, a folder that cannot be read, a link loop, a
    /// folder link that leads out of the site (one finding, its files not listed)
    /// and special files (named pipes, devices, sockets) are reported and skipped.
    pub fn walk(&self, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<Found> {
        match &self.source {
            Source::Disk { .. } => self.walk_disk(dir, diagnostics),
            Source::Recorded(files) => {
                let prefix = format!("{}/", self.display(dir));
                // A path's order is its components' order: a folder's files and
                // subfolders by name, as walking the folder gives them.
                let mut found: Vec<PathBuf> = files
                    .keys()
                    .filter(|name| name.starts_with(&prefix))
                    .map(|name| self.given.join(name))
                    .collect();
                found.sort();
                found
                    .into_iter()
                    .map(|path| Found { path, stamp: None })
                    .collect()
            }
        }
    }

    fn walk_disk(&self, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<Found> {
        let mut found = Vec::new();
        let mut entries = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    diagnostics.push(self.unreadable(&error));
                    continue;
                }
            };
            let kind = entry.file_type();
            if entry.path_is_symlink() && !self.contains(entry.path()) {
                if kind.is_dir() {
                    diagnostics.push(self.folder_outside(entry.path()));
                    entries.skip_current_dir();
                } else {
                    diagnostics.push(self.outside(entry.path()));
                }
            } else if kind.is_file() {
                let stamp = entry.metadata().ok().and_then(|metadata| {
                    Some(Stamp {
                        len: metadata.len(),
                        modified: metadata.modified().ok()?,
                    })
                });
                found.push(Found {
                    path: entry.into_path(),
                    stamp,
                });
            } else if !kind.is_dir() {
                diagnostics.push(self.special(entry.path()));
            }
        }
        found
    }

    fn unreadable(&self, error: &walkdir::Error) -> Diagnostic {
        let file = error.path().map(|p| self.display(p)).unwrap_or_default();
        if error.loop_ancestor().is_some() {
            return Diagnostic::error(
                "link-loop",
                "this folder link points back into a folder that contains it (a loop), so it is skipped",
                "このフォルダへのリンクは、自分を含むフォルダを指しています（堂々めぐりになります）。そのため読み飛ばしました",
            )
            .in_file(file);
        }
        let reason = match error.io_error() {
            Some(io) => io_reason_ja(io),
            None => error.to_string(),
        };
        Diagnostic::error(
            "unreadable",
            format!("this cannot be read: {error}"),
            format!("読み込めません（{reason}）"),
        )
        .in_file(file)
    }

    /// Reads a text file inside the root as UTF-8; `Ok(None)` if it does not exist.
    pub fn read_text_optional(&self, path: &Path) -> Result<Option<String>, Diagnostic> {
        if let Source::Recorded(files) = &self.source {
            return Ok(files.get(&self.display(path)).cloned());
        }
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
            let (message, message_ja) = match probable_encoding(error.as_bytes()) {
                Some(encoding) => (
                    format!("the file is not saved as UTF-8 text; it looks like {encoding}"),
                    format!("このファイルは UTF-8 で保存されていません（{encoding} のようです）"),
                ),
                None => (
                    "the file is not saved as UTF-8 text".to_string(),
                    "このファイルは UTF-8 で保存されていません".to_string(),
                ),
            };
            Err(Diagnostic::error("not-utf8", message, message_ja)
                .at(Location::at(file, line, column))
                .hint(
                    "save it as UTF-8: in Notepad, File > Save As, Encoding \"UTF-8\"; in VS Code, click the encoding in the status bar, \"Reopen with Encoding\" (e.g. Japanese Shift JIS) if the text looks garbled, then \"Save with Encoding\" > UTF-8",
                    "UTF-8 で保存し直してください。メモ帳：「ファイル」→「名前を付けて保存」で文字コードを「UTF-8」にして保存。VS Code：画面右下の文字コードの表示をクリックし、文字化けしていれば「エンコード付きで再度開く」で「Japanese (Shift JIS)」を選んでから、「エンコード付きで保存」→「UTF-8」",
                ))
        }
    }
}

/// The encoding a file that is not UTF-8 most likely has: UTF-16 (a byte-order
/// mark or many zero bytes), Shift_JIS or EUC-JP (whichever reads the bytes as
/// Japanese without a fault), else Windows-1252 for other high bytes.
fn probable_encoding(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16");
    }
    if bytes.iter().filter(|&&b| b == 0).count() * 4 > bytes.len() {
        return Some("UTF-16");
    }
    let reads_as = |lead: fn(u8) -> bool, trail: fn(u8) -> bool| {
        let mut pairs = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 || (0xA1..=0xDF).contains(&b) && lead(0x81) {
                i += 1;
            } else if lead(b) && bytes.get(i + 1).is_some_and(|&t| trail(t)) {
                pairs += 1;
                i += 2;
            } else {
                return 0;
            }
        }
        pairs
    };
    let sjis = reads_as(
        |b| matches!(b, 0x81..=0x9F | 0xE0..=0xFC),
        |t| matches!(t, 0x40..=0x7E | 0x80..=0xFC),
    );
    let euc = reads_as(
        |b| matches!(b, 0xA1..=0xFE | 0x8E),
        |t| matches!(t, 0xA1..=0xFE),
    );
    match (sjis, euc) {
        (0, 0) => Some("Windows-1252 (Latin-1)"),
        (s, e) if s >= e => Some("Shift_JIS"),
        _ => Some("EUC-JP"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_root_lists_folders_as_walking_them_would() {
        let files: BTreeMap<String, String> = [
            "content/pages/a.md",
            "content/pages/a/b.md",
            "content/pages/a-z.md",
            "content/policies/x.yaml",
            "content/policies/deeper/y.yaml",
        ]
        .into_iter()
        .map(|name| (name.to_string(), String::new()))
        .collect();
        let root = SiteRoot::recorded(Arc::new(files));
        let walked: Vec<String> = root
            .walk(&root.join("content/pages"), &mut Diagnostics::new())
            .iter()
            .map(|found| root.display(&found.path))
            .collect();
        // A folder's entries by name, a subfolder's files where the subfolder sorts.
        assert_eq!(
            walked,
            [
                "content/pages/a/b.md",
                "content/pages/a-z.md",
                "content/pages/a.md"
            ]
        );
        assert_eq!(root.file_names(&root.join("content/policies")), ["x.yaml"]);
        assert!(root.is_dir(&root.join("content/policies/deeper")));
        assert!(!root.is_dir(&root.join("content/polic")));
        let text = root.read_text_optional(&root.join("content/pages/a.md"));
        assert_eq!(text.ok().flatten().as_deref(), Some(""));
    }

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
        assert!(error.message.contains("Shift_JIS"), "{error}");
        assert!(error.hint_ja.as_deref().unwrap_or("").contains("メモ帳"));
    }

    #[test]
    fn the_probable_encoding_is_named() {
        // 公務 in EUC-JP, and in UTF-16 with its byte-order mark.
        assert_eq!(probable_encoding(b"a: \xb8\xf8\xcc\xb3\n"), Some("EUC-JP"));
        assert_eq!(probable_encoding(b"\xff\xfea\x00"), Some("UTF-16"));
        assert_eq!(
            probable_encoding(b"caf\xe9 \n"),
            Some("Windows-1252 (Latin-1)")
        );
    }
}
