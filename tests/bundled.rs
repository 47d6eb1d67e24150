//! The bundled policy: it builds, builds to the same bytes every time, every internal
//! link and fragment in it resolves, and every part of the source policy is there.

mod common;

use common::{build, bundled_site, files_under};
use policy_site::render::OutputFile;
use std::fs;

fn built_files(out: &std::path::Path) -> Vec<OutputFile> {
    files_under(out)
        .into_iter()
        .map(|f| {
            OutputFile::new(
                f.to_string_lossy().replace('\\', "/"),
                fs::read(out.join(&f)).expect("read"),
            )
        })
        .collect()
}

#[test]
fn the_same_content_builds_to_the_same_bytes() {
    let (first, second) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    build(&bundled_site(), first.path());
    build(&bundled_site(), second.path());
    let (a, b) = (built_files(first.path()), built_files(second.path()));
    assert_eq!(
        a.iter().map(|f| &f.path).collect::<Vec<_>>(),
        b.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    for (x, y) in a.iter().zip(&b) {
        assert!(x.bytes == y.bytes, "{} differs between two builds", x.path);
    }
}

#[test]
fn every_internal_link_and_fragment_resolves_and_none_is_absolute() {
    let out = tempfile::tempdir().expect("dir");
    build(&bundled_site(), out.path());
    let files = built_files(out.path());
    let problems: Vec<String> = policy_site::verify::check_links(&files)
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let html_files = files.iter().filter(|f| f.path.ends_with(".html")).count();
    assert!(html_files > 40, "only {html_files} pages were built");
}

#[test]
fn every_rank_is_two_clicks_from_home_in_both_languages() {
    let out = tempfile::tempdir().expect("dir");
    build(&bundled_site(), out.path());
    for lang in ["ja", "en"] {
        let home = fs::read_to_string(out.path().join(lang).join("index.html")).expect("home");
        for rank in [
            "shuji",
            "shunin-shusa",
            "kakaricho",
            "kacho-hosa",
            "kacho",
            "jicho",
            "bucho",
        ] {
            assert!(
                home.contains(&format!("href=\"ranks/{rank}.html\"")),
                "{lang} home does not link to {rank}"
            );
        }
    }
}

#[test]
fn every_part_of_the_source_policy_is_published() {
    let out = tempfile::tempdir().expect("dir");
    build(&bundled_site(), out.path());
    let print = fs::read_to_string(out.path().join("ja/print.html"))
        .expect("print view")
        // Japanese headings and statements mark where each phrase may break.
        .replace("<wbr>", "");
    for passage in [
        "生産年齢人口の減少",
        "障がい者活躍推進計画",
        "働き方改革取組指針",
        "田園環境都市おやまビジョン",
        "市民の信頼に応え、ともにはたらき、自律的に行動する職員",
        "地方自治法第1条の2第1項",
        "デジタル活用意識",
        "ロバート・カッツ",
        "地方公務員法第15条の2第1項第5号",
        "組織管理能力は係長以上に求められる能力です",
        "心理的安全性",
        "自主研究グループ支援",
        "高齢期職員等の活躍促進",
        "働き方改革の推進",
        "情報処理技術者試験",
        "外部DX人材",
        "LoGoフォーム",
        "61.9",
    ] {
        assert!(
            print.contains(passage),
            "the print view lacks 「{passage}」"
        );
    }
    let english = fs::read_to_string(out.path().join("en/print.html")).expect("print view");
    for passage in [
        "Local Autonomy Act",
        "psychological safety",
        "Subsection Chief",
        "Information Technology Engineers Examination",
    ] {
        assert!(
            english.contains(passage),
            "the English print view lacks “{passage}”"
        );
    }
}

#[test]
fn the_bundled_site_passes_check_strict_and_a_changed_sentence_is_caught() {
    let clean = common::run(&[
        "check",
        "--strict",
        "--messages",
        "en",
        "--root",
        common::path(&bundled_site()),
    ]);
    let messages = common::stderr(&clean);
    assert_eq!(clean.status.code(), Some(0), "{messages}");
    assert!(
        !messages.contains("warning["),
        "the bundled site has no findings at all:\n{messages}"
    );

    let site = common::copy_site(&bundled_site());
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = fs::read_to_string(&mindsets).expect("read");
    let edited = text.replacen("高い倫理観を持ち職務", "高い倫理観と責任感を持ち職務", 1);
    assert_ne!(
        text, edited,
        "the sentence to edit is in the bundled content"
    );
    fs::write(&mindsets, edited).expect("write");
    let stale = common::run(&[
        "check",
        "--strict",
        "--messages",
        "en",
        "--root",
        common::path(site.path()),
    ]);
    let messages = common::stderr(&stale);
    assert_eq!(stale.status.code(), Some(1), "{messages}");
    assert!(
        messages.contains("error[stale-translation]: content/mindsets.yaml:"),
        "{messages}"
    );
    assert!(
        messages.contains("content/mindsets.yaml#mindsets[public-service].body"),
        "{messages}"
    );
    assert!(messages.contains("倫理観[→と責任感]を持ち"), "{messages}");
}

/// The anchors links may point at are the ids the pages really have: for every
/// kind of page (each kind names its anchors in src/kinds/), in both languages,
/// each anchor is an `id` in the page as built, in the bundled policy, the valid
/// fixture and the revisions fixture (whose revision pages name none).
#[test]
fn every_anchor_a_page_offers_is_an_id_it_has() {
    let sites = [bundled_site(), common::fixture("revisions")];
    for site in sites {
        let options = policy_site::load::LoadOptions::default();
        let mut built = policy_site::pipeline::build(&site, &options).expect("build");
        built
            .files
            .extend(built.deferred_files().expect("the deferred files"));
        let languages = built.loaded.site.config.language_list();
        for (index, route) in built.routes.routes.iter().enumerate() {
            for lang in &languages {
                let path = format!("{lang}/{}", route.path);
                let Some(file) = built.files.iter().find(|f| f.path == path) else {
                    continue;
                };
                let html = String::from_utf8_lossy(&file.bytes);
                for anchor in built.routes.anchors(index, lang) {
                    assert!(
                        html.contains(&format!("id=\"{anchor}\"")),
                        "{path} ({:?}) offers #{anchor} but has no such id",
                        route.kind
                    );
                }
            }
        }
    }
}
