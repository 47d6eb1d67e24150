//! serve's render cache: each page's rendered file kept between rebuilds with the
//! fingerprint of everything it was made from (its own text, the site's settings
//! and theme, its kind's content, its navigation, its sidebar, where its links
//! lead). A page whose fingerprint is unchanged is taken from the cache; only the
//! pages an edit reaches are rendered again. Rendering itself (`render`) keeps
//! nothing: this module asks it for pages and for what a page's navigation is
//! made of, and hands it the sidebars it kept ([`SidebarMemo`]). `build` uses
//! [`RenderCache::one_build`], which makes no fingerprints.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::digest::Digest;
use crate::model::Site;
use crate::render::{Html, OutputFile, SearchText, SidebarsMade, SiteRenderer};
use crate::routes::{PageKind, Routes};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The pages (language -> route key -> the page as last rendered) and the sidebars.
#[derive(Debug, Default)]
pub struct RenderCache {
    pages: HashMap<String, HashMap<String, Cached>>,
    /// The sidebars as last rendered, with their fingerprints.
    sidebars: SidebarMemo,
    /// For one build only (`build`, `check`): no fingerprints made, no pages kept.
    one_build: bool,
}

/// The sidebars of the last build, by the fingerprint of what each shows: those an
/// edit leaves unchanged are not rendered again.
#[derive(Debug, Default)]
pub struct SidebarMemo {
    by_inputs: SidebarsMade,
}

/// One page as rendered, with the fingerprint of its inputs.
#[derive(Debug, Clone)]
struct Cached {
    inputs: u64,
    file: OutputFile,
    text: Option<Arc<SearchText>>,
}

/// What [`pages`] gives: the files, the pages' text for the search index, and how
/// many pages had to be rendered (the others came from the cache).
#[derive(Debug, Clone)]
pub struct CachedPages {
    pub files: Vec<OutputFile>,
    pub pages: Vec<Arc<SearchText>>,
    pub rendered: usize,
}

impl RenderCache {
    /// A cache for a single build, which has nothing to reuse and no next build.
    pub fn one_build() -> RenderCache {
        RenderCache {
            one_build: true,
            ..RenderCache::default()
        }
    }

    fn get(&self, lang: &str, key: &str, inputs: u64) -> Option<&Cached> {
        self.pages
            .get(lang)?
            .get(key)
            .filter(|cached| cached.inputs == inputs)
    }

    /// Holds exactly these pages from now on (pages no longer in the site are dropped).
    fn replace(&mut self, languages: &[String], pages: Vec<((usize, String), Cached)>) {
        let mut by_language: Vec<HashMap<String, Cached>> =
            languages.iter().map(|_| HashMap::new()).collect();
        for ((l, key), cached) in pages {
            by_language[l].insert(key, cached);
        }
        self.pages = languages.iter().cloned().zip(by_language).collect();
    }

