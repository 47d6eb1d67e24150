//! Navigation around one page: the sidebar (only the current section expanded),
//! breadcrumbs, previous/next in reading order, and the same page in other languages.
//! Each is O(top level + current section), whatever the size of the site.

use super::page_language::{Html, PageLanguage};
use crate::model::Site;
use crate::routes::{to_output_root, PageKind, Routes};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct NavEntry {
    pub title: Html,
    pub href: String,
    pub expanded: bool,
    pub has_children: bool,
    pub children: Vec<NavEntry>,
    /// For a group of a compact sidebar shown as one link (to its first entry): how
    /// many entries follow the first in it. 0 for an ordinary entry.
    pub more: usize,
}

/// A sidebar whose top level has more entries than this is compact: the built-in
/// pages stay, the Markdown pages and sections between them are cut into groups of
/// up to [`GROUP`], the group holding the page is listed in full and each other group
/// is one link (to its first entry). A site of 200 sections then sends about 40
/// top-level links with each page instead of 200.
pub const COMPACT_ABOVE: usize = 30;
pub const GROUP: usize = 15;

/// In a compact sidebar, an open section with more pages than [`LONG_SECTION`] lists
/// them in runs of [`RUN`]: the run holding the page (or the section on the way to
/// it; the first on the section's own page) in full, each other run as one link to
/// its first page, saying how many follow. A section of 50 pages then sends 14 links
/// with each page instead of 50, and every page stays two clicks away.
pub const LONG_SECTION: usize = 15;
pub const RUN: usize = 10;

/// Which sections a sidebar shows open, and for each, in a compact sidebar, the run
/// of its pages listed in full (empty: every page listed).
#[derive(Debug, Clone, Copy)]
pub struct Open<'k> {
    pub expanded: &'k [usize],
    /// Parallel to `expanded`.
    pub runs: &'k [usize],
}

#[derive(Serialize, Clone, Hash)]
pub struct Crumb {
    pub title: Html,
    pub href: String,
}

#[derive(Serialize, Hash)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub href: String,
    pub current: bool,
    /// The page exists in that language only as the default-language text.
    pub untranslated: bool,
}

pub use super::kinds::route_title;

pub struct NavBuilder<'a> {
    pub lx: &'a PageLanguage<'a>,
    pub site: &'a Site,
    /// Every route's title in the page's language ([`titles`]).
    pub titles: &'a [Html],
}

/// Every route's title in `lang`, by route: made once per build and language, as
/// every page's navigation shows titles of other pages.
pub fn titles(
    site: &Site,
    routes: &Routes,
    lang: &str,
    strings: &BTreeMap<String, String>,
) -> Vec<Html> {
    let mut lx = PageLanguage::for_navigation(site, routes, lang, 0);
    (0..routes.routes.len())
        .map(|route| route_title(&mut lx, site, strings, route))
        .collect()
}

