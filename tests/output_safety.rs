//! `build` never loses what is not its own (issue 11, rows 1, 2 and 13): it refuses a
//! folder it did not make, writes through a symlinked `--out` and keeps the link, and
//! leaves no staging folder after SIGTERM, SIGINT or SIGKILL, with the previous output
//! byte for byte as it was.

mod common;

use common::{build, copy_site, fixture, path, run, stderr};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every file and folder under `root` (relative path -> bytes; `None` for a folder),
/// the marker file included.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|entry| {
            let entry = entry.expect("walk");
            let relative = entry.path().strip_prefix(root).expect("under root");
            let bytes = entry
                .file_type()
                .is_file()
                .then(|| fs::read(entry.path()).expect("read"));
            (relative.to_path_buf(), bytes)
        })
        .collect()
}

/// Names in `folder` that look like a build's working folders (`NAME.new-PID`, `NAME.old-PID`).
fn working_folders(folder: &Path) -> Vec<String> {
    fs::read_dir(folder)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.contains(".new-") || name.contains(".old-"))
        .collect()
}

#[test]
fn a_folder_holding_the_sites_sources_and_other_files_is_refused_untouched() {
    let www = tempfile::tempdir().expect("temp dir");
    common::copy_tree(
        &fixture("valid").join("content"),
        &www.path().join("site/content"),
    );
    fs::write(www.path().join("notes.txt"), "my notes").expect("write");
    fs::write(www.path().join("index.html"), "<p>my page</p>").expect("write");
    let before = snapshot(www.path());
    let result = run(&[
        "build",
        "--root",
        path(&www.path().join("site")),
        "--out",
        path(www.path()),
    ]);
    assert_eq!(result.status.code(), Some(2), "{}", stderr(&result));
    let message = stderr(&result);
    assert!(message.contains("will not replace"), "{message}");
    assert!(message.contains("notes.txt"), "{message}");
    assert_eq!(snapshot(www.path()), before, "nothing in www/ changed");
    assert!(working_folders(www.path().parent().expect("parent")).is_empty());
}

#[test]
fn the_refusal_is_said_in_japanese_too() {
    let out = tempfile::tempdir().expect("temp dir");
    fs::write(out.path().join("index.html"), "mine").expect("write");
    fs::write(out.path().join("photo.jpg"), "mine").expect("write");
    let site = fixture("valid");
    let result = run(&[
        "build",
        "--messages",
        "ja",
        "--root",
        path(&site),
        "--out",
        path(out.path()),
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("置き換えません"),
        "{}",
        stderr(&result)
    );
}

#[test]
fn an_empty_folder_and_a_previous_build_are_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    fs::create_dir(&out).expect("mkdir");
    build(&fixture("valid"), &out);
    assert!(out.join("ja/index.html").is_file());
    assert!(out.join(".policy-site-output").is_file());
    build(&fixture("english-first"), &out);
    assert!(out.join("en/index.html").is_file());
    assert!(working_folders(dir.path()).is_empty());
}

#[test]
fn a_symlinked_output_is_written_through_and_the_link_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let published = dir.path().join("html");
    fs::create_dir(&published).expect("mkdir");
    let link = dir.path().join("public");
    std::os::unix::fs::symlink(&published, &link).expect("symlink");
    for _ in 0..2 {
        build(&fixture("valid"), &link);
        let link_kind = fs::symlink_metadata(&link).expect("link").file_type();
        assert!(link_kind.is_symlink(), "public is still the symlink");
        assert_eq!(fs::read_link(&link).expect("target"), published);
        assert!(
            published.join("ja/index.html").is_file(),
            "the site is in the folder the link points to"
        );
        assert!(working_folders(dir.path()).is_empty());
    }
}

/// A site big enough that a debug build takes a few seconds: the `valid` fixture
/// plus `sections` × 50 pages per language.
fn large_site(sections: usize) -> tempfile::TempDir {
    let site = copy_site(&fixture("valid"));
    let body = "Some text about the policy. ".repeat(20);
    for s in 0..sections {
        let folder = site.path().join(format!("content/pages/s{s:03}"));
        fs::create_dir_all(&folder).expect("mkdir");
        for lang in ["ja", "en"] {
            let index = format!("---\ntitle: Section {s}\nweight: {s}\n---\n\n{body}\n");
            fs::write(folder.join(format!("_index.{lang}.md")), index).expect("write");
            for p in 0..50 {
                let page = format!(
                    "---\ntitle: Page {s}-{p}\nweight: {p}\n---\n\n## One\n\n{body}\n\n## Two\n\n{body}\n"
                );
                fs::write(folder.join(format!("p{p:03}.{lang}.md")), page).expect("write");
            }
        }
    }
    site
}

fn start_build(root: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_policy-site"))
        .args(["build", "--root", path(root), "--out", path(out)])
        .env("LANG", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start build")
}

/// Waits until the build's staging folder holds at least one rendered page, so the
/// signal comes half-way through the writing. The deadline only catches a hang.
fn wait_for_pages_in_staging(child: &mut Child, parent: &Path) -> PathBuf {
    let staging = parent.join(format!("public.new-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(300);
    let has_a_page = |folder: &Path| {
        fs::read_dir(folder).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().ends_with(".html"))
        })
    };
    while !has_a_page(&staging.join("ja")) {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the build ended before it was signalled; make the site larger"
        );
        assert!(Instant::now() < deadline, "no staging folder appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    staging
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

#[test]
fn sigterm_and_sigint_half_way_leave_the_previous_output_and_no_staging_folder() {
    let site = large_site(40);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build(&fixture("valid"), &out);
    let before = snapshot(&out);
    for name in ["TERM", "INT"] {
        let mut child = start_build(site.path(), &out);
        let staging = wait_for_pages_in_staging(&mut child, dir.path());
        signal(&child, name);
        // Half-way: pages were written and the build had not finished when signalled
        // (it exits 130 below, not 0 after swapping in the new output).
        let result = child.wait_with_output().expect("wait");
        assert_eq!(
            result.status.code(),
            Some(130),
            "SIG{name}: {}",
            stderr(&result)
        );
        assert!(
            stderr(&result).contains("interrupted"),
            "{}",
            stderr(&result)
        );
        assert!(
            !staging.exists(),
            "SIG{name}: the staging folder was removed"
        );
        assert_eq!(working_folders(dir.path()), Vec::<String>::new());
        assert!(
            snapshot(&out) == before,
            "SIG{name}: the previous output is byte for byte unchanged, every file and folder"
        );
        assert!(
            before.contains_key(Path::new(".policy-site-output"))
                && before.contains_key(Path::new("ja/index.html")),
            "the snapshot holds the output"
        );
    }
}

#[test]
fn the_next_build_cleans_what_a_killed_build_left() {
    let site = large_site(40);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build(&fixture("valid"), &out);
    let mut child = start_build(site.path(), &out);
    let staging = wait_for_pages_in_staging(&mut child, dir.path());
    child.kill().expect("SIGKILL");
    child.wait().expect("wait");
    assert!(staging.exists(), "SIGKILL leaves the staging folder behind");
    // Someone else's folder with a similar name is not the build's to remove.
    let other = dir.path().join("public.new-backup");
    fs::create_dir(&other).expect("mkdir");
    build(&fixture("valid"), &out);
    assert!(
        !staging.exists(),
        "the next build removed the stale staging folder"
    );
    assert!(other.exists());
    assert!(out.join("ja/index.html").is_file());
}
