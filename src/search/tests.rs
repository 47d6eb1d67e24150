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
    let hits = index.search("psychological");
    assert!(hits[0].score > index.search("psych")[0].score);
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

/// The JSON value a script of the index assigns.
fn assigned(script: &str) -> serde_json::Value {
    let start = script.find(" = ").expect("an assignment") + 3;
    let end = script
        .trim_end()
        .strip_suffix(';')
        .expect("a statement")
        .len();
    serde_json::from_str(&script[start..end]).expect("JSON")
}

/// An index of `pages` pages of varied text, large enough to be cut into parts.
fn larger(pages: usize) -> SearchIndex {
    let words = [
        "研修",
        "係長",
        "心理的安全性",
        "人事評価",
        "OJT",
        "staff",
        "safety",
        "職場",
        "育成",
        "development",
        "管理監督者",
        "キャリア",
    ];
    let mut index = SearchIndex::new("ja");
    for page in 0..pages {
        let text = |salt: usize| -> String {
            (0..12)
                .map(|i| words[(page * 7 + salt * 3 + i * i) % words.len()])
                .collect::<Vec<_>>()
                .join(if page % 2 == 0 { "" } else { " " })
        };
        let body = format!(
            "<p>{}</p><h2 id=\"a\">{}</h2><p>{}</p><h3 id=\"b\">{page}</h3><p>{}</p>",
            text(1),
            text(2).chars().take(10).collect::<String>(),
            text(3),
            text(4)
        );
        index.add_page(&format!("p/{page}.html"), &format!("頁 {page}"), &body);
    }
    index.invert();
    index
}

#[test]
fn a_small_index_is_one_script() {
    let index = sample();
    let scripts = index.scripts(&PartSizes::default());
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].path, "search-index.js");
    assert_eq!(scripts[0].text, index.to_script());
}

#[test]
fn a_large_index_is_cut_into_parts_that_hold_all_of_it() {
    let index = larger(300);
    let sizes = PartSizes {
        whole: 10_000,
        terms: 2_000,
        sections: 3_000,
    };
    let scripts = index.scripts(&sizes);
    assert_eq!(
        scripts,
        index.scripts(&sizes),
        "the same for the same index"
    );
    assert_eq!(scripts[0].path, "search-index.js");
    let manifest = assigned(&scripts[0].text);
    assert!(scripts[0]
        .text
        .contains("window.policySearchIndex = {\"v\":2,\"lang\":\"ja\""));
    assert_eq!(manifest["terms"], index.terms.len());
    assert_eq!(manifest["sections"], index.sections.len());
    assert_eq!(manifest["parts"], serde_json::json!({}));
    let part = |name: &str| -> serde_json::Value {
        let script = scripts
            .iter()
            .find(|s| s.path == format!("search/{name}.js"))
            .unwrap_or_else(|| panic!("no part {name}"));
        assert!(script
            .text
            .contains(&format!("\npolicySearchIndex.parts[\"{name}\"] = {{")));
        assigned(&script.text)
    };

    // The term parts hold every term and its postings, in order, each from the term
    // the manifest names.
    let term_parts = manifest["termParts"].as_array().expect("termParts");
    assert!(term_parts.len() > 5, "{} term parts", term_parts.len());
    let mut terms: Vec<String> = Vec::new();
    let mut postings: Vec<Vec<(u32, u8)>> = Vec::new();
    for (k, first) in term_parts.iter().enumerate() {
        assert_eq!(
            first[1],
            terms.len(),
            "terms-{k} starts where the last ended"
        );
        let part = part(&format!("terms-{k}"));
        let part_terms = part["terms"].as_array().expect("terms");
        assert_eq!(first[0], part_terms[0], "terms-{k}: its first term");
        terms.extend(
            part_terms
                .iter()
                .map(|t| t.as_str().expect("term").to_string()),
        );
        postings.extend(
            part["postings"]
                .as_array()
                .expect("postings")
                .iter()
                .map(|p| decode_postings(p.as_str().expect("postings"))),
        );
    }
    assert_eq!(terms, index.terms);
    assert_eq!(postings, index.postings);

    // The section parts hold every section in order, with the path and title of its page.
    let section_parts = manifest["sectionParts"].as_array().expect("sectionParts");
    assert!(
        section_parts.len() > 5,
        "{} section parts",
        section_parts.len()
    );
    let mut seen = 0;
    for (k, start) in section_parts.iter().enumerate() {
        assert_eq!(start, &serde_json::json!(seen), "sections-{k}");
        let part = part(&format!("sections-{k}"));
        let first_page = part["page"].as_u64().expect("page") as usize;
        for section in part["sections"].as_array().expect("sections") {
            let expected = &index.sections[seen];
            let page = section[0].as_u64().expect("page") as usize;
            assert_eq!(page, expected.page as usize);
            let (path, title) = &index.pages[page];
            assert_eq!(
                part["pages"][page - first_page],
                serde_json::json!([path, title])
            );
            assert_eq!(section[1], expected.anchor.as_str());
            assert_eq!(section[2], expected.heading.as_str());
            assert_eq!(section[3], expected.text.as_str());
            seen += 1;
        }
    }
    assert_eq!(seen, index.sections.len());
    assert_eq!(
        scripts.len(),
        1 + term_parts.len() + section_parts.len(),
        "no other files"
    );

    // No part is over its size, but for the comment and the wrapper (about 200 bytes),
    // for a section part the page it shares with the part before, and for a term part
    // that holds one term (its postings alone may exceed the size: `頁`, in every title).
    for script in &scripts[1..] {
        if script.path.contains("terms-")
            && assigned(&script.text)["terms"].as_array().map(Vec::len) == Some(1)
        {
            continue;
        }
        let limit = if script.path.contains("terms-") {
            2_000
        } else {
            3_000 + 30
        };
        assert!(
            script.text.len() < limit + 200,
            "{}: {} bytes",
            script.path,
            script.text.len()
        );
    }
}

