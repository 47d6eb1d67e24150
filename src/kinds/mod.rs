//! Every kind of page, in one table. A kind's row says its name (the body class
//! and its template `body/NAME.html`), its route key or folder, the content file
//! it is made from, whether a site has it, whether it is deferred (made after the
//! other pages, or when asked for) and whether search indexes it; and it points to
//! the kind's own functions: the ids its content file names, the anchors its page
//! offers, and what the page's fingerprint (serve's render cache) depends on.
//!
//! This module sits between `model` and `load` (load checks the ids with it);
//! each kind's view structs, view builder and title are its render side, in
//! `render/kinds/`, the same file name. Adding a kind: see docs/page-kinds.md.

pub mod competencies;
pub mod glossary;
pub mod ideal;
pub mod markdown;
pub mod mindsets;
pub mod policies;
pub mod policy;
pub mod positioning;
pub mod rank;
pub mod revisions;
pub mod roles;
pub mod site_pages;
pub mod skills;
pub mod survey;

use crate::digest::Digest;
use crate::model::Site;

/// What a page shows; indexes point into the model's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    Positioning,
    Ideal,
    Mindsets,
    Skills,
    Rank(usize),
    Competencies,
    Roles,
    Policies,
    Policy(usize),
    Survey,
    Glossary,
    Markdown(usize),
    Print,
    Search,
    NotFound,
    /// The revision history (改定履歴).
    Revisions,
    /// The comparison (新旧対照表) of the n-th recorded version (oldest is 0) with the one before.
    Revision(usize),
    /// The comparison of the working content with the last recorded version.
    RevisionDraft,
}

/// Where a kind's pages sit among the routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// One page at the top of the sidebar, when the site has the kind's content
    /// (in the table's order unless `nav` in site.yaml says otherwise).
    Top,
    /// One page per item of a list, under the page of the key named.
    Under(&'static str),
    /// Made by the routes themselves (home, Markdown pages, print, search, 404,
    /// revision pages): the row still names the key, template and rules.
    Own,
}

/// One row of the table of kinds.
pub struct Kind {
    /// The body class (`kind-NAME`) and, unless it shares one, the template's name.
    pub name: &'static str,
    /// The route key of its page (`competencies`), or the folder of its pages (`ranks`);
    /// reserved, so a Markdown page cannot take it. Empty for Markdown pages.
    pub key: &'static str,
    /// The content file the kind is made from (empty when none of its own).
    pub content: &'static str,
    /// The theme template of its main content.
    pub template: &'static str,
    pub place: Place,
    /// Whether the site has this kind of page (for `Top` kinds: whether it is routed).
    pub present: fn(&Site) -> bool,
    /// Made after the other pages, with the whole site (print view, revision pages).
    pub deferred: bool,
    /// Its text goes into the search index.
    pub searched: bool,
    /// It is listed in `sitemap.xml`.
    pub in_sitemap: bool,
    /// For a kind of one page per item (`Place::Under`): each item's id, which
    /// follows the kind's key in its pages' keys (`ranks/shuji`).
    pub items: fn(&Site) -> Vec<&str>,
    /// The ids its content file gives items, each file one anchor space, for the id checks.
    pub ids: fn(&Site) -> Vec<IdSpace<'_>>,
    /// The anchors its page (the n-th of the kind) offers in a language, beside `main`.
    pub anchors: fn(&Site, usize, &str) -> Vec<String>,
    /// What in the model its page is made of, for serve's render cache; the
    /// site's settings, theme, navigation and titles are added for every page.
    pub inputs: fn(&Site, &mut Digest),
}

/// The ids written in one content file, which must be unique there: (field path, id).
pub struct IdSpace<'a> {
    pub file: &'a str,
    pub ids: Vec<(String, &'a str)>,
}

/// `(path[i].id, id)` for each id of a list at `path`.
pub fn id_list<'a>(path: &str, ids: impl Iterator<Item = &'a str>) -> Vec<(String, &'a str)> {
    ids.enumerate()
        .map(|(i, id)| (format!("{path}[{i}].id"), id))
        .collect()
}

/// The table: every kind (the first of its pages) with its row, in the default
/// order of the sidebar's structured pages.
pub static KINDS: [(PageKind, &Kind); 19] = [
    (PageKind::Home, &site_pages::HOME),
    (PageKind::Positioning, &positioning::KIND),
    (PageKind::Ideal, &ideal::KIND),
    (PageKind::Mindsets, &mindsets::KIND),
    (PageKind::Skills, &skills::KIND),
    (PageKind::Rank(0), &rank::KIND),
    (PageKind::Competencies, &competencies::KIND),
    (PageKind::Roles, &roles::KIND),
    (PageKind::Policies, &policies::KIND),
    (PageKind::Policy(0), &policy::KIND),
    (PageKind::Survey, &survey::KIND),
    (PageKind::Glossary, &glossary::KIND),
    (PageKind::Markdown(0), &markdown::KIND),
    (PageKind::Print, &site_pages::PRINT),
    (PageKind::Search, &site_pages::SEARCH),
    (PageKind::NotFound, &site_pages::NOT_FOUND),
    (PageKind::Revisions, &revisions::HISTORY),
    (PageKind::Revision(0), &revisions::COMPARISON),
    (PageKind::RevisionDraft, &revisions::DRAFT),
];

/// The kinds with one page at the top of the sidebar, with its key, in the table's order.
pub fn top_kinds() -> impl Iterator<Item = (PageKind, &'static str)> {
    KINDS
        .iter()
        .filter(|(_, kind)| kind.place == Place::Top)
        .map(|&(page, kind)| (page, kind.key))
}

