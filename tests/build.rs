//! `policy-site build` over the fixture sites: what a successful build writes, what
//! each class of content error says, and that a failed build leaves the previous
//! output exactly as it was.

mod common;

use common::{build, files_under, fixture, path, run, stderr};
use std::fs;
use std::path::Path;

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_bilingual_site_builds_every_page_in_every_language() {
    let out = tempfile::tempdir().expect("temp dir");
    build(&fixture("valid"), out.path());
    for lang in ["ja", "en"] {
        for page in [
            "index.html",
            "intro.html",
            "mindsets.html",
            "skills.html",
            "ranks/shuji.html",
            "ranks/kacho.html",
            "competencies.html",
            "handbook.html",
            "handbook/ojt.html",
            "handbook/mentoring.html",
            "print.html",
            "search.html",
            "404.html",
        ] {
            let file = out.path().join(lang).join(page);
            assert!(file.exists(), "{} was not built", file.display());
            assert!(
                read(&file).contains(&format!("<html lang=\"{lang}\">")),
                "{page} lacks lang={lang}"
            );
        }
    }
    let root = read(&out.path().join("index.html"));
    assert!(
        root.contains("url=ja/index.html"),
        "the root sends readers to the default language"
    );
    assert!(
        root.contains("href=\"en/index.html\""),
        "the root offers the other language"
    );
    assert!(read(&out.path().join("sitemap.xml"))
        .contains("<loc>https://intranet.example/test/en/ranks/kacho.html</loc>"));
}

#[test]
fn links_written_in_content_become_relative_links_to_the_same_language() {
    let out = tempfile::tempdir().expect("temp dir");
    build(&fixture("valid"), out.path());
    let intro = read(&out.path().join("ja/intro.html"));
    // Fragments are percent-encoded in the href (browsers decode them).
    assert!(
        intro.contains("href=\"handbook/ojt.html#%E8%81%B7%E5%A0%B4"),
        "{intro}"
    );
    assert!(intro.contains("href=\"ranks/kacho.html\""));
    let ojt = read(&out.path().join("en/handbook/ojt.html"));
    assert!(
        ojt.contains("href=\"../intro.html\""),
        "links climb out of a section folder"
    );
    let mindsets = read(&out.path().join("en/mindsets.html"));
    assert!(
        mindsets.contains("href=\"intro.html\""),
        "YAML Markdown links resolve too"
    );
}

#[test]
fn japanese_headings_get_anchors_and_a_table_of_contents() {
    let out = tempfile::tempdir().expect("temp dir");
    build(&fixture("valid"), out.path());
    let intro = read(&out.path().join("ja/intro.html"));
    assert!(
        intro.contains("<meta name=\"description\" content=\"この方針の目的\">"),
        "a page's own description"
    );
    assert!(intro.contains("<h2 id=\"背景\">"));
    assert!(
        intro.contains("<h2 id=\"背景-1\">"),
        "a repeated heading gets its own anchor"
    );
    let handbook = read(&out.path().join("ja/handbook/ojt.html"));
    assert!(handbook.contains("<h2 id=\"職場研修の進め方\">"));
}

#[test]
fn a_missing_translation_shows_the_default_text_marked_and_warns() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build(&fixture("valid"), out.path());
    let messages = stderr(&output);
    assert!(
        messages.contains("warning[missing-translation]: content/pages/handbook/mentoring.ja.md"),
        "{messages}"
    );
    assert!(messages.contains("content/mindsets.yaml:11:"), "{messages}");
    let page = read(&out.path().join("en/handbook/mentoring.html"));
    assert!(
        page.contains("<div class=\"content\" lang=\"ja\">"),
        "the page body is marked as Japanese"
    );
    assert!(page.contains("has not been translated yet"));
    let mindsets = read(&out.path().join("en/mindsets.html"));
    assert!(
        mindsets.contains("<div lang=\"ja\" class=\"untranslated\">"),
        "a missing field is marked"
    );
    assert!(mindsets.contains("Parts of this page have not been translated yet"));
}

#[test]
fn english_first_sites_build_with_english_as_the_default() {
    let out = tempfile::tempdir().expect("temp dir");
    build(&fixture("english-first"), out.path());
    assert!(read(&out.path().join("index.html")).contains("url=en/index.html"));
    let page = read(&out.path().join("ja/only-english.html"));
    assert!(
        page.contains("<div class=\"content\" lang=\"en\">"),
        "the fallback is the first language"
    );
    let switcher = read(&out.path().join("en/welcome.html"));
    assert!(switcher.contains("href=\"../ja/welcome.html\" hreflang=\"ja\""));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let out = tempfile::tempdir().expect("temp dir");
    build(&fixture("valid"), out.path());
    assert!(!out.path().join("ja/handbook/draft-plan.html").exists());
    let drafts = tempfile::tempdir().expect("temp dir");
    let output = run(&[
        "build",
        "--drafts",
        "--root",
        path(&fixture("valid")),
        "--out",
        path(drafts.path()),
    ]);
    assert!(output.status.success());
    assert!(drafts.path().join("ja/handbook/draft-plan.html").exists());
}

