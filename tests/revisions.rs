//! Revisions over `fixtures/revisions` (three recorded versions: 1.1 rewords a
//! sentence in both languages, changes a weight and inserts a paragraph in the middle
//! of a Markdown page; 1.2 adds and removes a glossary term, reorders the mindsets,
//! adds a page and removes one): the history, the comparisons, the earlier versions'
//! print views, the notes on changed pages, every refusal of `revise`, located errors
//! in records, and `diff` in each format.

mod common;

use common::{fixture, path, run, stderr, stdout};
use std::path::Path;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    common::build(&fixture("revisions"), &public);
    (out, public)
}

/// A built file's text, without the line-break opportunities (`<wbr>`) headings get
/// between Japanese phrases: they are not text.
fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .replace("<wbr>", "")
}

/// The text of the section of a comparison page about one page (`page-intro`).
fn group<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!(
            "<section class=\"revision-group\" aria-labelledby=\"{id}\">"
        ))
        .unwrap_or_else(|| panic!("no group {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</section>").expect("section end")]
}

#[test]
fn the_history_lists_every_version_newest_first_with_its_changes_and_links() {
    let (_out, public) = built();
    let ja = read(&public.join("ja/revisions.html"));
    let (v12, v11, v10) = (
        ja.find("<th scope=\"row\">1.2</th>").expect("1.2"),
        ja.find("<th scope=\"row\">1.1</th>").expect("1.1"),
        ja.find("<th scope=\"row\">1.0</th>").expect("1.0"),
    );
    assert!(v12 < v11 && v11 < v10, "newest first");
    assert!(ja.contains("倫理観の記述と主事の能力の比重を改めた"));
    assert!(ja.contains("<a href=\"revisions/1.1.html\">新旧対照表</a>"));
    assert!(ja.contains("<a href=\"revisions/1.0/print.html\">当時の全文</a>"));
    assert!(ja.contains("初版"));
    let en = read(&public.join("en/revisions.html"));
    assert!(en.contains("<h1>Revision history</h1>"));
    assert!(en.contains("1 April 2027"));
    assert!(en.contains("Integrity added; staff weights changed"));
}

#[test]
fn a_reworded_sentence_is_underlined_where_it_changed_in_both_languages() {
    let (_out, public) = built();
    let ja = read(&public.join("ja/revisions/1.1.html"));
    assert!(ja.contains("<h1>新旧対照表（1.1）</h1>"));
    let mindsets = group(&ja, "page-mindsets");
    // 改正後 (left) first, then 改正前 (right).
    let after = mindsets
        .find("法令を遵守<ins>し、高い倫理観</ins>を持<ins>って行動し</ins>ます。")
        .expect("new text, changes marked");
    let before = mindsets
        .find("法令を遵守<del>する意識</del>を持<del>ち</del>ます。")
        .expect("old text, changes marked");
    assert!(after < before, "改正後 on the left");
    assert!(
        mindsets.contains("href=\"../mindsets.html#public-service\""),
        "links to where it lives now"
    );
    let th_after = ja.find("<th scope=\"col\">改正後</th>").expect("header");
    assert!(th_after < ja.find("<th scope=\"col\">改正前</th>").expect("header"));
    let en = read(&public.join("en/revisions/1.1.html"));
    assert!(en.contains("<h1>Comparison of old and new text (1.1)</h1>"));
    let mindsets = group(&en, "page-mindsets");
    assert!(
        mindsets.contains("We comply with the law<ins> and act with integrity</ins>."),
        "{mindsets}"
    );
    assert!(mindsets.contains("We comply with the law."), "the old text");
    assert!(
        !mindsets.contains("<del>"),
        "nothing was removed in English"
    );
}

#[test]
fn a_changed_weight_shows_both_numbers() {
    let (_out, public) = built();
    let ja = read(&public.join("ja/revisions/1.1.html"));
    let shuji = group(&ja, "page-ranks-shuji");
    assert!(
        shuji.contains("<ins>30</ins>") && shuji.contains("<del>20</del>"),
        "{shuji}"
    );
    assert!(shuji.contains("<ins>70</ins>") && shuji.contains("<del>80</del>"));
    assert!(shuji.contains("ranks[shuji].weights.conceptual"));
}

