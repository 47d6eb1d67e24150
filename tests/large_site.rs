//! A large site (more than 30 top-level entries): the sidebar keeps the built-in
//! pages and the page's own group of sections in full, and shows each other group of
//! sections as one link, so every section stays two clicks away without JavaScript.

mod common;

use common::{build, copy_site, fixture, path, run, stderr};
use std::fs;

/// The `valid` fixture plus `sections` sections of three pages, per language.
fn site_with_sections(sections: usize) -> tempfile::TempDir {
    let site = copy_site(&fixture("valid"));
    for s in 1..=sections {
        let folder = site.path().join(format!("content/pages/s{s:03}"));
        fs::create_dir_all(&folder).expect("mkdir");
        for lang in ["ja", "en"] {
            let index = format!(
                "---\ntitle: Section {s}\nweight: {}\n---\n\nAbout it.\n",
                100 + s
            );
            fs::write(folder.join(format!("_index.{lang}.md")), index).expect("write");
            for p in 1..=3 {
                let page = format!("---\ntitle: Page {s}-{p}\nweight: {p}\n---\n\nText.\n");
                fs::write(folder.join(format!("p{p}.{lang}.md")), page).expect("write");
            }
        }
    }
    site
}

fn sidebar(html: &str) -> &str {
    let start = html.find("<nav id=\"site-nav\"").expect("sidebar");
    let end = start + html[start..].find("</nav>").expect("end of sidebar");
    &html[start..end]
}

#[test]
fn a_large_sites_sidebar_lists_its_own_group_and_one_link_per_other_group() {
    let site = site_with_sections(40);
    let out = site.path().join("public");
    build(site.path(), &out);
    let page = fs::read_to_string(out.join("en/s020/p2.html")).expect("page");
    let nav = sidebar(&page);
    // The built-in pages and the fixture's own are all there.
    for builtin in ["../index.html", "../mindsets.html", "../competencies.html"] {
        assert!(
            nav.contains(&format!("href=\"{builtin}\"")),
            "{builtin}\n{nav}"
        );
    }
    // Its own section is open, with its pages, its own link marked.
    assert!(nav.contains("href=\"../s020/p1.html\""), "{nav}");
    assert!(nav.contains("href=\"../s020/p2.html\" aria-current=\"page\""));
    // Far sections are behind one link per group, which says how many it holds.
    assert!(!nav.contains("href=\"../s040.html\""), "{nav}");
    assert!(nav.contains("class=\"group\""), "{nav}");
    assert!(nav.contains("and 14 more"), "{nav}");
    let groups = nav.matches("class=\"group\"").count();
    assert!((1..=3).contains(&groups), "{groups} groups\n{nav}");
    // Following a group's link opens that group: every section is reachable.
    let first_of_last_group = nav
        .rsplit("<li class=\"group\"><a href=\"")
        .next()
        .and_then(|rest| rest.split('"').next())
        .expect("a group link");
    let there =
        fs::read_to_string(out.join("en/s020").join(first_of_last_group)).expect("linked page");
    assert!(
        sidebar(&there).contains("href=\"s040.html\""),
        "{}",
        sidebar(&there)
    );
    let checked = run(&["check", "--root", path(site.path())]);
    assert!(
        !stderr(&checked).contains("broken-link"),
        "{}",
        stderr(&checked)
    );
}

#[test]
fn a_small_sites_sidebar_is_not_grouped() {
    let site = site_with_sections(5);
    let out = site.path().join("public");
    build(site.path(), &out);
    let page = fs::read_to_string(out.join("en/s002/p1.html")).expect("page");
    let nav = sidebar(&page);
    assert!(!nav.contains("class=\"group\""));
    for s in 1..=5 {
        assert!(nav.contains(&format!("href=\"../s00{s}.html\"")), "{nav}");
    }
}

#[test]
fn a_long_sections_pages_are_listed_ten_at_a_time_and_every_run_is_one_link_away() {
    let site = site_with_sections(40);
    let folder = site.path().join("content/pages/s020");
    for lang in ["ja", "en"] {
        for p in 4..=50 {
            let page = format!("---\ntitle: Page 20-{p}\nweight: {p}\n---\n\nText.\n");
            fs::write(folder.join(format!("p{p}.{lang}.md")), page).expect("write");
        }
    }
    let out = site.path().join("public");
    build(site.path(), &out);
    let page = fs::read_to_string(out.join("en/s020/p23.html")).expect("page");
    let nav = sidebar(&page);
    // The run of ten holding the page is listed in full, its own link marked.
    for p in 21..=30 {
        assert!(
            nav.contains(&format!("href=\"../s020/p{p}.html\"")),
            "p{p}\n{nav}"
        );
    }
    assert!(nav.contains("href=\"../s020/p23.html\" aria-current=\"page\""));
    // Each other run is one link to its first page, saying how many follow.
    for first in [1, 11, 31, 41] {
        assert!(nav.contains(&format!("<li class=\"group\"><a href=\"../s020/p{first}.html\">Page 20-{first} <span class=\"more\">and 9 more</span></a></li>")), "p{first}\n{nav}");
    }
    for hidden in [2, 20, 32, 50] {
        assert!(
            !nav.contains(&format!("p{hidden}.html")),
            "p{hidden}\n{nav}"
        );
    }
    // Following a run's link shows that run; the section's own page shows the first.
    let last_run = fs::read_to_string(out.join("en/s020/p41.html")).expect("page");
    assert!(sidebar(&last_run).contains("href=\"../s020/p50.html\""));
    let section = fs::read_to_string(out.join("en/s020.html")).expect("section page");
    assert!(sidebar(&section).contains("href=\"s020/p10.html\""));
    assert!(!sidebar(&section).contains("href=\"s020/p12.html\""));
    // No empty class attributes: each comes with every page.
    assert!(!nav.contains("class=\"\""), "{nav}");
    let checked = run(&["check", "--root", path(site.path())]);
    assert!(
        !stderr(&checked).contains("broken-link"),
        "{}",
        stderr(&checked)
    );
}
