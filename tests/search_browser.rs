//! Search in a real browser, opened straight from disk (`file://`): a reader types in
//! the header of any page or on the search page, in Japanese or English, and lands
//! on the right passage; the keyboard works; no match is said in the page's
//! language; markup in a query or in the content stays text; and search.js splits
//! and ranks exactly as the Rust index does.

mod common;

use headless_chrome::Tab;
use policy_site::load::LoadOptions;
use policy_site::search::{tokens, SearchIndex};
use std::path::Path;
use std::time::{Duration, Instant};

fn eval(tab: &Tab, script: &str) -> String {
    let value = tab
        .evaluate(script, false)
        .unwrap_or_else(|e| panic!("evaluating {script}: {e}"))
        .value;
    match value {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Waits until `condition` (a JS expression) is true, or fails naming `what`.
fn wait_until(tab: &Tab, condition: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while eval(tab, &format!("String(Boolean({condition}))")) != "true" {
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} at {}",
            tab.get_url()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn open(tab: &Tab, file: &Path) {
    tab.navigate_to(&common::file_url(file)).expect("open");
    tab.wait_until_navigated().expect("load");
}

/// Types `text` into the field `selector` (emptied first).
fn type_into(tab: &Tab, selector: &str, text: &str) {
    eval(
        tab,
        &format!("document.querySelector('{selector}').value = ''"),
    );
    tab.wait_for_element(selector)
        .expect("field")
        .type_into(text)
        .expect("type");
}

fn active_element(tab: &Tab) -> String {
    eval(
        tab,
        "(document.activeElement.id || document.activeElement.getAttribute('href') || document.activeElement.tagName)",
    )
}

fn first_result_href(tab: &Tab) -> String {
    eval(
        tab,
        "document.querySelector('#search-results li a').getAttribute('href')",
    )
}

fn built_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    out
}

#[test]
fn typing_in_the_header_of_any_page_leads_to_the_passage_about_psychological_safety() {
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &out.path().join("ja/ranks/kakaricho.html"));
    type_into(&tab, "#site-search", "安全性");
    tab.press_key("Enter").expect("enter");
    wait_until(
        &tab,
        "location.pathname.endsWith('/ja/search.html')",
        "the search page",
    );
    wait_until(
        &tab,
        "document.querySelector('#search-results li')",
        "results",
    );
    assert_eq!(
        eval(&tab, "document.getElementById('search-input').value"),
        "安全性"
    );
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert!(status.starts_with("「安全性」の検索結果："), "{status}");
    assert_eq!(
        first_result_href(&tab),
        "glossary.html#psychological-safety"
    );
    let first = eval(
        &tab,
        "document.querySelector('#search-results li').textContent",
    );
    assert!(
        first.contains("用語集") && first.contains("心理的安全性"),
        "{first}"
    );
    let marks = eval(
        &tab,
        "[...document.querySelectorAll('#search-results li:first-child mark')].map(m => m.textContent).join('|')",
    );
    assert!(
        marks.split('|').all(|m| m == "安全性"),
        "highlighted: {marks}"
    );

    // The keyboard: focus starts in the search field; ↓ then Enter follows the first result.
    assert_eq!(active_element(&tab), "search-input");
    tab.press_key("ArrowDown").expect("down");
    assert_eq!(active_element(&tab), "glossary.html#psychological-safety");
    tab.press_key("Enter").expect("enter");
    wait_until(
        &tab,
        "location.pathname.endsWith('/ja/glossary.html')",
        "the glossary",
    );
    assert_eq!(
        eval(&tab, "decodeURIComponent(location.hash)"),
        "#psychological-safety"
    );
    let target = eval(&tab, "document.querySelector(':target').textContent");
    assert!(target.contains("心理的安全性"), "{target}");
}

#[test]
fn english_search_finds_phrases_and_word_prefixes_and_follows_a_result() {
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &out.path().join("en/policies/digital.html"));
    type_into(&tab, "#site-search", "Psychological SAFETY");
    tab.press_key("Enter").expect("enter");
    wait_until(
        &tab,
        "location.pathname.endsWith('/en/search.html')",
        "the search page",
    );
    wait_until(
        &tab,
        "document.querySelector('#search-results li')",
        "results",
    );
    assert_eq!(
        first_result_href(&tab),
        "glossary.html#psychological-safety"
    );
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert!(
        status.ends_with("results for “Psychological SAFETY”"),
        "{status}"
    );
    tab.press_key("ArrowDown").expect("down");
    tab.press_key("Enter").expect("enter");
    wait_until(
        &tab,
        "location.pathname.endsWith('/en/glossary.html')",
        "the glossary",
    );
    assert_eq!(eval(&tab, "location.hash"), "#psychological-safety");
    let target = eval(&tab, "document.querySelector(':target').textContent");
    assert!(target.contains("Psychological safety"), "{target}");

    open(&tab, &out.path().join("en/search.html"));
    type_into(&tab, "#search-input", "harass");
    wait_until(
        &tab,
        "document.querySelector('#search-results mark')",
        "a highlight",
    );
    let marks = eval(
        &tab,
        "[...document.querySelectorAll('#search-results mark')].map(m => m.textContent.toLowerCase()).join('|')",
    );
    assert!(marks.split('|').any(|m| m == "harassment"), "{marks}");
}

