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
