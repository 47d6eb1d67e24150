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
    let lx = PageLanguage::for_navigation(site, routes, lang, 0);
    (0..routes.routes.len())
        .map(|route| route_title(&lx, site, strings, route))
        .collect()
}

impl NavBuilder<'_> {
    fn routes(&self) -> &Routes {
        self.lx.routes
    }

    fn entry(&self, route: usize, expanded_routes: &[usize]) -> NavEntry {
        let expanded = expanded_routes.contains(&route);
        let children = &self.routes().route(route).children;
        NavEntry {
            title: self.titles[route].clone(),
            href: self.lx.link(route),
            expanded,
            has_children: !children.is_empty(),
            children: if expanded {
                children
                    .iter()
                    .map(|&c| self.entry(c, expanded_routes))
                    .collect()
            } else {
                Vec::new()
            },
            more: 0,
        }
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

    /// The sidebar with `expanded` sections open, linked from this builder's page;
    /// compact with the top-level group `group` listed in full (see [`COMPACT_ABOVE`]).
    pub fn sidebar(&self, expanded: &[usize], group: Option<usize>) -> Vec<NavEntry> {
        let Some(open) = group else {
            let top = &self.routes().top;
            return top.iter().map(|&r| self.entry(r, expanded)).collect();
        };
        let mut entries = Vec::new();
        for (g, members) in self.top_groups().into_iter().enumerate() {
            if g == open || members.len() == 1 {
                entries.extend(members.iter().map(|&r| self.entry(r, expanded)));
            } else {
                let mut first = self.entry(members[0], &[]);
                first.more = members.len() - 1;
                entries.push(first);
            }
        }
        entries
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
