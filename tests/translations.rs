//! The translation workflow and the publishing gate: `check` reports missing and
//! stale translations (errors with `--strict`), names the unit and what changed, and
//! `translations --confirm` clears a stale one. `--format json` gives one finding per line.

mod common;

use common::{copy_site, fixture, path, run, stderr, stdout};
use std::fs;

fn check(site: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--messages", "en", "--root", path(site)];
    args.extend_from_slice(extra);
    run(&args)
}

/// A copy of the valid fixture, fully translated, with every translation confirmed.
fn confirmed_site() -> tempfile::TempDir {
    let site = copy_site(&fixture("valid"));
    let pages = site.path().join("content/pages/handbook");
    fs::copy(pages.join("mentoring.ja.md"), pages.join("mentoring.en.md")).expect("translate page");
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = fs::read_to_string(&mindsets).expect("read");
    fs::write(&mindsets, text.replace("body: { ja: 誰に対しても不安なく意見を伝えられる状態 }", "body: { ja: 誰に対しても不安なく意見を伝えられる状態, en: Being able to speak up to anyone without fear }")).expect("write");
    let confirm = run(&[
        "translations",
        "--root",
        path(site.path()),
        "--confirm",
        "--all",
    ]);
    assert!(confirm.status.success(), "{}", stderr(&confirm));
    site
}

#[test]
fn missing_translations_warn_and_fail_only_when_strict() {
    let site = fixture("valid");
    let relaxed = check(&site, &[]);
    assert_eq!(relaxed.status.code(), Some(0), "{}", stderr(&relaxed));
    assert!(stderr(&relaxed)
        .contains("warning[missing-translation]: content/pages/handbook/mentoring.ja.md"));
    let strict = check(&site, &["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("error[missing-translation]: content/mindsets.yaml:11:"),
        "{}",
        stderr(&strict)
    );
}

#[test]
fn editing_a_japanese_sentence_makes_its_english_stale_until_confirmed() {
    let site = confirmed_site();
    let clean = check(site.path(), &["--strict"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));

    let mindsets = site.path().join("content/mindsets.yaml");
    let text = fs::read_to_string(&mindsets).expect("read");
    fs::write(
        &mindsets,
        text.replace("法令を遵守する意識", "法令と服務規律を遵守する意識"),
    )
    .expect("edit");
    let stale = check(site.path(), &["--strict"]);
    let messages = stderr(&stale);
    assert_eq!(stale.status.code(), Some(1), "{messages}");
    assert!(
        messages.contains("error[stale-translation]: content/mindsets.yaml:7:"),
        "{messages}"
    );
    assert!(
        messages.contains("`content/mindsets.yaml#mindsets[public-service].body`"),
        "names the unit: {messages}"
    );
    assert!(
        messages.contains("法令[→と服務規律]を遵守する意識"),
        "shows what changed: {messages}"
    );

    let report = run(&[
        "translations",
        "--root",
        path(site.path()),
        "--todo",
        "--messages",
        "en",
    ]);
    assert!(stdout(&report).contains("stale"), "{}", stdout(&report));

    let confirm = run(&[
        "translations",
        "--root",
        path(site.path()),
        "--confirm",
        "content/mindsets.yaml#mindsets[public-service].body",
    ]);
    assert!(confirm.status.success(), "{}", stderr(&confirm));
    let again = check(site.path(), &["--strict"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
}

#[test]
fn confirming_a_unit_that_does_not_exist_suggests_the_nearest() {
    let site = confirmed_site();
    let output = run(&[
        "translations",
        "--root",
        path(site.path()),
        "--messages",
        "en",
        "--confirm",
        "content/mindsets.yaml#mindsets[public-servise].body",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("did you mean `content/mindsets.yaml#mindsets[public-service].body`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn json_findings_carry_code_file_line_and_both_languages() {
    let output = check(&fixture("error-broken-link"), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let findings: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(findings.len(), 2, "{findings:?}");
    for finding in &findings {
        assert_eq!(finding["code"], "broken-link");
        assert_eq!(finding["severity"], "error");
        assert_eq!(finding["file"], "content/pages/intro.ja.md");
        assert_eq!(finding["line"], 9);
        assert!(finding["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(finding["message_ja"]
            .as_str()
            .is_some_and(|m| m.chars().any(|c| c > '\u{3000}')));
    }
}

#[test]
fn a_broken_fragment_in_a_template_is_caught_in_the_rendered_pages() {
    let site = copy_site(&fixture("valid"));
    fs::create_dir_all(site.path().join("templates/body")).expect("mkdir");
    fs::write(
        site.path().join("templates/body/404.html"),
        "<p><a href=\"index.html#no-such-anchor\">home</a></p>",
    )
    .expect("write");
    let output = check(site.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("\"code\":\"broken-link\"")
            && text.contains("no-such-anchor")
            && text.contains("public/ja/404.html"),
        "{text}"
    );
}
