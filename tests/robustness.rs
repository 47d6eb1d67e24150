//! Hostile or unusual input: encodings, empty files, YAML alias bombs, symlinks that
//! loop or lead out of the site. Each is accepted or reported with its place; none
//! panics.

mod common;

use common::{copy_site, fixture, path, run, stderr};
use std::fs;

fn build_messages(site: &std::path::Path) -> (Option<i32>, String) {
    let out = site.join("public");
    let output = run(&["build", "--root", path(site), "--out", path(&out)]);
    let messages = stderr(&output);
    assert!(!messages.contains("panicked"), "{messages}");
    (output.status.code(), messages)
}

#[test]
fn a_bom_and_crlf_line_endings_are_accepted() {
    let site = copy_site(&fixture("valid"));
    let file = site.path().join("content/mindsets.yaml");
    let text = fs::read_to_string(&file)
        .expect("read")
        .replace('\n', "\r\n");
    fs::write(&file, format!("\u{feff}{text}")).expect("write");
    let page = site.path().join("content/pages/intro.en.md");
    let text = fs::read_to_string(&page)
        .expect("read")
        .replace('\n', "\r\n");
    fs::write(&page, format!("\u{feff}{text}")).expect("write");
    let (code, messages) = build_messages(site.path());
    assert_eq!(code, Some(0), "{messages}");
}

#[test]
fn text_that_is_not_utf8_is_reported_with_its_line() {
    let site = copy_site(&fixture("valid"));
    // 公務 in Shift_JIS on line 2.
    fs::write(
        site.path().join("content/glossary.yaml"),
        b"title: { ja: x, en: y }\nterms: \x8c\xf6\x96\xb1\n",
    )
    .expect("write");
    let (code, messages) = build_messages(site.path());
    assert_eq!(code, Some(1));
    assert!(
        messages.contains("error[not-utf8]: content/glossary.yaml:2:8"),
        "{messages}"
    );
    assert!(messages.contains("UTF-8"));
}

#[test]
fn an_empty_file_is_reported() {
    let site = copy_site(&fixture("valid"));
    fs::write(site.path().join("content/glossary.yaml"), "").expect("write");
    let (code, messages) = build_messages(site.path());
    assert_eq!(code, Some(1));
    assert!(
        messages.contains("error[empty-file]: content/glossary.yaml:1:1: the file is empty"),
        "{messages}"
    );
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let site = copy_site(&fixture("valid"));
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for level in 1..9u8 {
        let (prev, name) = ((b'a' + level - 1) as char, (b'a' + level) as char);
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    fs::write(site.path().join("content/glossary.yaml"), bomb).expect("write");
    let started = std::time::Instant::now();
    let (code, messages) = build_messages(site.path());
    assert_eq!(code, Some(1));
    assert!(messages.contains("content/glossary.yaml"), "{messages}");
    assert!(started.elapsed().as_secs() < 20, "the bomb was expanded");
}

#[cfg(unix)]
#[test]
fn symlinks_never_lead_out_of_the_site_or_loop() {
    let site = copy_site(&fixture("valid"));
    let secret = tempfile::tempdir().expect("temp dir");
    fs::write(
        secret.path().join("secret.ja.md"),
        "---\ntitle: secret\n---\nSECRET\n",
    )
    .expect("write");
    let pages = site.path().join("content/pages");
    std::os::unix::fs::symlink(secret.path().join("secret.ja.md"), pages.join("leak.ja.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(&pages, pages.join("handbook/loop")).expect("symlink");
    let (code, messages) = build_messages(site.path());
    assert_eq!(code, Some(1), "{messages}");
    assert!(
        messages.contains("content/pages/leak.ja.md")
            && messages.contains("outside the site folder"),
        "{messages}"
    );
    assert!(messages.contains("loop"), "{messages}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn new_page_scaffolds_every_language_and_never_overwrites() {
    let site = copy_site(&fixture("valid"));
    let output = run(&[
        "new",
        "page",
        "handbook/coaching",
        "--root",
        path(site.path()),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    for lang in ["ja", "en"] {
        let file = site
            .path()
            .join(format!("content/pages/handbook/coaching.{lang}.md"));
        assert!(fs::read_to_string(&file)
            .expect("written")
            .starts_with("---\ntitle: "));
    }
    let again = run(&[
        "new",
        "page",
        "handbook/coaching",
        "--root",
        path(site.path()),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
    let (code, messages) = build_messages(site.path());
    assert_eq!(code, Some(0), "a scaffolded page builds: {messages}");
    let bad = run(&["new", "page", "../escape", "--root", path(site.path())]);
    assert_eq!(bad.status.code(), Some(2));
}