    /// How many pages the cache holds.
    pub fn len(&self) -> usize {
        self.pages.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The renderer of this build: templates compiled, sidebars rendered, those `cache`
/// kept unchanged taken from it; `cache` then keeps this build's. For one build
/// (`build`, `check`) no sidebar is fingerprinted or kept.
pub fn renderer(
    site: &Site,
    routes: &Routes,
    cache: &mut RenderCache,
) -> Result<SiteRenderer, Diagnostics> {
    if cache.one_build {
        return SiteRenderer::new(site, routes, None);
    }
    let renderer = SiteRenderer::new(site, routes, Some(&cache.sidebars.by_inputs))?;
    cache.sidebars.by_inputs = renderer.sidebars_made();
    Ok(renderer)
}

/// Every page of every language but the deferred ones, with the static files and
/// the root redirect. A page whose inputs are unchanged since `cache` kept it is
/// taken from the cache, not rendered; `cache` then holds this build (after a
/// failed one it keeps the last good). Errors (broken templates) are collected
/// from all pages.
pub fn pages(
    renderer: &SiteRenderer,
    site: &Site,
    routes: &Routes,
    cache: &mut RenderCache,
) -> Result<CachedPages, Diagnostics> {
    let shared = (!cache.one_build).then(|| SharedInputs::new(renderer, site, routes));
    let jobs = renderer.page_jobs(routes);
    let kept: &RenderCache = cache;
    let results: Vec<Result<(Cached, bool), Diagnostic>> = jobs
        .par_iter()
        .map(|&(l, route)| {
            let page = Page {
                renderer,
                site,
                routes,
                l,
                route,
            };
            page.cached_or_rendered(shared.as_ref().map(|s| (s, kept)))
        })
        .collect();
    let mut files = Vec::with_capacity(results.len() + 8);
    let mut texts = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::new();
    let mut entries = Vec::with_capacity(results.len());
    let mut rendered = 0;
    for (result, &(l, route)) in results.into_iter().zip(&jobs) {
        match result {
            Ok((cached, fresh)) => {
                rendered += usize::from(fresh);
                files.push(cached.file.clone());
                texts.extend(cached.text.clone());
                entries.push(((l, routes.route(route).key.clone()), cached));
            }
            Err(error) => errors.push(error),
        }
    }
    match renderer.site_files(site, routes) {
        Ok(site_files) => files.extend(site_files),
        Err(error) => errors.push(error),
    }
    if errors.has_errors() {
        return Err(errors.sorted());
    }
    if !cache.one_build {
        cache.replace(renderer.languages(), entries);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(CachedPages {
        files,
        pages: texts,
        rendered,
    })
}

/// Inputs pages share: the site's settings and theme (every page), the YAML content
/// (the structured pages, through each kind's inputs; a Markdown page takes from it
/// only titles, which its navigation covers), and per language the table of every
/// route with its title, which structured pages draw on (home lists the sections).
struct SharedInputs {
    site: u64,
    structured: u64,
    routes: Vec<u64>,
}

impl SharedInputs {
    fn new(renderer: &SiteRenderer, site: &Site, routes: &Routes) -> SharedInputs {
        let mut settings = Digest::new();
        settings
            .add_debug(&site.config)
            .add(&site.theme.templates)
            .add(&site.theme.static_files)
            .add(renderer.strings());
        SharedInputs {
            site: settings.finish(),
            structured: crate::kinds::structured_inputs(site),
            routes: renderer
                .titles()
                .iter()
                .map(|titles| route_table(routes, titles))
                .collect(),
        }
    }
}

/// Every route's place in the tree and title in one language.
fn route_table(routes: &Routes, titles: &[Html]) -> u64 {
    let mut digest = Digest::new();
    for (route, title) in routes.routes.iter().zip(titles) {
        digest
            .add(&route.key)
            .add(&route.path)
            .add(&route.parent)
            .add(&route.children)
            .add(&route.order)
            .add(title);
    }
    digest.add(&routes.top).finish()
}

/// One page of the site: the language at `l`, the route at `route`.
struct Page<'a> {
    renderer: &'a SiteRenderer,
    site: &'a Site,
    routes: &'a Routes,
    l: usize,
    route: usize,
}

impl Page<'_> {
    /// The page taken from the cache when its inputs are those it was kept with,
    /// else rendered (`true`). Without `cache`, always rendered.
    fn cached_or_rendered(
        &self,
        cache: Option<(&SharedInputs, &RenderCache)>,
    ) -> Result<(Cached, bool), Diagnostic> {
        let inputs = cache.map(|(shared, _)| self.inputs(shared));
        let lang = &self.renderer.languages()[self.l];
        if let (Some(inputs), Some((_, kept))) = (inputs, cache) {
            let key = &self.routes.route(self.route).key;
            if let Some(hit) = kept.get(lang, key, inputs) {
                return Ok((hit.clone(), false));
            }
        }
        let (file, text) = self
            .renderer
            .page(self.site, self.routes, (self.l, self.route))?;
        let cached = Cached {
            inputs: inputs.unwrap_or_default(),
            file,
            text: text.map(Arc::new),
        };
        Ok((cached, true))
    }

    /// The fingerprint of everything the page is made of.
    fn inputs(&self, shared: &SharedInputs) -> u64 {
        let (renderer, site) = (self.renderer, self.site);
        let here = self.routes.route(self.route);
        let mut digest = Digest::new();
        digest
            .add(&shared.site)
            .add(&renderer.languages()[self.l])
            .add(&here.key)
            .add(&here.path);
        match here.kind {
            PageKind::Markdown(index) => {
                for (lang, text) in &site.pages[index].translations {
                    digest.add(lang).add(&text.file).add(&text.digest);
                }
            }
            _ => {
                digest.add(&shared.structured).add(&shared.routes[self.l]);
            }
        }
        digest.add(&renderer.navigation_inputs(site, self.routes, (self.l, self.route)));
        digest.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> (Site, Routes) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load(root, &crate::load::LoadOptions::default())
            .unwrap_or_else(|e| panic!("the bundled site loads: {e:?}"));
        let routes = Routes::build(&loaded.site);
        (loaded.site, routes)
    }

    #[test]
    fn serve_keeps_the_sidebars_and_the_next_build_takes_them_unchanged() {
        let (site, routes) = bundled();
        let mut cache = RenderCache::default();
        let first = renderer(&site, &routes, &mut cache).expect("first build");
        let kept = first.sidebars_made();
        assert!(
            !kept.is_empty(),
            "serve fingerprints and keeps its sidebars"
        );
        assert_eq!(cache.sidebars.by_inputs.len(), kept.len());
        let second = renderer(&site, &routes, &mut cache).expect("second build");
        let made = second.sidebars_made();
        assert_eq!(made.len(), kept.len());
        for (inputs, sidebar) in &made {
            assert!(
                Arc::ptr_eq(sidebar, &kept[inputs]),
                "an unchanged sidebar is taken from the memo, not rendered again"
            );
        }
    }

    #[test]
    fn one_build_fingerprints_and_keeps_no_sidebar() {
        let (site, routes) = bundled();
        let mut cache = RenderCache::one_build();
        let renderer = renderer(&site, &routes, &mut cache).expect("build");
        assert!(renderer.sidebars_made().is_empty());
        assert!(cache.sidebars.by_inputs.is_empty());
    }
}
