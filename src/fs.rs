//! File reads and writes that say which path failed, in English and Japanese (like
//! mdBook's `utils/fs.rs`): every write of the commands goes through here, so no
//! failure reaches the user as a bare "Permission denied".

use crate::diagnostics::{io_error, Diagnostic};
use std::path::Path;

/// The file's bytes.
pub fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| io_error(path, ("read", "読み込み"), &e))
}

/// The file's text (UTF-8).
pub fn read_to_string(path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path).map_err(|e| io_error(path, ("read", "読み込み"), &e))
}

/// Makes the folder and any missing folders above it.
pub fn create_dir_all(path: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(path)
        .map_err(|e| io_error(path, ("create the folder", "フォルダの作成"), &e))
}

/// Writes the file, making its folder first if it is missing.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), Diagnostic> {
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        create_dir_all(folder)?;
    }
    std::fs::write(path, contents).map_err(|e| io_error(path, ("write", "書き込み"), &e))
}

/// Moves `from` to `to`, replacing a file there.
pub fn rename(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    std::fs::rename(from, to).map_err(|e| io_error(to, ("replace", "置き換え"), &e))
}

/// Writes the file whole or not at all: a temporary file beside it (`.NAME.new-PID`),
/// then a rename over it. On a failure the temporary is removed and any file already
/// at `path` is as it was.
pub fn replace(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().to_string());
    let temporary = path.with_file_name(format!(".{name}.new-{}", std::process::id()));
    let written = std::fs::write(&temporary, contents)
        .map_err(|e| io_error(&temporary, ("write", "書き込み"), &e))
        .and_then(|()| rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_make_their_folder_and_failures_name_the_path() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("a/b/page.md");
        write(&file, "text").expect("written");
        assert_eq!(read_to_string(&file).expect("read"), "text");

        let missing = dir.path().join("missing.md");
        let error = read(&missing).expect_err("nothing to read");
        assert!(error.message.contains("missing.md"), "{}", error.message);
        assert!(
            error.message_ja.contains("missing.md"),
            "{}",
            error.message_ja
        );
        assert!(
            error.message_ja.contains("見つかりません"),
            "{}",
            error.message_ja
        );
    }

    #[test]
    fn a_failed_replace_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("site.yaml");
        replace(&file, "old").expect("written");
        replace(&file, "new").expect("replaced");
        assert_eq!(read_to_string(&file).expect("read"), "new");

        // A folder where the file should go cannot be replaced by a file.
        let folder = dir.path().join("folder");
        create_dir_all(&folder.join("inside")).expect("made");
        let error = replace(&folder, "text").expect_err("a folder is in the way");
        assert!(error.message.contains("folder"), "{}", error.message);
        assert!(folder.join("inside").is_dir());
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("listed")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }
}
