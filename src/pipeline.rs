//! The whole build in memory: load and validate, lay out routes, check links written
//! in content, render, index for search. `build`, `check` and `serve` all run this;
//! only they touch disk. Serve keeps an [`Incremental`] between rebuilds, so an edit
//! costs the files it changed, not the whole site.

use crate::diagnostics::Diagnostics;
use crate::links;
use crate::load::{self, LoadOptions, Loaded, PageCache};
use crate::render::{OutputFile, PageText, RenderMemo, SiteRenderer};
use crate::routes::Routes;
use crate::search;
use std::path::Path;
use std::sync::Arc;

/// A successful build: the files, and the warnings found on the way.
pub struct Built {
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
    pub loaded: Loaded,
    pub routes: Routes,
    /// Each page's text, for the search index.
    pub texts: Vec<Arc<PageText>>,
    /// How many pages were rendered; the others were unchanged since the last build.
    pub rendered: usize,
    renderer: SiteRenderer,
}

/// What serve keeps from one build to the next: the Markdown files as read, and
/// the pages as rendered, each with what it was made from.
#[derive(Debug, Default)]
pub struct Incremental {
    pub pages: PageCache,
    pub render: RenderMemo,
}

impl Incremental {
    /// For a single build, with no next one to prepare for.
    pub fn one_off() -> Incremental {
        Incremental {
            pages: PageCache::default(),
            render: RenderMemo::one_off(),
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
        self.routes.routes.len() * self.loaded.site.config.languages.len()
    }

    /// Whether `path` (`ja/print.html`, `en/search/terms-0.js`) is one of the files
    /// [`build_incremental`] leaves out: the print views, the search index, the sitemap.
    pub fn is_deferred(&self, path: &str) -> bool {
        let Some((lang, rest)) = path.split_once('/') else {
            return path == "sitemap.xml";
        };
        let print = self.routes.get("print").map(|r| &self.routes.route(r).path);
        self.loaded.site.config.language_codes().any(|l| l == lang)
            && (print.is_some_and(|p| p == rest) || search::is_index_script(rest))
    }

    /// The print views, the search index and the sitemap: the files that cover the
    /// whole site, so cost most and change with every edit. `build` makes them at
    /// once; serve only when they are asked for.
    pub fn deferred_files(&self) -> Result<Vec<OutputFile>, Diagnostics> {
        let site = &self.loaded.site;
        let mut files = self.renderer.print_views(site, &self.routes)?;
        files.extend(self.renderer.sitemap(site, &self.routes)?);
        files.extend(search::index_files(&self.routes, &self.texts));
        Ok(files)
    }
}

/// Builds the site at `root` in memory, every file. Every error found is returned,
/// with the warnings, so one run shows everything.
pub fn build(root: &Path, options: &LoadOptions) -> Result<Built, Diagnostics> {
    let mut built = build_incremental(root, options, &mut Incremental::one_off())?;
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

/// Builds every file but the deferred ones ([`Built::deferred_files`]), reading and
/// rendering again only what changed since `memory` was filled; fills it for next time.
pub fn build_incremental(
    root: &Path,
    options: &LoadOptions,
    memory: &mut Incremental,
) -> Result<Built, Diagnostics> {
    let loaded = load::load_cached(root, options, &mut memory.pages)?;
    let routes = Routes::build(&loaded.site);
    let link_problems = links::check(&loaded.site, &routes, &loaded.text_units, &loaded.docs);
    if link_problems.has_errors() {
        let mut all = loaded.warnings;
        all.extend(link_problems);
        return Err(all.sorted());
    }
    let rendered =
        SiteRenderer::new(&loaded.site, &routes, &mut memory.render).and_then(|renderer| {
            let pages = renderer.pages(&loaded.site, &routes, &mut memory.render)?;
            Ok((renderer, pages))
        });
    let (renderer, rendered) = match rendered {
        Ok(rendered) => rendered,
        Err(errors) => {
            let mut all = loaded.warnings;
            all.extend(errors);
            return Err(all.sorted());
        }
    };
    let mut warnings = loaded.warnings.clone();
    warnings.extend(link_problems);
    Ok(Built {
        files: rendered.files,
        warnings: warnings.sorted(),
        texts: rendered.pages,
        rendered: rendered.rendered,
        loaded,
        routes,
        renderer,
    })
}