#[test]
fn a_paragraph_inserted_in_the_middle_is_one_new_row() {
    let (_out, public) = built();
    for (lang, text) in [
        ("ja", "挿入された段落です。"),
        ("en", "An inserted paragraph."),
    ] {
        let html = read(&public.join(format!("{lang}/revisions/1.1.html")));
        let intro = group(&html, "page-intro");
        assert_eq!(intro.matches("<tr class=").count(), 1, "{lang}: {intro}");
        assert!(intro.contains("<tr class=\"added\">"));
        assert!(intro.contains(text));
        assert!(
            !intro.contains("Second paragraph") && !intro.contains("第二段落"),
            "later paragraphs unchanged"
        );
    }
    assert!(read(&public.join("ja/revisions/1.1.html")).contains("新設"));
}

#[test]
fn added_and_removed_items_reordered_lists_and_pages_are_shown() {
    let (_out, public) = built();
    let ja = read(&public.join("ja/revisions/1.2.html"));
    let glossary = group(&ja, "page-glossary");
    assert!(glossary.contains("<tr class=\"added\">") && glossary.contains("自己啓発"));
    assert!(
        glossary.contains("<tr class=\"removed\">")
            && glossary.contains("職場を離れて行う研修です。")
    );
    assert!(glossary.contains("新設") && glossary.contains("削除"));
    let mindsets = group(&ja, "page-mindsets");
    assert!(
        mindsets.contains("<ins>safety, public-service</ins>"),
        "{mindsets}"
    );
    assert!(mindsets.contains("<del>public-service, safety</del>"));
    let training = group(&ja, "page-training");
    assert!(
        training.contains("新しく設けた研修のページです。")
            && training.contains("href=\"../training.html\"")
    );
    let guide = group(&ja, "page-guide");
    assert!(guide.contains("この手引きは次の版で廃止されます。"));
    assert!(guide.contains("<tr class=\"removed\">"));
    assert!(
        !guide.contains("href=\"../guide.html\""),
        "a removed page has no page to link to"
    );
    let en = read(&public.join("en/revisions/1.2.html"));
    assert!(en.contains("Self-development") && en.contains("Deleted") && en.contains("New"));
}

