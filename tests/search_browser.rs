//! Search in a real browser, opened straight from disk (`file://`): a reader types in
//! the header of any page or on the search page, in Japanese or English, and lands
//! on the right passage; the keyboard works; no match is said in the page's
//! language; markup in a query or in the content stays text; search.js splits and
//! ranks exactly as the Rust index does, whole or in parts; a large index in parts
//! loads only what a query needs; and on a 10,000-page site a query takes under
//! 50 ms and no task while the index loads takes 200 ms. `search_figures_for_bench`
//! (ignored) prints the same figures for bench/run.sh.

mod common;

use headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument;
use headless_chrome::Tab;
use policy_site::load::LoadOptions;
use policy_site::search::{tokens, PartSizes, SearchIndex};
use std::path::Path;

// `eval` here is always the text of a value (a string as is, anything else as JSON).
use common::browser::{eval_text as eval, open_file, type_into, wait_until};

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

/// Types `query` into the header search box of `page` and waits for the results.
fn search_from_header(tab: &headless_chrome::Tab, page: &std::path::Path, query: &str, lang: &str) {
    open_file(tab, page);
    type_into(tab, "#site-search", query);
    tab.press_key("Enter").expect("enter");
    let on_search_page = format!("location.pathname.endsWith('/{lang}/search.html')");
    wait_until(tab, &on_search_page, "the search page");
    wait_until(
        tab,
        "document.querySelector('#search-results li')",
        "results",
    );
}