#[test]
fn the_sidebar_expands_only_the_current_section() {
    let out = tempfile::tempdir().expect("temp dir");
    build(&fixture("valid"), out.path());
    let in_section = read(&out.path().join("en/handbook/ojt.html"));
    assert!(
        in_section.contains("href=\"../handbook/mentoring.html\""),
        "siblings are listed inside the current section"
    );
    assert!(in_section.contains("aria-current=\"page\">On-the-job training (OJT)</a>"));
    let elsewhere = read(&out.path().join("en/intro.html"));
    assert!(
        !elsewhere.contains("handbook/mentoring.html\">"),
        "other sections stay collapsed"
    );
    assert!(
        elsewhere.contains("rel=\"next\""),
        "pages link to the next one in reading order"
    );
}

/// What a failing build must do: exit 1, name the place, and not touch the old output.
fn assert_fails_naming(fixture_name: &str, expected: &[&str]) {
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    build(&fixture("valid"), &public);
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = files_under(&public)
        .into_iter()
        .map(|f| (f.clone(), fs::read(public.join(&f)).expect("read")))
        .collect();
    let output = run(&[
        "build",
        "--root",
        path(&fixture(fixture_name)),
        "--out",
        path(&public),
    ]);
    let messages = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{fixture_name} should fail with exit 1:\n{messages}"
    );
    for text in expected {
        assert!(
            messages.contains(text),
            "{fixture_name}: expected `{text}` in:\n{messages}"
        );
    }
    let after: Vec<(std::path::PathBuf, Vec<u8>)> = files_under(&public)
        .into_iter()
        .map(|f| (f.clone(), fs::read(public.join(&f)).expect("read")))
        .collect();
    assert!(
        before == after,
        "{fixture_name}: the previous output changed"
    );
    let leftovers = fs::read_dir(out.path()).expect("list").count();
    assert_eq!(
        leftovers, 1,
        "{fixture_name}: a staging folder was left behind"
    );
}

