//! The site's address space: every page's key (`ranks/kakaricho`) and file
//! (`ranks/kakaricho.html`), the sidebar tree and reading order, the anchors each
//! page has in each language, and the resolution of links written in content.

use crate::model::Site;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use crate::kinds::PageKind;

#[derive(Debug, Clone)]
pub struct Route {
    pub key: String,
    /// File path under the language folder, with `/`.
    pub path: String,
    pub kind: PageKind,
    /// The route whose children this one is listed among in the sidebar.
    pub parent: Option<usize>,
    /// Children in sidebar order.
    pub children: Vec<usize>,
    /// Position in reading order (prev/next), if the page is part of it.
    pub order: Option<usize>,
}

/// All routes, built once from the model.
#[derive(Debug, Clone)]
pub struct Routes {
    pub routes: Vec<Route>,
    by_key: HashMap<String, usize>,
    /// Top-level sidebar entries, in order.
    pub top: Vec<usize>,
    /// Routes in reading order.
    pub reading: Vec<usize>,
    /// (route, language) -> the anchors that page has.
    anchors: HashMap<(usize, String), BTreeSet<String>>,
}

/// The structured pages at the top of the sidebar that exist when their content
/// file does, in default nav order (the table of kinds' order).
fn structured_pages(site: &Site) -> Vec<(&'static str, PageKind)> {
    crate::kinds::top_kinds()
        .filter(|(kind, _)| (kind.kind().present)(site))
        .map(|(kind, key)| (key, kind))
        .collect()
}

impl Routes {
    pub fn build(site: &Site) -> Routes {
        let mut routes = Routes {
            routes: Vec::new(),
            by_key: HashMap::new(),
            top: Vec::new(),
            reading: Vec::new(),
            anchors: HashMap::new(),
        };
        let home = routes.add(("home", "index.html"), PageKind::Home, None);
        let mut top_level: BTreeMap<String, usize> = BTreeMap::new();
        for (key, kind) in structured_pages(site) {
            top_level.insert(
                key.to_string(),
                routes.add((key, &format!("{key}.html")), kind, None),
            );
        }
        routes.add_children(site, &top_level);
        routes.add_pages(site, &mut top_level);
        routes.add(("print", "print.html"), PageKind::Print, None);
        routes.add(("search", "search.html"), PageKind::Search, None);
        routes.add(("404", "404.html"), PageKind::NotFound, None);
        routes.add_revisions(site);
        routes.order_top(site, home, top_level);
        routes.collect_anchors(site);
        routes
    }

    /// Adds the page `key`, written to `path`, under `parent` in the sidebar.
    fn add(&mut self, (key, path): (&str, &str), kind: PageKind, parent: Option<usize>) -> usize {
        let index = self.routes.len();
        self.routes.push(Route {
            key: key.to_string(),
            path: path.to_string(),
            kind,
            parent,
            children: Vec::new(),
            order: None,
        });
        self.by_key.insert(key.to_string(), index);
        if let Some(parent) = parent {
            self.routes[parent].children.push(index);
        }
        index
    }

    /// The pages of each kind placed under another (rank pages under `skills`,
    /// policy areas under `policies`), one per item, when the parent page exists.
    fn add_children(&mut self, site: &Site, top_level: &BTreeMap<String, usize>) {
        for (page, kind) in crate::kinds::KINDS {
            let crate::kinds::Place::Under(parent) = kind.place else {
                continue;
            };
            let Some(&parent) = top_level.get(parent) else {
                continue;
            };
            for (i, id) in (kind.items)(site).into_iter().enumerate() {
                let key = format!("{}/{id}", kind.key);
                self.add((&key, &format!("{key}.html")), page.nth(i), Some(parent));
            }
        }
    }

    /// The history, and a comparison for each recorded version after the first,
    /// when `history` records any version.
    fn add_revisions(&mut self, site: &Site) {
        let versions = site.config.recorded_versions();
        if versions.is_empty() {
            return;
        }
        self.add(("revisions", "revisions.html"), PageKind::Revisions, None);
        for (i, version) in versions.iter().enumerate().skip(1) {
            let key = format!("revisions/{version}");
            self.add((&key, &format!("{key}.html")), PageKind::Revision(i), None);
        }
        let next = "revisions/next";
        self.add(
            (next, &format!("{next}.html")),
            PageKind::RevisionDraft,
            None,
        );
    }

    /// Markdown pages: sections first (parents before children), siblings by weight.
    fn add_pages(&mut self, site: &Site, top_level: &mut BTreeMap<String, usize>) {
        let mut order: Vec<usize> = (0..site.pages.len()).collect();
        order.sort_by(|&a, &b| {
            let (pa, pb) = (&site.pages[a], &site.pages[b]);
            (pa.key.matches('/').count(), pa.weight, &pa.key).cmp(&(
                pb.key.matches('/').count(),
                pb.weight,
                &pb.key,
            ))
        });
        for index in order {
            let page = &site.pages[index];
            let parent = page
                .section
                .as_ref()
                .and_then(|s| self.by_key.get(s).copied());
            let route = self.add(
                (&page.key, &format!("{}.html", page.key)),
                PageKind::Markdown(index),
                parent,
            );
            if parent.is_none() {
                top_level.insert(page.key.clone(), route);
            }
        }
    }