#[test]
fn typing_in_the_header_of_any_page_leads_to_the_passage_about_psychological_safety() {
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    search_from_header(
        &tab,
        &out.path().join("ja/ranks/kakaricho.html"),
        "安全性",
        "ja",
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
    search_from_header(
        &tab,
        &out.path().join("en/policies/digital.html"),
        "Psychological SAFETY",
        "en",
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

    open_file(&tab, &out.path().join("en/search.html"));
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
        open_file(&tab, &out.path().join(lang).join("search.html"));
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
    open_file(&tab, &out.path().join("en/search.html"));
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
        open_file(&tab, &out.path().join(lang).join("search.html"));
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
        open_file(&tab, &out.path().join(lang).join("search.html"));
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
    "ワーク・ライフ・バランス ﾜｰｸ･ﾗｲﾌ コンピューター 主任・主査",
    "well-being e-learning evaluations trainings harassed controlling happy ponies agreed",
];

#[test]
fn search_js_splits_and_ranks_exactly_as_the_rust_index() {
    let root = common::bundled_site();
    let built = policy_site::pipeline::build(&root, &LoadOptions::default()).expect("build");
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for lang in ["ja", "en"] {
        open_file(&tab, &out.path().join(lang).join("search.html"));
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
        let index = SearchIndex::build(lang, &built.routes, &built.texts);
        // Every title, heading and text of the site splits (and stems) alike.
        let texts: Vec<String> = index
            .pages
            .iter()
            .map(|p| p.1.clone())
            .chain(
                index
                    .sections
                    .iter()
                    .map(|s| format!("{} {}", s.heading, s.text)),
            )
            .collect();
        let js = eval(
            &tab,
            &format!(
                "JSON.stringify({}.map(t => policySearch.tokens(t)))",
                serde_json::json!(texts)
            ),
        );
        let rust: Vec<Vec<String>> = texts
            .iter()
            .map(|t| tokens::tokens(t).into_iter().map(|t| t.text).collect())
            .collect();
        assert_eq!(
            js,
            serde_json::json!(rust).to_string(),
            "{lang}: the site's text"
        );
        for query in RANKED {
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

/// Queries whose results search.js and the Rust index must give alike.
const RANKED: &[&str] = &[
    "安全性",
    "係長",
    "市",
    "ojt 研修",
    "psych",
    "Safety",
    "staff development",
    "ｄｘ",
    "職員 a",
    "心理的安全性とは",
    "係長の役割",
    "働き方改革について",
    "ワークライフバランス",
    "ＯＪＴ",
    "カッツ",
    "wellbeing",
    "well being",
    "evaluations",
    "trainings",
    "harrassment",
    "Katz model",
    "what is expected of a 係長",
    "課長に求められる能力",
    "what is",
];

/// Part sizes that cut even the bundled site's small index into dozens of parts.
const TINY_PARTS: PartSizes = PartSizes {
    whole: 0,
    terms: 2_000,
    sections: 2_000,
};

#[test]
fn an_index_that_will_not_load_says_so_instead_of_preparing_forever() {
    let root = common::bundled_site();
    let built = policy_site::pipeline::build(&root, &LoadOptions::default()).expect("build");
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    let failed = |tab: &Tab| {
        eval(
            tab,
            "document.getElementById('search-strings').getAttribute('data-failed')",
        )
    };

    // The whole index missing (a copy that lost a file).
    std::fs::remove_file(out.path().join("ja/search-index.js")).expect("remove");
    let url = common::file_url(&out.path().join("ja/search.html"));
    tab.navigate_to(&format!("{url}?q=%E5%AE%89%E5%85%A8"))
        .expect("open");
    tab.wait_until_navigated().expect("load");
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert_eq!(status, failed(&tab));
    assert!(status.contains("再読み込み"), "{status}");

    // An index in parts, one kind of part missing: the query that needs it says so.
    let lang_dir = out.path().join("en");
    let index = SearchIndex::build("en", &built.routes, &built.texts);
    write_index(&lang_dir, &index, &TINY_PARTS);
    for part in std::fs::read_dir(lang_dir.join("search")).expect("parts") {
        let path = part.expect("part").path();
        if path.to_string_lossy().contains("sections-") {
            std::fs::remove_file(path).expect("remove");
        }
    }
    open_file(&tab, &lang_dir.join("search.html"));
    type_into(&tab, "#search-input", "safety");
    wait_until(
        &tab,
        "document.getElementById('search-status').textContent === document.getElementById('search-strings').getAttribute('data-failed')",
        "the failure said",
    );
    assert_eq!(
        eval(
            &tab,
            "String(document.getElementById('search-results').hasAttribute('aria-busy'))"
        ),
        "false"
    );
}

#[test]
fn an_index_in_parts_loads_what_a_query_needs_and_ranks_as_a_whole_one() {
    let root = common::bundled_site();
    let built = policy_site::pipeline::build(&root, &LoadOptions::default()).expect("build");
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for (lang, query, heading, next) in [
        ("ja", "安全性", "心理的安全性", "研修"),
        (
            "en",
            "psychological safety",
            "Psychological safety",
            "training",
        ),
    ] {
        let lang_dir = out.path().join(lang);
        let index = SearchIndex::build(lang, &built.routes, &built.texts);
        let (files, _, _) = write_index(&lang_dir, &index, &TINY_PARTS);
        assert!(files > 20, "{lang}: {files} files");

        // Arriving with a query: the parts it needs load and the right passage comes first.
        let url = format!(
            "{}?q={}",
            common::file_url(&lang_dir.join("search.html")),
            query.replace(' ', "%20")
        );
        tab.navigate_to(&url).expect("open");
        tab.wait_until_navigated().expect("load");
        wait_until(
            &tab,
            "document.querySelector('#search-results li')",
            "results",
        );
        assert_eq!(
            first_result_href(&tab),
            "glossary.html#psychological-safety"
        );
        let first = eval(
            &tab,
            "document.querySelector('#search-results li').textContent",
        );
        assert!(first.contains(heading), "{lang}: {first}");
        let loaded = eval(&tab, "String(Object.keys(policySearchIndex.parts).length)");
        assert!(
            loaded.parse::<usize>().expect("count") < files / 2,
            "{lang}: only the parts the query needs are loaded, not {loaded} of {files}"
        );

        // Typing a query whose parts are not loaded yet: the page says it is getting
        // ready, then answers as the Rust index does.
        assert_ne!(
            eval(
                &tab,
                &format!(
                    "String(policySearch.page.searcher.missing({}).length)",
                    serde_json::json!(next)
                )
            ),
            "0"
        );
        let status = eval(
            &tab,
            &format!(
                "(() => {{ const input = document.getElementById('search-input'); input.value = {}; input.dispatchEvent(new Event('input')); return document.getElementById('search-status').textContent + '|' + document.getElementById('search-results').getAttribute('aria-busy'); }})()",
                serde_json::json!(next)
            ),
        );
        let loading = eval(
            &tab,
            "document.getElementById('search-strings').getAttribute('data-loading')",
        );
        assert_eq!(status, format!("{loading}|true"));
        wait_until(
            &tab,
            "!document.getElementById('search-results').hasAttribute('aria-busy')",
            "the answer",
        );
        let top = &index.sections[index.search(next)[0].section as usize];
        let expected = format!(
            "{}{}",
            index.pages[top.page as usize].0,
            if top.anchor.is_empty() {
                String::new()
            } else {
                format!("#{}", top.anchor)
            }
        );
        assert_eq!(
            eval(&tab, "decodeURIComponent(document.querySelector('#search-results li a').getAttribute('href'))"),
            expected
        );

        // Every ranking, through the parts, as the Rust index gives it.
        for query in RANKED {
            let js = tab
                .evaluate(
                    &format!(
                        "(() => {{ const searcher = new policySearch.Searcher(policySearchIndex); const query = {}; return searcher.load(query).then(() => JSON.stringify(searcher.search(query).map(h => [h.section, h.score]))); }})()",
                        serde_json::json!(query)
                    ),
                    true,
                )
                .expect("search")
                .value
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
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
    let separator = if lang == "ja" { "。" } else { ". " };
    built
        .texts
        .iter()
        .filter(|p| p.lang == lang)
        .flat_map(|p| p.sections.iter().cloned())
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

/// Writes `index` into a built site's `LANG/` folder as the search page loads it, cut
/// into parts by `sizes` (replacing the index that was there). Returns how many files
/// it wrote, their bytes and the largest file's.
fn write_index(lang_dir: &Path, index: &SearchIndex, sizes: &PartSizes) -> (usize, usize, usize) {
    let _ = std::fs::remove_dir_all(lang_dir.join("search"));
    let scripts = index.scripts(sizes);
    for script in &scripts {
        let path = lang_dir.join(&script.path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(&path, &script.text).expect("write");
    }
    let sizes: Vec<usize> = scripts.iter().map(|s| s.text.len()).collect();
    (
        sizes.len(),
        sizes.iter().sum(),
        sizes.iter().copied().max().unwrap_or(0),
    )
}

/// Installed before any script of every page the tab opens: `searchTasks.start()` and
/// `stop()` bracket a phase and give its longest task, as the longest gap between
/// turns of a message loop (a task of any length, rendering included) and as the
/// `longtask` entries (over 50 ms) the browser reported. The first phase starts with
/// the page and ends by itself once a search page shows its first answer (`opened`:
/// when, and the longest task until then).
const TASKS: &str = r#"
(() => {
  const tasks = { running: false, longest: 0, since: 0, opened: null };
  const long = [];
  let observer = null;
  try {
    observer = new PerformanceObserver(list => long.push(...list.getEntries()));
    observer.observe({ type: 'longtask' });
  } catch (error) {}
  const answered = () => {
    const status = document.getElementById('search-status');
    const list = document.getElementById('search-results');
    const words = document.getElementById('search-strings');
    return window.policySearch && policySearch.page && status && status.textContent &&
      status.textContent !== words.getAttribute('data-loading') && !list.hasAttribute('aria-busy');
  };
  const channel = new MessageChannel();
  let last = 0;
  channel.port1.onmessage = () => {
    const now = performance.now();
    tasks.longest = Math.max(tasks.longest, now - last);
    last = now;
    if (!tasks.opened && answered()) {
      tasks.opened = { shown: Math.round(now) };
      requestAnimationFrame(() => setTimeout(() => { tasks.opened.tasks = tasks.stop(); }));
    }
    if (tasks.running) channel.port2.postMessage(0);
  };
  tasks.start = () => {
    tasks.longest = 0;
    tasks.since = last = performance.now();
    if (!tasks.running) channel.port2.postMessage(0);
    tasks.running = true;
  };
  tasks.stop = () => {
    tasks.running = false;
    if (observer) long.push(...observer.takeRecords());
    const reported = long.filter(e => e.startTime >= tasks.since).map(e => e.duration);
    return { longest: Math.round(Math.max(tasks.longest, ...reported) * 10) / 10, longTasks: reported.length };
  };
  window.searchTasks = tasks;
  tasks.start();
})();
"#;

/// Resolves with TASKS' `opened` once the search page has shown its first answer.
const OPENED: &str = r#"
new Promise(resolve => {
  const check = () => {
    if (searchTasks.opened && searchTasks.opened.tasks) resolve(JSON.stringify(searchTasks.opened));
    else setTimeout(check, 10);
  };
  check();
})"#;

/// For each query, on the open search page: the time from the query to its results
/// drawn, parts of the index loaded first (`shown`) and the longest task meanwhile;
/// `search` alone on a fresh searcher (postings decoded each time; median and slowest
/// of 5); and the same update again, all loaded (`update`). Then every part of the
/// index loaded at once (`all`): how long, and the longest task.
const MEASURE: &str = r#"
(async queries => {
  const page = policySearch.page;
  const index = page.searcher.index;
  const frame = () => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)));
  const results = [];
  for (const query of queries) {
    await frame();
    searchTasks.start();
    let start = performance.now();
    page.input.value = query;
    await page.show(query, false);
    const shown = performance.now() - start;
    await frame();
    const tasks = searchTasks.stop();
    const times = [];
    let hits = 0;
    for (let run = 0; run < 5; run++) {
      const searcher = new policySearch.Searcher(index);
      start = performance.now();
      hits = searcher.search(query).length;
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    start = performance.now();
    await page.show(query, false);
    const update = performance.now() - start;
    const round = x => Math.round(x * 10) / 10;
    results.push({ query, hits, shown: round(shown), longest: tasks.longest, median: round(times[2]), slowest: round(times[4]), update: round(update) });
  }
  const data = policySearchIndex;
  const names = data.v === 2
    ? data.termParts.map((_, k) => 'terms-' + k).concat(data.sectionParts.map((_, k) => 'sections-' + k))
    : [];
  await frame();
  searchTasks.start();
  const start = performance.now();
  await index.load(names);
  const loaded = performance.now() - start;
  await frame();
  const all = { parts: names.length, ms: Math.round(loaded), tasks: searchTasks.stop() };
  return JSON.stringify({ results, all });
})"#;

/// What `measure_search` found on one language's search page.
struct Figures {
    /// The page opened with the first query: ms until its results showed, longest task.
    opened: (f64, f64),
    /// Per query, as MEASURE gives it.
    queries: Vec<serde_json::Value>,
    /// Every part loaded: ms, longest task.
    all: (f64, f64),
}

impl Figures {
    /// The longest task of every phase: opening, each query, loading every part.
    fn longest_task(&self) -> f64 {
        self.queries
            .iter()
            .map(|q| number(&q["longest"]))
            .chain([self.opened.1, self.all.1])
            .fold(0.0, f64::max)
    }
}

fn number(value: &serde_json::Value) -> f64 {
    value.as_f64().unwrap_or(f64::NAN)
}

/// Opens `lang_dir/search.html?q=FIRST QUERY` in `tab` (which has TASKS installed)
/// and measures the queries (see OPENED and MEASURE).
fn measure_search(tab: &Tab, lang_dir: &Path, queries: &[&str]) -> Figures {
    let url = format!(
        "{}?q={}",
        common::file_url(&lang_dir.join("search.html")),
        queries[0]
    );
    tab.navigate_to(&url).expect("open");
    tab.wait_until_navigated().expect("load");
    let evaluate = |script: &str| -> serde_json::Value {
        let value = tab
            .evaluate(script, true)
            .unwrap_or_else(|e| panic!("measuring: {e}"))
            .value;
        let text = value.and_then(|v| v.as_str().map(str::to_string));
        serde_json::from_str(&text.unwrap_or_default()).expect("figures")
    };
    let opened = evaluate(OPENED);
    let measured = evaluate(&format!("{MEASURE}({})", serde_json::json!(queries)));
    Figures {
        opened: (
            number(&opened["shown"]),
            number(&opened["tasks"]["longest"]),
        ),
        queries: measured["results"].as_array().cloned().unwrap_or_default(),
        all: (
            number(&measured["all"]["ms"]),
            number(&measured["all"]["tasks"]["longest"]),
        ),
    }
}

/// A tab that measures tasks from the start of every page (TASKS).
fn measuring_tab(browser: &headless_chrome::Browser) -> std::sync::Arc<Tab> {
    let tab = browser.new_tab().expect("tab");
    tab.call_method(AddScriptToEvaluateOnNewDocument {
        source: TASKS.to_string(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .expect("install the task timer");
    tab
}

const QUERIES: [(&str, [&str; 5]); 2] = [
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

#[test]
/// Behaviour only: the index of a large site is cut into parts, loaded on demand, and
/// every query answers. How fast is measured by the benchmark (`search_figures_for_bench`,
/// bench/run.sh), never asserted here: a busy CI machine must not fail the suite.
fn a_ten_thousand_page_site_loads_its_index_in_parts_and_answers() {
    let out = built_site();
    let pages = 10_000;
    let indexes: Vec<SearchIndex> = std::thread::scope(|scope| {
        let jobs: Vec<_> = QUERIES
            .iter()
            .map(|(lang, _)| scope.spawn(move || synthetic_index(lang, pages)))
            .collect();
        jobs.into_iter()
            .map(|job| job.join().expect("index"))
            .collect()
    });
    let browser = common::browser();
    let tab = measuring_tab(&browser);
    for ((lang, queries), index) in QUERIES.iter().zip(&indexes) {
        let lang_dir = out.path().join(lang);
        let (files, bytes, largest) = write_index(&lang_dir, index, &PartSizes::default());
        let figures = measure_search(&tab, &lang_dir, queries);
        println!(
            "{lang}: {pages} pages, {} sections, {} terms; index {:.1} MB in {files} files, the largest {} KB",
            index.sections.len(),
            index.terms.len(),
            bytes as f64 / 1e6,
            largest / 1000
        );
        println!(
            "  opened with `{}`: results shown at {} ms, longest task {} ms",
            queries[0], figures.opened.0, figures.opened.1
        );
        for query in &figures.queries {
            println!("  {query}");
        }
        println!(
            "  every part loaded: {} ms, longest task {} ms",
            figures.all.0, figures.all.1
        );
        assert!(files > 2, "{lang}: the index is cut into parts");
        assert!(
            largest < 2_000_000,
            "{lang}: a part of {largest} bytes is too large to evaluate quickly"
        );
        assert!(
            figures.all.0.is_finite(),
            "{lang}: every part of the index loads on demand"
        );
        assert_eq!(
            figures.queries.len(),
            queries.len(),
            "{lang}: every query ran"
        );
        for query in &figures.queries {
            let hits = number(&query["hits"]);
            // One- and two-letter prefixes ("s", "st") may rightly find nothing.
            if query["query"]
                .as_str()
                .is_some_and(|q| q.chars().count() > 2)
            {
                assert!(hits >= 1.0, "{lang}: no result for {query}");
            }
        }
    }
}

/// For bench/run.sh (its `BENCH_SEARCH_CMD`, see bench/README.md): builds the site in
/// `SEARCH_BENCH_SITE` with `POLICY_SITE_BIN` (default: this build's binary), opens
/// its search pages in headless Chromium and prints the figures as Markdown table
/// rows. It measures; the test above holds the limits.
#[test]
#[ignore = "a benchmark: run by bench/run.sh on its largest synthetic site"]
fn search_figures_for_bench() {
    let site = std::env::var_os("SEARCH_BENCH_SITE")
        .map(std::path::PathBuf::from)
        .expect("SEARCH_BENCH_SITE names a site folder (bench/run.sh sets it)");
    let binary = std::env::var_os("POLICY_SITE_BIN").map_or_else(
        || env!("CARGO_BIN_EXE_policy-site").into(),
        std::path::PathBuf::from,
    );
    let out = tempfile::tempdir().expect("dir");
    let built = std::process::Command::new(&binary)
        .args(["build", "--root", common::path(&site), "--out"])
        .arg(out.path())
        .output()
        .expect("run policy-site");
    assert!(built.status.success(), "{}", common::stderr(&built));
    let browser = common::browser();
    let tab = measuring_tab(&browser);
    let mut sizes = Vec::new();
    let mut opened = Vec::new();
    let mut loads = Vec::new();
    let mut medians = Vec::new();
    let mut slowest: f64 = 0.0;
    let mut shown = Vec::new();
    for (lang, queries) in QUERIES {
        let lang_dir = out.path().join(lang);
        let files: Vec<std::fs::Metadata> = std::iter::once(lang_dir.join("search-index.js"))
            .chain(
                std::fs::read_dir(lang_dir.join("search"))
                    .into_iter()
                    .flatten()
                    .filter_map(Result::ok)
                    .map(|e| e.path()),
            )
            .filter_map(|p| std::fs::metadata(p).ok())
            .collect();
        let bytes: u64 = files.iter().map(|m| m.len()).sum();
        let largest = files.iter().map(|m| m.len()).max().unwrap_or(0);
        sizes.push(format!(
            "{lang} {:.1} MB in {} files (largest {} KB)",
            bytes as f64 / 1e6,
            files.len(),
            largest / 1000
        ));
        let figures = measure_search(&tab, &lang_dir, &queries);
        let longest = figures.longest_task();
        opened.push(format!("{lang} {} ms", figures.opened.0));
        loads.push(format!(
            "{lang} {longest} ms (every part loaded: {} ms, longest task {} ms)",
            figures.all.0, figures.all.1
        ));
        for query in &figures.queries {
            medians.push(number(&query["median"]));
            slowest = slowest.max(number(&query["slowest"]));
            shown.push(number(&query["shown"]));
        }
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    println!("| search: index size | {} |", sizes.join("; "));
    println!(
        "| search: page opened with a query, results shown | {} |",
        opened.join("; ")
    );
    println!(
        "| search: index load, longest task | {} |",
        loads.join("; ")
    );
    println!(
        "| search: query time (median) | {} ms (slowest run {slowest} ms; {} queries in ja and en, 5 runs each) |",
        median(&mut medians),
        medians.len()
    );
    let first_answer = median(&mut shown);
    let slowest_answer = shown.last().copied().unwrap_or(f64::NAN);
    println!(
        "| search: first answer, loading the parts it needs (median / slowest) | {first_answer} ms / {slowest_answer} ms |"
    );
}

#[test]
fn a_result_whose_translation_may_be_out_of_date_says_so() {
    let site = common::copy_site(&common::fixture("valid"));
    let root = common::path(site.path());
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
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    open_file(&tab, &out.path().join("en/search.html"));
    type_into(&tab, "#search-input", "mindset");
    wait_until(
        &tab,
        "document.querySelectorAll('#search-results li').length > 0",
        "results",
    );
    let notes = eval(
        &tab,
        "Array.from(document.querySelectorAll('#search-results li')).map(li => \
         li.querySelector('.result-title').textContent + ' | ' + \
         (li.querySelector('.stale-note') ? li.querySelector('.stale-note').textContent : '-')).join('\\n')",
    );
    assert!(
        notes.contains("Mindsets | The original text was revised after this translation was checked; this translation may be out of date."),
        "{notes}"
    );
    assert!(
        notes.lines().any(|l| l.ends_with(" | -")),
        "a current page has no note: {notes}"
    );
}

/// The queries of bench/search-queries.tsv: `(lang, query, expected pages)`.
fn query_set() -> Vec<(String, String, Vec<String>)> {
    let path = common::bundled_site().join("bench/search-queries.tsv");
    let text = std::fs::read_to_string(&path).expect("bench/search-queries.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let expected = fields[2].split('|').map(str::to_string).collect();
            (fields[0].to_string(), fields[1].to_string(), expected)
        })
        .collect()
}

/// The pages of the first ten results of `query` on our search page, from file://.
fn our_pages(tab: &Tab, lang_dir: &Path, query: &str) -> Vec<String> {
    let url = format!(
        "{}?q={}",
        common::file_url(&lang_dir.join("search.html")),
        query
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
    );
    tab.navigate_to(&url).expect("open");
    tab.wait_until_navigated().expect("load");
    wait_until(
        tab,
        "document.getElementById('search-status').textContent && !document.getElementById('search-results').hasAttribute('aria-busy')",
        "an answer",
    );
    let hrefs = eval(
        tab,
        "JSON.stringify([...document.querySelectorAll('#search-results li > a')].slice(0, 10).map(a => decodeURIComponent(a.getAttribute('href')).split('#')[0]))",
    );
    serde_json::from_str(&hrefs).expect("hrefs")
}

/// The pages of Pagefind's first ten results for `query`, on `base` (the same
/// site with Pagefind's index, served over HTTP), in `lang`.
fn pagefind_pages(tab: &Tab, base: &str, lang: &str, query: &str) -> Vec<String> {
    let page = format!("{base}/{lang}/index.html");
    if tab.get_url() != page {
        tab.navigate_to(&page).expect("open");
        tab.wait_until_navigated().expect("load");
    }
    let script = format!(
        "(async () => {{ const pf = window.pf || (window.pf = await import('{base}/pagefind/pagefind.js')); const r = await pf.search({}); const data = await Promise.all(r.results.slice(0, 10).map(x => x.data())); return JSON.stringify(data.map(d => d.url)); }})()",
        serde_json::json!(query)
    );
    let value = tab
        .evaluate(&script, true)
        .expect("pagefind search")
        .value
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let urls: Vec<String> = serde_json::from_str(&value).expect("urls");
    let prefix = format!("/{lang}/");
    urls.iter()
        .map(|u| {
            u.split('#')
                .next()
                .unwrap_or("")
                .trim_start_matches(&prefix)
                .to_string()
        })
        .collect()
}

/// For bench/search-quality.sh: runs the query set through our search (from
/// `file://`, the site in `SEARCH_QUALITY_SITE`) and through Pagefind (the same pages
/// indexed by Pagefind, served at `PAGEFIND_BASE`), and prints each query's rank in
/// both, then success at 3 and mean reciprocal rank (first ten results) as table rows.
#[test]
#[ignore = "a benchmark: run by bench/search-quality.sh"]
fn search_quality_for_bench() {
    let site = std::env::var_os("SEARCH_QUALITY_SITE")
        .map(std::path::PathBuf::from)
        .expect("SEARCH_QUALITY_SITE names a built site (bench/search-quality.sh sets it)");
    let base =
        std::env::var("PAGEFIND_BASE").expect("PAGEFIND_BASE (bench/search-quality.sh sets it)");
    let browser = common::browser();
    let ours_tab = browser.new_tab().expect("tab");
    let pagefind_tab = browser.new_tab().expect("tab");
    let queries = query_set();
    let rank =
        |pages: &[String], expected: &[String]| pages.iter().position(|p| expected.contains(p));
    let (mut ours, mut theirs) = ((0, 0.0), (0, 0.0));
    println!("| language | query | expected | ours | Pagefind |");
    println!("|---|---|---|---:|---:|");
    for (lang, query, expected) in &queries {
        let a = rank(&our_pages(&ours_tab, &site.join(lang), query), expected);
        let b = rank(&pagefind_pages(&pagefind_tab, &base, lang, query), expected);
        for (r, total) in [(a, &mut ours), (b, &mut theirs)] {
            if let Some(r) = r {
                total.0 += usize::from(r < 3);
                total.1 += 1.0 / (r + 1) as f64;
            }
        }
        let show = |r: Option<usize>| r.map_or("-".to_string(), |r| (r + 1).to_string());
        println!(
            "| {lang} | {query} | {} | {} | {} |",
            expected.join(" or "),
            show(a),
            show(b)
        );
    }
    let n = queries.len();
    println!();
    println!("| search quality ({n} queries) | success at 3 | mean reciprocal rank |");
    println!("|---|---:|---:|");
    println!(
        "| policy-site | {}/{n} | {:.2} |",
        ours.0,
        ours.1 / n as f64
    );
    println!(
        "| Pagefind | {}/{n} | {:.2} |",
        theirs.0,
        theirs.1 / n as f64
    );
}

#[test]
fn what_staff_type_finds_its_page_from_file_in_both_languages() {
    let out = built_site();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    for (lang, query, expected) in [
        ("ja", "心理的安全性とは", "glossary.html"),
        ("ja", "係長の役割", "ranks/kakaricho.html"),
        ("ja", "働き方改革について", "policies/wellbeing.html"),
        ("ja", "ワークライフバランス", "glossary.html"),
        ("ja", "ＤＸ", "glossary.html"),
        ("ja", "ＯＪＴ", "glossary.html"),
        ("ja", "カッツ", "skills.html"),
        ("ja", "what is expected of a 係長", "ranks/kakaricho.html"),
        ("en", "wellbeing", "policies/wellbeing.html"),
        ("en", "well being", "policies/wellbeing.html"),
        ("en", "evaluations", "policies/growth.html"),
        ("en", "trainings", "policies/growth.html"),
        ("en", "harrassment", "policies/wellbeing.html"),
        ("en", "Katz model", "skills.html"),
    ] {
        let pages = our_pages(&tab, &out.path().join(lang), query);
        assert!(
            pages.iter().take(3).any(|p| p == expected),
            "{lang} `{query}`: {expected} not in the first three of {pages:?}"
        );
    }
    // The glossary term that is the query comes first, before the seven rank pages.
    for (lang, query) in [
        ("ja", "カッツ"),
        ("en", "Katz model"),
        ("ja", "心理的安全性とは"),
    ] {
        our_pages(&tab, &out.path().join(lang), query);
        let first = first_result_href(&tab);
        assert!(
            first.starts_with("glossary.html#"),
            "{lang} `{query}`: {first}"
        );
    }
    // A corrected word: the page says what it searched for, and marks it.
    our_pages(&tab, &out.path().join("en"), "harrassment");
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert!(
        status.starts_with("Nothing matches “harrassment”; showing results for “harassment”."),
        "{status}"
    );
    let marks = eval(
        &tab,
        "[...document.querySelectorAll('#search-results mark')].map(m => m.textContent.toLowerCase()).join('|')",
    );
    assert!(marks.split('|').any(|m| m == "harassment"), "{marks}");
    our_pages(&tab, &out.path().join("ja"), "harrassment xyzzy");
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert!(status.contains("一致する項目"), "{status}");
}
