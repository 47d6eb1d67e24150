//! The whole build in memory: load and validate, lay out routes, check links written
//! in content, render, index for search. `build`, `check` and `serve` all run this;
//! only they touch disk. Serve keeps a [`BuildCache`] between rebuilds, so an edit
//! costs the files it changed, not the whole site.

use crate::diagnostics::Diagnostic;
use crate::diagnostics::Diagnostics;
use crate::links;
use crate::load::{self, LoadOptions, Loaded, PageCache};
use crate::render::{OutputFile, Pieces, SearchText, SharedContents, Sink, SiteRenderer};
use crate::render_cache::{self, RenderCache};
use crate::revisions::{self, History, HistoryMemo};
use crate::routes::Routes;
use crate::search;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// A successful build: the files, and the warnings found on the way.
pub struct Built {
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
    pub loaded: Loaded,
    pub routes: Routes,
    /// Each page's text, for the search index (empty after `Prepared::render_into`,
    /// which drops each language's once its index is written).
    pub texts: Vec<Arc<SearchText>>,
    /// How many pages were rendered; the others were unchanged since the last build.
    pub rendered: usize,
    /// The recorded versions, loaded and compared.
    pub history: Arc<History>,
    /// Whether the revision pages include the comparison of the working content with
    /// the last version (`revisions/next.html`): with `--drafts`, and always in serve.
    pub draft_comparison: bool,
    renderer: SiteRenderer,
}

/// What serve keeps from one build to the next: the Markdown files as read, and
/// the pages as rendered, each with what it was made from.
#[derive(Debug, Default)]
pub struct BuildCache {
    pub pages: PageCache,
    pub render: RenderCache,
    pub revisions: HistoryMemo,
}

impl BuildCache {
    /// For a single build, with no next one to prepare for.
    pub fn one_build() -> BuildCache {
        BuildCache {
            pages: PageCache::default(),
            render: RenderCache::one_build(),
            revisions: HistoryMemo::default(),
        }
    }
}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Built")
            .field("files", &self.files.len())
            .field("warnings", &self.warnings)
            .field("rendered", &self.rendered)
            .finish_non_exhaustive()
    }
}

impl Built {
    /// The pages of the site, every language (deferred ones included; not the root redirect).
    pub fn page_count(&self) -> usize {
        let made = |r: &&crate::routes::Route| {
            self.draft_comparison || r.kind != crate::routes::PageKind::RevisionDraft
        };
        self.routes.routes.iter().filter(made).count() * self.loaded.site.config.languages.len()
    }

    /// Which of the files [`build_incremental`] leaves out `path` is, if any
    /// (`ja/print.html`, `en/search/terms-0.js`, `sitemap.xml`).
    pub fn deferred_kind(&self, path: &str) -> Option<Deferred> {
        let Some((lang, rest)) = path.split_once('/') else {
            return (path == "sitemap.xml").then_some(Deferred::Sitemap);
        };
        if !self.loaded.site.config.language_codes().any(|l| l == lang) {
            return None;
        }
        let print = self.routes.get("print").map(|r| &self.routes.route(r).path);
        if rest == "revisions.html" || rest.starts_with("revisions/") {
            Some(Deferred::Revisions)
        } else if print.is_some_and(|p| p == rest) {
            Some(Deferred::PrintViews)
        } else {
            search::is_index_script(rest).then_some(Deferred::SearchIndex)
        }
    }

    /// The files of one deferred kind.
    pub fn deferred(&self, kind: Deferred) -> Result<Vec<OutputFile>, Diagnostics> {
        let site = &self.loaded.site;
        Ok(match kind {
            Deferred::PrintViews => self.renderer.print_views(site, &self.routes)?,
            Deferred::SearchIndex => search::index_files(&self.routes, &self.texts),
            Deferred::Sitemap => self
                .renderer
                .sitemap(site, &self.routes)?
                .into_iter()
                .collect(),
            Deferred::Revisions => self.revision_files()?,
        })
    }

