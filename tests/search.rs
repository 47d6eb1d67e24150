//! The search index of the bundled site, without a browser: one small script per
//! language, every mindset, rank, pillar, policy measure and glossary term its own
//! result, the passage about 心理的安全性 found first in both languages, and reading
//! pages free of scripts. A large site's index is cut into parts, the same on every
//! build.

mod common;

use policy_site::load::LoadOptions;
use policy_site::search::SearchIndex;

/// The bundled site's index in each language, built as `build` builds it.
fn bundled_indexes() -> (policy_site::pipeline::Built, Vec<SearchIndex>) {
    let built = policy_site::pipeline::build(&common::bundled_site(), &LoadOptions::default())
        .expect("the bundled site builds");
    let indexes = ["ja", "en"]
        .iter()
        .map(|lang| SearchIndex::build(lang, &built.routes, &built.texts))
        .collect();
    (built, indexes)
}

/// `path#anchor` of every section in the index.
fn locations(index: &SearchIndex) -> Vec<String> {
    index
        .sections
        .iter()
        .map(|s| format!("{}#{}", index.pages[s.page as usize].0, s.anchor))
        .collect()
}

#[test]
fn each_language_has_a_search_index_script_under_300_kb() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    for lang in ["ja", "en"] {
        let path = out.path().join(lang).join("search-index.js");
        let script = std::fs::read_to_string(&path).expect("the index is built");
        println!("{lang}/search-index.js: {} bytes", script.len());
        assert!(script.len() < 300_000, "{lang}: {} bytes", script.len());
        assert!(
            script.contains(&format!(
                "window.policySearchIndex = {{\"v\":1,\"lang\":\"{lang}\""
            )),
            "{lang}: the index sets window.policySearchIndex"
        );
    }
    let (built, _) = bundled_indexes();
    let in_memory: Vec<&str> = built
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with("search-index.js"))
        .collect();
    assert_eq!(in_memory, ["en/search-index.js", "ja/search-index.js"]);
}

#[test]
fn every_mindset_rank_pillar_measure_and_term_is_its_own_result() {
    let (built, indexes) = bundled_indexes();
    let site = &built.loaded.site;
    let mut expected: Vec<String> = Vec::new();
    for mindset in site.mindsets.iter().flat_map(|m| &m.mindsets) {
        expected.push(format!("mindsets.html#{}", mindset.id));
    }
    for rank in site.rank_list() {
        expected.push(format!("ranks/{}.html#", rank.id));
    }
    for pillar in site.pillar_list() {
        expected.push(format!("competencies.html#{}", pillar.id));
    }
    for area in &site.policies {
        for measure in &area.measures {
            expected.push(format!("policies/{}.html#{}", area.id, measure.id));
        }
    }
    for term in site.glossary.iter().flat_map(|g| &g.terms) {
        expected.push(format!("glossary.html#{}", term.id));
    }
    assert!(
        expected.len() > 40,
        "the bundled site has {} items",
        expected.len()
    );
    for index in &indexes {
        let found = locations(index);
        for item in &expected {
            assert!(found.contains(item), "{}: no result for {item}", index.lang);
        }
    }
}

#[test]
fn the_passage_about_psychological_safety_comes_first_in_both_languages() {
    let (_, indexes) = bundled_indexes();
    for (index, query) in indexes.iter().zip(["安全性", "psychological safety"]) {
        let hits = index.search(query);
        assert!(!hits.is_empty(), "{}: nothing for {query}", index.lang);
        let top = &index.sections[hits[0].section as usize];
        assert_eq!(
            format!("{}#{}", index.pages[top.page as usize].0, top.anchor),
            "glossary.html#psychological-safety",
            "{}: {query}",
            index.lang
        );
    }
    // 係長 finds the rank page first (its title), then text about subsection chiefs.
    let hits = indexes[0].search("係長");
    let top = &indexes[0].sections[hits[0].section as usize];
    assert_eq!(
        indexes[0].pages[top.page as usize].0,
        "ranks/kakaricho.html"
    );
}

#[test]
fn only_the_search_page_loads_a_script() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    for file in common::files_under(out.path()) {
        let name = file.to_string_lossy().to_string();
        if !name.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(out.path().join(&file)).expect("read");
        let is_search = name.ends_with("/search.html");
        assert_eq!(
            html.contains("<script"),
            is_search,
            "{name}: only the search page has scripts"
        );
        if is_search {
            assert!(
                html.contains("<script src=\"search-index.js\"></script>"),
                "{name}"
            );
            assert!(html.contains("<noscript>"), "{name}");
            assert!(
                html.contains("href=\"#site-nav\""),
                "{name}: the no-script note links to the contents"
            );
        }
    }
}

