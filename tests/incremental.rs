//! serve's incremental rebuild: after every kind of edit an HR editor or a theme
//! author makes, the files it serves are byte for byte those a fresh `build` writes,
//! and an edit to one page renders that page again, not the site.

mod common;

use policy_site::load::LoadOptions;
use policy_site::pipeline::{self, BuildCache};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// A copy of a site with serve's memory of it, edited the way serve sees edits.
struct Session {
    site: TempDir,
    memory: BuildCache,
}

impl Session {
    fn of(site: &Path) -> Session {
        let mut session = Session {
            site: common::copy_site(site),
            memory: BuildCache::default(),
        };
        session.rebuild_and_compare("the first build");
        session
    }

    fn path(&self, file: &str) -> std::path::PathBuf {
        self.site.path().join(file)
    }

    /// Writes a file and tells the memory, as serve's watcher does.
    fn write(&mut self, file: &str, text: &str) {
        let path = self.path(file);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("folder");
        }
        fs::write(&path, text).expect("write");
        self.memory.pages.forget(&[file.to_string()]);
    }

    fn replace(&mut self, file: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.path(file)).expect("read");
        assert!(text.contains(from), "{file} has no `{from}`");
        self.write(file, &text.replacen(from, to, 1));
    }

    fn remove(&mut self, file: &str) {
        fs::remove_file(self.path(file)).expect("remove");
        self.memory.pages.forget(&[file.to_string()]);
    }

    /// Rebuilds with the memory and checks every file against a fresh full build;
    /// returns how many pages had to be rendered.
    fn rebuild_and_compare(&mut self, edit: &str) -> usize {
        let root = self.site.path();
        let options = LoadOptions::default();
        let mut served = pipeline::build_incremental(root, &options, &mut self.memory)
            .unwrap_or_else(|e| panic!("{edit}: the rebuild fails: {e:?}"));
        let rendered = served.rendered;
        let deferred = served
            .deferred_files()
            .expect("print views and search index");
        assert!(
            deferred
                .iter()
                .all(|f| served.deferred_kind(&f.path).is_some()),
            "{edit}: a deferred file serve would not find"
        );
        served.files.extend(deferred);
        served.files.sort_by(|a, b| a.path.cmp(&b.path));
        let fresh = pipeline::build(root, &options).expect("the full build");
        let paths = |files: &[policy_site::render::OutputFile]| -> Vec<String> {
            files.iter().map(|f| f.path.clone()).collect()
        };
        assert_eq!(
            paths(&served.files),
            paths(&fresh.files),
            "{edit}: serve has other files than build"
        );
        for (served, fresh) in served.files.iter().zip(&fresh.files) {
            assert!(
                served.bytes == fresh.bytes,
                "{edit}: serve's {} differs from build's",
                served.path
            );
        }
        rendered
    }
}

const OJT_JA: &str = "content/pages/handbook/ojt.ja.md";

#[test]
fn a_body_edit_renders_only_that_page_and_serves_what_build_writes() {
    let mut session = Session::of(&common::fixture("valid"));
    let unchanged = session.rebuild_and_compare("no edit");
    assert_eq!(unchanged, 0, "nothing changed, nothing rendered");
    session.replace(OJT_JA, "に戻る。", "に戻る。研修計画を立てます。");
    let rendered = session.rebuild_and_compare("a sentence added to a page");
    assert!(
        (1..=2).contains(&rendered),
        "the page in its languages only, not {rendered} pages"
    );
}

#[test]
fn navigation_edits_render_the_pages_whose_navigation_changed() {
    let mut session = Session::of(&common::fixture("valid"));
    let all = session.memory.render.len();
    session.replace(
        OJT_JA,
        "title: 職場研修（OJT）",
        "title: 職場での研修（OJT）",
    );
    let rendered = session.rebuild_and_compare("a page's title changed");
    assert!(rendered > 1 && rendered < all, "{rendered} of {all}");
    session.replace(OJT_JA, "weight: 1", "weight: 9");
    session.rebuild_and_compare("pages reordered");
    session.write(
        "content/pages/handbook/evaluation.ja.md",
        "---\ntitle: 評価\nweight: 4\n---\n\n## 評価の進め方\n\n[OJT](ojt.md)を見る。\n",
    );
    session.rebuild_and_compare("a page added");
    session.write(
        "content/pages/handbook/mentoring.en.md",
        "---\ntitle: Mentoring\nweight: 2\n---\n\nThe English version.\n",
    );
    session.rebuild_and_compare("a translation added");
    session.remove("content/pages/handbook/evaluation.ja.md");
    session.rebuild_and_compare("a page deleted");
    session.replace(
        "content/pages/intro.ja.md",
        "## 背景\n\n同じ",
        "## 経緯\n\n同じ",
    );
    session.rebuild_and_compare("a heading renamed");
    session.replace(
        "content/pages/intro.en.md",
        "title: Introduction",
        "title: About",
    );
    session.rebuild_and_compare("a top-level page's title (listed on the home page)");
}

