//! The round trip with translators' tools: `translations --export` to XLIFF 1.2 (valid
//! against the OASIS schema) and to a spreadsheet (read back by openpyxl, only the
//! translation column unlocked), the targets filled as a translator would, and
//! `--import` writing them back: the site equals one edited by hand the same way,
//! `check --strict` is clean. Every refusal leaves every file as it was.

mod common;

use common::{copy_site, fixture, path, run, stderr, stdout};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SCHEMAS: &str = "/usr/share/php/Symfony/Component/Translation/Resources/schemas";

/// The site: some texts missing, some stale (the Japanese changed after confirming).
fn site() -> tempfile::TempDir {
    copy_site(&fixture("translation-exchange"))
}

fn translations(site: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["translations", "--messages", "en", "--root", path(site)];
    all.extend_from_slice(args);
    run(&all)
}

fn export(site: &Path, name: &str) -> PathBuf {
    let file = site.join(name);
    let out = translations(site, &["--export", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    file
}

/// Every file of the site's content, by path.
fn contents(site: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    common::files_under(&site.join("content"))
        .into_iter()
        .map(|p| {
            let bytes = fs::read(site.join("content").join(&p)).expect("read");
            (p, bytes)
        })
        .collect()
}

/// What the translator writes for each segment that needs work: (source, target) as
/// XLIFF content. Segments whose translation still stands keep their target.
const XLIFF_TRANSLATIONS: &[(&str, &str)] = &[
    (
        "法令と服務規律を遵守する意識",
        "Complying with the law and the rules of service",
    ),
    (
        "誰に対しても不安なく意見を伝えられる状態",
        "Being able to speak up to anyone without fear",
    ),
    ("検討中の計画", "Plans under discussion"),
    ("下書きです。", "This is a draft."),
    ("メンター制度", "Mentoring"),
    (
        "英語版はまだありません。",
        "There is no English version yet.",
    ),
    ("人材育成", "Human resource development"),
    ("職員の計画的な育成", "Developing staff systematically"),
    (
        "働きやすい職場環境の整備",
        "Creating a workplace that is easy to work in",
    ),
    (
        "仕事を通じて成長し合う職場風土の醸成",
        "Fostering a culture of growing together through work",
    ),
    ("各職場", "Each workplace"),
    (
        "人材育成は<g id=\"1\" ctype=\"bold\">組織全体</g>で進めます。",
        "The <g id=\"1\" ctype=\"bold\">whole organisation</g> develops staff.",
    ),
];

/// The same translations as Markdown, for the spreadsheet.
fn markdown_translations() -> Vec<(String, String)> {
    XLIFF_TRANSLATIONS
        .iter()
        .map(|(ja, en)| {
            let md = |s: &str| {
                s.replace("<g id=\"1\" ctype=\"bold\">", "**")
                    .replace("</g>", "**")
            };
            (md(ja), md(en))
        })
        .collect()
}

/// Fills each trans-unit's target from the table, as a CAT tool would.
fn fill_xliff(text: &str, table: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<source>") {
        let end = rest[start..].find("</source>").expect("source closes") + start;
        let source = &rest[start + "<source>".len()..end];
        let target_start = rest[end..].find("<target").expect("target") + end;
        let content_start = rest[target_start..].find('>').expect("tag ends") + target_start + 1;
        let content_end = rest[content_start..]
            .find("</target>")
            .expect("target closes")
            + content_start;
        out.push_str(&rest[..content_start]);
        match table.iter().find(|(ja, _)| *ja == source) {
            Some((_, en)) => out.push_str(en),
            None => out.push_str(&rest[content_start..content_end]),
        }
        rest = &rest[content_end..];
    }
    out.push_str(rest);
    out
}

/// The same translations made by hand in the files, then confirmed.
fn edit_by_hand(site: &Path) {
    let todo = translations(site, &["--todo", "--format", "json"]);
    let keys: Vec<String> = stdout(&todo)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["unit"].as_str().map(str::to_string))
        .collect();
    assert_eq!(keys.len(), 9, "{}", stdout(&todo));
    let edit = |file: &str, pairs: &[(&str, &str)]| {
        let path = site.join("content").join(file);
        let mut text = fs::read_to_string(&path).expect("read");
        for (from, to) in pairs {
            assert!(text.contains(from), "{file} has {from}");
            text = text.replacen(from, to, 1);
        }
        fs::write(&path, text).expect("write");
    };
    edit(
        "mindsets.yaml",
        &[
            ("en: Complying with the law }", "en: Complying with the law and the rules of service }"),
            (
                "body: { ja: 誰に対しても不安なく意見を伝えられる状態 }",
                "body: { ja: 誰に対しても不安なく意見を伝えられる状態, en: Being able to speak up to anyone without fear }",
            ),
        ],
    );
    edit(
        "pages/intro.en.md",
        &[(
            "| Purpose | Development |",
            "| Purpose | Human resource development |",
        )],
    );
    edit(
        "roles.yaml",
        &[
            ("    Everyone develops staff.", "    The **whole organisation** develops staff."),
            ("            - Developing staff\n", "            - Developing staff systematically\n"),
            ("          ja: 各職場\n", "          ja: 各職場\n          en: Each workplace\n"),
            (
                "            - \"仕事を通じて成長し合う職場風土の醸成\"\n",
                "            - \"仕事を通じて成長し合う職場風土の醸成\"\n          en:\n            - Creating a workplace that is easy to work in\n            - Fostering a culture of growing together through work\n",
            ),
        ],
    );
    let pages = site.join("content/pages/handbook");
    fs::write(
        pages.join("draft-plan.en.md"),
        "---\ntitle: Plans under discussion\nweight: 3\ndraft: true\n---\n\nThis is a draft.\n",
    )
    .expect("write");
    fs::write(
        pages.join("mentoring.en.md"),
        "---\ntitle: Mentoring\nweight: 2\n---\n\nThere is no English version yet.\n",
    )
    .expect("write");
    let mut args = vec!["--confirm"];
    args.extend(keys.iter().map(String::as_str));
    let confirm = translations(site, &args);
    assert!(confirm.status.success(), "{}", stderr(&confirm));
}

