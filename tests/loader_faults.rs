//! Faults found by trying to break the loader and the commands (issue 11, rows 9, 10,
//! 11, 12, 14 and 16): unsafe page names, names that clash on Windows and Mac, special
//! files, broken pipes, exit codes and misleading messages. Real processes on copies
//! of the fixture sites.

mod common;

use common::{bundled_site, copy_site, fixture, path, run, stderr, stdout};
use std::fs;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn pages(site: &tempfile::TempDir) -> std::path::PathBuf {
    site.path().join("content/pages")
}

fn write_page(site: &tempfile::TempDir, name: &str, title: &str) {
    let file = pages(site).join(name);
    fs::create_dir_all(file.parent().expect("parent")).expect("folder");
    fs::write(file, format!("---\ntitle: {title}\n---\n\nText.\n")).expect("write");
}

fn check(site: &std::path::Path) -> (Option<i32>, String) {
    let output = run(&["check", "--root", path(site)]);
    (output.status.code(), stderr(&output))
}

// Row 9: page file names are checked where they enter.
#[test]
fn an_unsafe_page_file_name_is_one_error_with_a_safe_suggestion() {
    let site = copy_site(&fixture("valid"));
    write_page(&site, "a#b.ja.md", "A");
    write_page(&site, "x y.ja.md", "B");
    write_page(&site, "print.ja.md", "C");
    let (code, text) = check(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("error[page-name]: content/pages/a#b.ja.md: the page name `a#b`")
            && text.contains("`a-b.ja.md`"),
        "{text}"
    );
    assert!(text.contains("`x-y.ja.md`"), "{text}");
    assert!(
        text.contains("error[reserved-name]: content/pages/print.ja.md")
            && text.contains("`print-page.ja.md`"),
        "{text}"
    );
    assert!(
        !text.contains("&#39;") && !text.contains("broken-link"),
        "{text}"
    );
}

#[test]
fn new_page_writes_a_safe_name_or_refuses_with_a_suggestion() {
    let site = copy_site(&fixture("valid"));
    let root = path(site.path());
    let output = run(&["new", "page", "Training Plan", "--root", root]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("`training-plan`"));
    assert!(pages(&site).join("training-plan.ja.md").is_file());
    for (name, suggestion) in [
        ("研修計画", "`page`"),
        ("index", "`index-page`"),
        ("print", "`print-page`"),
    ] {
        let output = run(&["new", "page", name, "--root", root]);
        assert_eq!(output.status.code(), Some(2), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(suggestion),
            "{name}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty());
    }
    for (name, written) in [("a#b", "a-b"), (".hidden", "hidden"), ("x y", "x-y")] {
        let output = run(&["new", "page", name, "--root", root]);
        assert!(output.status.success(), "{name}: {}", stderr(&output));
        assert!(
            pages(&site).join(format!("{written}.ja.md")).is_file(),
            "{name}"
        );
    }
    let (code, text) = check(site.path());
    assert_ne!(code, Some(2), "{text}");
    assert!(
        !text.contains("page-name"),
        "what new page writes loads: {text}"
    );
}

// Row 10: two names that differ only in case.
#[test]
fn page_names_that_differ_only_in_case_are_an_error() {
    let site = copy_site(&fixture("valid"));
    write_page(&site, "Training.ja.md", "研修A");
    write_page(&site, "training.ja.md", "研修B");
    let (code, text) = check(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("error[page-name-clash]"), "{text}");
    assert!(text.contains("differ only in capital letters"), "{text}");
    let output = run(&["new", "page", "TRAINING", "--root", path(site.path())]);
    assert_ne!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn page_names_in_another_unicode_normalisation_are_refused() {
    let site = copy_site(&fixture("valid"));
    write_page(&site, "\u{30AC}\u{30A4}\u{30C9}.ja.md", "A"); // ガイド, NFC
    write_page(&site, "\u{30AB}\u{3099}\u{30A4}\u{30C8}\u{3099}.ja.md", "B"); // NFD
    assert_eq!(
        fs::read_dir(pages(&site)).expect("pages").count(),
        5,
        "two files"
    );
    let (code, text) = check(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(text.matches("error[page-name]").count(), 2, "{text}");
}

// Row 11: special files are reported and skipped, never read.
#[test]
fn a_named_pipe_in_place_of_a_content_file_does_not_hang_the_build() {
    let site = copy_site(&fixture("valid"));
    for file in ["content/mindsets.yaml", "content/pages/intro.ja.md"] {
        let target = site.path().join(file);
        fs::remove_file(&target).expect("remove");
        let made = Command::new("mkfifo")
            .arg(&target)
            .status()
            .expect("mkfifo");
        assert!(made.success());
    }
    let out = tempfile::tempdir().expect("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-site"))
        .args([
            "build",
            "--root",
            path(site.path()),
            "--out",
            path(&out.path().join("public")),
        ])
        .env("LANG", "C.UTF-8")
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Only a hang is caught here: a generous limit, not a speed figure.
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("build hung on a named pipe");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut text = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut text)
        .expect("read");
    assert_eq!(status.code(), Some(2), "{text}");
    assert_eq!(text.matches("error[special-file]").count(), 2, "{text}");
    assert!(
        text.contains("content/mindsets.yaml: this is not an ordinary file"),
        "{text}"
    );
    assert!(
        !text.contains("unknown-page") && !text.contains("has no `ja` version"),
        "{text}"
    );
}

#[test]
fn a_folder_link_out_of_the_site_is_one_error() {
    let site = copy_site(&fixture("valid"));
    let outside = tempfile::tempdir().expect("outside");
    for i in 0..50 {
        fs::write(outside.path().join(format!("f{i}.txt")), "x").expect("write");
    }
    std::os::unix::fs::symlink(outside.path(), pages(&site).join("etc")).expect("symlink");
    let (code, text) = check(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("error[")).count(),
        1,
        "{text}"
    );
    assert!(
        text.contains("error[outside-root]: content/pages/etc: this folder is a link to a folder outside the site folder"),
        "{text}"
    );
    assert!(!text.contains("f1.txt"), "{text}");
}

