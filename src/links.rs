//! Links written in content: every Markdown link in every page and YAML text is
//! resolved against the routes, and one that leads nowhere is reported with the
//! file and line it was written on.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::yaml::YamlDoc;
use crate::load::TextUnit;
use crate::markdown::{self, RiskyHtml};
use crate::model::{Page, Site};
use crate::routes::{LinkSource, PageKind, Routes};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Checks every link in Markdown pages, YAML texts and the home page's entry points.
pub fn check(
    site: &Site,
    routes: &Routes,
    units: &[TextUnit],
    docs: &BTreeMap<String, YamlDoc>,
) -> Diagnostics {
    let mut found: Diagnostics = routes
        .routes
        .par_iter()
        .enumerate()
        .flat_map_iter(|(route_index, route)| match route.kind {
            PageKind::Markdown(i) => page_links(&site.pages[i], routes, route_index),
            _ => Vec::new(),
        })
        .collect::<Vec<Diagnostic>>()
        .into_iter()
        .collect();
    for unit in units {
        for (lang, text) in &unit.texts {
            // YAML texts can only name pages, not `#heading` on "their" page.
            let source = LinkSource {
                file: &unit.file,
                lang,
                route: None,
            };
            for (dest, offset) in markdown::links(text) {
                if let Err(error) = routes.resolve(source, &dest) {
                    let field = field_location(docs, unit, lang);
                    found.push(broken(error, link_location(field, text, offset)));
                }
            }
        }
    }
    if let Some(home) = &site.config.home {
        let doc = docs.get("content/site.yaml");
        for (index, audience) in home.audiences.iter().enumerate() {
            for lang in site.config.language_codes() {
                let source = LinkSource {
                    file: "content/site.yaml",
                    lang,
                    route: None,
                };
                if let Err(error) = routes.resolve(source, &audience.link) {
                    let path = format!("home.audiences[{index}].link");
                    let location = doc.map_or_else(
                        || Location::file("content/site.yaml").with_field(&path),
                        |d| d.at(&path),
                    );
                    found.push(broken(error, location));
                }
            }
        }
    }
    found.sorted()
}

/// The broken and unsafe links of one Markdown page, in every language it is written
/// in, and warnings for raw HTML in it that runs code.
fn page_links(page: &Page, routes: &Routes, route: usize) -> Vec<Diagnostic> {
    let mut found = risky_html(page);
    for (lang, text) in &page.translations {
        let source = LinkSource {
            file: &text.file,
            lang,
            route: Some(route),
        };
        for (dest, offset) in &text.outline.links {
            if let Err(error) = routes.resolve(source, dest) {
                let before = &text.body[..*offset];
                let line = text.body_line + before.matches('\n').count();
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                found.push(broken(error, Location::at(text.file.clone(), line, column)));
            }
        }
    }
    found
}

/// Raw HTML is allowed in pages (their authors are trusted), but code in it is
/// pointed out: it runs in every reader's browser.
fn risky_html(page: &Page) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for text in page.translations.values() {
        for &(risk, offset) in &text.outline.risky {
            let before = &text.body[..offset];
            let line = text.body_line + before.matches('\n').count();
            let (what, what_ja) = match risk {
                RiskyHtml::Script => ("a `<script>` element", "`<script>` 要素"),
                RiskyHtml::EventHandler => (
                    "an event handler (an `on…=` attribute such as `onclick`)",
                    "イベント処理（`onclick` などの `on…=` 属性）",
                ),
                RiskyHtml::ScriptLink => ("a `javascript:` address", "`javascript:` のアドレス"),
            };
            found.push(
                Diagnostic::warning(
                    "html-script",
                    format!("the HTML written in this page contains {what}, which runs code in the browser of everyone who reads it"),
                    format!("このページに書かれた HTML に{what_ja}があります。読む人すべてのブラウザーでプログラムが動きます"),
                )
                .hint(
                    "remove it unless it was put there on purpose; a page needs only text, links and images",
                    "意図して入れたものでなければ削除してください。ページには文章、リンク、画像があれば十分です",
                )
                .at(Location::at(text.file.clone(), line, 1)),
            );
        }
    }
    found
}

fn broken(error: crate::routes::LinkError, location: Location) -> Diagnostic {
    let mut diagnostic =
        Diagnostic::error(error.code, error.message, error.message_ja).at(location);
    diagnostic.hint = error.hint;
    diagnostic.hint_ja = error.hint_ja;
    diagnostic
}

/// Where the text of `unit` in `lang` is written: its YAML field (with its line when
/// the file was read).
fn field_location(docs: &BTreeMap<String, YamlDoc>, unit: &TextUnit, lang: &str) -> Location {
    let path = format!("{}.{lang}", unit.field);
    match docs.get(&unit.file) {
        Some(doc) => doc.at(&path),
        None => Location::file(unit.file.clone()).with_field(path),
    }
}

/// The line of a link at `offset` in a YAML text written at `field`: the field's line,
/// plus the lines before the link inside a block (`|`) text.
fn link_location(field: Location, text: &str, offset: usize) -> Location {
    let mut location = field;
    let lines_before = text[..offset].matches('\n').count();
    if text.contains('\n') {
        location.line = location.line.map(|l| l + 1 + lines_before);
        location.column = None;
    }
    location
}
