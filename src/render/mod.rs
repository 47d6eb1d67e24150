//! Rendering: the model in, every output file out, in memory and without I/O.
//! Templates are compiled once and fed typed `Serialize` views; pages render in
//! parallel and come back in a fixed order, so the same input gives the same bytes.

mod charts;
mod development;
mod lx;
mod nav;
mod page;
mod sidebar;
pub mod toc;
mod views;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::routes::Routes;
use lx::Html;
use page::{render_template, template_error, LanguageRenderer};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Tera;

/// One file of the built site: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What search indexes of one page in one language: its title (text, HTML-escaped)
/// and its main content as rendered. The print view, search page and 404 have none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageText {
    pub lang: String,
    pub route: usize,
    pub title: String,
    pub body: Html,
}

/// Everything render produces: the files, and the pages' text for the search index.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub pages: Vec<PageText>,
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

/// Renders every page of every language, the static files, the root redirect and
/// the sitemap, with the pages' text. Errors (broken templates) are collected from all pages.
pub fn render_site(site: &Site, routes: &Routes) -> Result<Rendered, Diagnostics> {
    let tera = compile_templates(site)?;
    let languages = site.config.language_list();
    let strings: Vec<BTreeMap<String, String>> =
        languages.iter().map(|l| strings_for(site, l)).collect();
    let sidebar_languages: Vec<sidebar::SidebarLanguage> = languages
        .iter()
        .zip(&strings)
        .map(|(code, strings)| sidebar::SidebarLanguage { code, strings })
        .collect();
    let sidebars = sidebar::Sidebars::render(site, routes, &tera, &sidebar_languages)
        .map_err(|error| Diagnostics::from_iter([error]))?;
    let jobs: Vec<(usize, usize)> = (0..languages.len())
        .flat_map(|l| (0..routes.routes.len()).map(move |r| (l, r)))
        .collect();
    let results: Vec<Result<(OutputFile, Option<PageText>), Diagnostic>> = jobs
        .par_iter()
        .map(|&(l, route)| {
            let renderer = LanguageRenderer {
                site,
                routes,
                tera: &tera,
                lang: &languages[l],
                lang_index: l,
                strings: &strings[l],
                sidebars: &sidebars,
            };
            renderer.page(route)
        })
        .collect();
    let mut files = Vec::with_capacity(results.len() + 8);
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Diagnostics::new();
    for result in results {
        match result {
            Ok((file, text)) => {
                files.push(file);
                pages.extend(text);
            }
            Err(error) => errors.push(error),
        }
    }
    match root_files(site, routes, &tera, &strings[0]) {
        Ok(root) => files.extend(root),
        Err(error) => errors.push(error),
    }
    if errors.has_errors() {
        return Err(errors.sorted());
    }
    files.extend(
        site.theme
            .static_files
            .iter()
            .map(|(path, bytes)| OutputFile {
                path: format!("static/{path}"),
                bytes: bytes.clone(),
            }),
    );
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendered { files, pages })
}

#[derive(Serialize)]
struct RootContext<'a> {
    title: String,
    default_lang: &'a str,
    languages: &'a [crate::model::Language],
    t: &'a BTreeMap<String, String>,
    base_url: Option<String>,
    paths: Vec<String>,
}

/// `index.html` (sends readers to their language) and `sitemap.xml`.
fn root_files(
    site: &Site,
    routes: &Routes,
    tera: &Tera,
    strings: &BTreeMap<String, String>,
) -> Result<Vec<OutputFile>, Diagnostic> {
    let context = RootContext {
        title: site
            .config
            .title
            .pick(site.default_language(), site.default_language())
            .0
            .clone(),
        default_lang: site.default_language(),
        languages: &site.config.languages,
        t: strings,
        base_url: site
            .config
            .base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/'))),
        paths: routes
            .routes
            .iter()
            .filter(|r| {
                !matches!(
                    r.kind,
                    crate::routes::PageKind::NotFound | crate::routes::PageKind::Search
                )
            })
            .map(|r| r.path.clone())
            .collect(),
    };
    let mut files = vec![OutputFile {
        path: "index.html".to_string(),
        bytes: render_template(tera, "redirect.html", &context)?.into_bytes(),
    }];
    if context.base_url.is_some() {
        files.push(OutputFile {
            path: "sitemap.xml".to_string(),
            bytes: render_template(tera, "sitemap.xml", &context)?.into_bytes(),
        });
    }
    Ok(files)
}