impl NavBuilder<'_> {
    fn routes(&self) -> &Routes {
        self.lx.routes
    }

    fn entry(&self, route: usize, open: Open) -> NavEntry {
        let at = open.expanded.iter().position(|&r| r == route);
        let children = &self.routes().route(route).children;
        NavEntry {
            title: self.titles[route].clone(),
            href: self.lx.link(route),
            expanded: at.is_some(),
            has_children: !children.is_empty(),
            children: match at {
                Some(at) => self.children(children, open, open.runs.get(at).copied()),
                None => Vec::new(),
            },
            more: 0,
        }
    }

    /// The entries of an open section's pages: all, or in a compact sidebar with
    /// `run` open, the runs of a long section (see [`LONG_SECTION`]).
    fn children(&self, children: &[usize], open: Open, run: Option<usize>) -> Vec<NavEntry> {
        let Some(run) = run.filter(|_| children.len() > LONG_SECTION) else {
            return children.iter().map(|&c| self.entry(c, open)).collect();
        };
        self.collapsed(children.chunks(RUN), run, open)
    }

    /// Entries for `groups` of routes: the group at `shown` (and any group of one) in
    /// full, every other as one link to its first route, saying how many more it holds.
    fn collapsed<'g>(
        &self,
        groups: impl Iterator<Item = &'g [usize]>,
        shown: usize,
        open: Open,
    ) -> Vec<NavEntry> {
        let mut entries = Vec::new();
        for (g, members) in groups.enumerate() {
            if g == shown || members.len() == 1 {
                entries.extend(members.iter().map(|&r| self.entry(r, open)));
            } else {
                let mut first = self.entry(
                    members[0],
                    Open {
                        expanded: &[],
                        runs: &[],
                    },
                );
                first.more = members.len() - 1;
                entries.push(first);
            }
        }
        entries
    }

    /// In a compact sidebar, for each of `expanded` (see [`NavBuilder::expanded`]),
    /// the run of its pages that holds `route` or the section on the way to it (0 when
    /// it is `route` itself); empty when the sidebar is not compact.
    pub fn open_runs(&self, route: usize, expanded: &[usize]) -> Vec<usize> {
        if self.group(route).is_none() {
            return Vec::new();
        }
        let mut path = self.ancestors(route);
        path.insert(0, route);
        expanded
            .iter()
            .map(|&section| {
                let children = &self.routes().route(section).children;
                children
                    .iter()
                    .position(|c| path.contains(c))
                    .map_or(0, |at| at / RUN)
            })
            .collect()
    }

    /// The top level of a compact sidebar: each built-in page alone, the Markdown
    /// pages and sections between them in groups of up to [`GROUP`].
    fn top_groups(&self) -> Vec<&[usize]> {
        let top = &self.routes().top;
        let markdown = |r: usize| matches!(self.routes().route(r).kind, PageKind::Markdown(_));
        let mut groups: Vec<&[usize]> = Vec::new();
        let mut start = 0;
        while start < top.len() {
            let run = top[start..]
                .iter()
                .take(GROUP)
                .take_while(|&&r| markdown(r))
                .count()
                .max(1);
            groups.push(&top[start..start + run]);
            start += run;
        }
        groups
    }

    /// In a compact sidebar, the group of the top level that holds `route` (a page
    /// outside the tree is in the first); `None` when the sidebar is not compact.
    pub fn group(&self, route: usize) -> Option<usize> {
        if self.routes().top.len() <= COMPACT_ABOVE {
            return None;
        }
        let root = self.ancestors(route).last().copied().unwrap_or(route);
        let groups = self.top_groups();
        Some(groups.iter().position(|g| g.contains(&root)).unwrap_or(0))
    }

    /// The routes above `route` in the sidebar tree, nearest first.
    fn ancestors(&self, route: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = self.routes().route(route).parent;
        while let Some(parent) = at {
            chain.push(parent);
            at = self.routes().route(parent).parent;
        }
        chain
    }

    /// The sections open in the sidebar of `route`: its ancestors, and itself if it
    /// has pages under it. Pages that share these and a folder share one sidebar.
    pub fn expanded(&self, route: usize) -> Vec<usize> {
        let mut open = self.ancestors(route);
        if !self.routes().route(route).children.is_empty() {
            open.push(route);
        }
        open.sort_unstable();
        open
    }

    /// The sidebar with the `open` sections open, linked from this builder's page;
    /// compact with the top-level group `group` listed in full (see [`COMPACT_ABOVE`]).
    pub fn sidebar(&self, open: Open, group: Option<usize>) -> Vec<NavEntry> {
        let Some(shown) = group else {
            let top = &self.routes().top;
            return top.iter().map(|&r| self.entry(r, open)).collect();
        };
        self.collapsed(self.top_groups().into_iter(), shown, open)
    }

    pub fn breadcrumbs(&self, current: usize) -> Vec<Crumb> {
        let home = self.routes().get("home");
        let mut chain: Vec<usize> = self.ancestors(current);
        chain.reverse();
        if let Some(home) = home.filter(|&h| h != current) {
            chain.insert(0, home);
        }
        chain.push(current);
        chain.into_iter().map(|r| self.crumb(r)).collect()
    }

    fn crumb(&self, route: usize) -> Crumb {
        Crumb {
            title: self.titles[route].clone(),
            href: self.lx.link(route),
        }
    }

    pub fn neighbours(&self, current: usize) -> (Option<Crumb>, Option<Crumb>) {
        let Some(position) = self.routes().route(current).order else {
            return (None, None);
        };
        let reading = &self.routes().reading;
        let previous = position.checked_sub(1).map(|p| self.crumb(reading[p]));
        let next = reading.get(position + 1).map(|&r| self.crumb(r));
        (previous, next)
    }

    pub fn languages(&self, current: usize) -> Vec<LanguageLink> {
        let route = self.routes().route(current);
        let root = to_output_root(&route.path);
        self.site
            .config
            .languages
            .iter()
            .map(|language| LanguageLink {
                code: language.code.clone(),
                name: language.name.clone(),
                href: format!("{root}{}/{}", language.code, route.path),
                current: language.code == self.lx.lang,
                untranslated: match route.kind {
                    PageKind::Markdown(i) => {
                        !self.site.pages[i].translations.contains_key(&language.code)
                    }
                    _ => false,
                },
            })
            .collect()
    }
}
