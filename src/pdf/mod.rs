//! `policy-site pdf`: each language's whole policy (its print view) printed to PDF by
//! a Chromium-family browser found on this computer, the same bytes for the same site.

pub mod browser;
pub mod finish;

use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::render::OutputFile;
use std::path::{Path, PathBuf};

/// A folder of this run's own under the system's temporary folder, removed when dropped.
struct WorkFolder(PathBuf);

impl WorkFolder {
    fn new() -> std::io::Result<WorkFolder> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("policy-site-pdf-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path)?;
        Ok(WorkFolder(path))
    }
}

impl Drop for WorkFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn io_error(what: &str, what_ja: &str, error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        "io",
        format!("{what}: {error}"),
        format!("{what_ja}（{error}）"),
    )
}

/// The error when no browser can be found, naming what was looked for.
pub fn not_found(not_found: &browser::NotFound) -> Diagnostic {
    let variable = browser::BROWSER_VARIABLE;
    match not_found {
        browser::NotFound::Named(path) => Diagnostic::error(
            "no-browser",
            format!("{variable} names {}, which does not exist", path.display()),
            format!("{variable} に指定された {} がありません", path.display()),
        )
        .hint(
            format!("set {variable} to the full path of chromium, chrome or msedge, or unset it to search the usual places"),
            format!("{variable} に chromium・chrome・msedge のフルパスを指定するか、指定を外して標準の場所を探させてください"),
        ),
        browser::NotFound::Nowhere { names, places } => {
            let names = names.join(", ");
            let places: Vec<String> = places.iter().map(|p| p.display().to_string()).collect();
            let places = places.join(", ");
            Diagnostic::error(
                "no-browser",
                format!("no Chromium-family browser was found to print the PDFs: looked for {names} on the PATH and at {places}"),
                format!("PDF を作るためのブラウザ（Chromium・Google Chrome・Microsoft Edge）が見つかりません。PATH 上の {names} と、{places} を探しました"),
            )
            .hint(
                format!("install Chromium, Chrome or Edge, or set {variable} to the browser's full path"),
                format!("Chromium・Chrome・Edge のいずれかをインストールするか、{variable} にブラウザのフルパスを指定してください"),
            )
        }
    }
}

/// Prints every language's print view of the built site `files` to `LANG/policy.pdf`.
pub fn print_policy(site: &Site, files: &[OutputFile]) -> Result<Vec<OutputFile>, Diagnostic> {
    let browser = browser::find().map_err(|e| not_found(&e))?;
    let work = WorkFolder::new().map_err(|e| {
        io_error(
            "could not make a temporary folder",
            "一時フォルダを作れません",
            e,
        )
    })?;
    let site_folder = work.0.join("site");
    for file in files {
        crate::fs::write(&site_folder.join(&file.path), file.bytes.as_slice())?;
    }
    let file_name = site.config.pdf.as_deref().unwrap_or(crate::load::PDF_FILE);
    let mut pdfs = Vec::new();
    for lang in site.config.language_codes() {
        let page = site_folder.join(lang).join("print.html");
        if !page.is_file() {
            continue;
        }
        let bytes = print_one(&browser, &page, &work.0, lang)?;
        let finished = finish::finish(bytes, &metadata(site, lang)).map_err(|e| {
            io_error(
                &format!(
                    "the PDF {} printed could not be finished",
                    browser.display()
                ),
                &format!("{} が作った PDF を仕上げられません", browser.display()),
                e,
            )
        })?;
        pdfs.push(OutputFile::new(format!("{lang}/{file_name}"), finished));
    }
    Ok(pdfs)
}

fn print_one(browser: &Path, page: &Path, work: &Path, lang: &str) -> Result<Vec<u8>, Diagnostic> {
    let pdf = work.join(format!("{lang}.pdf"));
    browser::print(browser, page, &pdf, work).map_err(|e| {
        io_error(
            &format!("{} could not print {}", browser.display(), page.display()),
            &format!(
                "{} で {} を PDF に印刷できません",
                browser.display(),
                page.display()
            ),
            e,
        )
    })?;
    crate::fs::read(&pdf)
}

fn metadata<'a>(site: &'a Site, lang: &'a str) -> finish::Metadata<'a> {
    let config = &site.config;
    let default = site.default_language();
    finish::Metadata {
        title: config.title.pick(lang, default).0,
        author: config.organisation.pick(lang, default).0,
        subject: config
            .description
            .as_ref()
            .map(|d| d.pick(lang, default).0.as_str()),
        date: config.history.iter().map(|r| r.date.as_str()).max(),
    }
}