    /// The history, the comparisons (with the draft one when asked for) and the
    /// print view of each recorded version.
    fn revision_files(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let mut files = self.revision_pages()?;
        let print_views: Vec<Result<Vec<OutputFile>, Diagnostics>> = self
            .history
            .versions
            .par_iter()
            .filter_map(|version| ArchivedPrint::of(&self.renderer, version))
            .map(|archived| {
                archived
                    .renderer
                    .print_views(archived.site, &archived.routes)
            })
            .collect();
        for views in print_views {
            files.extend(views?);
        }
        Ok(files)
    }

    /// The history and the comparisons (with the draft one when asked for).
    fn revision_pages(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        if self.history.is_empty() {
            return Ok(Vec::new());
        }
        let draft = self
            .draft_comparison
            .then(|| self.history.draft(&self.loaded));
        self.renderer
            .revision_pages(&self.loaded.site, &self.routes, draft.as_ref())
    }

    /// Every deferred file. `build` makes them at once; serve only when asked for.
    pub fn deferred_files(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let mut files = Vec::new();
        for kind in Deferred::ALL {
            files.extend(self.deferred(kind)?);
        }
        Ok(files)
    }
}

impl Built {
    /// Makes the deferred files, each handed to `sink` at once (the print views to
    /// `large`, piece by piece). The search indexes are made on one thread, one
    /// language at a time, each from its language's page texts, which are then
    /// dropped (`texts` is left empty); the other kinds are made meanwhile on the
    /// other threads. The print views and search indexes are the largest files of a
    /// large site: holding at most one index and one print view at a time bounds memory.
    fn write_deferred(&mut self, sink: Sink<'_>, large: LargeSink<'_>) -> Result<(), Diagnostics> {
        let texts = std::mem::take(&mut self.texts);
        let built = &*self;
        let (indexes, others) = rayon::join(
            || built.write_search_indexes(texts, sink),
            || {
                Deferred::ALL
                    .into_iter()
                    .try_for_each(|kind| built.write_deferred_kind(kind, sink, large))
            },
        );
        indexes.and(others)
    }

    /// Each language's search index, from its pages' texts.
    fn write_search_indexes(
        &self,
        texts: Vec<Arc<SearchText>>,
        sink: Sink<'_>,
    ) -> Result<(), Diagnostics> {
        let mut left = texts;
        for lang in self.loaded.site.config.language_list() {
            let these: Vec<Arc<SearchText>>;
            (these, left) = left.into_iter().partition(|text| text.lang == lang);
            search::write_index_of(&lang, &self.routes, these, &mut |file| sink(file))
                .map_err(|error| Diagnostics::from_iter([error]))?;
        }
        Ok(())
    }

    /// The deferred files of one kind (the search indexes aside: `write_search_indexes`).
    fn write_deferred_kind(
        &self,
        kind: Deferred,
        sink: Sink<'_>,
        large: LargeSink<'_>,
    ) -> Result<(), Diagnostics> {
        let one = |error| Diagnostics::from_iter([error]);
        let site = &self.loaded.site;
        // An exhaustive match: a new deferred kind cannot be left out of `build`.
        match kind {
            // Today's print views and each recorded version's (which serve counts
            // with the revisions), language by language, the versions' taking the
            // pages that read as today's from today's.
            Deferred::PrintViews => self.write_print_views(large).map_err(one)?,
            Deferred::SearchIndex => {}
            Deferred::Sitemap => {
                if let Some(file) = self.renderer.sitemap(site, &self.routes)? {
                    sink(file).map_err(one)?;
                }
            }
            Deferred::Revisions => {
                for file in self.revision_pages()? {
                    sink(file).map_err(one)?;
                }
            }
        }
        Ok(())
    }