#[test]
fn a_large_site_s_index_is_cut_into_parts_the_same_on_every_build() {
    let site = common::copy_site(&common::fixture("valid"));
    let pages = site.path().join("content/pages/bulk");
    std::fs::create_dir_all(&pages).expect("dir");
    for i in 0..320 {
        let ja = format!("第{i}節の職員研修と心理的安全性、係長級職員の人材育成。").repeat(30);
        let en = format!("Section {i}: staff training, psychological safety and development. ")
            .repeat(30);
        for (lang, title, text) in [
            ("ja", format!("研修 {i}"), ja),
            ("en", format!("Training {i}"), en),
        ] {
            std::fs::write(
                pages.join(format!("p{i}.{lang}.md")),
                format!("---\ntitle: {title}\n---\n\n{text}\n\n## More {i}\n\n{text}\n"),
            )
            .expect("write page");
        }
    }
    let first = tempfile::tempdir().expect("dir");
    let second = tempfile::tempdir().expect("dir");
    common::build(site.path(), first.path());
    common::build(site.path(), second.path());
    for lang in ["ja", "en"] {
        let manifest =
            std::fs::read_to_string(first.path().join(lang).join("search-index.js")).expect("read");
        assert!(manifest.len() < 10_000, "{lang}: {} bytes", manifest.len());
        assert!(
            manifest.contains(&format!(
                "window.policySearchIndex = {{\"v\":2,\"lang\":\"{lang}\""
            )),
            "{lang}: {manifest}"
        );
        let parts = common::files_under(&first.path().join(lang).join("search"));
        let names: Vec<String> = parts.iter().map(|p| p.display().to_string()).collect();
        assert!(names.contains(&"terms-0.js".to_string()), "{names:?}");
        assert!(names.contains(&"sections-0.js".to_string()), "{names:?}");
        assert!(
            names.iter().filter(|n| n.starts_with("sections-")).count() > 5,
            "{names:?}"
        );
        for part in &parts {
            let path = first.path().join(lang).join("search").join(part);
            let size = std::fs::metadata(&path).expect("part").len();
            assert!(size < 300_000, "{}: {size} bytes", path.display());
        }
    }
    let files = common::files_under(first.path());
    assert_eq!(files, common::files_under(second.path()));
    for file in &files {
        assert!(
            std::fs::read(first.path().join(file)).expect("read")
                == std::fs::read(second.path().join(file)).expect("read"),
            "{} differs between two builds",
            file.display()
        );
    }
    let check = common::run(&["check", "--root", common::path(site.path())]);
    assert!(check.status.success(), "{}", common::stderr(&check));
}

/// The queries of bench/search-queries.tsv: `(lang, query, expected pages)`.
fn query_set() -> Vec<(String, String, Vec<String>)> {
    let path = common::bundled_site().join("bench/search-queries.tsv");
    let text = std::fs::read_to_string(&path).expect("bench/search-queries.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line}");
            let expected = fields[2].split('|').map(str::to_string).collect();
            (fields[0].to_string(), fields[1].to_string(), expected)
        })
        .collect()
}

/// The page of each of the first `n` results of `query`.
fn top_pages(index: &SearchIndex, query: &str, n: usize) -> Vec<String> {
    index
        .search(query)
        .iter()
        .take(n)
        .map(|hit| {
            let section = &index.sections[hit.section as usize];
            index.pages[section.page as usize].0.clone()
        })
        .collect()
}

#[test]
fn every_query_of_the_query_set_finds_its_page_in_the_first_three() {
    let (_, indexes) = bundled_indexes();
    let queries = query_set();
    assert!(queries.len() >= 40, "{} queries", queries.len());
    let mut misses = Vec::new();
    for (lang, query, expected) in &queries {
        let index = indexes.iter().find(|i| &i.lang == lang).expect("language");
        let top = top_pages(index, query, 10);
        let rank = top.iter().position(|p| expected.contains(p));
        println!("{lang}\t{query}\t{rank:?}\t{top:?}");
        if rank.is_none_or(|r| r >= 3) {
            misses.push(format!("{lang} `{query}`: {expected:?} not in {top:?}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}
