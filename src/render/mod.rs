//! Rendering: the model in, every output file out, in memory and without I/O.
//! Templates are compiled once and fed typed `Serialize` views; pages render in
//! parallel and come back in a fixed order, so the same input gives the same bytes.
//! Keeps nothing between builds: serve's render cache (`render_cache`) does.

mod charts;
mod kinds;
mod language;
mod nav;
mod page;
mod page_language;
mod phrases;
mod print;
mod print_stream;
mod revisions;
pub mod sections;
mod sidebar;
mod templates;
pub mod toc;
mod words;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::routes::{PageKind, Routes};
pub use language::Archive;
use language::LanguageRenderer;
pub use page_language::Html;
pub use print_stream::{Pieces, SharedContents};
use rayon::prelude::*;
use serde::Serialize;
pub use sidebar::{Sidebar, SidebarsMade};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use templates::{render_template, template_error};
use tera::Tera;

/// One file of the built site: its path under the output folder and its bytes
/// (shared: serve keeps a page's bytes from one build to the next when it is unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: Arc::new(bytes),
        }
    }
}

/// Where `build` hands each file as soon as it is rendered (called from many threads).
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync);

/// What search indexes of one page in one language: its title (text, HTML-escaped)
/// and its main content cut into sections of plain text ([`sections::searched`]),
/// made beside the page so that a build keeps only this compact text of every page
/// until the index is written, not its HTML. The print view, search page and 404 have none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    pub lang: String,
    pub route: usize,
    pub title: String,
    pub sections: Vec<sections::PageSection>,
    /// The page shows a translation that may be out of date.
    pub stale: bool,
}

/// Compiles the theme's templates once.
pub fn compile_templates(site: &Site) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaping also rewrites `/` as `&#x2F;`; plain HTML escaping is enough.
    tera.set_escape_fn(crate::markdown::escape_html);
    let templates: Vec<(&str, &str)> = site
        .theme
        .templates
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|error| Diagnostics::from_iter([template_error("(compiling)", &error)]))?;
    Ok(tera)
}

/// The interface words for `lang`: the language's own, else the default language's.
pub fn strings_for(site: &Site, lang: &str) -> BTreeMap<String, String> {
    let default = site.default_language();
    site.theme
        .strings
        .iter()
        .map(|(key, text)| (key.clone(), text.pick(lang, default).0.clone()))
        .collect()
}

/// What every page of one build shares: the compiled templates, and each language's
/// interface words and sidebars. Owns no part of the model, so serve can keep it to
/// render the print views later.
pub struct SiteRenderer {
    tera: Tera,
    languages: Vec<String>,
    strings: Vec<BTreeMap<String, String>>,
    /// Per language, `strings` as each template's context entry `words`.
    words: Vec<words::TemplateWords>,
    /// Per language, every route's title.
    titles: Vec<Vec<Html>>,
    sidebars: sidebar::Sidebars,
    history: Arc<crate::revisions::History>,
    archive: Option<Archive>,
}

impl SiteRenderer {
    /// Compiles the templates and renders the sidebars. Given `earlier` (serve's
    /// render cache), the sidebars are fingerprinted and those it holds unchanged are
    /// taken from it ([`SiteRenderer::sidebars_made`] then gives this build's); without
    /// (`build`, `check`), none is fingerprinted.
    pub fn new(
        site: &Site,
        routes: &Routes,
        earlier: Option<&SidebarsMade>,
    ) -> Result<SiteRenderer, Diagnostics> {
        let tera = compile_templates(site)?;
        let languages = site.config.language_list();
        let strings: Vec<BTreeMap<String, String>> =
            languages.iter().map(|l| strings_for(site, l)).collect();
        let titles: Vec<Vec<Html>> = languages
            .par_iter()
            .zip(&strings)
            .map(|(lang, strings)| nav::titles(site, routes, lang, strings))
            .collect();
        let sidebar_languages: Vec<sidebar::SidebarLanguage> = languages
            .iter()
            .zip(&strings)
            .zip(&titles)
            .map(|((code, strings), titles)| sidebar::SidebarLanguage {
                code,
                strings,
                titles,
            })
            .collect();
        let source = sidebar::SidebarSource {
            site,
            routes,
            tera: &tera,
            languages: &sidebar_languages,
        };
        let sidebars = sidebar::Sidebars::render(&source, earlier)
            .map_err(|error| Diagnostics::from_iter([error]))?;
        Ok(SiteRenderer {
            tera,
            languages,
            words: words::TemplateWords::per_language(&strings, &site.theme.templates),
            strings,
            titles,
            sidebars,
            history: Arc::default(),
            archive: None,
        })
    }

    /// The sidebars this renderer made, by the fingerprint of what each shows, for
    /// the next build to take (empty when made without `earlier`).
    pub fn sidebars_made(&self) -> SidebarsMade {
        self.sidebars.made()
    }

