//! The sidebar, rendered once per language, folder and set of open sections (the
//! theme's `sidebar.html`), then shared by every page with the same three: a site
//! of 10,000 pages in sections of 50 renders about 200 sidebars, not 10,000. Each
//! page then marks its own link with `aria-current="page"`. Keeps nothing between
//! builds: serve's render cache hands in the sidebars it kept ([`SidebarsMade`]).

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

/// Sidebar HTML for every page, shared where it can be.
#[derive(Default)]
pub struct Sidebars {
    /// Key -> the sidebar.
    html: HashMap<Key, Arc<Sidebar>>,
}

/// One sidebar as rendered, shared by every page with the same key.
#[derive(Debug)]
pub struct Sidebar {
    html: String,
    /// Made only for serve's render cache (`build` and `check` need none).
    fingerprints: Option<Fingerprints>,
}

/// A sidebar's fingerprints: of what it shows (known before it is rendered) and of
/// its HTML (what a page's fingerprint takes from it).
#[derive(Debug, Clone, Copy)]
struct Fingerprints {
    inputs: u64,
    html: u64,
}

/// Sidebars made by an earlier build, by the fingerprint of what each shows: plain
/// data, which serve's render cache keeps from one build to the next and hands to
/// [`Sidebars::render`] so that those still wanted are not rendered again.
pub type SidebarsMade = HashMap<u64, Arc<Sidebar>>;

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

/// What [`Sidebars::render`] renders the sidebars of: the model, the routes, the
/// templates and each language's words and titles.
pub struct SidebarSource<'a> {
    pub site: &'a Site,
    pub routes: &'a Routes,
    pub tera: &'a Tera,
    pub languages: &'a [SidebarLanguage<'a>],
}

impl SidebarSource<'_> {
    /// One representative page per key: every sidebar the site's pages show.
    fn wanted(&self) -> HashMap<Key, usize> {
        let (site, routes) = (self.site, self.routes);
        let mut wanted: HashMap<Key, usize> = HashMap::new();
        for (l, language) in self.languages.iter().enumerate() {
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
        wanted
    }

    /// The sidebar with `key`, as linked from `route`, not yet fingerprinted.
    fn render(&self, key: &Key, route: usize) -> Result<Sidebar, Diagnostic> {
        let language = &self.languages[key.0];
        let html = render_one(self.site, self.routes, self.tera, (language, key), route)?;
        Ok(Sidebar {
            html,
            fingerprints: None,
        })
    }
}

impl Sidebars {
    /// Renders the sidebars of every page. Given `earlier` (serve), each is
    /// fingerprinted and those whose inputs are unchanged are taken from `earlier`;
    /// without (`build`, `check`), none is fingerprinted.
    pub fn render(
        source: &SidebarSource,
        earlier: Option<&SidebarsMade>,
    ) -> Result<Sidebars, Diagnostic> {
        let lists: Option<Vec<EntryLists>> = earlier.map(|_| {
            source
                .languages
                .par_iter()
                .map(|language| EntryLists::new(source.site, source.routes, language))
                .collect()
        });
        let html = source
            .wanted()
            .into_par_iter()
            .map(|(key, route)| {
                let inputs = lists.as_ref().map(|lists| lists[key.0].inputs(&key));
                let kept = inputs
                    .zip(earlier)
                    .and_then(|(inputs, made)| made.get(&inputs));
                if let Some(kept) = kept {
                    return Ok((key, Arc::clone(kept)));
                }
                let mut sidebar = source.render(&key, route)?;
                sidebar.fingerprints = inputs.map(|inputs| Fingerprints {
                    inputs,
                    html: crate::digest::of_str(&sidebar.html),
                });
                Ok((key, Arc::new(sidebar)))
            })
            .collect::<Result<_, Diagnostic>>()?;
        Ok(Sidebars { html })
    }

    /// Every sidebar made with fingerprints, by the fingerprint of what it shows (for
    /// the next [`Sidebars::render`]); empty when made without (`build`).
    pub fn made(&self) -> SidebarsMade {
        self.html
            .values()
            .filter_map(|sidebar| Some((sidebar.fingerprints?.inputs, Arc::clone(sidebar))))
            .collect()
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
        let sidebar = &**self.html.get(&key_of(&nav, l, route))?;
        Some(Shared {
            html: &sidebar.html,
            digest: sidebar.fingerprints.map(|f| f.html),
            own_link: format!("href=\"{}\"", escape_html(&lx.link(route))),
        })
    }
}

/// The sidebar a page shares with others, and the page's own link in it.
struct Shared<'a> {
    html: &'a str,
    /// The fingerprint of its HTML (none when made for `build`).
    digest: Option<u64>,
    own_link: String,
}
