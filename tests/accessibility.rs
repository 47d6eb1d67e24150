//! WCAG 2.1 A/AA in a real browser: axe-core runs in headless Chromium on every kind
//! of page, in both languages, and must find no violations.

mod common;

use std::path::{Path, PathBuf};

/// One page of each kind the theme has.
const PAGES: &[&str] = &[
    "index.html",
    "introduction.html",
    "positioning.html",
    "ideal.html",
    "mindsets.html",
    "skills.html",
    "ranks/kakaricho.html",
    "competencies.html",
    "promotion.html",
    "roles.html",
    "policies.html",
    "policies/digital.html",
    "survey.html",
    "glossary.html",
    "print.html",
    "search.html",
    "404.html",
    "revisions.html",
];

/// The revision pages, from the fixture with three versions (built with `--drafts`,
/// so the comparison of unrecorded changes is there too).
const REVISION_PAGES: &[&str] = &[
    "revisions.html",
    "revisions/1.1.html",
    "revisions/1.2.html",
    "revisions/next.html",
    "revisions/1.0/print.html",
    "mindsets.html",
];

fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run scripts/test (it runs `npm ci` for the test tools)",
            path.display()
        )
    })
}

const RUN_AXE: &str = r#"
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
"#;

fn violations(tab: &headless_chrome::Tab, axe: &str, page: &Path) -> Vec<String> {
    tab.navigate_to(&common::file_url(page))
        .expect("open")
        .wait_until_navigated()
        .expect("load");
    tab.evaluate(axe, false).expect("inject axe");
    let result = tab.evaluate(RUN_AXE, true).expect("run axe").value;
    let text = result
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "[\"axe returned nothing\"]".into());
    serde_json::from_str(&text).unwrap_or_else(|_| vec![text])
}

#[test]
fn every_kind_of_page_passes_axe_in_both_languages() {
    let out = tempfile::tempdir().expect("dir");
    common::build(&common::bundled_site(), out.path());
    let axe = axe_source();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    let mut pages: Vec<PathBuf> = vec![out.path().join("index.html")];
    let revisions = out.path().join("revisions");
    let built = common::run(&[
        "build",
        "--drafts",
        "--root",
        common::path(&common::fixture("revisions")),
        "--out",
        common::path(&revisions),
    ]);
    assert!(built.status.success(), "{}", common::stderr(&built));
    for lang in ["ja", "en"] {
        pages.extend(PAGES.iter().map(|p| out.path().join(lang).join(p)));
        pages.extend(REVISION_PAGES.iter().map(|p| revisions.join(lang).join(p)));
    }
    let mut found = Vec::new();
    for page in &pages {
        for violation in violations(&tab, &axe, page) {
            found.push(format!(
                "{}: {violation}",
                page.strip_prefix(out.path()).unwrap_or(page).display()
            ));
        }
    }
    assert!(
        found.is_empty(),
        "axe found {} violation(s):\n{}",
        found.len(),
        found.join("\n")
    );
}