/// Names a Markdown page may not take at the top: every kind's key and the names
/// the output itself uses.
pub fn is_reserved(name: &str) -> bool {
    ["index", "static", "sitemap"].contains(&name)
        || KINDS
            .iter()
            .any(|(_, kind)| !kind.key.is_empty() && kind.key == name)
}

/// A structured page at the top of the sidebar, searched and in the sitemap; each
/// row says what it has of its own (`..STRUCTURED` gives the rest).
pub const STRUCTURED: Kind = Kind {
    name: "",
    key: "",
    content: "",
    template: "",
    place: Place::Top,
    present: |_| false,
    deferred: false,
    searched: true,
    in_sitemap: true,
    items: no_items,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};

/// The ids of one list at `path` in `file`, one anchor space.
pub fn list_ids<'a>(
    file: &'a str,
    path: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Vec<IdSpace<'a>> {
    vec![IdSpace {
        file,
        ids: id_list(path, ids),
    }]
}

/// Nothing: for kinds with no ids, anchors or model inputs of their own.
pub fn no_ids(_: &Site) -> Vec<IdSpace<'_>> {
    Vec::new()
}

pub fn no_anchors(_: &Site, _: usize, _: &str) -> Vec<String> {
    Vec::new()
}

pub fn no_inputs(_: &Site, _: &mut Digest) {}

/// No pages per item: for kinds of one page, or whose pages the routes make.
pub fn no_items(_: &Site) -> Vec<&str> {
    Vec::new()
}

impl PageKind {
    /// This kind's row of the table (the match is exhaustive: a new kind needs a row).
    pub fn kind(self) -> &'static Kind {
        match self {
            PageKind::Home => &site_pages::HOME,
            PageKind::Positioning => &positioning::KIND,
            PageKind::Ideal => &ideal::KIND,
            PageKind::Mindsets => &mindsets::KIND,
            PageKind::Skills => &skills::KIND,
            PageKind::Rank(_) => &rank::KIND,
            PageKind::Competencies => &competencies::KIND,
            PageKind::Roles => &roles::KIND,
            PageKind::Policies => &policies::KIND,
            PageKind::Policy(_) => &policy::KIND,
            PageKind::Survey => &survey::KIND,
            PageKind::Glossary => &glossary::KIND,
            PageKind::Markdown(_) => &markdown::KIND,
            PageKind::Print => &site_pages::PRINT,
            PageKind::Search => &site_pages::SEARCH,
            PageKind::NotFound => &site_pages::NOT_FOUND,
            PageKind::Revisions => &revisions::HISTORY,
            PageKind::Revision(_) => &revisions::COMPARISON,
            PageKind::RevisionDraft => &revisions::DRAFT,
        }
    }

    /// Which of its kind this page is (the rank, policy area, Markdown page or
    /// version); 0 for kinds with one page.
    pub fn index(self) -> usize {
        match self {
            PageKind::Rank(i)
            | PageKind::Policy(i)
            | PageKind::Markdown(i)
            | PageKind::Revision(i) => i,
            _ => 0,
        }
    }

    /// The page of the same kind for the item at `index` (`Rank(0)` -> `Rank(index)`).
    pub fn nth(self, index: usize) -> PageKind {
        match self {
            PageKind::Rank(_) => PageKind::Rank(index),
            PageKind::Policy(_) => PageKind::Policy(index),
            PageKind::Markdown(_) => PageKind::Markdown(index),
            PageKind::Revision(_) => PageKind::Revision(index),
            kind => kind,
        }
    }

    /// Pages made with the whole-site files (print views, revision pages), not with
    /// the other pages: serve makes them when asked for, `build` after the rest.
    pub fn is_deferred(self) -> bool {
        self.kind().deferred
    }

    /// The pages about revisions: made with the print views, when asked for.
    pub fn is_revision(self) -> bool {
        matches!(
            self,
            PageKind::Revisions | PageKind::Revision(_) | PageKind::RevisionDraft
        )
    }

    /// The anchors this page offers in `lang`.
    pub fn anchors(self, site: &Site, lang: &str) -> Vec<String> {
        let mut anchors = (self.kind().anchors)(site, self.index(), lang);
        anchors.push("main".into());
        anchors
    }
}

/// The fingerprint of the model that the structured pages are made of: each
/// kind's inputs, and the translations that may be out of date.
pub fn structured_inputs(site: &Site) -> u64 {
    let mut digest = Digest::new();
    for (_, kind) in KINDS {
        (kind.inputs)(site, &mut digest);
    }
    digest.add_debug(&site.stale);
    digest.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_the_row_of_its_kind() {
        for (page, kind) in KINDS {
            assert!(std::ptr::eq(page.kind(), kind), "{page:?} has another row");
        }
        let names: std::collections::BTreeSet<&str> =
            KINDS.iter().map(|(_, kind)| kind.template).collect();
        assert_eq!(
            names.len(),
            KINDS.len() - 1,
            "only the two comparisons share a template"
        );
    }

    #[test]
    fn the_built_in_pages_and_the_output_names_are_reserved() {
        for name in [
            "index",
            "home",
            "positioning",
            "ideal",
            "mindsets",
            "skills",
            "ranks",
            "competencies",
            "roles",
            "policies",
            "survey",
            "glossary",
            "print",
            "search",
            "404",
            "static",
            "sitemap",
            "revisions",
        ] {
            assert!(is_reserved(name), "{name}");
        }
        assert!(!is_reserved("training"));
        assert!(!is_reserved(""));
    }
}
