//! The policy on paper: the print view and a rank page printed by headless Chromium
//! (the browser's own header and footer off), and `policy-site pdf`, read back with
//! poppler's `pdfinfo`, `pdftotext` and `pdffonts` (Debian's poppler-utils, which
//! scripts/test installs).

mod common;

use std::path::Path;
use std::process::Command;

fn poppler(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|_| {
        panic!("{tool} is needed: run scripts/test (it installs Debian's poppler-utils)")
    });
    assert!(output.status.success(), "{tool} {args:?} failed");
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// The text of each page, in reading order.
fn pages(pdf: &Path) -> Vec<String> {
    split_pages(&poppler("pdftotext", &[common::path(pdf), "-"]))
}

/// The text at the foot of each page, below the body: the bottom 57 of A4's 842 points.
fn footers(pdf: &Path) -> Vec<String> {
    let area = ["-x", "0", "-y", "785", "-W", "595", "-H", "57"];
    let mut args: Vec<&str> = area.to_vec();
    args.extend([common::path(pdf), "-"]);
    split_pages(&poppler("pdftotext", &args))
}

fn split_pages(text: &str) -> Vec<String> {
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn lines(page: &str) -> Vec<&str> {
    page.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Prints `page` as a reader would from Chromium: CSS page size, backgrounds, no
/// browser header or footer.
fn print(tab: &headless_chrome::Tab, page: &Path, pdf: &Path) {
    common::browser::open_file(tab, page);
    let bytes = tab
        .print_to_pdf(Some(headless_chrome::types::PrintToPdfOptions {
            display_header_footer: Some(false),
            print_background: Some(true),
            prefer_css_page_size: Some(true),
            ..Default::default()
        }))
        .expect("print to PDF");
    std::fs::write(pdf, bytes).expect("write PDF");
}

/// `<… class="CLASS">TEXT</…>` texts of the built HTML, tags stripped.
fn texts_of(html: &str, class: &str) -> Vec<String> {
    html.split(&format!("class=\"{class}\""))
        .skip(1)
        .filter_map(|rest| {
            let inner = rest.split_once('>')?.1;
            let (inner, _) = inner.split_once("</")?;
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            Some(text.trim().to_string())
        })
        .collect()
}

/// Every page carries its own number at its foot (all but a cover); none is only web
/// controls or nothing at all.
fn assert_numbered_and_full(pdf: &Path, name: &str, cover: bool) {
    let pages = pages(pdf);
    let footers = footers(pdf);
    assert_eq!(pages.len(), footers.len());
    let first = if cover { "" } else { "1" };
    assert_eq!(footers[0].trim(), first, "{name}: the first page's foot");
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert_eq!(
            footers[i].trim(),
            (i + 1).to_string(),
            "{name}: page {} does not carry its number at its foot",
            i + 1
        );
        assert!(
            lines(page).len() >= 2,
            "{name}: page {} holds nothing but its number",
            i + 1
        );
    }
}

/// Body lines (the cover aside) of at most about 50 characters: 10.5 pt on A4.
fn assert_japanese_lines_fit(pages: &[String], name: &str) {
    let longest = pages
        .iter()
        .skip(1)
        .flat_map(|p| p.lines())
        .max_by_key(|l| l.trim().chars().count())
        .unwrap_or_default();
    assert!(
        longest.trim().chars().count() <= 50,
        "{name}: a line of {} characters means the text was shrunk to fit: {longest}",
        longest.trim().chars().count()
    );
    assert!(
        longest.trim().chars().count() >= 40,
        "{name}: lines are oddly short: {longest}"
    );
}

fn assert_a4_with_embedded_fonts(pdf: &Path) {
    let info = poppler("pdfinfo", &[common::path(pdf)]);
    assert!(info.contains("(A4)"), "not A4:\n{info}");
    let fonts = poppler("pdffonts", &[common::path(pdf)]);
    for font in fonts.lines().skip(2) {
        let columns: Vec<&str> = font.split_whitespace().collect();
        let embedded = columns.len() >= 5 && columns[columns.len() - 5] == "yes";
        assert!(embedded, "a font is not embedded: {font}");
    }
}

struct Expected {
    lang: &'static str,
    cover: &'static [&'static str],
    contents: &'static str,
    web_only: &'static [&'static str],
}