#[test]
fn yaml_site_and_template_edits_reach_every_page_they_change() {
    let mut session = Session::of(&common::fixture("valid"));
    let mindsets = fs::read_to_string(session.path("content/mindsets.yaml")).expect("read");
    session.write(
        "content/mindsets.yaml",
        &mindsets.replace("をご覧ください。", "を最初にご覧ください。"),
    );
    let all = session.memory.render.len();
    let rendered = session.rebuild_and_compare("a YAML text edited");
    assert!(
        rendered < all,
        "a YAML text reaches the structured pages, not the Markdown ones ({rendered} of {all})"
    );
    session.replace(
        "content/site.yaml",
        "nav: [intro, mindsets, skills, competencies, handbook]",
        "nav: [handbook, intro, mindsets, skills, competencies]",
    );
    session.rebuild_and_compare("the sidebar's order changed in site.yaml");
    let layout =
        fs::read_to_string(common::bundled_site().join("themes/default/templates/layout.html"))
            .expect("layout");
    session.write(
        "templates/layout.html",
        &layout.replacen("<body", "<!-- the city's own layout -->\n<body", 1),
    );
    session.rebuild_and_compare("the site's own layout template");
    session.remove("templates/layout.html");
    session.rebuild_and_compare("the site's own layout removed");
}

#[test]
fn the_bundled_policy_rebuilds_as_build_writes_it() {
    let mut session = Session::of(&common::bundled_site());
    session.replace("content/pages/introduction.ja.md", "。", "。（改訂中）");
    let rendered = session.rebuild_and_compare("a sentence in the bundled introduction");
    assert!(
        rendered <= 2,
        "{rendered} pages rendered for one page's edit"
    );
    session.replace("content/ranks.yaml", "主事", "主事（一般職員）");
    session.rebuild_and_compare("a rank's name");
}

#[test]
fn an_edit_the_watcher_missed_is_still_found_by_its_size_or_time() {
    let mut session = Session::of(&common::fixture("valid"));
    let path = session.path(OJT_JA);
    let text = fs::read_to_string(&path).expect("read");
    // Written behind serve's back: no `forget`.
    fs::write(&path, text.replace("に戻る。", "に戻る。追記。")).expect("write");
    session.rebuild_and_compare("an edit not reported by the watcher");
}

/// The last English text in a content file that is not a title or name (those
/// reach every page through the navigation, which would hide a missed input).
fn last_body_text(yaml: &str) -> Option<&str> {
    let mut owner = "";
    let mut found = None;
    for line in yaml.lines() {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if let Some(key) = trimmed.strip_suffix(':') {
            owner = key;
        } else if let Some(text) = trimmed.strip_prefix("en: ") {
            let plain = text.starts_with(|c: char| c.is_ascii_alphanumeric());
            if plain && owner != "title" && owner != "name" {
                found = Some(line);
            }
        }
    }
    found
}

/// Every content file a kind of page is made from, in the bundled policy: the
/// kind's own file, or the first file of its folder.
fn content_files(root: &Path, content: &str) -> Vec<String> {
    if content.ends_with(".yaml") {
        return vec![content.to_string()];
    }
    let Ok(entries) = fs::read_dir(root.join(content)) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml"))
        .map(|name| format!("{content}{name}"))
        .collect();
    files.sort();
    files.truncate(1);
    files
}

/// serve's render cache cannot miss a kind: every YAML file of the bundled policy
/// belongs to a row of the table of kinds, and an edit to the text of each kind's
/// file reaches its pages (were a kind's fingerprint inputs missing, serve would
/// keep the page as it was and differ from build).
#[test]
fn an_edit_to_any_kinds_content_file_reaches_its_pages() {
    let bundled = common::bundled_site();
    let rows = policy_site::kinds::KINDS;
    let named: Vec<&str> = rows.iter().map(|(_, kind)| kind.content).collect();
    for folder in ["content", "content/policies"] {
        for entry in fs::read_dir(bundled.join(folder)).expect("content folder") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let file = format!("{folder}/{name}");
            let known = named
                .iter()
                .any(|n| *n == file || (n.ends_with('/') && file.starts_with(n)));
            assert!(
                !name.ends_with(".yaml") || known || file == "content/site.yaml",
                "{file} is no kind's content file: add its kind to the table (src/kinds)"
            );
        }
    }
    let mut session = Session::of(&bundled);
    let mut edited = Vec::new();
    for (_, kind) in rows.iter().filter(|(_, kind)| !kind.deferred) {
        for file in content_files(&bundled, kind.content) {
            if edited.contains(&file) {
                continue;
            }
            let text = fs::read_to_string(session.path(&file)).expect("read");
            let line = last_body_text(&text).unwrap_or_else(|| panic!("{file}: no text"));
            let changed = line.replacen("en: ", "en: Edited ", 1);
            session.replace(&file, line, &changed);
            let rendered = session.rebuild_and_compare(&format!("a text in {file}"));
            assert!(rendered > 0, "{file}: the edit reached no page");
            edited.push(file);
        }
    }
    assert!(edited.len() >= 11, "only {edited:?} edited");
}