#[test]
fn an_unknown_field_is_named_with_the_nearest_valid_one() {
    assert_fails_naming(
        "error-unknown-field",
        &[
            "error[unknown-field]: content/mindsets.yaml:9:5: mindsets[1].titel:",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn a_wrong_type_says_what_was_expected_and_found() {
    assert_fails_naming(
        "error-wrong-type",
        &["content/ranks.yaml:6:14: ranks[0].weights.human: expected a whole number, but found the text \"ten\""],
    );
}

#[test]
fn weights_must_add_up_to_100() {
    assert_fails_naming(
        "error-weights-sum",
        &["content/ranks.yaml:8:", "ranks[1].weights:", "add up to 95"],
    );
}

#[test]
fn an_unknown_rank_is_named_with_a_suggestion() {
    assert_fails_naming(
        "error-unknown-rank",
        &[
            "content/competencies.yaml:10:",
            "expectations.kakaricyo",
            "did you mean `kakaricho`?",
        ],
    );
}

#[test]
fn survey_breakdowns_must_add_up_to_the_respondents() {
    assert_fails_naming(
        "error-survey-sum",
        &[
            "content/survey.yaml:8:",
            "breakdowns[0].rows",
            "add up to 748",
            "756",
        ],
    );
}

#[test]
fn duplicate_ids_are_reported() {
    assert_fails_naming(
        "error-duplicate-id",
        &[
            "content/glossary.yaml:5:",
            "terms[2].id",
            "`ojt` is used twice",
        ],
    );
}

#[test]
fn broken_links_and_anchors_name_the_file_and_line() {
    assert_fails_naming(
        "error-broken-link",
        &[
            "content/pages/intro.ja.md:9:1: the link `training.md` leads to no page",
            "content/pages/intro.ja.md:9:19:",
            "#存在しない見出し",
        ],
    );
}

#[test]
fn yaml_syntax_errors_are_located() {
    assert_fails_naming(
        "error-yaml-syntax",
        &[
            "error[yaml-syntax]: content/ideal.yaml:2:12:",
            "the `{` at column 12 is never closed with `}`",
            "2 | statement: { ja:",
        ],
    );
}

#[test]
fn an_unknown_language_code_is_an_error() {
    assert_fails_naming(
        "error-unknown-language",
        &["content/ideal.yaml:1:", "title.eng", "did you mean `en`?"],
    );
}

#[test]
fn one_run_reports_every_error() {
    assert_fails_naming(
        "error-many",
        &[
            "mindsets[0].colour",
            "content/pages/a.ja.md:3:1: weigth",
            "did you mean `weight`?",
            "content/survey.yaml:3:",
            "3 error(s)",
        ],
    );
}

#[test]
fn a_broken_template_names_the_template() {
    assert_fails_naming(
        "error-template",
        &[
            "error[template]: templates/body/mindsets.html",
            "nosuchfilter",
        ],
    );
}

#[test]
fn a_site_template_overrides_the_theme_file_of_the_same_name() {
    let site = common::copy_site(&fixture("valid"));
    fs::create_dir_all(site.path().join("templates/body")).expect("mkdir");
    fs::write(site.path().join("templates/body/glossary.html"), "unused").expect("write");
    fs::write(
        site.path().join("templates/body/mindsets.html"),
        "<p class=\"custom\">{{ view.mindsets | length }}</p>",
    )
    .expect("write");
    let out = site.path().join("public");
    build(site.path(), &out);
    assert!(read(&out.join("ja/mindsets.html")).contains("<p class=\"custom\">2</p>"));
}

#[test]
fn the_output_is_never_a_folder_with_other_files() {
    let out = tempfile::tempdir().expect("temp dir");
    fs::write(out.path().join("notes.txt"), "mine").expect("write");
    let output = run(&[
        "build",
        "--root",
        path(&fixture("valid")),
        "--out",
        path(out.path()),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("will not replace"));
    assert_eq!(read(&out.path().join("notes.txt")), "mine");
}

#[test]
fn a_folder_without_a_site_is_a_usage_error() {
    let empty = tempfile::tempdir().expect("temp dir");
    let output = run(&["build", "--root", path(empty.path())]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("there is no content/site.yaml"));
}

#[test]
fn a_broken_file_is_one_error_not_a_cascade() {
    let site = common::copy_site(&fixture("valid"));
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = fs::read_to_string(&mindsets).expect("read");
    fs::write(&mindsets, text.replacen("    title:", "    titel:", 1)).expect("write");
    let output = run(&[
        "build",
        "--messages",
        "en",
        "--root",
        path(site.path()),
        "--out",
        path(&site.path().join("public")),
    ]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        messages.contains("1 error(s)"),
        "the nav entry for the broken page is not a second error:\n{messages}"
    );
}

#[test]
fn every_text_is_escaped_exactly_once_in_every_context() {
    let site = common::copy_site(&fixture("valid"));
    let page = site.path().join("content/pages/intro.en.md");
    let text = read(&page).replacen(
        "title: Introduction",
        "title: \"Q&A: R&D <draft>\"\ndescription: 'Say \"hi\" & <go>'",
        1,
    );
    fs::write(&page, text).expect("write the page");
    let config = site.path().join("content/site.yaml");
    let words = "strings:\n  search_no_results: { ja: なし, en: \"No Q&A for “{q}” <yet>\" }\n";
    fs::write(&config, read(&config) + words).expect("write site.yaml");
    let out = tempfile::tempdir().expect("temp dir");
    build(site.path(), out.path());
    let search = read(&out.path().join("en/search.html"));
    assert!(
        search.contains("data-no-results=\"No Q&amp;A for “{q}” &lt;yet&gt;\""),
        "script data in an attribute"
    );
    let html = read(&out.path().join("en/intro.html"));
    let once = "Q&amp;A: R&amp;D &lt;draft&gt;";
    let title = html
        .split("<title>")
        .nth(1)
        .and_then(|rest| rest.split("</title>").next())
        .expect("a title");
    assert!(title.starts_with(once), "the browser tab: {title}");
    assert!(html.contains(&format!("<h1>{once}</h1>")), "the heading");
    assert!(
        html.contains(
            "<meta name=\"description\" content=\"Say &quot;hi&quot; &amp; &lt;go&gt;\">"
        ),
        "an attribute"
    );
    let other = read(&out.path().join("en/handbook.html"));
    assert!(other.contains(once), "the sidebar of another page");
    for (name, page) in [("intro", &html), ("handbook", &other)] {
        for twice in ["&amp;amp;", "&amp;lt;", "&amp;gt;", "&amp;quot;", "&amp;#"] {
            assert!(!page.contains(twice), "{name} escapes twice: {twice}");
        }
    }
    let index = read(&out.path().join("en/search-index.js"));
    assert!(
        index.contains("\"Q&A: R&D <draft>\""),
        "the search index holds the title as text, set with textContent"
    );
}

/// Runs `check` over `site` in `language`: (exit code, what it printed).
fn check_in(site: &Path, language: &str) -> (Option<i32>, String) {
    let output = run(&["check", "--messages", language, "--root", path(site)]);
    (
        output.status.code(),
        stderr(&output) + &common::stdout(&output),
    )
}

#[test]
fn links_that_could_run_code_are_errors_with_file_and_line() {
    let site = common::copy_site(&fixture("valid"));
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = read(&mindsets).replacen(
        "body: { ja: 法令を遵守する意識, en: Complying with the law }",
        "body: { ja: 法令を遵守する意識, en: \"Complying with the [law](javascript:alert(1))\" }",
        1,
    );
    fs::write(&mindsets, text).expect("write mindsets");
    let page = site.path().join("content/pages/intro.en.md");
    let text = read(&page)
        + "\n[a]( JavaScript:alert(1)) [b](&#x64;ata:text/html,x)\n\n[c](<VBScript:msgbox(1)>) [ok](https://example.org) [mail](mailto:hr@example.org)\n";
    fs::write(&page, text).expect("write the page");
    let (code, said) = check_in(site.path(), "en");
    assert_eq!(code, Some(1), "{said}");
    for (file, scheme) in [
        ("content/mindsets.yaml:7", "javascript"),
        ("content/pages/intro.en.md:", "javascript"),
        ("content/pages/intro.en.md:", "data"),
        ("content/pages/intro.en.md:", "vbscript"),
    ] {
        assert!(
            said.lines().any(|l| l.contains("error[unsafe-link]")
                && l.contains(file)
                && l.contains(&format!("starts with `{scheme}:`"))),
            "{file} {scheme}:\n{said}"
        );
    }
    assert_eq!(said.matches("error[unsafe-link]").count(), 4, "{said}");
    let (_, said_ja) = check_in(site.path(), "ja");
    assert!(
        said_ja.contains("`javascript:` で始まっています"),
        "{said_ja}"
    );
}

#[test]
fn code_in_the_raw_html_of_a_page_is_a_warning() {
    let site = common::copy_site(&fixture("valid"));
    let page = site.path().join("content/pages/intro.en.md");
    let text = read(&page)
        + "\n<script>alert(1)</script>\n\nA picture <img src=\"https://example.org/x.png\" alt=\"\" onerror=\"alert(1)\"> here.\n\n<a href=\"javascript:go()\">go</a>\n\n<details><summary>More</summary>\nfine\n</details>\n";
    fs::write(&page, text).expect("write the page");
    let (code, said) = check_in(site.path(), "en");
    assert_eq!(code, Some(0), "warnings only: {said}");
    for what in [
        "`<script>` element",
        "event handler",
        "`javascript:` address",
    ] {
        assert!(
            said.lines().any(|l| l.contains("warning[html-script]")
                && l.contains("content/pages/intro.en.md:")
                && l.contains(what)),
            "{what}:\n{said}"
        );
    }
    assert_eq!(said.matches("warning[html-script]").count(), 3, "{said}");
    let (_, said_ja) = check_in(site.path(), "ja");
    assert!(said_ja.contains("`<script>` 要素があります"), "{said_ja}");
}

#[test]
fn content_ids_and_heading_anchors_never_take_a_template_id() {
    let site = common::copy_site(&fixture("valid"));
    let page = site.path().join("content/pages/intro.en.md");
    fs::write(
        &page,
        read(&page) + "\n## Main\n\nText.\n\n## Site nav\n\nMore.\n",
    )
    .expect("write the page");
    let out = tempfile::tempdir().expect("temp dir");
    build(site.path(), out.path());
    let html = read(&out.path().join("en/intro.html"));
    assert_eq!(html.matches("id=\"main\"").count(), 1, "{html}");
    assert!(html.contains("<main id=\"main\""), "the skip link's target");
    assert!(html.contains("href=\"#main\""), "the skip link");
    assert_eq!(html.matches("id=\"site-nav\"").count(), 1);
    assert!(html.contains("<h2 id=\"main-1\">"), "{html}");

    let mindsets = site.path().join("content/mindsets.yaml");
    fs::write(
        &mindsets,
        read(&mindsets).replacen("id: safety", "id: main", 1),
    )
    .expect("write mindsets");
    let (code, said) = check_in(site.path(), "en");
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("error[reserved-id]: content/mindsets.yaml:")
            && said.contains("the id `main`")
            && said.contains("e.g. `main-mindset`"),
        "{said}"
    );
    let (_, said_ja) = check_in(site.path(), "ja");
    assert!(
        said_ja.contains("id `main` はサイトのレイアウト"),
        "{said_ja}"
    );
}