/// The imported site equals the hand-edited one, file for file and page for page,
/// and passes `check --strict`.
fn assert_same_as_by_hand(imported: &Path) {
    let by_hand = site();
    edit_by_hand(by_hand.path());
    let (a, b) = (contents(imported), contents(by_hand.path()));
    for (file, bytes) in &b {
        assert_eq!(
            a.get(file).map(|a| String::from_utf8_lossy(a).to_string()),
            Some(String::from_utf8_lossy(bytes).to_string()),
            "{}",
            file.display()
        );
    }
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let out = tempfile::tempdir().expect("temp");
    common::build(imported, &out.path().join("imported"));
    common::build(by_hand.path(), &out.path().join("by-hand"));
    let (x, y) = (out.path().join("imported"), out.path().join("by-hand"));
    assert_eq!(common::files_under(&x), common::files_under(&y));
    for file in common::files_under(&x) {
        assert!(
            fs::read(x.join(&file)).ok() == fs::read(y.join(&file)).ok(),
            "{}",
            file.display()
        );
    }
    let check = run(&[
        "check",
        "--strict",
        "--messages",
        "en",
        "--root",
        path(imported),
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn an_agency_round_trip_through_xliff_gives_the_site_a_hand_edit_would() {
    let site = site();
    let before = fs::read_to_string(site.path().join("content/roles.yaml")).expect("read");
    let file = export(site.path(), "to-agency.xlf");
    let text = fs::read_to_string(&file).expect("read");
    assert!(
        text.contains("<target state=\"needs-translation\"></target>"),
        "{text}"
    );
    assert!(
        text.contains("state=\"needs-review-translation\""),
        "{text}"
    );
    assert!(
        text.contains("法令[→と服務規律]を遵守する意識"),
        "the note says what changed: {text}"
    );
    fs::write(&file, fill_xliff(&text, XLIFF_TRANSLATIONS)).expect("fill");

    let dry = translations(site.path(), &["--import", path(&file), "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("would create content/pages/handbook/mentoring.en.md"),
        "{}",
        stdout(&dry)
    );
    assert!(
        stdout(&dry).contains("  +           en: Each workplace\n"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(
        fs::read_to_string(site.path().join("content/roles.yaml")).expect("read"),
        before,
        "a dry run writes nothing"
    );

    let import = translations(site.path(), &["--import", path(&file)]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(
        stdout(&import).contains("confirmed 9 unit(s)"),
        "{}",
        stdout(&import)
    );
    // Only the translated lines of a YAML file change; its comments stay.
    let after = fs::read_to_string(site.path().join("content/roles.yaml")).expect("read");
    let kept: Vec<&str> = before
        .lines()
        .filter(|l| after.lines().any(|a| a == *l))
        .collect();
    let gone: Vec<&str> = before.lines().filter(|l| !kept.contains(l)).collect();
    assert_eq!(
        gone,
        [
            "    Everyone develops staff.",
            "            - Developing staff"
        ]
    );
    assert_same_as_by_hand(site.path());
}

#[test]
fn the_exported_xliff_is_valid_xliff_1_2() {
    let schemas = Path::new(SCHEMAS);
    assert!(
        schemas.join("xliff-core-1.2-strict.xsd").is_file() && Command::new("xmllint").arg("--version").output().is_ok(),
        "the XLIFF 1.2 schema (Debian: php-symfony-translation) and xmllint (libxml2-utils) are needed; scripts/test installs them"
    );
    let dir = tempfile::tempdir().expect("temp");
    let strict = fs::read_to_string(schemas.join("xliff-core-1.2-strict.xsd")).expect("schema");
    // Offline: the schema's import of xml.xsd points at the copy Debian ships beside it.
    fs::write(
        dir.path().join("strict.xsd"),
        strict.replace("http://www.w3.org/2001/xml.xsd", "xml.xsd"),
    )
    .expect("write");
    fs::copy(schemas.join("xml.xsd"), dir.path().join("xml.xsd")).expect("copy");
    let site = site();
    for (name, all) in [("todo.xlf", false), ("all.xlf", true)] {
        let file = site.path().join(name);
        let mut args = vec!["--export", path(&file)];
        if all {
            args.push("--all");
        }
        let out = translations(site.path(), &args);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = fs::read_to_string(&file).expect("read");
        assert!(
            text.contains("ctype=\"link\"") && text.contains("<ph id="),
            "{text}"
        );
        let lint = Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(dir.path().join("strict.xsd"))
            .arg(&file)
            .output()
            .expect("run xmllint");
        assert!(
            lint.status.success(),
            "{}\n{text}",
            String::from_utf8_lossy(&lint.stderr)
        );
    }
}

const OPENPYXL_FILL: &str = r#"
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
sheet = book["translations"]
assert sheet.protection.sheet, "the sheet is protected"
table = dict(json.load(open(sys.argv[3], encoding="utf-8")))
rows = 0
for row in sheet.iter_rows(min_row=2):
    rows += 1
    for cell in row:
        assert cell.protection.locked == (cell.column != 3), (cell.coordinate, cell.protection.locked)
        assert cell.alignment.wrap_text, cell.coordinate
    if row[1].value in table:
        row[2].value = table[row[1].value]
assert any(d.min <= 3 <= d.max and d.width >= 40 for d in sheet.column_dimensions.values())
print(rows)
book.save(sys.argv[2])
"#;

#[test]
fn a_reviewer_round_trip_through_a_spreadsheet_gives_the_same_site() {
    let site = site();
    let file = export(site.path(), "review.xlsx");
    let table = site.path().join("table.json");
    fs::write(
        &table,
        serde_json::to_string(&markdown_translations()).expect("json"),
    )
    .expect("write");
    let filled = site.path().join("reviewed.xlsx");
    let python = Command::new("python3")
        .args(["-c", OPENPYXL_FILL])
        .args([&file, &filled, &table])
        .output()
        .expect("python3 is needed; scripts/test installs openpyxl");
    assert!(
        python.status.success(),
        "openpyxl: {}",
        String::from_utf8_lossy(&python.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&python.stdout).trim(),
        "22",
        "one row per segment"
    );
    let import = translations(site.path(), &["--import", path(&filled)]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert_same_as_by_hand(site.path());
}

/// Imports `file` and asserts it is refused with `code`, naming every part of
/// `expected`, with every file of the site as it was.
fn assert_refused(site: &Path, file: &Path, code: i32, expected: &[&str]) {
    let before = contents(site);
    let out = translations(site, &["--import", path(file)]);
    let messages = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "{messages}");
    for part in expected {
        assert!(messages.contains(part), "{part}: {messages}");
    }
    assert!(messages.contains("nothing was imported"), "{messages}");
    assert!(contents(site) == before, "no file changed");
}

fn filled_export(site: &Path) -> (PathBuf, String) {
    let file = export(site, "x.xlf");
    let text = fill_xliff(
        &fs::read_to_string(&file).expect("read"),
        XLIFF_TRANSLATIONS,
    );
    fs::write(&file, &text).expect("write");
    (file, text)
}

#[test]
fn a_unit_whose_japanese_changed_since_the_export_is_refused() {
    let site = site();
    let (file, _) = filled_export(site.path());
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = fs::read_to_string(&mindsets).expect("read");
    fs::write(
        &mindsets,
        text.replace("不安なく意見を", "不安なく率直に意見を"),
    )
    .expect("edit");
    assert_refused(
        site.path(),
        &file,
        1,
        &[
            "content/mindsets.yaml#mindsets[safety].body",
            "the Japanese text has changed since this file was exported",
        ],
    );
}

#[test]
fn an_unknown_unit_is_refused() {
    let site = site();
    let (file, text) = filled_export(site.path());
    fs::write(
        &file,
        text.replace("mindsets[safety].body", "mindsets[courage].body"),
    )
    .expect("write");
    assert_refused(
        site.path(),
        &file,
        1,
        &[
            "content/mindsets.yaml#mindsets[courage].body",
            "the site has no text with this id",
        ],
    );
}

#[test]
fn a_broken_mark_or_link_target_is_refused() {
    let site = site();
    let (file, text) = filled_export(site.path());
    let broken = text.replace(
        "The <g id=\"1\" ctype=\"bold\">whole organisation</g> develops staff.",
        "The whole organisation develops staff.",
    );
    fs::write(&file, broken).expect("write");
    assert_refused(
        site.path(),
        &file,
        1,
        &[
            "content/roles.yaml#intro@1",
            "the protected mark 1 (`**…**`) was removed",
        ],
    );
    // In a spreadsheet the Markdown is written out: a changed link target is refused.
    let sheet = export(site.path(), "links.xlsx");
    let table = site.path().join("table.json");
    let wrong = [(
        "詳しくは[はじめに](intro)を参照。",
        "See the [introduction](intr).",
    )];
    fs::write(&table, serde_json::to_string(&wrong).expect("json")).expect("write");
    let all = site.path().join("all.xlsx");
    let out = translations(site.path(), &["--export", path(&all), "--all"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let filled = site.path().join("filled.xlsx");
    let python = Command::new("python3")
        .args(["-c", OPENPYXL_FILL])
        .args([&all, &filled, &table])
        .output()
        .expect("python3");
    assert!(
        python.status.success(),
        "{}",
        String::from_utf8_lossy(&python.stderr)
    );
    assert_refused(
        site.path(),
        &filled,
        1,
        &["content/roles.yaml#intro@2", "link (intro)"],
    );
    drop(sheet);
}

#[test]
fn a_file_that_is_not_what_was_exported_is_refused() {
    let site = site();
    let html = site.path().join("page.xlf");
    fs::write(&html, "<html><body>hello</body></html>").expect("write");
    assert_refused(site.path(), &html, 2, &["not an XLIFF 1.2 file"]);
    let text = site.path().join("notes.xlsx");
    fs::write(&text, "unit,ja,en\n").expect("write");
    assert_refused(site.path(), &text, 2, &["not a translation spreadsheet"]);
    let csv = site.path().join("notes.csv");
    fs::write(&csv, "unit,ja,en\n").expect("write");
    let out = translations(site.path(), &["--import", path(&csv)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(".xlf"), "{}", stderr(&out));
    let (file, text) = filled_export(site.path());
    fs::write(
        &file,
        text.replace("target-language=\"en\"", "target-language=\"fr\""),
    )
    .expect("write");
    let out = translations(site.path(), &["--import", path(&file)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("`fr` is not a language this site is translated into"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_export_never_overwrites_a_file() {
    let site = site();
    let file = site.path().join("keep.xlf");
    fs::write(&file, "mine").expect("write");
    let out = translations(site.path(), &["--export", path(&file)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&file).expect("read"), "mine");
}

#[test]
fn refusals_are_told_in_japanese_too() {
    let site = site();
    let (file, text) = filled_export(site.path());
    fs::write(
        &file,
        text.replace("mindsets[safety].body", "mindsets[courage].body"),
    )
    .expect("write");
    let out = run(&[
        "translations",
        "--messages",
        "ja",
        "--root",
        path(site.path()),
        "--import",
        path(&file),
    ]);
    let messages = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{messages}");
    assert!(messages.contains("エラー: content/mindsets.yaml#mindsets[courage].body: この id の文はサイトにありません"), "{messages}");
    assert!(messages.contains("何も取り込んでいません"), "{messages}");
    assert!(!messages.contains("nothing was imported"), "{messages}");
}

#[test]
fn a_unit_with_a_segment_left_empty_is_left_as_it_was() {
    let site = site();
    let file = export(site.path(), "part.xlf");
    let only_title = [("メンター制度", "Mentoring")];
    let text = fill_xliff(&fs::read_to_string(&file).expect("read"), &only_title);
    fs::write(&file, text).expect("write");
    let out = translations(site.path(), &["--import", path(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("left as it was: content/pages/handbook/mentoring.md (1 of 2 segment(s) have no translation)"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("confirmed 0 unit(s)"),
        "{}",
        stdout(&out)
    );
    assert!(!site
        .path()
        .join("content/pages/handbook/mentoring.en.md")
        .exists());
}
