//! The corpus of common content mistakes (issue 14): each is one edit to a copy of
//! the bundled site, with the file, line and column a person would point at, the
//! cause in English and in Japanese, and the number of errors: exactly what `check`
//! must report, so the messages cannot regress. docs/common-mistakes.md lists the
//! same messages for editors.

mod common;

use common::{bundled_site, copy_site, path};
use std::path::Path;
use std::process::Command;

/// One mistake: the edit, then what must be reported.
struct Mistake {
    name: &'static str,
    file: &'static str,
    edit: Edit,
    /// `file:line:column` of the first error.
    at: &'static str,
    en: &'static str,
    ja: &'static str,
    errors: usize,
}

enum Edit {
    /// Replace line N (1-based) with this text.
    Line(usize, &'static str),
    /// Replace the whole file with these bytes.
    Bytes(&'static [u8]),
    /// Copy another file to this one.
    CopyOf(&'static str),
}

const CORPUS: &[Mistake] = &[
    Mistake {
        name: "tab indent",
        file: "content/mindsets.yaml",
        edit: Edit::Line(11, "\tja: 公務意識"),
        at: "content/mindsets.yaml:11:1:",
        en: "a tab character",
        ja: "タブ文字は使えません。半角スペースで字下げしてください",
        errors: 1,
    },
    Mistake {
        name: "full-width spaces",
        file: "content/mindsets.yaml",
        edit: Edit::Line(11, "\u{3000}\u{3000}\u{3000}ja: 公務意識"),
        at: "content/mindsets.yaml:11:1:",
        en: "full-width space",
        ja: "全角スペース",
        errors: 1,
    },
    Mistake {
        name: "full-width colon",
        file: "content/mindsets.yaml",
        edit: Edit::Line(11, "      ja：公務意識"),
        at: "content/mindsets.yaml:11:9:",
        en: "full-width colon",
        ja: "全角の「：」",
        errors: 1,
    },
    Mistake {
        name: "unclosed quote",
        file: "content/mindsets.yaml",
        edit: Edit::Line(11, "      ja: \"公務意識"),
        at: "content/mindsets.yaml:11:11:",
        en: "is never closed",
        ja: "引用符 \" が閉じられていません",
        errors: 1,
    },
    Mistake {
        name: "no space after the colon",
        file: "content/mindsets.yaml",
        edit: Edit::Line(11, "      ja:公務意識"),
        at: "content/mindsets.yaml:11:9:",
        en: "no space after the colon",
        ja: "半角スペースがありません",
        errors: 1,
    },
    Mistake {
        name: "Markdown emphasis first",
        file: "content/mindsets.yaml",
        edit: Edit::Line(11, "      ja: *公務*意識"),
        at: "content/mindsets.yaml:11:11:",
        en: "starts with `*`",
        ja: "「*」で始まっています",
        errors: 1,
    },
    Mistake {
        name: "a list dash out of line",
        file: "content/ranks.yaml",
        edit: Edit::Line(15, "   - id: shunin-shusa"),
        at: "content/ranks.yaml:15:4:",
        en: "like line 8 (`- id: shuji`)",
        ja: "8行目",
        errors: 1,
    },
    Mistake {
        name: "a first field one space short of its sibling",
        file: "content/survey.yaml",
        edit: Edit::Line(30, "     ja: 61.9％（756名／1,221名）"),
        at: "content/survey.yaml:30:6:",
        en: "indent it by 6 spaces, like line 31",
        ja: "31行目",
        errors: 1,
    },
    Mistake {
        name: "text starting with # (a comment)",
        file: "content/ideal.yaml",
        edit: Edit::Line(5, "  ja: #市民の信頼に応え"),
        at: "content/ideal.yaml:5:3:",
        en: "starts a comment in YAML",
        ja: "コメントとみなされ",
        errors: 1,
    },
    Mistake {
        name: "a field written twice",
        file: "content/mindsets.yaml",
        edit: Edit::Line(12, "      ja: 重複"),
        at: "content/mindsets.yaml:12:7:",
        en: "mindsets[0].title: `ja` is written twice here (first on line 11)",
        ja: "`ja` が2回書かれています（1回目は11行目）",
        errors: 1,
    },
    Mistake {
        name: "a colon and space inside text",
        file: "content/glossary.yaml",
        edit: Edit::Line(11, "      en: Well-being: a good state"),
        at: "content/glossary.yaml:11:21:",
        en: "colon followed by a space",
        ja: "「: 」",
        errors: 1,
    },
    Mistake {
        name: "a tab in a policy file",
        file: "content/policies/growth.yaml",
        edit: Edit::Line(5, "\ten: Supporting staff growth"),
        at: "content/policies/growth.yaml:5:1:",
        en: "a tab character",
        ja: "タブ文字",
        errors: 1,
    },
    Mistake {
        name: "a full-width colon in a page's front matter",
        file: "content/pages/introduction.ja.md",
        edit: Edit::Line(3, "weight：10"),
        at: "content/pages/introduction.ja.md:3:7:",
        en: "full-width colon",
        ja: "全角の「：」",
        errors: 1,
    },
    Mistake {
        name: "an empty file",
        file: "content/ranks.yaml",
        edit: Edit::Bytes(b""),
        at: "content/ranks.yaml:1:1:",
        en: "the file is empty",
        ja: "ファイルが空です",
        errors: 1,
    },
    Mistake {
        name: "a page saved as Shift_JIS",
        file: "content/pages/introduction.ja.md",
        // ---\ntitle: はじめに\n---\n in Shift_JIS
        edit: Edit::Bytes(b"---\ntitle: \x82\xcd\x82\xb6\x82\xdf\x82\xc9\n---\n"),
        at: "content/pages/introduction.ja.md:2:8:",
        en: "it looks like Shift_JIS",
        ja: "Shift_JIS のようです",
        errors: 1,
    },
    Mistake {
        name: "a type error in ranks.yaml",
        file: "content/ranks.yaml",
        edit: Edit::Line(
            13,
            "    weights: { conceptual: ten, human: 35, technical: 55 }",
        ),
        at: "content/ranks.yaml:13:28:",
        en: "expected a whole number",
        ja: "整数",
        errors: 1,
    },
    Mistake {
        name: "a policy area copied from another",
        file: "content/policies/zz-copy.yaml",
        edit: Edit::CopyOf("content/policies/growth.yaml"),
        at: "content/policies/zz-copy.yaml:1:9:",
        en: "two policy areas have the number 04-1",
        ja: "方針の分野の番号 04-1 が2つあります",
        errors: 3,
    },
];

fn apply(site: &Path, mistake: &Mistake) {
    let target = site.join(mistake.file);
    match &mistake.edit {
        Edit::Line(number, text) => {
            let old = std::fs::read_to_string(&target).expect("read");
            let mut lines: Vec<&str> = old.lines().collect();
            lines[number - 1] = text;
            std::fs::write(&target, lines.join("\n") + "\n").expect("write");
        }
        Edit::Bytes(bytes) => std::fs::write(&target, bytes).expect("write"),
        Edit::CopyOf(other) => {
            std::fs::copy(site.join(other), &target).expect("copy");
        }
    }
}

fn check(site: &Path, messages: &str) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_policy-site"))
        .args(["check", "--root", path(site), "--messages", messages])
        .output()
        .expect("run");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// The first finding that starts with `label`, with its excerpt and hint lines.
fn first_finding(text: &str, label: &str) -> String {
    let mut lines = text.lines().skip_while(|l| !l.starts_with(label));
    let mut finding: Vec<&str> = lines.next().into_iter().collect();
    finding.extend(lines.take_while(|l| l.starts_with(' ')));
    finding.join("\n")
}

/// Words the parser uses, which must never reach a Japanese message.
const PARSER_WORDS: &[&str] = &[
    "found",
    "expected",
    "mapping values",
    "while scanning",
    "end of stream",
    "could not find",
    "did not find",
];

#[test]
fn every_mistake_is_one_error_at_the_line_a_person_would_point_at() {
    let mut failures = Vec::new();
    for mistake in CORPUS {
        let site = copy_site(&bundled_site());
        apply(site.path(), mistake);
        let (code, en) = check(site.path(), "en");
        let (_, ja) = check(site.path(), "ja");
        let errors = en.lines().filter(|l| l.starts_with("error[")).count();
        let first = first_finding(&en, "error[");
        let first_ja = first_finding(&ja, "エラー[");
        let mut wrong = Vec::new();
        if code != Some(1) {
            wrong.push(format!("exit code {code:?}"));
        }
        if errors != mistake.errors {
            wrong.push(format!("{errors} errors, not {}", mistake.errors));
        }
        if !first.starts_with("error[")
            || !first.contains(mistake.at)
            || !first.contains(mistake.en)
        {
            wrong.push(format!(
                "first error is not at {} with {:?}",
                mistake.at, mistake.en
            ));
        }
        if !first_ja.contains(mistake.ja) {
            wrong.push(format!("Japanese lacks {:?}", mistake.ja));
        }
        if let Some(word) = PARSER_WORDS.iter().find(|w| first_ja.contains(*w)) {
            wrong.push(format!("parser English {word:?} in Japanese"));
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "{}: {}\n{en}\n{ja}",
                mistake.name,
                wrong.join("; ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_syntax_error_shows_the_line_with_a_caret_under_the_column() {
    let site = copy_site(&bundled_site());
    apply(site.path(), &CORPUS[2]);
    let (_, en) = check(site.path(), "en");
    assert!(
        en.contains("    11 |       ja：公務意識\n       |         ^"),
        "{en}"
    );
}

#[test]
fn the_bundled_site_has_no_finding_at_all() {
    let (code, text) = {
        let output = Command::new(env!("CARGO_BIN_EXE_policy-site"))
            .args(["check", "--strict", "--root", path(&bundled_site())])
            .output()
            .expect("run");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(text.trim(), "check passed");
}

#[test]
fn a_stale_translation_is_marked_for_readers_in_the_page_and_the_search_results() {
    let site = copy_site(&common::fixture("valid"));
    let root = path(site.path());
    let confirmed = common::run(&["translations", "--confirm", "--all", "--root", root]);
    assert!(confirmed.status.success(), "{}", common::stderr(&confirmed));
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = std::fs::read_to_string(&mindsets).expect("read");
    std::fs::write(
        &mindsets,
        text.replacen("ja: 公務意識,", "ja: 公務意識（改訂）,", 1),
    )
    .expect("write");
    let out = tempfile::tempdir().expect("out");
    common::build(site.path(), out.path());
    let note = "<p class=\"notice stale-note\">The original text was revised after this translation was checked; this translation may be out of date.</p>";
    let page = std::fs::read_to_string(out.path().join("en/mindsets.html")).expect("page");
    assert!(page.contains(note), "{page}");
    let ja = std::fs::read_to_string(out.path().join("ja/mindsets.html")).expect("page");
    assert!(!ja.contains("stale-note"), "the source itself is not stale");
    let intro = std::fs::read_to_string(out.path().join("en/intro.html")).expect("page");
    assert!(
        !intro.contains("stale-note"),
        "a page not touched has no note"
    );
    let index = std::fs::read_to_string(out.path().join("en/search-index.js")).expect("index");
    assert!(
        index.contains("[\"mindsets.html\",\"Mindsets\",1]"),
        "{index}"
    );
    assert!(
        index.contains("[\"intro.html\",\"Introduction\"]"),
        "{index}"
    );
    let search = std::fs::read_to_string(out.path().join("en/search.html")).expect("search");
    assert!(
        search.contains("data-stale=\"The original text was revised"),
        "{search}"
    );
}

#[test]
fn translations_todo_lists_every_unconfirmed_text() {
    let site = copy_site(&common::fixture("valid"));
    let output = common::run(&["translations", "--todo", "--root", path(site.path())]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    let text = common::stdout(&output);
    let listed = text
        .lines()
        .filter(|l| l.starts_with("unconfirmed"))
        .count();
    assert!(
        listed > 10,
        "each unconfirmed text on its own line:\n{text}"
    );
    assert!(
        text.contains("content/mindsets.yaml#mindsets[public-service].title"),
        "{text}"
    );
}
