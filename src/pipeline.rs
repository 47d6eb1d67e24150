//! The whole build in memory: load and validate, lay out routes, check links written
//! in content, render, index for search. `build`, `check` and `serve` all run this;
//! only they touch disk.

use crate::diagnostics::Diagnostics;
use crate::links;
use crate::load::{self, LoadOptions, Loaded};
use crate::render::{self, OutputFile};
use crate::routes::Routes;
use crate::search;
use std::path::Path;

/// A successful build: the files, and the warnings found on the way.
#[derive(Debug)]
pub struct Built {
    pub files: Vec<OutputFile>,
    pub warnings: Diagnostics,
    pub loaded: Loaded,
    pub routes: Routes,
}

impl Built {
    pub fn page_count(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }
}

/// Builds the site at `root` in memory. Every error found is returned, with the
/// warnings, so one run shows everything.
pub fn build(root: &Path, options: &LoadOptions) -> Result<Built, Diagnostics> {
    let loaded = load::load(root, options)?;
    let routes = Routes::build(&loaded.site);
    let link_problems = links::check(&loaded.site, &routes, &loaded.text_units, &loaded.docs);
    if link_problems.has_errors() {
        let mut all = loaded.warnings;
        all.extend(link_problems);
        return Err(all.sorted());
    }
    let rendered = match render::render_site(&loaded.site, &routes) {
        Ok(rendered) => rendered,
        Err(errors) => {
            let mut all = loaded.warnings;
            all.extend(errors);
            return Err(all.sorted());
        }
    };
    let mut files = rendered.files;
    files.extend(search::index_files(&routes, &rendered.pages));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut warnings = loaded.warnings.clone();
    warnings.extend(link_problems);
    Ok(Built {
        files,
        warnings: warnings.sorted(),
        loaded,
        routes,
    })
}
