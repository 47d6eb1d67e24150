//! Writing the built site: everything goes into a fresh folder beside the target,
//! which is swapped in only when complete. On any error the previous output stays
//! exactly as it was.

use crate::diagnostics::{io_error, Diagnostic};
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Writes `files` to `out` atomically (as far as the file system allows: two renames).
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    refuse_unsafe_target(out)?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().to_string());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)
        .map_err(|e| io_error(parent, ("create the folder", "フォルダの作成"), &e))?;
    let staging = parent.join(format!("{name}.new-{}", std::process::id()));
    let previous = parent.join(format!("{name}.old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    if let Err(error) = write_tree(&staging, files) {
        let _ = fs::remove_dir_all(&staging);
        return Err(error);
    }
    swap_in(out, &staging, &previous)
}

/// Replaces `out` with `staging`, keeping the old tree until the new one is in place.
fn swap_in(out: &Path, staging: &Path, previous: &Path) -> Result<(), Diagnostic> {
    let had_previous = out.exists();
    if had_previous {
        let _ = fs::remove_dir_all(previous);
        if let Err(error) = fs::rename(out, previous) {
            let _ = fs::remove_dir_all(staging);
            return Err(io_error(
                out,
                ("move aside the previous output", "前回の出力の退避"),
                &error,
            ));
        }
    }
    if let Err(error) = fs::rename(staging, out) {
        if had_previous {
            let _ = fs::rename(previous, out);
        }
        let _ = fs::remove_dir_all(staging);
        return Err(io_error(
            out,
            ("put the new output in place of", "新しい出力への置き換え"),
            &error,
        ));
    }
    if had_previous {
        let _ = fs::remove_dir_all(previous);
    }
    Ok(())
}

fn write_tree(root: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| root.join(&f.path).parent().map(Path::to_path_buf))
        .chain([root.to_path_buf()])
        .collect();
    for folder in &folders {
        fs::create_dir_all(folder)
            .map_err(|e| io_error(folder, ("create the folder", "フォルダの作成"), &e))?;
    }
    // In parallel: at 10,000 pages this is most of a build's time, spent copying
    // into the page cache, which one core alone cannot keep up with.
    files.par_iter().try_for_each(|file| {
        let path = root.join(&file.path);
        fs::write(&path, file.bytes.as_slice())
            .map_err(|e| io_error(&path, ("write", "書き込み"), &e))
    })
}

/// Never replace a folder that is not a previous build: the site itself, a parent of
/// it, or a folder with other files in it.
fn refuse_unsafe_target(out: &Path) -> Result<(), Diagnostic> {
    if !out.exists() {
        return Ok(());
    }
    let refuse = |why: &str, why_ja: &str| {
        Diagnostic::error(
            "unsafe-output",
            format!("will not replace {}: {why}", out.display()),
            format!("{} は置き換えません。{why_ja}", out.display()),
        )
        .hint(
            "choose an empty folder or a previous build with --out",
            "--out で、空のフォルダか、以前に作ったサイトの出力先を指定してください",
        )
    };
    if !out.is_dir() {
        return Err(refuse(
            "it is a file, not a folder",
            "フォルダではなくファイルです",
        ));
    }
    if out.join("content/site.yaml").exists() || out.join("Cargo.toml").exists() {
        return Err(refuse(
            "it holds a site's sources",
            "サイトの原稿（ソース）が入っているフォルダです",
        ));
    }
    let mut entries = fs::read_dir(out).map_err(|e| io_error(out, ("read", "読み込み"), &e))?;
    let empty = entries.next().is_none();
    if !empty && !out.join("index.html").exists() {
        return Err(refuse(
            "it has files in it but is not a built site (no index.html)",
            "ファイルが入っていますが、作ったサイトの出力ではありません（index.html がありません）",
        ));
    }
    Ok(())
}

/// Writes one text file atomically (a temporary file beside it, then a rename).
pub fn write_text_file(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().to_string());
    let temporary = path.with_file_name(format!(".{name}.new-{}", std::process::id()));
    fs::write(&temporary, text).map_err(|e| io_error(&temporary, ("write", "書き込み"), &e))?;
    fs::rename(&temporary, path).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        io_error(path, ("replace", "置き換え"), &e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::new(path, text.as_bytes().to_vec())
    }

    #[test]
    fn a_build_replaces_the_previous_output_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "one"), file("ja/a.html", "a")]).expect("first");
        write_site(&out, &[file("index.html", "two")]).expect("second");
        assert_eq!(
            fs::read_to_string(out.join("index.html")).expect("read"),
            "two"
        );
        assert!(!out.join("ja/a.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }

    #[test]
    fn refuses_to_replace_a_folder_that_is_not_a_build() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("notes.txt"), "keep me").expect("write");
        let error = write_site(dir.path(), &[file("index.html", "x")]).expect_err("refused");
        assert_eq!(error.code, "unsafe-output");
        assert!(dir.path().join("notes.txt").exists());
    }
}
