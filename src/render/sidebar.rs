//! The sidebar, rendered once per language, folder and set of open sections (the
//! theme's `sidebar.html`), then shared by every page with the same three: a site
//! of 10,000 pages in sections of 50 renders about 200 sidebars, not 10,000. Each
//! page then marks its own link with `aria-current="page"`.

use super::nav::NavBuilder;
use super::page_language::Html;
use super::page_language::PageLanguage;
use super::templates::template_error;
use crate::diagnostics::Diagnostic;
use crate::digest::Digest;
use crate::markdown::escape_html;
use crate::model::Site;
use crate::routes::Routes;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use tera::{Context, Tera};

/// Language index, the page's folder, the open sections, the open group of a
/// compact sidebar, and the open run of each open section's pages (empty when the
/// sidebar is not compact).
type Key = (usize, String, Vec<usize>, Option<usize>, Vec<usize>);

/// The key of the sidebar of `route`.
fn key_of(nav: &NavBuilder, l: usize, route: usize) -> Key {
    let expanded = nav.expanded(route);
    let runs = nav.open_runs(route, &expanded);
    let folder = folder(&nav.lx.routes.route(route).path);
    (l, folder, expanded, nav.group(route), runs)
}

/// Sidebar HTML for every page, shared where it can be, with its fingerprint.
#[derive(Default)]
pub struct Sidebars {
    /// Key -> the HTML and its fingerprint.
    html: HashMap<Key, Arc<(String, u64)>>,
}

/// What one language needs to render its sidebars.
pub struct SidebarLanguage<'a> {
    pub code: &'a str,
    pub strings: &'a BTreeMap<String, String>,
    pub titles: &'a [Html],
}

fn folder(path: &str) -> String {
    path.rsplit_once('/')
        .map_or_else(String::new, |(dir, _)| dir.to_string())
}

/// One sidebar, with `open` sections expanded, as linked from the page `route`.
fn render_one(
    site: &Site,
    routes: &Routes,
    tera: &Tera,
    (language, key): (&SidebarLanguage, &Key),
    route: usize,
) -> Result<String, Diagnostic> {
    let lx = PageLanguage::for_navigation(site, routes, language.code, route);
    let nav = NavBuilder {
        lx: &lx,
        site,
        titles: language.titles,
    };
    let context = SidebarContext {
        sidebar: nav.sidebar(
            super::nav::Open {
                expanded: &key.2,
                runs: &key.4,
            },
            key.3,
        ),
        words: language.strings,
        lang: language.code,
    };
    let context =
        Context::from_serialize(&context).map_err(|e| template_error("sidebar.html", &e))?;
    tera.render("sidebar.html", &context)
        .map_err(|e| template_error("sidebar.html", &e))
}

#[derive(Serialize)]
struct SidebarContext<'a> {
    sidebar: Vec<super::nav::NavEntry>,
    words: &'a BTreeMap<String, String>,
    lang: &'a str,
}

/// Sidebars kept from the last build, by the fingerprint of what they show.
#[derive(Debug, Default)]
pub struct SidebarMemo {
    by_inputs: HashMap<u64, Arc<(String, u64)>>,
}

/// For one language: the fingerprint of each list a sidebar can show, the top level
/// and the pages under each section (titles, links, which have pages under them),
/// so a sidebar's inputs are known without building it.
struct EntryLists {
    top: u64,
    children: HashMap<usize, u64>,
    /// The templates, the interface words and the language.
    common: u64,
}

impl EntryLists {
    fn new(site: &Site, routes: &Routes, language: &SidebarLanguage) -> EntryLists {
        let entry = |digest: &mut Digest, route: usize| {
            digest
                .add(&routes.route(route).path)
                .add(&language.titles[route])
                .add(&routes.route(route).children.is_empty());
        };
        let list = |list: &[usize]| {
            let mut digest = Digest::new();
            for &route in list {
                entry(&mut digest, route);
            }
            digest.finish()
        };
        let mut common = Digest::new();
        common
            .add(&site.theme.templates)
            .add(language.strings)
            .add(language.code);
        EntryLists {
            top: list(&routes.top),
            children: (0..routes.routes.len())
                .filter(|&r| !routes.route(r).children.is_empty())
                .map(|r| (r, list(&routes.route(r).children)))
                .collect(),
            common: common.finish(),
        }
    }

