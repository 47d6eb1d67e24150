//! The renderer of one language: what every page of that language shares (the
//! model, routes, templates, interface words, titles, sidebars, recorded versions),
//! and the language context each of its pages is written in.

use super::page_language::{Html, PageLanguage};
use super::sidebar::{SidebarLanguage, Sidebars};
use crate::model::Site;
use crate::routes::{PageKind, Routes};
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Tera;

/// A version whose print view is being rendered (`LANG/revisions/VERSION/print.html`).
#[derive(Debug, Clone, Serialize)]
pub struct Archive {
    pub version: String,
    pub date: String,
}

/// Everything shared by the pages of one language.
pub struct LanguageRenderer<'a> {
    pub site: &'a Site,
    pub routes: &'a Routes,
    pub tera: &'a Tera,
    pub lang: &'a str,
    /// The position of `lang` among the site's languages.
    pub lang_index: usize,
    pub strings: &'a BTreeMap<String, String>,
    /// `strings` as each template's context entry `words`.
    pub words: &'a super::words::TemplateWords,
    /// Every route's title in this language.
    pub titles: &'a [Html],
    pub sidebars: &'a Sidebars,
    /// The recorded versions and their comparisons (empty when none is recorded).
    pub history: &'a crate::revisions::History,
    /// The comparison of the working content with the last version, when it is shown.
    pub draft: Option<&'a crate::revisions::Comparison>,
    /// Set when rendering an earlier version's print view.
    pub archive: Option<&'a Archive>,
    /// The print view with a placeholder for each page's content, which the caller
    /// renders and writes one by one (see `print_stream.rs`), so the whole view is
    /// never in memory at once.
    pub print_placeholders: bool,
}

impl<'a> LanguageRenderer<'a> {
    /// An interface word (`strings.yaml`) in this language.
    pub(super) fn word<'s>(&'s self, key: &'s str) -> &'s str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// The language context of the page `from`, writing the content of `content`
    /// (its ids prefixed with `prefix` in the print view).
    pub fn lx<'s>(&'s self, from: usize, content: usize, prefix: &'s str) -> PageLanguage<'s> {
        let mut lx = PageLanguage::for_navigation(self.site, self.routes, self.lang, from);
        lx.content_route = content;
        lx.file = self.source_file(self.routes.route(content).kind);
        lx.anchor_prefix = prefix;
        lx.anchor_label = self.word("heading_link");
        lx
    }

    pub(super) fn sidebar_language(&self) -> (usize, SidebarLanguage<'a>) {
        (
            self.lang_index,
            SidebarLanguage {
                code: self.lang,
                strings: self.strings,
                titles: self.titles,
            },
        )
    }

    /// The content file a page's text comes from (for `.md` links written in it).
    fn source_file(&self, kind: PageKind) -> &'a str {
        match kind {
            PageKind::Markdown(i) => {
                let text = self.site.pages[i].text(self.lang, self.site.default_language());
                text.map_or("content/pages", |(t, _)| t.file.as_str())
            }
            _ => "content/site.yaml",
        }
    }

    /// The link to this language's PDF of the whole policy, when the build makes one.
    pub fn pdf_href(&self) -> Option<String> {
        let file = self.site.config.pdf.as_ref()?;
        let print = self.routes.get("print")?;
        Some(format!(
            "{}{file}",
            crate::routes::relative(&self.routes.route(print).path, "")
        ))
    }
}
