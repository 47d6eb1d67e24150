//! Messages in Japanese (issue 5): every error and warning exists in Japanese and in
//! English with the same code, and `--messages ja` (or a Japanese locale) prints the
//! Japanese, with no English sentence left in it.

mod common;

use common::{fixture, path, stderr};
use std::path::Path;
use std::process::{Command, Output};

/// Every `tests/fixtures/error-*` fixture, sorted.
fn error_fixtures() -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
            .expect("list fixtures")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .to_string()
            })
            .filter(|name| name.starts_with("error-"))
            .collect();
    names.sort();
    assert!(names.len() >= 10, "the error fixtures are there: {names:?}");
    names
}

/// `policy-site build` of a fixture into a temporary folder, in a neutral locale, with
/// the extra arguments and environment given.
fn build(name: &str, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    let mut command = Command::new(env!("CARGO_BIN_EXE_policy-site"));
    for variable in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied()).args(extra).args([
        "build",
        "--root",
        path(&fixture(name)),
        "--out",
        path(&public),
    ]);
    command.output().expect("run policy-site")
}

/// One finding as printed: its label (`エラー`, `warning`, …), code, and the lines
/// of text after its location (the message, then the hint if any).
#[derive(Debug)]
struct Finding {
    label: String,
    code: String,
    message: String,
    hint: Option<String>,
}

/// The findings in a run's output: lines `LABEL[code]: place: message`, each perhaps
/// followed by `  HINTWORD: hint` and more indented or continued hint lines.
fn findings(output: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    let mut in_hint = false;
    for line in output.lines() {
        if let Some((label, rest)) = line.split_once('[').filter(|(label, rest)| {
            !label.is_empty() && !label.contains(' ') && rest.contains("]: ")
        }) {
            let (code, rest) = rest.split_once("]: ").expect("checked above");
            found.push(Finding {
                label: label.to_string(),
                code: code.to_string(),
                message: message_after_location(rest).to_string(),
                hint: None,
            });
            in_hint = false;
        } else if let Some(hint) = line
            .strip_prefix("  ヒント: ")
            .or_else(|| line.strip_prefix("  hint: "))
        {
            if let Some(last) = found.last_mut() {
                last.hint = Some(hint.to_string());
                in_hint = true;
            }
        } else if in_hint && !line.is_empty() {
            // A hint of several lines (a front matter example).
            if let Some(hint) = found.last_mut().and_then(|f| f.hint.as_mut()) {
                hint.push('\n');
                hint.push_str(line);
            }
        }
    }
    found
}

/// The message of `content/x.yaml:3:5: field[0].path: message`: what follows the
/// file, its position and the field path.
fn message_after_location(rest: &str) -> &str {
    let mut text = rest;
    // The file and position: `content/ranks.yaml:8:14: ` or `templates/x.html: `.
    if let Some((place, after)) = text.split_once(": ") {
        if place.contains('/') && !place.contains(' ') {
            text = after;
        }
    }
    // The field path: `ranks[1].weights: ` (no spaces, no Japanese).
    if let Some((field, after)) = text.split_once(": ") {
        if !field.is_empty()
            && field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-[]?".contains(c))
        {
            text = after;
        }
    }
    text
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{309f}' | '\u{30a0}'..='\u{30ff}')
}

/// `text` without what is quoted from the content or a library: `code`, and the
/// library's own words in （…）.
fn own_words(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '`' => in_code = !in_code,
            '（' if !in_code => depth += 1,
            '）' if !in_code && depth > 0 => depth -= 1,
            _ if in_code || depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

/// Two English words in a row (`the link`, `is not`): an English sentence.
fn english_phrase(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    words.windows(2).find_map(|pair| {
        let word = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic());
        (word(pair[0]) && word(pair[1])).then(|| pair.join(" "))
    })
}

/// Asserts that a text is Japanese: it has kana of its own (outside quoted names and
/// library text), and no English sentence.
fn assert_japanese(what: &str, text: &str, context: &str) {
    let own = own_words(text);
    assert!(
        own.chars().any(is_kana),
        "{what} is not in Japanese: {text:?}\n---\n{context}"
    );
    if let Some(phrase) = english_phrase(&own) {
        panic!("{what} has English ({phrase:?}) in it: {text:?}\n---\n{context}");
    }
}

