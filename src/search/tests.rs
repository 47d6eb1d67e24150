//! Ranking and index format tests.

use super::*;

fn index(pages: &[(&str, &str, &str)]) -> SearchIndex {
    let mut index = SearchIndex::new("ja");
    for (path, title, body) in pages {
        index.add_page(path, title, body);
    }
    index.invert();
    index
}

/// `path#anchor` of each hit, best first.
fn found(index: &SearchIndex, query: &str) -> Vec<String> {
    index
        .search(query)
        .iter()
        .map(|hit| {
            let section = &index.sections[hit.section as usize];
            let path = &index.pages[section.page as usize].0;
            format!("{path}#{}", section.anchor)
        })
        .collect()
}

fn sample() -> SearchIndex {
    index(&[
        (
            "policies/wellbeing.html",
            "職員のウェルビーイング",
            "<p>職員の心理的安全性を確保します。</p><h2 id=\"health\">心身の健康増進</h2><p>ハラスメントを抑制します。</p>",
        ),
        (
            "glossary.html",
            "用語集",
            "<p>主な用語です。</p><dl><dt id=\"psychological-safety\">心理的安全性</dt><dd><p>不安なく伝えられる状態。</p></dd><dt id=\"ojt\">職場研修（OJT）</dt><dd><p>係長級職員が指導します。</p></dd></dl>",
        ),
        (
            "ranks/kakaricho.html",
            "係長",
            "<h2 id=\"weights\">能力の割合</h2><p>係の業務を管理する。</p>",
        ),
    ])
}

#[test]
fn japanese_is_found_inside_longer_words() {
    let index = sample();
    assert_eq!(
        found(&index, "安全性"),
        [
            "glossary.html#psychological-safety",
            "policies/wellbeing.html#"
        ]
    );
    assert!(found(&index, "係長").contains(&"glossary.html#ojt".to_string()));
    assert!(found(&index, "ｏｊｔ").contains(&"glossary.html#ojt".to_string()));
}

#[test]
fn title_and_heading_hits_rank_above_text_hits() {
    let index = sample();
    // 係長 is the title of the rank page and only text in the glossary.
    assert_eq!(
        found(&index, "係長"),
        ["ranks/kakaricho.html#", "glossary.html#ojt"]
    );
    // A heading hit beats a text hit that comes earlier in reading order.
    assert_eq!(
        found(&index, "安全性")[0],
        "glossary.html#psychological-safety"
    );
}

#[test]
fn every_term_must_match() {
    let index = sample();
    assert_eq!(found(&index, "安全性 健康"), Vec::<String>::new());
    assert_eq!(
        found(&index, "心身 ハラスメント"),
        ["policies/wellbeing.html#health"]
    );
    assert!(found(&index, "存在しない語").is_empty());
    assert!(found(&index, "").is_empty());
    assert!(found(&index, "<img src=x onerror=alert(1)>").is_empty());
}

#[test]
fn english_words_match_case_insensitively_and_as_prefixes() {
    let index = index(&[
        (
            "glossary.html",
            "Glossary",
            "<dl><dt id=\"harassment\">Harassment</dt><dd><p>Conduct that harms.</p></dd></dl>",
        ),
        (
            "policies/wellbeing.html",
            "Well-being",
            "<p>We prevent HARASSMENT and ensure psychological safety.</p>",
        ),
    ]);
    assert_eq!(
        found(&index, "harass"),
        ["glossary.html#harassment", "policies/wellbeing.html#"]
    );
    assert_eq!(
        found(&index, "Psychological Safety"),
        ["policies/wellbeing.html#"]
    );
    // An exact word outranks a longer word it starts, in the same field.
    let hits = index.search("harassment");
    assert!(hits[0].score > index.search("harass")[0].score);
}

#[test]
fn terms_sort_as_javascript_compares_strings() {
    // U+FA11 (a compatibility kanji) sorts after U+20B9F in UTF-8 but before it in UTF-16.
    let index = index(&[("a.html", "a", "<p>\u{FA11} \u{20B9F}</p>")]);
    let units: Vec<Vec<u16>> = index
        .terms
        .iter()
        .map(|t| t.encode_utf16().collect())
        .collect();
    assert!(units.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(found(&index, "\u{20B9F}"), ["a.html#"]);
}

#[test]
fn postings_round_trip_through_their_encoding() {
    let postings = vec![(0, 1), (5, 23), (37, 9), (40_000, 17)];
    let encoded = encode_postings(&postings);
    assert!(encoded
        .bytes()
        .all(|b| (b'0'..=b'~').contains(&b) && b != b'\\'));
    assert_eq!(decode_postings(&encoded), postings);
    for (term, postings) in sample().terms.iter().zip(&sample().postings) {
        assert_eq!(
            &decode_postings(&encode_postings(postings)),
            postings,
            "{term}"
        );
    }
}

#[test]
fn the_script_is_the_same_for_the_same_input() {
    let script = sample().to_script();
    assert_eq!(script, sample().to_script());
    assert!(script.starts_with("// The search index"));
    assert!(script.contains("window.policySearchIndex = {\"v\":1,\"lang\":\"ja\""));
}
