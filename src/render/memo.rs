//! The memo serve keeps between rebuilds: each page's rendered file with the
//! fingerprint of everything it was made from (its own text, the site's YAML and
//! theme, its navigation, its sidebar, where its links lead). A page whose
//! fingerprint is unchanged is taken from the memo; only the pages an edit reaches
//! are rendered again. `build` starts from an empty memo and so renders every page.

use super::language::LanguageRenderer;
use super::lx::Html;
use super::nav::NavBuilder;
use super::{OutputFile, PageText};
use crate::diagnostics::Diagnostic;
use crate::digest::Digest;
use crate::model::Site;
use crate::routes::{PageKind, Routes};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The pages (language -> route key -> the page as last rendered) and the sidebars.
#[derive(Debug, Default)]
pub struct RenderMemo {
    pages: HashMap<String, HashMap<String, Memoized>>,
    pub(super) sidebars: super::sidebar::SidebarMemo,
    /// For one build only (`build`, `check`): no fingerprints made, no pages kept.
    one_off: bool,
}

/// One page as rendered, with the fingerprint of its inputs.
#[derive(Debug, Clone)]
pub(super) struct Memoized {
    pub inputs: u64,
    pub file: OutputFile,
    pub text: Option<Arc<PageText>>,
}

impl RenderMemo {
    /// A memo for a single build, which has nothing to reuse and no next build.
    pub fn one_off() -> RenderMemo {
        RenderMemo {
            one_off: true,
            ..RenderMemo::default()
        }
    }

    pub(super) fn is_one_off(&self) -> bool {
        self.one_off
    }

    pub(super) fn get(&self, lang: &str, key: &str, inputs: u64) -> Option<&Memoized> {
        self.pages
            .get(lang)?
            .get(key)
            .filter(|memoized| memoized.inputs == inputs)
    }

    /// Holds exactly these pages from now on (pages no longer in the site are dropped).
    pub(super) fn replace(
        &mut self,
        languages: &[String],
        pages: Vec<((usize, String), Memoized)>,
    ) {
        let mut by_language: Vec<HashMap<String, Memoized>> =
            languages.iter().map(|_| HashMap::new()).collect();
        for ((l, key), memoized) in pages {
            by_language[l].insert(key, memoized);
        }
        self.pages = languages.iter().cloned().zip(by_language).collect();
    }

    /// How many pages the memo holds.
    pub fn len(&self) -> usize {
        self.pages.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Inputs pages share: the site's settings and theme (every page), the YAML content
/// (the structured pages; a Markdown page takes from it only titles, which its
/// navigation covers), and per language the table of every route with its title,
/// which structured pages draw on (home lists the sections).
pub(super) struct SharedInputs {
    site: u64,
    structured: u64,
    routes: Vec<u64>,
}

impl SharedInputs {
    pub fn new(
        site: &Site,
        routes: &Routes,
        strings: &[BTreeMap<String, String>],
        titles: &[Vec<Html>],
    ) -> SharedInputs {
        let mut settings = Digest::new();
        settings
            .add_debug(&site.config)
            .add(&site.theme.templates)
            .add(&site.theme.static_files)
            .add(strings);
        SharedInputs {
            site: settings.finish(),
            structured: crate::kinds::structured_inputs(site),
            routes: titles
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

impl LanguageRenderer<'_> {
    /// The page of `route`: taken from the memo when its inputs are those it was kept
    /// with, else rendered (`true`). Without `memory`, always rendered.
    pub(super) fn page_or_remembered(
        &self,
        route: usize,
        memory: Option<(&SharedInputs, &RenderMemo)>,
    ) -> Result<(Memoized, bool), Diagnostic> {
        let inputs = memory.map(|(shared, _)| self.inputs(route, shared));
        if let (Some(inputs), Some((_, memo))) = (inputs, memory) {
            let key = &self.routes.route(route).key;
            if let Some(hit) = memo.get(self.lang, key, inputs) {
                return Ok((hit.clone(), false));
            }
        }
        let (file, text) = self.page(route)?;
        let memoized = Memoized {
            inputs: inputs.unwrap_or_default(),
            file,
            text: text.map(Arc::new),
        };
        Ok((memoized, true))
    }

    /// The fingerprint of everything the page of `route` in this language is made of.
    pub(super) fn inputs(&self, route: usize, shared: &SharedInputs) -> u64 {
        let here = self.routes.route(route);
        let mut digest = Digest::new();
        digest
            .add(&shared.site)
            .add(self.lang)
            .add(&here.key)
            .add(&here.path);
        let lx = self.lx(route, route, "");
        match here.kind {
            PageKind::Markdown(index) => {
                let page = &self.site.pages[index];
                for (lang, text) in &page.translations {
                    digest.add(lang).add(&text.file).add(&text.digest);
                }
                for child in self.child_links(&lx, route) {
                    digest.add(&child.title).add(&child.href);
                }
                if let Some((text, lang)) = page.text(self.lang, self.site.default_language()) {
                    for (dest, _) in &text.outline.links {
                        digest.add(&lx.href(dest, lang));
                    }
                }
            }
            _ => {
                digest
                    .add(&shared.structured)
                    .add(&shared.routes[self.lang_index]);
            }
        }
        let nav = NavBuilder {
            lx: &lx,
            site: self.site,
            titles: self.titles,
        };
        digest
            .add(&nav.breadcrumbs(route))
            .add(&nav.neighbours(route))
            .add(&nav.languages(route))
            .add(&self.sidebar_inputs(route))
            .add(&self.revised_note(route));
        digest.finish()
    }
}