    /// Each language's print view, then each earlier version's in that language,
    /// sharing the pages' contents (held for one language at a time).
    fn write_print_views(&self, large: LargeSink<'_>) -> Result<(), Diagnostic> {
        let site = &self.loaded.site;
        let versions = self.history.versions.iter();
        let archived: Vec<ArchivedPrint> = versions
            .filter_map(|version| ArchivedPrint::of(&self.renderer, version))
            .collect();
        let languages = site.config.language_list();
        for (l, lang) in languages.iter().enumerate() {
            let theirs = archived.iter().filter_map(|version| {
                let l = version.language_at(lang)?;
                Some(
                    version
                        .renderer
                        .print_contents_inputs(version.site, &version.routes, l),
                )
            });
            let mut shared = SharedContents::wanting(theirs.flatten());
            // Nothing is shared, so nothing kept, when no earlier version is printed.
            let mut sharing = (!archived.is_empty()).then_some(&mut shared);
            if let Some(path) = self.renderer.print_path(&self.routes, l) {
                large(&path, &mut |pieces| {
                    let sharing = (pieces, sharing.as_deref_mut());
                    self.renderer
                        .print_view_sharing(site, &self.routes, l, sharing)
                })?;
            }
            for version in &archived {
                if let Some(l) = version.language_at(lang) {
                    version.write_language(l, large, &mut shared)?;
                }
            }
        }
        // An earlier version has no language today's site has not (`load_record`).
        Ok(())
    }
}

/// Where `build` writes a file too large to hold whole: called with its path and
/// with what writes its pieces, in order, into the [`Pieces`] it is given.
pub type LargeSink<'a> = &'a (dyn Fn(&str, &mut dyn FnMut(Pieces<'_>) -> Result<(), Diagnostic>) -> Result<(), Diagnostic>
         + Sync);

/// The files that cover the whole site, so cost most and change with every edit:
/// [`build_incremental`] leaves them out, for serve to make when they are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deferred {
    PrintViews,
    SearchIndex,
    Sitemap,
    /// `revisions.html` and everything under `revisions/`.
    Revisions,
}

impl Deferred {
    pub const ALL: [Deferred; 4] = [
        Deferred::PrintViews,
        Deferred::SearchIndex,
        Deferred::Sitemap,
        Deferred::Revisions,
    ];
}

/// An earlier version's print view (`LANG/revisions/VERSION/print.html`): the site as
/// it was recorded, laid out with its print page there, and its renderer (today's
/// templates, no sidebars).
struct ArchivedPrint<'a> {
    site: &'a crate::model::Site,
    routes: Routes,
    renderer: SiteRenderer,
}

impl<'a> ArchivedPrint<'a> {
    /// `None` for the current version (today's print view is its text) and for a site
    /// without a print page.
    fn of(renderer: &SiteRenderer, version: &'a revisions::Recorded) -> Option<ArchivedPrint<'a>> {
        let site = &version.printed()?.site;
        let mut routes = Routes::build(site);
        let print = routes.get("print")?;
        routes.routes[print].path = format!("revisions/{}/print.html", version.version);
        let archive = crate::render::Archive {
            version: version.version.clone(),
            date: version.date.clone(),
        };
        Some(ArchivedPrint {
            renderer: renderer.for_archive(site, &routes, archive),
            site,
            routes,
        })
    }

    /// The position of `lang` among this version's languages.
    fn language_at(&self, lang: &str) -> Option<usize> {
        self.renderer.languages().iter().position(|l| l == lang)
    }

    /// Writes the print view of the language at `l` to `large`, piece by piece, taking
    /// from `shared` the pages' contents made already and adding those it makes.
    fn write_language(
        &self,
        l: usize,
        large: LargeSink<'_>,
        shared: &mut SharedContents,
    ) -> Result<(), Diagnostic> {
        let Some(path) = self.renderer.print_path(&self.routes, l) else {
            return Ok(());
        };
        large(&path, &mut |pieces| {
            self.renderer.print_view_sharing(
                self.site,
                &self.routes,
                l,
                (pieces, Some(&mut *shared)),
            )
        })
    }
}

/// Builds the site at `root` in memory, every file. Every error found is returned,
/// with the warnings, so one run shows everything.
pub fn build(root: &Path, options: &LoadOptions) -> Result<Built, Diagnostics> {
    let mut built = build_incremental(root, options, &mut BuildCache::one_build())?;
    match built.deferred_files() {
        Ok(files) => built.files.extend(files),
        Err(errors) => {
            let mut all = built.warnings;
            all.extend(errors);
            return Err(all.sorted());
        }
    }
    built.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(built)
}

/// A site loaded, laid out and with its links checked: everything before rendering.
/// `build` stops here when the content has errors, before making any folder.
pub struct Prepared {
    loaded: Loaded,
    routes: Routes,
    warnings: Diagnostics,
    /// The recorded versions, loaded and compared.
    history: Arc<History>,
    /// `--drafts`: the revision pages include the unrecorded changes (`revisions/next.html`).
    drafts: bool,
}

impl Prepared {
    /// The names the output will have at its top: the root redirect, the static
    /// files, the sitemap and one folder per language.
    pub fn top_names(&self) -> Vec<String> {
        ["index.html", "static", "sitemap.xml"]
            .into_iter()
            .map(String::from)
            .chain(self.loaded.site.config.language_list())
            .collect()
    }