#[test]
fn arrow_keys_move_through_results_and_escape_clears_the_search() {
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    let url = format!(
        "{}?q=%E7%A0%94%E4%BF%AE",
        common::file_url(&out.path().join("ja/search.html"))
    );
    tab.navigate_to(&url).expect("open");
    tab.wait_until_navigated().expect("load");
    wait_until(
        &tab,
        "document.querySelectorAll('#search-results li').length > 2",
        "results for 研修",
    );
    assert_eq!(
        eval(&tab, "document.getElementById('search-input').value"),
        "研修"
    );
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('search-status').getAttribute('role')"
        ),
        "status"
    );
    let links: Vec<String> = serde_json::from_str(&eval(
        &tab,
        "JSON.stringify([...document.querySelectorAll('#search-results li > a')].map(a => a.getAttribute('href')))",
    ))
    .expect("hrefs");
    assert_eq!(active_element(&tab), "search-input");
    tab.press_key("ArrowDown").expect("down");
    assert_eq!(active_element(&tab), links[0]);
    tab.press_key("ArrowDown").expect("down");
    assert_eq!(active_element(&tab), links[1]);
    tab.press_key("ArrowUp").expect("up");
    assert_eq!(active_element(&tab), links[0]);
    tab.press_key("ArrowUp").expect("up");
    assert_eq!(active_element(&tab), "search-input");
    tab.press_key("ArrowDown").expect("down");
    tab.press_key("Escape").expect("escape");
    assert_eq!(
        active_element(&tab),
        "search-input",
        "Escape in the results returns to the field"
    );
    tab.press_key("Escape").expect("escape");
    assert_eq!(
        eval(&tab, "document.getElementById('search-input').value"),
        ""
    );
    assert_eq!(
        eval(
            &tab,
            "String(document.querySelectorAll('#search-results li').length)"
        ),
        "0"
    );
    assert_eq!(
        eval(&tab, "document.getElementById('search-status').textContent"),
        ""
    );
}

#[test]
fn a_query_without_matches_says_so_in_the_page_language() {
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for (lang, query, expected) in [
        (
            "ja",
            "該当なしxyzzy",
            "「該当なしxyzzy」に一致する項目はありませんでした。別のことばで検索してみてください。",
        ),
        ("en", "xyzzy", "Nothing matches “xyzzy”. Try other words."),
    ] {
        open(&tab, &out.path().join(lang).join("search.html"));
        type_into(&tab, "#search-input", query);
        wait_until(
            &tab,
            "document.getElementById('search-status').textContent !== ''",
            "a message",
        );
        assert_eq!(
            eval(&tab, "document.getElementById('search-status').textContent"),
            expected
        );
        assert_eq!(
            eval(
                &tab,
                "String(document.querySelectorAll('#search-results li').length)"
            ),
            "0"
        );
    }
}

const ATTACK: &str = "<img src=x onerror=alert(1)>";

#[test]
fn markup_in_a_query_is_shown_as_text() {
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    // Typed into the field.
    open(&tab, &out.path().join("en/search.html"));
    eval(
        &tab,
        "window.alerts = []; window.alert = m => window.alerts.push(m)",
    );
    type_into(&tab, "#search-input", ATTACK);
    wait_until(
        &tab,
        "document.getElementById('search-status').textContent !== ''",
        "a message",
    );
    assert_eq!(
        eval(&tab, "document.getElementById('search-status').textContent"),
        format!("Nothing matches “{ATTACK}”. Try other words.")
    );
    assert_eq!(
        eval(&tab, "String(document.querySelectorAll('img').length)"),
        "0"
    );
    assert_eq!(eval(&tab, "String(window.alerts.length)"), "0");
    // Arriving in the address, as a link someone sent.
    let url = format!(
        "{}?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%20safety",
        common::file_url(&out.path().join("en/search.html"))
    );
    tab.navigate_to(&url).expect("open");
    tab.wait_until_navigated().expect("load");
    wait_until(
        &tab,
        "document.getElementById('search-status').textContent !== ''",
        "a message",
    );
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert!(status.contains(ATTACK), "{status}");
    assert_eq!(
        eval(&tab, "String(document.querySelectorAll('img').length)"),
        "0"
    );
}

