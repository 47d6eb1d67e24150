//! Which folder a build replaces, and whether it may: `--out` itself, or the folder a
//! symlink `--out` leads to (the link is kept); only an empty folder or one this
//! program made.

use crate::diagnostics::{io_error, Diagnostic};
use std::fs;
use std::path::{Path, PathBuf};

/// The file every output holds at its top, so the next build knows it may replace it.
pub const MARKER: &str = ".policy-site-output";
pub(super) const MARKER_TEXT: &str = "This folder was written by `policy-site build`, which replaces it whole on the next build.\nこのフォルダは `policy-site build` が書き出したもので、次のビルドで丸ごと置き換えられます。\n";

/// The folder replaced, the folder it is in (where the staging folder goes) and its name.
pub(super) struct Target {
    pub path: PathBuf,
    pub parent: PathBuf,
    pub name: String,
}

fn refuse(out: &Path, why: (&str, &str)) -> Diagnostic {
    let (why, why_ja) = why;
    Diagnostic::error(
        "unsafe-output",
        format!("will not replace {}: {why}", out.display()),
        format!("{} は置き換えません。{why_ja}", out.display()),
    )
    .hint(
        "choose with --out an empty or new folder, or one a previous build wrote; nothing was written",
        "--out で、空のフォルダか新しいフォルダ、または以前のビルドが書き出したフォルダを指定してください。何も書き込んでいません",
    )
}

/// `out`, or where it leads when it is a symlink.
pub(super) fn resolve(out: &Path) -> Result<Target, Diagnostic> {
    let is_link = fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
    let path = if is_link {
        fs::canonicalize(out).map_err(|_| {
            refuse(
                out,
                (
                    "it is a symlink that leads to nothing; make the folder it points to first",
                    "どこにもつながっていないシンボリックリンクです。リンク先のフォルダを先に作ってください",
                ),
            )
        })?
    } else {
        out.to_path_buf()
    };
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return Err(refuse(
            out,
            (
                "it is not a folder that can be replaced",
                "置き換えられるフォルダではありません",
            ),
        ));
    };
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    fs::create_dir_all(&parent)
        .map_err(|e| io_error(&parent, ("create the folder", "フォルダの作成"), &e))?;
    Ok(Target { path, parent, name })
}

/// Never replace a folder this program did not make: the site itself, a parent of
/// it, or a folder with other files in it. An empty folder is fine.
pub(super) fn refuse_unless_ours(out: &Path, top_names: &[String]) -> Result<(), Diagnostic> {
    let Ok(metadata) = fs::metadata(out) else {
        return Ok(());
    };
    if !metadata.is_dir() {
        return Err(refuse(
            out,
            ("it is a file, not a folder", "フォルダではなくファイルです"),
        ));
    }
    if out.join("content/site.yaml").exists() || out.join("Cargo.toml").exists() {
        return Err(refuse(
            out,
            (
                "it holds a site's sources",
                "サイトの原稿（ソース）が入っているフォルダです",
            ),
        ));
    }
    let names: Vec<String> = fs::read_dir(out)
        .map_err(|e| io_error(out, ("read", "読み込み"), &e))?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().to_string())
        .collect();
    if names.is_empty() || out.join(MARKER).is_file() || made_before_marker(out, &names, top_names)
    {
        return Ok(());
    }
    let mut shown: Vec<&str> = names.iter().map(String::as_str).collect();
    shown.sort_unstable();
    shown.truncate(5);
    let shown = shown.join(", ");
    Err(refuse(
        out,
        (
            &format!("it holds files this program did not write ({shown}); it is not a previous build (no {MARKER} file)"),
            &format!("このプログラムが書き出していないファイル（{shown}）が入っています。以前のビルドの出力ではありません（{MARKER} がありません）"),
        ),
    ))
}

/// An output written before the marker existed: `index.html` and `static/`, and
/// nothing at the top but what this build writes there too.
fn made_before_marker(out: &Path, names: &[String], top_names: &[String]) -> bool {
    out.join("index.html").is_file()
        && out.join("static").is_dir()
        && names.iter().all(|name| top_names.contains(name))
}