#[test]
fn every_error_fixture_is_reported_in_japanese_with_the_same_codes_as_in_english() {
    for name in error_fixtures() {
        let ja = build(&name, &["--messages", "ja"], &[]);
        let en = build(&name, &["--messages", "en"], &[]);
        let (ja_text, en_text) = (stderr(&ja), stderr(&en));
        assert_eq!(ja.status.code(), Some(1), "{name}:\n{ja_text}");
        assert_eq!(ja.status.code(), en.status.code(), "{name}");

        let ja_found = findings(&ja_text);
        let en_found = findings(&en_text);
        assert!(!ja_found.is_empty(), "{name}: no findings in:\n{ja_text}");
        let codes =
            |found: &[Finding]| -> Vec<String> { found.iter().map(|f| f.code.clone()).collect() };
        assert_eq!(
            codes(&ja_found),
            codes(&en_found),
            "{name}: the same findings, with the same codes, in both languages\n{ja_text}\n---\n{en_text}"
        );

        for (ja_finding, en_finding) in ja_found.iter().zip(&en_found) {
            assert!(
                matches!(ja_finding.label.as_str(), "エラー" | "警告"),
                "{name}: label {:?} in:\n{ja_text}",
                ja_finding.label
            );
            assert!(
                matches!(en_finding.label.as_str(), "error" | "warning"),
                "{name}: label {:?} in:\n{en_text}",
                en_finding.label
            );
            assert_japanese(
                &format!("{name}: the message of [{}]", ja_finding.code),
                &ja_finding.message,
                &ja_text,
            );
            assert_eq!(
                ja_finding.hint.is_some(),
                en_finding.hint.is_some(),
                "{name}: a hint in one language is a hint in the other\n{ja_text}\n---\n{en_text}"
            );
            if let Some(hint) = &ja_finding.hint {
                assert_japanese(
                    &format!("{name}: the hint of [{}]", ja_finding.code),
                    hint,
                    &ja_text,
                );
            }
            // Library text quoted in （…） may be the same in both (a template error).
            assert!(
                !own_words(&ja_text).contains(&own_words(&en_finding.message)),
                "{name}: the English message is printed too:\n{ja_text}"
            );
        }

        // And nothing else the command says is left in English.
        for line in ja_text.lines() {
            for english in [
                "error",
                "warning",
                "hint:",
                "build failed",
                "nothing was written",
            ] {
                assert!(
                    !line.trim_start().starts_with(english),
                    "{name}: an English line: {line:?}\n{ja_text}"
                );
            }
        }
    }
}

#[test]
fn a_japanese_locale_chooses_japanese_and_the_flag_wins_over_it() {
    let name = "error-weights-sum";
    let by_locale = stderr(&build(name, &[], &[("LANG", "ja_JP.UTF-8")]));
    assert!(by_locale.contains("エラー[weights-sum]"), "{by_locale}");
    let by_flag = stderr(&build(
        name,
        &["--messages", "en"],
        &[("LANG", "ja_JP.UTF-8")],
    ));
    assert!(by_flag.contains("error[weights-sum]"), "{by_flag}");
    let neutral = stderr(&build(name, &[], &[("LANG", "C.UTF-8")]));
    assert!(neutral.contains("error[weights-sum]"), "{neutral}");
}

#[test]
fn representative_findings_read_as_written_for_editors() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "error-unknown-field",
            &[
                "エラー[unknown-field]: content/mindsets.yaml:9:5: mindsets[1].titel: `titel` はここでは使えない項目です",
                "  ヒント: `title` の誤りではありませんか？ ここで使える項目：id, number, title, subtitle, body",
            ],
        ),
        (
            "error-weights-sum",
            &["ranks[1].weights: `kakaricho` の技能の割合の合計が95になっています。合計が100になるようにしてください"],
        ),
        (
            "error-broken-link",
            &[
                "content/pages/intro.ja.md:9:1: リンク `training.md` の行き先のページがありません（`training` を探しました）",
                "リンク `intro.md#存在しない見出し` は `#存在しない見出し` の位置を指していますが",
            ],
        ),
        (
            "error-wrong-type",
            &["ranks[0].weights.human: ここには整数を書いてください（書かれているのは文字列 \"ten\" です）"],
        ),
        (
            "error-yaml-syntax",
            &[
                "エラー[yaml-syntax]: content/ideal.yaml:2:12:",
                "12文字目の「{」が「}」で閉じられていません",
                "ヒント: 最後に「}」を書き足してください",
            ],
        ),
    ];
    for (name, expected) in cases {
        let text = stderr(&build(name, &["--messages", "ja"], &[]));
        for part in expected {
            assert!(text.contains(part), "{name}: expected {part:?} in:\n{text}");
        }
    }
}
