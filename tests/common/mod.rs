//! Shared helpers for the integration tests: fixture sites, running the real binary,
//! a running `policy-site serve` (`serve`), and a headless Chromium for what only a
//! browser shows (`browser`).
//!
//! Fixture sites live in `tests/fixtures/NAME/` (each a `content/` folder, sometimes
//! `templates/`). A test copies one into a temporary folder when it needs to change
//! or build it, so fixtures stay untouched. See tests/README.md.
#![allow(dead_code)]

pub mod browser;
pub mod serve;

// Where every browser test has always found them; not every test binary uses them.
#[allow(unused_imports)]
pub use browser::{browser, chromium_path, file_url};

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
