//! In a real browser, from `file://`: the root sends the reader to the default
//! language, a rank is two clicks from the home page, the language switch lands on
//! the same page, Japanese heading anchors work, and a phone-width page does not
//! scroll sideways.

mod common;

use common::browser::{click, eval_text, phone_width, wait_for_url};

#[test]
fn a_reader_reaches_a_rank_in_two_clicks_and_switches_language_on_the_same_page() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&common::file_url(&out.path().join("index.html")))
        .expect("open");
    wait_for_url(&tab, "/ja/index.html");
    assert_eq!(eval_text(&tab, "document.documentElement.lang"), "ja");

    // Click 1: the rank on the home page.
    click(&tab, ".rank-grid a[href='ranks/kakaricho.html']");
    wait_for_url(&tab, "/ja/ranks/kakaricho.html");
    assert_eq!(
        eval_text(&tab, "document.querySelector('h1').textContent.trim()"),
        "係長"
    );
    let pillars = eval_text(
        &tab,
        "String(document.querySelectorAll('.expectation').length)",
    );
    assert_eq!(pillars, "5", "a subsection chief sees all five pillars");
    let chart = eval_text(
        &tab,
        "document.querySelector('svg.chart').getAttribute('aria-label')",
    );
    assert!(
        chart.contains("ヒューマンスキル 35%"),
        "the chart has a text alternative: {chart}"
    );

    // Click 2: the language switch keeps the page.
    click(&tab, ".languages a[hreflang='en']");
    wait_for_url(&tab, "/en/ranks/kakaricho.html");
    assert_eq!(eval_text(&tab, "document.documentElement.lang"), "en");
    let title = eval_text(&tab, "document.querySelector('h1').textContent");
    assert!(
        title.contains("Subsection Chief") && title.contains("kakarichō"),
        "{title}"
    );
}

#[test]
fn japanese_heading_anchors_and_phone_width_work() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&common::file_url(&out.path().join("ja/promotion.html")))
        .expect("open");
    wait_for_url(&tab, "/ja/promotion.html");
    let first_toc_link = eval_text(
        &tab,
        "document.querySelector('.toc a').getAttribute('href')",
    );
    assert!(first_toc_link.starts_with('#'), "{first_toc_link}");
    click(&tab, ".toc a");
    let hash = eval_text(&tab, "decodeURIComponent(location.hash)");
    let target = eval_text(
        &tab,
        "document.getElementById(decodeURIComponent(location.hash.slice(1))) ? 'found' : 'missing'",
    );
    assert_eq!(target, "found", "the anchor {hash} leads to its heading");
    assert!(
        hash.chars().any(|c| c > '\u{3000}'),
        "the anchor keeps the Japanese heading text: {hash}"
    );

    phone_width(&tab);
    for page in [
        "ja/competencies.html",
        "en/survey.html",
        "en/ranks/kacho-hosa.html",
    ] {
        tab.navigate_to(&common::file_url(&out.path().join(page)))
            .expect("open");
        wait_for_url(&tab, page);
        let overflow = eval_text(
            &tab,
            "String(document.documentElement.scrollWidth - window.innerWidth)",
        );
        assert!(
            overflow.parse::<i64>().unwrap_or(999) <= 0,
            "{page} scrolls sideways on a phone by {overflow}px"
        );
    }
}