const LANGUAGES: [Expected; 2] = [
    Expected {
        lang: "ja",
        cover: &[
            "小山市人材育成基本方針",
            "小山市",
            "第1.0版",
            "2026年11月23日",
        ],
        contents: "目次",
        web_only: &[
            "本文へ移動",
            "全職位の一覧表を見る",
            "カッツ・モデルと職位の関係を見る",
            "方針全体を印刷用に表示",
            "English",
        ],
    },
    Expected {
        lang: "en",
        cover: &[
            "Oyama City Basic Policy",
            "Oyama City",
            "Version 1.0",
            "23 November 2026",
        ],
        contents: "Contents",
        web_only: &[
            "Skip to main content",
            "See every rank side by side",
            "How the skills change with rank",
            "Print the whole policy",
            "日本語",
        ],
    },
];

/// Checks a printed print view: cover, contents, numbers, no web controls, history last.
fn assert_official_document(pdf: &Path, html: &str, expected: &Expected) {
    assert_a4_with_embedded_fonts(pdf);
    let pages = pages(pdf);
    let lang = expected.lang;
    for text in expected.cover {
        assert!(
            pages[0].contains(text),
            "{lang}: the cover lacks {text}:\n{}",
            pages[0]
        );
    }
    assert!(
        lines(&pages[1]).first() == Some(&expected.contents),
        "{lang}: page 2 is not the contents:\n{}",
        pages[1]
    );
    let parts = texts_of(html, "contents-1");
    assert!(
        parts.len() >= 10,
        "{lang}: only {} top-level parts",
        parts.len()
    );
    // The contents run until the first part starts a page of its own.
    let body_starts = (2..pages.len())
        .find(|&i| lines(&pages[i]).first() == Some(&parts[0].as_str()))
        .expect("the first part starts a page");
    let contents = pages[1..body_starts].join("\n");
    for part in &parts {
        assert!(
            contents.contains(part.as_str()),
            "{lang}: the contents lack {part}:\n{contents}"
        );
    }
    assert_numbered_and_full(pdf, lang, true);
    let all = pages.join("\n");
    for web in expected.web_only {
        assert!(
            !all.contains(web),
            "{lang}: the printed policy shows `{web}`, which only works on screen"
        );
    }
    let last = pages.last().expect("pages");
    assert!(
        last.contains(parts.last().expect("parts").as_str()),
        "{lang}: the revision history is not at the end:\n{last}"
    );
}

#[test]
fn the_print_view_prints_as_an_official_a4_document_in_both_languages() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for expected in &LANGUAGES {
        let page = out.path().join(expected.lang).join("print.html");
        let pdf = out.path().join(format!("{}.pdf", expected.lang));
        print(&tab, &page, &pdf);
        let html = std::fs::read_to_string(&page).expect("print view");
        assert_official_document(&pdf, &html, expected);
        if expected.lang == "ja" {
            assert_japanese_lines_fit(&pages(&pdf), "ja/print.html");
        }
    }
}

#[test]
fn a_rank_page_prints_with_what_changes_from_the_rank_below() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    let pdf = out.path().join("kakaricho.pdf");
    print(&tab, &out.path().join("ja/ranks/kakaricho.html"), &pdf);
    assert_a4_with_embedded_fonts(&pdf);
    let pages = pages(&pdf);
    let all = pages.join("\n");
    for text in [
        "係長",
        "主任・主査からの変化",
        "この職位から求められる能力",
        "組織管理能力",
        "+10",
        "対象外",
    ] {
        assert!(
            all.contains(text),
            "the printed rank page lacks {text}:\n{all}"
        );
    }
    assert!(!all.contains("全職位の一覧表を見る") && !all.contains("サイト内を検索"));
    assert_numbered_and_full(&pdf, "ja/ranks/kakaricho.html", false);
    assert_japanese_lines_fit(&pages, "ja/ranks/kakaricho.html");
}