#[test]
fn one_typo_is_one_edit() {
    for (a, b, expected) in [
        ("harrass", "harass", true),
        ("reciev", "receiv", true),
        ("harasz", "harass", true),
        ("harass", "harass", false),
        ("harass", "har", false),
        ("abcd", "badc", false),
    ] {
        assert_eq!(one_edit_apart(a, b), expected, "{a} {b}");
    }
}

#[test]
fn copies_of_one_section_follow_the_next_result() {
    let hits = [5, 5, 5, 3, 1]
        .iter()
        .enumerate()
        .map(|(i, &score)| Hit {
            section: i as u32,
            score,
        })
        .collect();
    let order: Vec<u32> = ranked(hits).iter().map(|h| h.section).collect();
    assert_eq!(order, [0, 3, 1, 2, 4]);
}

#[test]
fn a_page_title_counts_for_its_sections_with_a_term_of_their_own() {
    let index = index(&[
        (
            "ranks/kacho.html",
            "課長",
            "<p>課の長。</p><h2 id=\"weights\">求められる能力の割合</h2><p>表。</p>",
        ),
        (
            "skills.html",
            "職位に必要とされる能力",
            "<p>求められる能力のウェイト。</p>",
        ),
    ]);
    assert_eq!(
        found(&index, "課長に求められる能力")[0],
        "ranks/kacho.html#weights"
    );
    // The title alone finds the page, not each of its sections.
    assert_eq!(found(&index, "課長"), ["ranks/kacho.html#"]);
}

#[test]
fn a_heading_that_is_the_query_comes_first() {
    let index = index(&[
        (
            "ranks/kakaricho.html",
            "係長",
            "<h2 id=\"weights\">求められる能力の割合（カッツ・モデル）</h2><p>表。</p>",
        ),
        (
            "glossary.html",
            "用語集",
            "<dl><dt id=\"katz-model\">カッツ・モデル</dt><dd><p>能力の三分類。</p></dd></dl>",
        ),
    ]);
    assert_eq!(found(&index, "カッツモデル")[0], "glossary.html#katz-model");
    assert_eq!(
        found(&index, "カッツ・モデルとは")[0],
        "glossary.html#katz-model"
    );
}
