//! Shared helpers for the integration tests: fixture sites, running the real binary,
//! and a headless Chromium for what only a browser shows.
//!
//! Fixture sites live in `tests/fixtures/NAME/` (each a `content/` folder, sometimes
//! `templates/`). A test copies one into a temporary folder when it needs to change
//! or build it, so fixtures stay untouched. See tests/README.md.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of a fixture site.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bundled site (the repository root).
pub fn bundled_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a site folder (content/, templates/, themes/ where present) into a fresh temp dir.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for part in ["content", "templates", "themes"] {
        let source = from.join(part);
        if source.is_dir() {
            copy_tree(&source, &dir.path().join(part));
        }
    }
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs `policy-site ARGS…` and returns its output.
pub fn run(args: &[&str]) -> Output {
    // English messages whatever the machine's locale (tests/messages.rs covers Japanese).
    Command::new(env!("CARGO_BIN_EXE_policy-site"))
        .args(args)
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run policy-site")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// Builds `root` into `out`; panics with the messages if it fails.
pub fn build(root: &Path, out: &Path) -> Output {
    let output = run(&["build", "--root", path(root), "--out", path(out)]);
    assert!(
        output.status.success(),
        "build failed:\n{}",
        stderr(&output)
    );
    output
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Every file under `root`, relative, sorted.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .expect("under root")
                .to_path_buf()
        })
        .collect();
    files.sort();
    files
}

/// The Chromium the tests drive. Browser tests never skip: without Chromium they
/// fail and say how to get it (`scripts/test` installs it).
pub fn chromium_path() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.exists(),
        "Chromium is needed for the browser tests but {} does not exist. Run scripts/test (it installs Debian's chromium), or set CHROMIUM=/path/to/chromium.",
        path.display()
    );
    path
}

/// A headless Chromium with the flags this sandbox needs (no network chatter, no GPU).
pub fn browser() -> headless_chrome::Browser {
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(chromium_path()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .args(
            [
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--allow-file-access-from-files",
            ]
            .iter()
            .map(std::ffi::OsStr::new)
            .collect(),
        )
        .idle_browser_timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("browser options");
    headless_chrome::Browser::new(options).expect("launch chromium")
}

/// `file:///…/public/ja/index.html`
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().expect("exists").display())
}