    /// The sidebar's top level follows `nav` in site.yaml; anything not named there
    /// follows in its default place (structured pages, then pages by weight).
    fn order_top(&mut self, site: &Site, home: usize, mut top_level: BTreeMap<String, usize>) {
        self.top.push(home);
        for key in &site.config.nav {
            if let Some(route) = top_level.remove(key) {
                self.top.push(route);
            }
        }
        let mut rest: Vec<usize> = top_level.into_values().collect();
        rest.sort();
        self.top.extend(rest);
        let mut reading = Vec::new();
        for &route in &self.top {
            reading.push(route);
            self.push_descendants(route, &mut reading);
        }
        for (position, &route) in reading.iter().enumerate() {
            self.routes[route].order = Some(position);
        }
        self.reading = reading;
    }

    fn push_descendants(&self, route: usize, out: &mut Vec<usize>) {
        for &child in &self.routes[route].children {
            out.push(child);
            self.push_descendants(child, out);
        }
    }

    pub fn get(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    pub fn route(&self, index: usize) -> &Route {
        &self.routes[index]
    }

    /// The anchors the page of `route` offers in `lang` (its kind's, and `main`).
    pub fn anchors(&self, route: usize, lang: &str) -> impl Iterator<Item = &str> {
        self.anchors
            .get(&(route, lang.to_string()))
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    pub fn has_anchor(&self, route: usize, lang: &str, anchor: &str) -> bool {
        self.anchors
            .get(&(route, lang.to_string()))
            .is_some_and(|a| a.contains(anchor))
    }

    /// Whether `route` is a section of the print view (every page in reading order but home).
    pub fn in_print_view(&self, route: usize) -> bool {
        self.routes[route].order.is_some() && !matches!(self.routes[route].kind, PageKind::Home)
    }

    /// The href written on the page `from` for `to` (and a fragment of it). The print
    /// view holds every page in reading order as one of its sections, so a link there
    /// to such a page stays inside the print view (`#ranks-kakaricho`,
    /// `#mindsets--public-service`): a printed or PDF copy needs no other file.
    pub fn link(&self, from: usize, to: usize, fragment: Option<&str>) -> String {
        let printed = matches!(self.routes[from].kind, PageKind::Print) && self.in_print_view(to);
        match (printed, fragment) {
            (true, Some(fragment)) => format!("#{}{fragment}", print_prefix(&self.routes[to].key)),
            (true, None) => format!("#{}", print_section_id(&self.routes[to].key)),
            (false, Some(fragment)) if from == to => format!("#{fragment}"),
            (false, Some(fragment)) => {
                format!(
                    "{}#{fragment}",
                    relative(&self.routes[from].path, &self.routes[to].path)
                )
            }
            (false, None) => relative(&self.routes[from].path, &self.routes[to].path),
        }
    }

    /// Routes in key order, for messages that list what exists.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.routes.iter().map(|r| r.key.as_str())
    }
}

/// A relative href from the page at `from` (a path under the language folder) to
/// `to` in the same language.
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut href = "../".repeat(depth);
    href.push_str(to);
    href
}

/// The prefix of every id a page's content has in the print view:
/// `ranks/kakaricho` -> `ranks-kakaricho--`, so ids stay unique there.
pub fn print_prefix(key: &str) -> String {
    format!("{}--", print_section_id(key))
}

/// The id of a page's section in the print view: `ranks/kakaricho` -> `ranks-kakaricho`.
pub fn print_section_id(key: &str) -> String {
    key.replace('/', "-")
}

/// The prefix from a page to the language folder's parent (the output root).
pub fn to_output_root(from: &str) -> String {
    "../".repeat(from.matches('/').count() + 1)
}

mod resolve;

pub use resolve::{LinkError, LinkSource};

impl Routes {
    fn collect_anchors(&mut self, site: &Site) {
        let languages = site.config.language_list();
        for index in 0..self.routes.len() {
            let kind = self.routes[index].kind;
            for lang in &languages {
                let set = kind.anchors(site, lang).into_iter().collect();
                self.anchors.insert((index, lang.clone()), set);
            }
        }
    }
}

pub use crate::kinds::markdown::page_headings;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_out_of_subfolders() {
        assert_eq!(
            relative("index.html", "ranks/shuji.html"),
            "ranks/shuji.html"
        );
        assert_eq!(
            relative("ranks/shuji.html", "mindsets.html"),
            "../mindsets.html"
        );
        assert_eq!(relative("a/b/c.html", "index.html"), "../../index.html");
        assert_eq!(to_output_root("ranks/shuji.html"), "../../");
    }
}