// Row 12: a reader that goes away early.
#[test]
fn a_closed_pipe_ends_quietly_with_the_usual_status() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-site"))
        .args([
            "check",
            "--format",
            "json",
            "--root",
            path(&fixture("error-many")),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Read one line, then close the pipe as `head -1` does.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("one byte");
    drop(stdout);
    let output = child.wait_with_output().expect("wait");
    let text = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        !text.contains("panicked") && !text.contains("Broken pipe"),
        "{text}"
    );
}

// Row 14: exit codes follow the rule (0 ok, 1 content, 2 usage or I/O).
#[test]
fn a_site_folder_that_cannot_be_opened_exits_2_in_every_command() {
    for args in [
        vec!["translations", "--root", "/nonexistent"],
        vec!["check", "--root", "/nonexistent"],
        vec!["build", "--root", "/nonexistent"],
        vec!["new", "page", "x", "--root", "/nonexistent"],
    ] {
        let output = run(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

// Row 16: messages that say what is actually wrong.
fn edited(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let site = copy_site(&bundled_site());
    let target = site.path().join(file);
    let text = fs::read_to_string(&target).expect("read");
    assert!(text.contains(from), "{from}");
    fs::write(&target, text.replacen(from, to, 1)).expect("write");
    site
}

/// (file, text to replace, replacement, words said, words not said).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn misleading_messages_now_say_what_is_wrong() {
    let cases: &[Case] = &[
        (
            "content/ranks.yaml",
            "conceptual: 10,",
            "conceptual: ten,",
            &["expected a whole number"],
            &["there is no content/ranks.yaml"],
        ),
        (
            "content/ranks.yaml",
            "conceptual: 10,",
            "conceptual: -5,",
            &["-5 is negative", "from 0 to 100"],
            &["expected a whole number"],
        ),
        (
            "content/ranks.yaml",
            "conceptual: 10,",
            "conceptual: 99999999999999999999,",
            &["the number 99999999999999999999 is too large"],
            &["yaml-syntax"],
        ),
        (
            "content/ranks.yaml",
            "conceptual: 10,",
            "conceptual: 5000000000,",
            &["the number 5000000000 is too large"],
            &["expected a whole number"],
        ),
        (
            "content/mindsets.yaml",
            "id: public-service",
            "id: \"-\"",
            &["the id `-` starts with `-`"],
            &["may only use"],
        ),
    ];
    for (file, from, to, said, unsaid) in cases {
        let site = edited(file, from, to);
        let (code, text) = check(site.path());
        assert_eq!(code, Some(1), "{to}: {text}");
        for part in *said {
            assert!(text.contains(part), "{to}: expected {part:?} in {text}");
        }
        for part in *unsaid {
            assert!(
                !text.contains(part),
                "{to}: did not expect {part:?} in {text}"
            );
        }
    }
}

#[test]
fn an_index_page_directly_in_pages_is_named_as_such() {
    let site = copy_site(&fixture("valid"));
    write_page(&site, "_index.ja.md", "トップ");
    let (code, text) = check(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("`_index.ja.md` directly in content/pages"),
        "{text}"
    );
    assert!(!text.contains("`` is"), "{text}");
}

#[test]
fn a_huge_stale_change_is_cut_in_the_finding() {
    let site = copy_site(&fixture("valid"));
    let root = path(site.path());
    let confirmed = run(&["translations", "--confirm", "--all", "--root", root]);
    assert!(confirmed.status.success(), "{}", stderr(&confirmed));
    let file = site.path().join("content/mindsets.yaml");
    let text = fs::read_to_string(&file).expect("read");
    let (before, after) = text.split_once("ja: ").expect("a ja text");
    let long = "長".repeat(2_000_000);
    fs::write(&file, format!("{before}ja: {long}{after}")).expect("write");
    let output = run(&["check", "--format", "json", "--root", root]);
    let json = stdout(&output);
    let stale = json
        .lines()
        .find(|l| l.contains("stale-translation"))
        .unwrap_or_else(|| panic!("a stale finding: {}", stderr(&output)));
    assert!(stale.len() < 2_000, "{} bytes", stale.len());
    assert!(stale.contains('…'), "{stale}");
}

#[test]
fn a_page_without_its_default_language_names_the_file_to_write_and_a_missing_translation_is_a_warning(
) {
    let site = copy_site(&fixture("valid"));
    write_page(&site, "notes/only-english.en.md", "Only English");
    write_page(&site, "only-japanese.ja.md", "日本語だけ");
    let (code, text) = check(site.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("error[missing-default-language]: content/pages/notes/only-english.en.md: this page has no `ja` version")
            && text.contains("write `only-english.ja.md` next to it"),
        "{text}"
    );
    assert!(
        text.contains("warning[missing-translation]: content/pages/only-japanese.ja.md: this page is not yet translated into `en`"),
        "{text}"
    );
}