    /// The fingerprint of everything the sidebar with `key` shows.
    fn inputs(&self, key: &Key) -> u64 {
        let mut digest = Digest::new();
        digest
            .add(&self.common)
            .add(&key.1)
            .add(&key.2)
            .add(&key.3)
            .add(&key.4)
            .add(&self.top);
        for open in &key.2 {
            digest.add(&self.children.get(open));
        }
        digest.finish()
    }
}

impl Sidebars {
    /// Renders the sidebars of every page, taking from `memo` those whose inputs
    /// are unchanged; `memo` then holds these.
    pub fn render(
        site: &Site,
        routes: &Routes,
        tera: &Tera,
        languages: &[SidebarLanguage],
        memo: &mut SidebarMemo,
    ) -> Result<Sidebars, Diagnostic> {
        // One representative page per key.
        let mut wanted: HashMap<Key, usize> = HashMap::new();
        for (l, language) in languages.iter().enumerate() {
            for route in 0..routes.routes.len() {
                let lx = PageLanguage::for_navigation(site, routes, language.code, route);
                let nav = NavBuilder {
                    lx: &lx,
                    site,
                    titles: language.titles,
                };
                wanted.entry(key_of(&nav, l, route)).or_insert(route);
            }
        }
        let lists: Vec<EntryLists> = languages
            .par_iter()
            .map(|language| EntryLists::new(site, routes, language))
            .collect();
        let remembered: &SidebarMemo = memo;
        let html = wanted
            .into_par_iter()
            .map(|(key, route)| {
                let inputs = lists[key.0].inputs(&key);
                if let Some(shared) = remembered.by_inputs.get(&inputs) {
                    return Ok((key, (inputs, Arc::clone(shared))));
                }
                let html = render_one(site, routes, tera, (&languages[key.0], &key), route)?;
                let digest = crate::digest::of_str(&html);
                Ok((key, (inputs, Arc::new((html, digest)))))
            })
            .collect::<Result<HashMap<Key, (u64, Arc<(String, u64)>)>, Diagnostic>>()?;
        memo.by_inputs = html.values().cloned().collect();
        let html = html
            .into_iter()
            .map(|(key, (_, shared))| (key, shared))
            .collect();
        Ok(Sidebars { html })
    }

    /// The sidebar of `route` in language `l`, its own link marked as current.
    pub fn for_page(
        &self,
        site: &Site,
        routes: &Routes,
        language: (usize, &SidebarLanguage),
        route: usize,
    ) -> String {
        let Some(shared) = self.lookup(site, routes, language, route) else {
            return String::new();
        };
        let (html, own) = (shared.html, shared.own_link);
        match html.find(&own) {
            Some(at) => {
                let end = at + own.len();
                format!("{} aria-current=\"page\"{}", &html[..end], &html[end..])
            }
            None => html.to_string(),
        }
    }

    /// The fingerprint of what [`Sidebars::for_page`] returns, without building it.
    pub fn inputs(
        &self,
        site: &Site,
        routes: &Routes,
        language: (usize, &SidebarLanguage),
        route: usize,
    ) -> u64 {
        let mut digest = crate::digest::Digest::new();
        if let Some(shared) = self.lookup(site, routes, language, route) {
            digest.add(&shared.digest).add(&shared.own_link);
        }
        digest.finish()
    }

    fn lookup(
        &self,
        site: &Site,
        routes: &Routes,
        language: (usize, &SidebarLanguage),
        route: usize,
    ) -> Option<Shared<'_>> {
        let (l, language) = language;
        let lx = PageLanguage::for_navigation(site, routes, language.code, route);
        let nav = NavBuilder {
            lx: &lx,
            site,
            titles: language.titles,
        };
        let (html, digest) = &**self.html.get(&key_of(&nav, l, route))?;
        Some(Shared {
            html,
            digest: *digest,
            own_link: format!("href=\"{}\"", escape_html(&lx.link(route))),
        })
    }
}

/// The sidebar a page shares with others, and the page's own link in it.
struct Shared<'a> {
    html: &'a str,
    digest: u64,
    own_link: String,
}