    /// Renders every file, deferred ones included, handing each to `sink` as soon as
    /// it is made (the print views to `large`, piece by piece); only each page's text
    /// (for the search index) is kept.
    pub fn render_into(self, sink: Sink<'_>, large: LargeSink<'_>) -> Result<Built, Diagnostics> {
        let Prepared {
            loaded,
            routes,
            warnings,
            history,
            drafts,
        } = self;
        let fail = |errors: Diagnostics| {
            let mut all = warnings.clone();
            all.extend(errors);
            all.sorted()
        };
        let renderer = SiteRenderer::new(&loaded.site, &routes, None)
            .map_err(fail)?
            .with_history(Arc::clone(&history));
        let texts = renderer
            .pages_into(&loaded.site, &routes, sink)
            .map_err(fail)?;
        let rendered = texts.len();
        let mut built = Built {
            files: Vec::new(),
            warnings: warnings.clone().sorted(),
            loaded,
            routes,
            texts,
            rendered,
            history,
            draft_comparison: drafts,
            renderer,
        };
        built.write_deferred(sink, large).map_err(fail)?;
        Ok(built)
    }
}

/// Loads the site at `root` (reading again only the Markdown files changed since
/// `pages` was filled), lays out the routes and checks the links written in content.
pub fn prepare(
    root: &Path,
    options: &LoadOptions,
    pages: &mut PageCache,
    revisions: &mut HistoryMemo,
) -> Result<Prepared, Diagnostics> {
    let mut loaded = load::load_cached(root, options, pages)?;
    loaded.site.stale = crate::translation_status::stale_texts(&loaded);
    let routes = Routes::build(&loaded.site);
    let link_problems = links::check(&loaded.site, &routes, &loaded.text_units, &loaded.docs);
    let mut warnings = loaded.warnings.clone();
    warnings.extend(link_problems);
    if warnings.has_errors() {
        return Err(warnings.sorted());
    }
    let history = match revisions::load_history(root, &loaded, revisions) {
        Ok(history) => history,
        Err(problems) => {
            warnings.extend(problems);
            return Err(warnings.sorted());
        }
    };
    Ok(Prepared {
        loaded,
        routes,
        warnings,
        history,
        drafts: options.drafts,
    })
}

/// Builds every file but the [`Deferred`] ones, reading and
/// rendering again only what changed since `memory` was filled; fills it for next time.
pub fn build_incremental(
    root: &Path,
    options: &LoadOptions,
    memory: &mut BuildCache,
) -> Result<Built, Diagnostics> {
    let Prepared {
        loaded,
        routes,
        warnings,
        history,
        drafts,
    } = prepare(root, options, &mut memory.pages, &mut memory.revisions)?;
    let rendered = render_cache::renderer(&loaded.site, &routes, &mut memory.render)
        .map(|renderer| renderer.with_history(Arc::clone(&history)))
        .and_then(|renderer| {
            let pages = render_cache::pages(&renderer, &loaded.site, &routes, &mut memory.render)?;
            Ok((renderer, pages))
        });
    let (renderer, rendered) = match rendered {
        Ok(rendered) => rendered,
        Err(errors) => {
            let mut all = warnings;
            all.extend(errors);
            return Err(all.sorted());
        }
    };
    Ok(Built {
        files: rendered.files,
        warnings: warnings.sorted(),
        texts: rendered.pages,
        rendered: rendered.rendered,
        history,
        draft_comparison: drafts,
        loaded,
        routes,
        renderer,
    })
}
