//! The sidebar, rendered once per language, folder and set of open sections (the
//! theme's `sidebar.html`), then shared by every page with the same three: a site
//! of 10,000 pages in sections of 50 renders about 200 sidebars, not 10,000. Each
//! page then marks its own link with `aria-current="page"`.

use super::lx::Lx;
use super::nav::NavBuilder;
use super::page::template_error;
use crate::diagnostics::Diagnostic;
use crate::markdown::escape_html;
use crate::model::Site;
use crate::routes::Routes;
use rayon::prelude::*;
use serde::Serialize;
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use tera::{Context, Tera};

/// Language index, the page's folder, the open sections.
type Key = (usize, String, Vec<usize>);

/// Sidebar HTML for every page, shared where it can be.
pub struct Sidebars {
    html: HashMap<Key, String>,
}

/// What one language needs to render its sidebars.
pub struct SidebarLanguage<'a> {
    pub code: &'a str,
    pub strings: &'a BTreeMap<String, String>,
}

fn folder(path: &str) -> String {
    path.rsplit_once('/')
        .map_or_else(String::new, |(dir, _)| dir.to_string())
}

fn lx<'a>(site: &'a Site, routes: &'a Routes, lang: &'a str, from: usize) -> Lx<'a> {
    Lx {
        lang,
        default: site.default_language(),
        routes,
        from,
        content_route: from,
        file: "content/site.yaml",
        anchor_prefix: "",
        anchor_label: "",
        fell_back: Cell::new(false),
    }
}

#[derive(Serialize)]
struct SidebarContext<'a> {
    sidebar: Vec<super::nav::NavEntry>,
    t: &'a BTreeMap<String, String>,
    lang: &'a str,
}

impl Sidebars {
    pub fn render(
        site: &Site,
        routes: &Routes,
        tera: &Tera,
        languages: &[SidebarLanguage],
    ) -> Result<Sidebars, Diagnostic> {
        // One representative page per key.
        let mut wanted: HashMap<Key, usize> = HashMap::new();
        for (l, language) in languages.iter().enumerate() {
            for route in 0..routes.routes.len() {
                let lx = lx(site, routes, language.code, route);
                let nav = NavBuilder {
                    lx: &lx,
                    site,
                    strings: language.strings,
                };
                wanted
                    .entry((l, folder(&routes.route(route).path), nav.expanded(route)))
                    .or_insert(route);
            }
        }
        let html = wanted
            .into_par_iter()
            .map(|(key, route)| {
                let language = &languages[key.0];
                let lx = lx(site, routes, language.code, route);
                let nav = NavBuilder {
                    lx: &lx,
                    site,
                    strings: language.strings,
                };
                let context = SidebarContext {
                    sidebar: nav.sidebar(&key.2),
                    t: language.strings,
                    lang: language.code,
                };
                let context = Context::from_serialize(&context)
                    .map_err(|e| template_error("sidebar.html", &e))?;
                let html = tera
                    .render("sidebar.html", &context)
                    .map_err(|e| template_error("sidebar.html", &e))?;
                Ok((key, html))
            })
            .collect::<Result<HashMap<Key, String>, Diagnostic>>()?;
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
        let (l, language) = language;
        let lx = lx(site, routes, language.code, route);
        let nav = NavBuilder {
            lx: &lx,
            site,
            strings: language.strings,
        };
        let key = (l, folder(&routes.route(route).path), nav.expanded(route));
        let Some(html) = self.html.get(&key) else {
            return String::new();
        };
        let own = format!("href=\"{}\"", escape_html(&lx.link(route)));
        match html.find(&own) {
            Some(at) => {
                let end = at + own.len();
                format!("{} aria-current=\"page\"{}", &html[..end], &html[end..])
            }
            None => html.clone(),
        }
    }
}