#[test]
fn an_earlier_version_prints_as_it_stood_then_marked_and_not_indexed() {
    let (_out, public) = built();
    let old = read(&public.join("ja/revisions/1.0/print.html"));
    assert!(
        old.contains("法令を遵守する意識を持ちます。"),
        "the old text"
    );
    assert!(!old.contains("高い倫理観"), "not the new text");
    assert!(
        old.contains("この手引きは次の版で廃止されます。"),
        "the page removed later"
    );
    assert!(old.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(old.contains("これは版 1.0（2027-01-10）時点の方針全体です。"));
    assert!(old.contains("<a href=\"../../print.html\">現在の方針を読む</a>"));
    let en = read(&public.join("en/revisions/1.1/print.html"));
    assert!(en.contains("version 1.1 (1 April 2027)") && en.contains("act with integrity"));
    assert!(
        en.contains("Off-JT"),
        "1.1 still had the term removed in 1.2"
    );
    let current = read(&public.join("ja/print.html"));
    assert!(!current.contains("noindex") && !current.contains("法令を遵守する意識"));
    for lang in ["ja", "en"] {
        let index = read(&public.join(format!("{lang}/search-index.js")));
        assert!(
            !index.contains("廃止されます") && !index.contains("withdrawn"),
            "old wording is not searchable"
        );
    }
}

#[test]
fn each_page_a_revision_changed_says_when_and_links_to_its_rows() {
    let (_out, public) = built();
    let mindsets = read(&public.join("ja/mindsets.html"));
    assert!(
        mindsets.contains(
            "最終改定 1.2（2027-10-01）・<a href=\"revisions/1.2.html#page-mindsets\">改定内容</a>"
        ),
        "{mindsets}"
    );
    let shuji = read(&public.join("ja/ranks/shuji.html"));
    assert!(shuji.contains("最終改定 1.1（2027-04-01）・<a href=\"../revisions/1.1.html#page-ranks-shuji\">改定内容</a>"));
    let en = read(&public.join("en/intro.html"));
    assert!(en.contains("Last revised in 1.1 (1 April 2027) · <a href=\"revisions/1.1.html#page-intro\">What changed</a>"));
    let kacho = read(&public.join("ja/ranks/kacho.html"));
    assert!(
        !kacho.contains("最終改定"),
        "a page no revision changed has no note"
    );
    assert!(read(&public.join("ja/revisions/1.1.html")).contains("id=\"page-ranks-shuji\""));
}

#[test]
fn the_draft_comparison_is_built_only_with_drafts_and_the_output_is_byte_identical() {
    let (_out, public) = built();
    assert!(!public.join("ja/revisions/next.html").exists());
    let dir = common::copy_site(&fixture("revisions"));
    let mindsets = dir.path().join("content/mindsets.yaml");
    std::fs::write(&mindsets, read(&mindsets).replace("不安なく", "安心して")).expect("write");
    let out = dir.path().join("public");
    let output = run(&[
        "build",
        "--drafts",
        "--root",
        path(dir.path()),
        "--out",
        path(&out),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let next = read(&out.join("ja/revisions/next.html"));
    assert!(
        next.contains("誰に対しても安<ins>心して</ins>意見")
            && next.contains("誰に対しても<del>不</del>安<del>なく</del>意見"),
        "{next}"
    );
    assert!(next.contains("href=\"../mindsets.html#safety\""));
    let (_again, public2) = built();
    for file in common::files_under(&public) {
        assert_eq!(
            std::fs::read(public.join(&file)).expect("read"),
            std::fs::read(public2.join(&file)).expect("read"),
            "{} differs between two builds",
            file.display()
        );
    }
}

/// Runs `revise` on a copy of the fixture and checks that it was refused with
/// `message` and wrote nothing.
fn assert_refused(edit: impl Fn(&Path), args: &[&str], message: &str) {
    let dir = common::copy_site(&fixture("revisions"));
    edit(dir.path());
    let before = common::files_under(dir.path());
    let site_yaml = read(&dir.path().join("content/site.yaml"));
    let mut all = vec!["revise"];
    all.extend_from_slice(args);
    all.extend(["--root", path(dir.path())]);
    let output = run(&all);
    assert!(!output.status.success(), "{args:?} was recorded");
    let text = stderr(&output);
    assert!(text.contains(message), "{args:?}: {text}");
    assert!(text.contains("nothing was recorded"), "{text}");
    assert_eq!(common::files_under(dir.path()), before, "no file written");
    assert_eq!(read(&dir.path().join("content/site.yaml")), site_yaml);
}

const NOTE: [&str; 4] = ["--note", "ja=改定", "--note", "en=Revised"];

fn args<'a>(version: &'a str, date: &'a str) -> Vec<&'a str> {
    let mut all = vec![version, "--date", date];
    all.extend(NOTE);
    all
}

#[test]
fn revise_refuses_a_version_already_recorded_or_not_after_the_last() {
    let nothing = |_: &Path| {};
    assert_refused(
        nothing,
        &args("1.2", "2027-12-01"),
        "version 1.2 is already recorded",
    );
    assert_refused(
        nothing,
        &args("1.1.5", "2027-12-01"),
        "does not come after the last recorded version, 1.2",
    );
    assert_refused(
        nothing,
        &args("../x", "2027-12-01"),
        "cannot be a version name",
    );
}

#[test]
fn revise_refuses_a_date_that_is_not_a_date_or_goes_backwards() {
    let nothing = |_: &Path| {};
    assert_refused(
        nothing,
        &args("1.3", "2027-13-01"),
        "`2027-13-01` is not a date",
    );
    assert_refused(nothing, &args("1.3", "1 April"), "is not a date");
    assert_refused(
        nothing,
        &args("1.3", "2027-09-30"),
        "is before the date of version 1.2 (2027-10-01)",
    );
    assert_refused(
        nothing,
        &["1.3", "--date", "2027-12-01", "--note", "en=Only English"],
        "a note in `ja` is needed",
    );
}

#[test]
fn revise_refuses_content_that_does_not_pass_check() {
    let broken = |root: &Path| {
        let ranks = root.join("content/ranks.yaml");
        std::fs::write(
            &ranks,
            read(&ranks).replace("conceptual: 70", "conceptual: 75"),
        )
        .expect("write");
    };
    assert_refused(broken, &args("1.3", "2027-12-01"), "does not pass `check`");
}

#[test]
fn revise_refusals_are_said_in_japanese_too() {
    let dir = common::copy_site(&fixture("revisions"));
    let mut all = vec!["--messages", "ja", "revise"];
    all.extend(args("1.2", "2027-12-01"));
    all.extend(["--root", path(dir.path())]);
    let text = stderr(&run(&all));
    assert!(text.contains("版 1.2 はすでに記録されています"), "{text}");
    assert!(text.contains("何も記録していません"));
}

#[test]
fn revise_records_a_version_that_then_builds_checks_and_compares() {
    let dir = common::copy_site(&fixture("revisions"));
    let root = dir.path();
    let mindsets = root.join("content/mindsets.yaml");
    std::fs::write(&mindsets, read(&mindsets).replace("不安なく", "安心して")).expect("write");
    let diff = stdout(&run(&["diff", "--root", path(root)]));
    assert!(
        diff.contains("1.2 → working content: 1 changed item(s)"),
        "{diff}"
    );
    let mut all = vec!["revise"];
    all.extend(args("1.3", "2028-04-01"));
    all.extend(["--root", path(root)]);
    let output = run(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("recorded version 1.3 (2028-04-01): 1 changed item(s)"));
    assert!(root.join("content/revisions/1.3.yaml").is_file());
    let site = read(&root.join("content/site.yaml"));
    assert!(site.contains("version: \"1.3\""));
    let first = site.find("- version: \"1.3\"").expect("entry");
    assert!(
        first < site.find("- version: \"1.2\"").expect("older entry"),
        "newest first"
    );
    let check = run(&["check", "--root", path(root)]);
    assert!(check.status.success(), "{}", stderr(&check));
    let diff = stdout(&run(&["diff", "--root", path(root)]));
    assert!(
        diff.contains("1.3 → working content: 0 changed item(s)"),
        "{diff}"
    );
    let out = root.join("public");
    common::build(root, &out);
    let ja = read(&out.join("ja/revisions/1.3.html"));
    assert!(ja.contains("安<ins>心して</ins>"));
    let ja = read(&out.join("ja/mindsets.html"));
    assert!(ja.contains("最終改定 1.3（2028-04-01）"));
    // 1.3 is the current text: today's print view is its print view.
    assert!(!out.join("ja/revisions/1.3/print.html").exists());
    assert!(out.join("ja/revisions/1.2/print.html").is_file());
    let history = read(&out.join("ja/revisions.html"));
    let row = &history[history.find(">1.3<").expect("1.3's row")..];
    let row = &row[..row.find("</tr>").expect("row end")];
    assert!(
        row.contains("<a href=\"print.html\">当時の全文</a>"),
        "{row}"
    );
    // Once the content moves on, 1.3 is an earlier version, printed as it stood.
    std::fs::write(&mindsets, read(&mindsets).replace("安心して", "気兼ねなく")).expect("write");
    let later = root.join("later");
    common::build(root, &later);
    let old = read(&later.join("ja/revisions/1.3/print.html"));
    assert!(old.contains("誰に対しても安心して意見") && !old.contains("気兼ねなく"));
    assert!(old.contains("これは版 1.3（2028-04-01）時点の方針全体です。"));
    let history = read(&later.join("ja/revisions.html"));
    assert!(history.contains("<a href=\"revisions/1.3/print.html\">当時の全文</a>"));
}

/// Writes a Markdown page (`content/pages/KEY.LANG.md`) with its title and text.
fn write_page(root: &Path, key_lang: &str, title: &str, text: &str) {
    let file = root.join(format!("content/pages/{key_lang}.md"));
    std::fs::create_dir_all(file.parent().expect("folder")).expect("mkdir");
    let page = format!("---\ntitle: {title}\nweight: 10\n---\n\n{text}\n");
    std::fs::write(file, page).expect("write page");
}

#[test]
fn an_earlier_version_prints_its_own_section_lists_though_the_pages_read_the_same() {
    // `build` makes each earlier version's print view after today's, taking from it
    // the pages that read the same then as now. A section's own page whose text did
    // not change, but whose list of pages did, must still print the old list.
    let dir = common::copy_site(&fixture("revisions"));
    let root = dir.path();
    write_page(root, "handbook/_index.ja", "手引き", "手引きの章です。");
    write_page(
        root,
        "handbook/_index.en",
        "Handbook",
        "The handbook section.",
    );
    write_page(
        root,
        "handbook/first.ja",
        "最初の手引き",
        "最初の手引きです。",
    );
    write_page(root, "handbook/first.en", "First guide", "The first guide.");
    let mut all = vec!["revise"];
    all.extend(args("1.3", "2028-04-01"));
    all.extend(["--root", path(root)]);
    let output = run(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    write_page(
        root,
        "handbook/first.ja",
        "改めた手引き",
        "最初の手引きです。",
    );
    write_page(
        root,
        "handbook/first.en",
        "Renamed guide",
        "The first guide.",
    );
    write_page(root, "handbook/second.ja", "次の手引き", "次の手引きです。");
    write_page(
        root,
        "handbook/second.en",
        "Second guide",
        "The second guide.",
    );
    let out = root.join("public");
    common::build(root, &out);
    let section = |html: &str| {
        let start = html.find("手引きの章です。").expect("the section's text");
        let rest = &html[start..];
        rest[..rest.find("</ul>").expect("its list of pages")].to_string()
    };
    let old = section(&read(&out.join("ja/revisions/1.3/print.html")));
    assert!(old.contains("最初の手引き"), "the title then: {old}");
    assert!(
        !old.contains("改めた手引き") && !old.contains("次の手引き"),
        "not today's list: {old}"
    );
    let today = section(&read(&out.join("ja/print.html")));
    assert!(
        today.contains("改めた手引き") && today.contains("次の手引き"),
        "{today}"
    );
    // Each print view is byte for byte the one made on its own, as serve makes it.
    let options = policy_site::load::LoadOptions::default();
    let alone = policy_site::pipeline::build(root, &options).expect("build in memory");
    let print_views: Vec<_> = alone
        .files
        .iter()
        .filter(|file| file.path.ends_with("print.html"))
        .collect();
    assert_eq!(
        print_views.len(),
        10,
        "today's and 1.0 to 1.3, both languages"
    );
    for file in print_views {
        let written = std::fs::read(out.join(&file.path)).expect("written");
        assert!(*file.bytes == written, "{} differs", file.path);
    }
}

#[test]
fn a_language_added_after_versions_were_recorded_links_to_their_text_in_the_default_language() {
    // The versions recorded before Chinese was added have no Chinese print view: the
    // Chinese history links to each one's Japanese text, saying so, and `check`,
    // which follows every link, passes.
    let dir = common::copy_site(&fixture("revisions"));
    let root = dir.path();
    let site = root.join("content/site.yaml");
    let added = read(&site).replace(
        "  - { code: en, name: English }\n",
        "  - { code: en, name: English }\n  - { code: zh, name: 中文 }\n",
    );
    std::fs::write(&site, added).expect("write site.yaml");
    let check = run(&["check", "--root", path(root)]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = root.join("public");
    common::build(root, &out);
    let zh = read(&out.join("zh/revisions.html"));
    assert!(
        zh.contains("<a href=\"../ja/revisions/1.0/print.html\" hreflang=\"ja\">"),
        "{zh}"
    );
    assert!(zh.contains("(日本語)"), "says which language: {zh}");
    assert!(!out.join("zh/revisions/1.0/print.html").exists());
    let en = read(&out.join("en/revisions.html"));
    assert!(en.contains("<a href=\"revisions/1.0/print.html\">"), "{en}");
}

#[test]
fn a_language_removed_after_a_version_was_recorded_in_it_is_not_printed_for_that_version() {
    // 1.3 is recorded with Chinese, which is then removed: 1.3's print view is made
    // in Japanese and English only (a Chinese one would lead back to Chinese pages
    // that are no longer built), and `check` passes.
    let dir = common::copy_site(&fixture("revisions"));
    let root = dir.path();
    let site = root.join("content/site.yaml");
    let plain = read(&site);
    let with_chinese = plain.replace(
        "  - { code: en, name: English }\n",
        "  - { code: en, name: English }\n  - { code: zh, name: 中文 }\n",
    );
    std::fs::write(&site, with_chinese).expect("write site.yaml");
    let mut all = vec!["revise"];
    all.extend(args("1.3", "2028-04-01"));
    all.extend(["--root", path(root)]);
    let output = run(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    let recorded = read(&site);
    std::fs::write(
        &site,
        recorded.replace("  - { code: zh, name: 中文 }\n", ""),
    )
    .expect("write");
    let mindsets = root.join("content/mindsets.yaml");
    std::fs::write(&mindsets, read(&mindsets).replace("不安なく", "安心して")).expect("write");
    let check = run(&["check", "--root", path(root)]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = root.join("public");
    common::build(root, &out);
    assert!(out.join("ja/revisions/1.3/print.html").is_file());
    assert!(!out.join("zh").exists(), "nothing in the removed language");
    let old = read(&out.join("ja/revisions/1.3/print.html"));
    assert!(!old.contains("/zh/"), "no link to the removed language");
}

#[test]
fn an_earlier_version_of_a_site_with_its_own_theme_prints_in_todays_theme() {
    // A record holds only content/: the theme folder it names is today's, on disk.
    let dir = common::copy_site(&fixture("revisions"));
    let root = dir.path();
    let house = root.join("themes/house");
    common::copy_tree(&common::bundled_site().join("themes/default"), &house);
    let layout = house.join("templates/layout.html");
    let marked = read(&layout).replacen(
        "<head>",
        "<head>\n<meta name=\"theme\" content=\"house\">",
        1,
    );
    std::fs::write(&layout, marked).expect("write layout");
    let site = root.join("content/site.yaml");
    std::fs::write(&site, format!("{}theme: house\n", read(&site))).expect("write site.yaml");
    let mut all = vec!["revise"];
    all.extend(args("1.3", "2028-04-01"));
    all.extend(["--root", path(root)]);
    let output = run(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    let mindsets = root.join("content/mindsets.yaml");
    std::fs::write(&mindsets, read(&mindsets).replace("不安なく", "安心して")).expect("write");
    let out = root.join("public");
    let built = common::build(root, &out);
    assert!(built.status.success(), "{}", stderr(&built));
    let old = read(&out.join("ja/revisions/1.3/print.html"));
    assert!(
        old.contains("<meta name=\"theme\" content=\"house\">"),
        "today's theme"
    );
    assert!(
        old.contains("不安なく") && !old.contains("安心して"),
        "the old text"
    );
}

#[test]
fn a_save_in_serve_renders_no_revision_page_and_reads_no_record_again() {
    use policy_site::load::LoadOptions;
    use policy_site::pipeline::{self, BuildCache, Deferred};
    let dir = common::copy_site(&fixture("revisions"));
    let root = dir.path();
    let options = LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    };
    let mut memory = BuildCache::default();
    let first = pipeline::build_incremental(root, &options, &mut memory).expect("first build");
    let glossary = root.join("content/glossary.yaml");
    let text = read(&glossary).replace("仕事を通じて", "日々の仕事を通じて");
    std::fs::write(&glossary, text).expect("save");
    let saved = pipeline::build_incremental(root, &options, &mut memory).expect("after the save");
    for built in [&first, &saved] {
        let made: Vec<&str> = built
            .files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.contains("/revisions"))
            .collect();
        assert!(
            made.is_empty(),
            "revision pages made with the build: {made:?}"
        );
    }
    assert!(
        std::sync::Arc::ptr_eq(&first.history, &saved.history),
        "a save that changes no record reads and compares no record again"
    );
    assert!(
        saved.rendered < first.rendered,
        "only what the save changed is rendered"
    );
    // Asked for, the revision pages are made, the draft comparison with the save.
    let next = saved.deferred_kind("ja/revisions/next.html");
    assert_eq!(next, Some(Deferred::Revisions));
    let files = saved.deferred(Deferred::Revisions).expect("revision pages");
    let next = files
        .iter()
        .find(|f| f.path == "ja/revisions/next.html")
        .expect("next.html");
    let next = String::from_utf8_lossy(&next.bytes).replace("<wbr>", "");
    assert!(
        next.contains("職場で<ins>日々の</ins>仕事を通じて"),
        "{next}"
    );
}

#[test]
fn serve_shows_an_earlier_version_in_todays_words_after_they_are_edited() {
    use policy_site::load::LoadOptions;
    use policy_site::pipeline::{self, BuildCache, Deferred};
    let dir = common::copy_site(&fixture("revisions"));
    let root = dir.path();
    let mut memory = BuildCache::default();
    let options = LoadOptions::default();
    let first = pipeline::build_incremental(root, &options, &mut memory).expect("first build");
    let notice = |built: &pipeline::Built| {
        let files = built.deferred(Deferred::Revisions).expect("revision pages");
        let old = files
            .iter()
            .find(|f| f.path == "en/revisions/1.0/print.html")
            .expect("1.0's print view");
        String::from_utf8_lossy(&old.bytes).into_owned()
    };
    assert!(notice(&first).contains("Read the current policy"));
    let site = root.join("content/site.yaml");
    let words =
        "strings:\n  archived_current: { ja: 現行の方針へ, en: Go to the policy in force }\n";
    std::fs::write(&site, format!("{}{words}", read(&site))).expect("save");
    let saved = pipeline::build_incremental(root, &options, &mut memory).expect("after the save");
    let after = notice(&saved);
    assert!(after.contains("Go to the policy in force"), "today's words");
    assert!(!after.contains("Read the current policy"));
}

/// Builds a broken copy and returns the messages.
fn build_fails(edit: impl Fn(&Path)) -> String {
    let dir = common::copy_site(&fixture("revisions"));
    edit(dir.path());
    let output = run(&[
        "build",
        "--root",
        path(dir.path()),
        "--out",
        path(&dir.path().join("public")),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!dir.path().join("public").exists());
    stderr(&output)
}

#[test]
fn a_hand_edited_record_is_an_error_naming_the_file_and_line() {
    let text = build_fails(|root| {
        let record = root.join("content/revisions/1.1.yaml");
        std::fs::write(&record, read(&record).replace("高い倫理観", "高い論理観")).expect("write");
    });
    assert!(
        text.contains("error[revision-record-changed]: content/revisions/1.1.yaml:"),
        "{text}"
    );
    assert!(text.contains("has been changed since it was recorded"));
    let damaged = build_fails(|root| {
        std::fs::write(
            root.join("content/revisions/1.1.yaml"),
            "version: \"1.1\"\ndate: [\n",
        )
        .expect("write");
    });
    assert!(damaged.contains("content/revisions/1.1.yaml:"), "{damaged}");
}

#[test]
fn a_history_entry_without_its_record_and_a_record_without_its_entry_are_errors() {
    let text = build_fails(|root| {
        std::fs::remove_file(root.join("content/revisions/1.1.yaml")).expect("remove");
    });
    assert!(
        text.contains("error[revision-missing-record]: content/site.yaml:"),
        "{text}"
    );
    assert!(text.contains("history[1].version"), "{text}");
    assert!(text.contains("there is no record of it (content/revisions/1.1.yaml)"));
    let text = build_fails(|root| {
        let site = root.join("content/site.yaml");
        let yaml = read(&site);
        let start = yaml.find("  - version: \"1.2\"").expect("entry");
        let end = yaml.find("  - version: \"1.1\"").expect("next entry");
        std::fs::write(&site, format!("{}{}", &yaml[..start], &yaml[end..])).expect("write");
    });
    assert!(
        text.contains("error[revision-not-in-history]: content/revisions/1.2.yaml"),
        "{text}"
    );
}

#[test]
fn diff_prints_text_json_and_markdown_naming_each_item_by_its_unit_key() {
    let root = fixture("revisions");
    let text = stdout(&run(&[
        "diff",
        "--from",
        "1.0",
        "--to",
        "1.1",
        "--root",
        path(&root),
    ]));
    assert!(text.contains("1.0 → 1.1: 5 changed item(s)"), "{text}");
    assert!(text.contains("changed content/mindsets.yaml#mindsets[public-service].body"));
    assert!(
        text.contains("ja + 法令を遵守{+し、高い倫理観+}を持{+って行動し+}ます。"),
        "{text}"
    );
    assert!(text.contains("ja - 法令を遵守[-する意識-]を持[-ち-]ます。"));
    assert!(text.contains("added content/pages/intro.ja.md#paragraph[3]"));
    let json = stdout(&run(&[
        "diff",
        "--to",
        "1.2",
        "--format",
        "json",
        "--root",
        path(&root),
    ]));
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["from"], "1.1");
    assert_eq!(value["to"], "1.2");
    let rows = value["rows"].as_array().expect("rows");
    assert!(rows
        .iter()
        .any(|r| r["key"] == "content/glossary.yaml#terms[sdl].term" && r["change"] == "added"));
    assert!(rows.iter().any(
        |r| r["key"] == "content/glossary.yaml#terms[off-jt].definition"
            && r["change"] == "removed"
    ));
    assert!(rows
        .iter()
        .any(|r| r["key"] == "content/mindsets.yaml#mindsets" && r["kind"] == "order"));
    let markdown = stdout(&run(&[
        "--messages",
        "ja",
        "diff",
        "--from",
        "1.0",
        "--to",
        "1.1",
        "--format",
        "markdown",
        "--root",
        path(&root),
    ]));
    assert!(
        markdown.contains("| 項目 | 改正後 | 改正前 |"),
        "{markdown}"
    );
    assert!(markdown.contains("<ins>し、高い倫理観</ins>"));
    assert!(
        markdown.contains("| <ins>30</ins> | <del>20</del> |"),
        "{markdown}"
    );
    let none = stdout(&run(&["diff", "--root", path(&root)]));
    assert!(
        none.contains("1.2 → working content: 0 changed item(s)"),
        "{none}"
    );
    let unknown = run(&["diff", "--from", "0.9", "--root", path(&root)]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("version 0.9 is not recorded (recorded: 1.0, 1.1, 1.2)"));
}

#[test]
fn the_bundled_site_records_its_first_publication_as_1_0_and_nothing_else() {
    let root = common::bundled_site();
    let site = read(&root.join("content/site.yaml"));
    assert!(site.contains("- version: \"1.0\""));
    let records: Vec<_> = std::fs::read_dir(root.join("content/revisions"))
        .expect("records")
        .collect();
    assert_eq!(
        records.len(),
        1,
        "only 1.0: no invented revision of the real policy"
    );
    let diff = stdout(&run(&["diff", "--root", path(&root)]));
    assert!(
        diff.contains("1.0 → working content: 0 changed item(s)"),
        "{diff}"
    );
}