#[test]
fn markup_written_as_text_in_content_stays_text_in_results() {
    let site = common::copy_site(&common::fixture("valid"));
    for (lang, title) in [("ja", "注意事項"), ("en", "Caution")] {
        let page = format!(
            "---\ntitle: {title}\nweight: 90\n---\n\nWrite `{ATTACK}` and `</script><script>alert(2)</script>` only as text.\n"
        );
        std::fs::write(
            site.path().join(format!("content/pages/caution.{lang}.md")),
            page,
        )
        .expect("write page");
    }
    let out = tempfile::tempdir().expect("dir");
    common::build(site.path(), out.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for lang in ["ja", "en"] {
        open(&tab, &out.path().join(lang).join("search.html"));
        eval(
            &tab,
            "window.alerts = []; window.alert = m => window.alerts.push(m)",
        );
        type_into(&tab, "#search-input", "onerror");
        wait_until(
            &tab,
            "document.querySelector('#search-results li')",
            "a result",
        );
        let snippet = eval(
            &tab,
            "document.querySelector('#search-results .snippet').textContent",
        );
        assert!(snippet.contains(ATTACK), "{snippet}");
        assert!(
            snippet.contains("</script><script>alert(2)</script>"),
            "{snippet}"
        );
        let marks = eval(
            &tab,
            "document.querySelector('#search-results mark').textContent",
        );
        assert_eq!(marks, "onerror");
        assert_eq!(
            eval(
                &tab,
                "String(document.querySelectorAll('img, #search-results script').length)"
            ),
            "0"
        );
        assert_eq!(eval(&tab, "String(window.alerts.length)"), "0");
    }
}

const RUN_AXE: &str = r#"
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
"#;

#[test]
fn results_and_messages_pass_axe() {
    let axe_path = common::bundled_site().join("node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run scripts/test (it runs `npm ci` for the test tools)",
            axe_path.display()
        )
    });
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for (lang, query) in [
        ("ja", "安全性"),
        ("en", "staff development"),
        ("en", "xyzzy"),
    ] {
        open(&tab, &out.path().join(lang).join("search.html"));
        type_into(&tab, "#search-input", query);
        wait_until(
            &tab,
            "document.getElementById('search-status').textContent !== ''",
            "a message",
        );
        tab.press_key("ArrowDown").expect("down");
        tab.evaluate(&axe, false).expect("inject axe");
        let result = tab.evaluate(RUN_AXE, true).expect("run axe").value;
        let violations = result
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        assert_eq!(violations, "[]", "{lang} `{query}`");
    }
}

/// Strings that exercise every rule of the tokeniser.
const SAMPLES: &[&str] = &[
    "心理的安全性",
    "係長級職員の職場研修（ＯＪＴ）とDX推進、２０２４年度",
    "ﾊﾟｿｺﾝとｶﾞｲﾄﾞﾗｲﾝ ｳﾞｧ",
    "Psychological SAFETY, staff's well-being (kachō) Café",
    "第15条の2　地方公務員法",
    "𠮷野家 﨑 〆切 々",
    "<img src=x onerror=alert(1)>",
];

#[test]
fn search_js_splits_and_ranks_exactly_as_the_rust_index() {
    let root = common::bundled_site();
    let built = policy_site::pipeline::build(&root, &LoadOptions::default()).expect("build");
    let rendered =
        policy_site::render::render_site(&built.loaded.site, &built.routes).expect("render");
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for lang in ["ja", "en"] {
        open(&tab, &out.path().join(lang).join("search.html"));
        for sample in SAMPLES {
            let js = eval(
                &tab,
                &format!(
                    "JSON.stringify(policySearch.tokens({}))",
                    serde_json::json!(sample)
                ),
            );
            let rust: Vec<String> = tokens::tokens(sample).into_iter().map(|t| t.text).collect();
            assert_eq!(
                js,
                serde_json::json!(rust).to_string(),
                "tokens of {sample}"
            );
        }
        let index = SearchIndex::build(lang, &built.routes, &rendered.pages);
        for query in [
            "安全性",
            "係長",
            "市",
            "ojt 研修",
            "psych",
            "Safety",
            "staff development",
            "ｄｘ",
            "職員 a",
        ] {
            let js = eval(
                &tab,
                &format!(
                    "JSON.stringify(new policySearch.Searcher(policySearchIndex).search({}).map(h => [h.section, h.score]))",
                    serde_json::json!(query)
                ),
            );
            let rust: Vec<(u32, u32)> = index
                .search(query)
                .iter()
                .map(|h| (h.section, h.score))
                .collect();
            assert_eq!(
                js,
                serde_json::json!(rust).to_string(),
                "{lang}: results for {query}"
            );
        }
    }
}