    /// Renders with the recorded versions: their pages, and on each page a revision
    /// changed, when and where to read what changed.
    pub fn with_history(mut self, history: Arc<crate::revisions::History>) -> Self {
        self.history = history;
        self
    }

    /// A renderer of the print view of an earlier version (`archive`; the print
    /// route's path set by the caller): these templates (today's theme), that
    /// version's words and titles, and no sidebars (its print view has none).
    pub fn for_archive(&self, site: &Site, routes: &Routes, archive: Archive) -> SiteRenderer {
        let languages = site.config.language_list();
        let strings: Vec<BTreeMap<String, String>> =
            languages.iter().map(|l| strings_for(site, l)).collect();
        let titles = languages
            .iter()
            .zip(&strings)
            .map(|(lang, strings)| nav::titles(site, routes, lang, strings))
            .collect();
        SiteRenderer {
            tera: self.tera.clone(),
            languages,
            words: words::TemplateWords::per_language(&strings, &site.theme.templates),
            strings,
            titles,
            sidebars: sidebar::Sidebars::default(),
            history: Arc::default(),
            archive: Some(archive),
        }
    }

    fn language<'a>(
        &'a self,
        site: &'a Site,
        routes: &'a Routes,
        l: usize,
    ) -> LanguageRenderer<'a> {
        LanguageRenderer {
            site,
            routes,
            tera: &self.tera,
            lang: &self.languages[l],
            lang_index: l,
            strings: &self.strings[l],
            words: &self.words[l],
            titles: &self.titles[l],
            sidebars: &self.sidebars,
            history: &self.history,
            draft: None,
            archive: self.archive.as_ref(),
            print_placeholders: false,
        }
    }

    /// Every (language, route) of a page made with the others (not deferred).
    pub fn page_jobs(&self, routes: &Routes) -> Vec<(usize, usize)> {
        (0..self.languages.len())
            .flat_map(|l| (0..routes.routes.len()).map(move |r| (l, r)))
            .filter(|&(_, r)| !routes.route(r).kind.is_deferred())
            .collect()
    }

    /// The page of `route` in the language at `l`, with its text for search.
    pub fn page(
        &self,
        site: &Site,
        routes: &Routes,
        (l, route): (usize, usize),
    ) -> Result<(OutputFile, Option<SearchText>), Diagnostic> {
        self.language(site, routes, l).page(route)
    }

    /// The files that are no page: the root redirect and the theme's static files.
    pub fn site_files(&self, site: &Site, routes: &Routes) -> Result<Vec<OutputFile>, Diagnostic> {
        let root = redirect_page(site, routes, &self.tera, &self.strings[0])?;
        let statics = site
            .theme
            .static_files
            .iter()
            .map(|(path, bytes)| OutputFile::new(format!("static/{path}"), bytes.clone()));
        Ok(std::iter::once(root).chain(statics).collect())
    }

    /// The site's languages, in order.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// Each language's interface words.
    pub fn strings(&self) -> &[BTreeMap<String, String>] {
        &self.strings
    }

    /// Each language's titles of every route.
    pub fn titles(&self) -> &[Vec<Html>] {
        &self.titles
    }

    /// The fingerprint of what the page of `route` in the language at `l` takes
    /// from the other pages: its navigation, sidebar and revision note, and for a
    /// Markdown page its section's links and where its own links lead.
    pub fn navigation_inputs(
        &self,
        site: &Site,
        routes: &Routes,
        (l, route): (usize, usize),
    ) -> u64 {
        let mut digest = crate::digest::Digest::new();
        self.language(site, routes, l)
            .add_navigation_inputs(route, &mut digest);
        digest.finish()
    }

    /// Every page of every language but the print views, with the static files and
    /// the root redirect, each handed to `sink` as soon as it is made (from many
    /// threads) and not kept: `build` writes them and memory holds only each page's
    /// text, for the search index. After the first error `sink` returns, no more
    /// pages are made; template errors are collected from all pages.
    pub fn pages_into(
        &self,
        site: &Site,
        routes: &Routes,
        sink: Sink<'_>,
    ) -> Result<Vec<Arc<SearchText>>, Diagnostics> {
        let stopped = AtomicBool::new(false);
        let give = |file: OutputFile| {
            if stopped.load(Ordering::Relaxed) {
                return Ok(());
            }
            sink(file).inspect_err(|_| stopped.store(true, Ordering::Relaxed))
        };
        let jobs: Vec<(usize, usize)> = (0..self.languages.len())
            .flat_map(|l| (0..routes.routes.len()).map(move |r| (l, r)))
            .filter(|&(_, r)| !routes.route(r).kind.is_deferred())
            .collect();
        let results: Vec<Result<Option<SearchText>, Diagnostic>> = jobs
            .par_iter()
            .map(|&(l, route)| {
                if stopped.load(Ordering::Relaxed) {
                    return Ok(None);
                }
                let (file, text) = self.language(site, routes, l).page(route)?;
                give(file)?;
                Ok(text)
            })
            .collect();
        let mut errors = Diagnostics::new();
        let mut pages = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(text) => pages.extend(text.map(Arc::new)),
                Err(error) => errors.push(error),
            }
        }
        let root = match redirect_page(site, routes, &self.tera, &self.strings[0]) {
            Ok(root) => Some(root),
            Err(error) => {
                errors.push(error);
                None
            }
        };
        let statics = site
            .theme
            .static_files
            .iter()
            .map(|(path, bytes)| OutputFile::new(format!("static/{path}"), bytes.clone()));
        for file in root.into_iter().chain(statics) {
            if let Err(error) = give(file) {
                errors.push(error);
            }
        }
        if errors.has_errors() {
            return Err(errors.sorted());
        }
        Ok(pages)
    }

    /// `sitemap.xml`, which lists every page; only for a site with a `base_url`.
    pub fn sitemap(&self, site: &Site, routes: &Routes) -> Result<Option<OutputFile>, Diagnostics> {
        if site.config.base_url.is_none() {
            return Ok(None);
        }
        let context = root_context(site, routes, &self.strings[0], true);
        let xml = render_template(&self.tera, "sitemap.xml", &context)
            .map_err(|error| Diagnostics::from_iter([error]))?;
        Ok(Some(OutputFile::new("sitemap.xml", xml.into_bytes())))
    }

    /// The print view of the language at `l` (none when the site has no print page).
    pub fn print_view(
        &self,
        site: &Site,
        routes: &Routes,
        l: usize,
    ) -> Result<Option<OutputFile>, Diagnostic> {
        let Some(path) = self.print_path(routes, l) else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        self.print_view_into(site, routes, l, &mut |piece| {
            bytes.extend_from_slice(piece);
            Ok(())
        })?;
        Ok(Some(OutputFile::new(path, bytes)))
    }

    /// The print view (every page on one page) of every language. The largest files
    /// of the site: `build` writes them, serve renders them only when asked for.
    pub fn print_views(
        &self,
        site: &Site,
        routes: &Routes,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let results: Vec<Result<OutputFile, Diagnostic>> = (0..self.languages.len())
            .into_par_iter()
            .filter_map(|l| self.print_view(site, routes, l).transpose())
            .collect();
        files_or_errors(results)
    }
}