fn pdf_command(out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_policy-site"))
        .args([
            "pdf",
            "--root",
            common::path(&common::bundled_site()),
            "--out",
            common::path(out),
        ])
        .env("LANG", "C.UTF-8")
        .env("POLICY_SITE_BROWSER", common::chromium_path())
        .output()
        .expect("run policy-site pdf")
}

#[test]
fn policy_site_pdf_prints_every_language_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().expect("dir");
    let (first, second) = (dir.path().join("one"), dir.path().join("two"));
    for out in [&first, &second] {
        let output = pdf_command(out);
        assert!(
            output.status.success(),
            "pdf failed:\n{}",
            common::stderr(&output)
        );
    }
    for expected in &LANGUAGES {
        let lang = expected.lang;
        let pdf = first.join(lang).join("policy.pdf");
        let bytes = std::fs::read(&pdf).expect("the PDF is written into the site");
        let again = std::fs::read(second.join(lang).join("policy.pdf")).expect("second");
        if bytes != again {
            let at = bytes.iter().zip(&again).position(|(a, b)| a != b);
            let at = at.unwrap_or(bytes.len().min(again.len()));
            let around = |b: &[u8]| {
                String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 80).min(b.len())])
                    .to_string()
            };
            panic!(
                "{lang}: two runs differ ({} and {} bytes), first at byte {at}:\n{}\n---\n{}",
                bytes.len(),
                again.len(),
                around(&bytes),
                around(&again)
            );
        }
        assert!(
            !String::from_utf8_lossy(&bytes).contains("file://"),
            "{lang}: the PDF links to a local file"
        );
        let info = poppler("pdfinfo", &[common::path(&pdf)]);
        let title = if lang == "ja" {
            "小山市人材育成基本方針"
        } else {
            "Oyama City Basic Policy on Human Resource Development"
        };
        let author = expected.cover[1];
        for line in [
            format!("Title:           {title}"),
            format!("Author:          {author}"),
            "Nov 23 00:00:00 2026".into(),
        ] {
            assert!(
                info.contains(&line),
                "{lang}: pdfinfo lacks `{line}`:\n{info}"
            );
        }
        assert!(
            String::from_utf8_lossy(&bytes).contains(&format!("/Lang ({lang})")),
            "{lang}: no language"
        );
        let html =
            std::fs::read_to_string(first.join(lang).join("print.html")).expect("print view");
        assert_official_document(&pdf, &html, expected);
        let page =
            std::fs::read_to_string(first.join(lang).join("ranks/kacho.html")).expect("rank page");
        let link = if lang == "ja" {
            "href=\"../policy.pdf\" type=\"application/pdf\" hreflang=\"ja\">PDF版</a>"
        } else {
            "href=\"../policy.pdf\" type=\"application/pdf\" hreflang=\"en\">PDF</a>"
        };
        assert!(
            page.contains(link),
            "{lang}: the pages do not link to the PDF"
        );
    }
    let plain = dir.path().join("plain");
    common::build(&common::bundled_site(), &plain);
    let page = std::fs::read_to_string(plain.join("ja/index.html")).expect("home");
    assert!(
        !page.contains("policy.pdf"),
        "a site built without PDFs links to one"
    );
}

#[test]
fn policy_site_pdf_without_a_browser_says_what_it_looked_for() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("public");
    for (lang, words) in [
        ("en", "names /nowhere/chromium, which does not exist"),
        ("ja", "/nowhere/chromium がありません"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_policy-site"))
            .args([
                "pdf",
                "--messages",
                lang,
                "--root",
                common::path(&common::bundled_site()),
                "--out",
                common::path(&out),
            ])
            .env("POLICY_SITE_BROWSER", "/nowhere/chromium")
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2));
        let stderr = common::stderr(&output);
        assert!(
            stderr.contains("POLICY_SITE_BROWSER") && stderr.contains(words),
            "{stderr}"
        );
        assert!(!out.exists(), "nothing is written when no PDF can be made");
    }
}