/// A deterministic stream of numbers for the synthetic site (xorshift).
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }

    /// A made-up word, so the synthetic site's vocabulary grows with it as a real one does.
    fn word(&mut self, japanese: bool) -> String {
        let length = 2 + self.below(3);
        (0..length)
            .map(|_| {
                if japanese {
                    char::from_u32(0x4E00 + self.below(3000) as u32).unwrap_or('字')
                } else {
                    ['k', 's', 't', 'n', 'h', 'm', 'r', 'b', 'p', 'd'][self.below(10)]
                }
            })
            .flat_map(|c| {
                let vowel = if japanese {
                    None
                } else {
                    Some(['a', 'e', 'i', 'o', 'u'][c as usize % 5])
                };
                std::iter::once(c).chain(vowel)
            })
            .collect()
    }
}

/// The sentences of the bundled site in `lang`, to write synthetic pages with.
fn sentences(lang: &str) -> Vec<String> {
    let root = common::bundled_site();
    let built = policy_site::pipeline::build(&root, &LoadOptions::default()).expect("build");
    let rendered =
        policy_site::render::render_site(&built.loaded.site, &built.routes).expect("render");
    let separator = if lang == "ja" { "。" } else { ". " };
    rendered
        .pages
        .iter()
        .filter(|p| p.lang == lang)
        .flat_map(|p| policy_site::search::split(&p.body))
        .flat_map(|s| {
            s.text
                .split(separator)
                .map(|t| format!("{}{separator}", t.trim()))
                .collect::<Vec<_>>()
        })
        .filter(|s| s.chars().count() > 12)
        .collect()
}

/// The index of a synthetic site of `pages` pages, each an introduction and four sections.
fn synthetic_index(lang: &str, pages: usize) -> SearchIndex {
    let sentences = sentences(lang);
    let japanese = lang == "ja";
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut index = SearchIndex::new(lang);
    for page in 0..pages {
        let title = format!("{} {page}", random.word(japanese));
        let mut body = String::new();
        for section in 0..5 {
            if section > 0 {
                let heading: String = random.pick(&sentences).chars().take(16).collect();
                body.push_str(&format!("<h2 id=\"s{section}\">{heading}</h2>"));
            }
            body.push_str("<p>");
            for _ in 0..2 + random.below(3) {
                body.push_str(random.pick(&sentences));
                body.push_str(&random.word(japanese));
                body.push(' ');
            }
            body.push_str("</p>");
        }
        index.add_page(&format!("p/{page}.html"), &title, &body);
    }
    index.invert();
    index
}

/// Times, in the browser, `search` alone (a fresh searcher each time, so postings are
/// decoded each time; median and slowest of 5) and the whole update a keystroke causes
/// (search, then the first 50 results drawn with highlights).
const MEASURE: &str = r#"
(query => {
  const times = [];
  let hits = 0;
  for (let run = 0; run < 5; run++) {
    const searcher = new policySearch.Searcher(policySearchIndex);
    const start = performance.now();
    hits = searcher.search(query).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const input = document.getElementById('search-input');
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input'));
  const update = performance.now() - start;
  return JSON.stringify({ query, hits, median: times[2], slowest: times[4], update });
})"#;

#[test]
fn a_ten_thousand_page_site_answers_a_query_in_under_50_ms() {
    let out = built_site();
    let pages = 10_000;
    let queries = [
        (
            "ja",
            [
                "安全性",
                "職員",
                "市",
                "心理的安全性が高い職場",
                "研修 人材",
            ],
        ),
        (
            "en",
            [
                "psychological safety",
                "staff",
                "s",
                "st",
                "development of staff",
            ],
        ),
    ];
    let indexes: Vec<SearchIndex> = std::thread::scope(|scope| {
        let jobs: Vec<_> = queries
            .iter()
            .map(|(lang, _)| scope.spawn(move || synthetic_index(lang, pages)))
            .collect();
        jobs.into_iter()
            .map(|job| job.join().expect("index"))
            .collect()
    });
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for ((lang, queries), index) in queries.iter().zip(&indexes) {
        let script = index.to_script();
        std::fs::write(out.path().join(lang).join("search-index.js"), &script).expect("write");
        open(&tab, &out.path().join(lang).join("search.html"));
        wait_until(&tab, "window.policySearchIndex", "the index");
        let load = eval(
            &tab,
            "String(Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd))",
        );
        println!(
            "{lang}: {pages} pages, {} sections, {} terms, index {:.1} MB, search page loaded in {load} ms",
            index.sections.len(),
            index.terms.len(),
            script.len() as f64 / 1e6
        );
        for query in queries {
            let result = eval(&tab, &format!("{MEASURE}({})", serde_json::json!(query)));
            println!("  {result}");
            let figures: serde_json::Value = serde_json::from_str(&result).expect("figures");
            let search = figures["median"].as_f64().expect("search time");
            assert!(
                search < 50.0,
                "{lang}: `{query}` took {search} ms: {result}"
            );
        }
    }
}