impl SiteRenderer {
    /// The revision pages of every language: the history, each comparison and, given
    /// `draft`, the comparison of the working content with the last version.
    pub fn revision_pages(
        &self,
        site: &Site,
        routes: &Routes,
        draft: Option<&crate::revisions::Comparison>,
    ) -> Result<Vec<OutputFile>, Diagnostics> {
        let jobs: Vec<(usize, usize)> = (0..self.languages.len())
            .flat_map(|l| (0..routes.routes.len()).map(move |r| (l, r)))
            .filter(|&(_, r)| match routes.route(r).kind {
                PageKind::RevisionDraft => draft.is_some(),
                kind => kind.is_revision(),
            })
            .collect();
        let results: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            .map(|&(l, route)| {
                let mut language = self.language(site, routes, l);
                language.draft = draft;
                language.page(route).map(|(file, _)| file)
            })
            .collect();
        files_or_errors(results)
    }
}

/// Every file, or every error when any page failed.
fn files_or_errors(
    results: Vec<Result<OutputFile, Diagnostic>>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    let mut errors = Diagnostics::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    if errors.has_errors() {
        return Err(errors.sorted());
    }
    Ok(files)
}

#[derive(Serialize)]
struct RootContext<'a> {
    title: String,
    default_lang: &'a str,
    languages: &'a [crate::model::Language],
    /// The interface words (`strings.yaml`).
    words: &'a BTreeMap<String, String>,
    base_url: Option<String>,
    paths: Vec<String>,
}

/// The context of `index.html` (sends readers to their language) and of `sitemap.xml`
/// (lists every page, given `with_pages`).
fn root_context<'a>(
    site: &'a Site,
    routes: &Routes,
    strings: &'a BTreeMap<String, String>,
    with_pages: bool,
) -> RootContext<'a> {
    let default = site.default_language();
    RootContext {
        title: site.config.title.pick(default, default).0.clone(),
        default_lang: default,
        languages: &site.config.languages,
        words: strings,
        base_url: site
            .config
            .base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/'))),
        paths: routes
            .routes
            .iter()
            .filter(|r| with_pages && r.kind.kind().in_sitemap)
            .map(|r| r.path.clone())
            .collect(),
    }
}

fn redirect_page(
    site: &Site,
    routes: &Routes,
    tera: &Tera,
    strings: &BTreeMap<String, String>,
) -> Result<OutputFile, Diagnostic> {
    let context = root_context(site, routes, strings, false);
    let html = render_template(tera, "redirect.html", &context)?;
    Ok(OutputFile::new("index.html", html.into_bytes()))
}
