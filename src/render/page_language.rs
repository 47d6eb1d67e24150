//! Picking each text in the page's language: plain text escaped, Markdown rendered
//! with links resolved, and anything shown in another language marked with `lang`;
//! what the page showed (a fallback, a stale translation) is kept as a [`Shown`] value.

use crate::markdown::{self, escape_html, RenderOptions};
use crate::model::{Localized, Md, Prose, ProseList, Text};
use crate::routes::{LinkSource, Routes};

/// HTML that templates print as is (`{{ x | safe }}`); always built by escaping or rendering.
pub type Html = String;

/// What a page showed besides current text in its own language: the notices of its
/// layout ("shown in Japanese because not yet translated", "may be out of date").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shown {
    /// Some text fell back to another language (it is marked `class="untranslated"`).
    pub fell_back: bool,
    /// Some translation shown may be out of date (its source changed since).
    pub stale: bool,
}

impl Shown {
    /// What either showed.
    pub fn and(self, other: Shown) -> Shown {
        Shown {
            fell_back: self.fell_back || other.fell_back,
            stale: self.stale || other.stale,
        }
    }
}

/// How a text's Markdown is rendered: raw HTML allowed (Markdown pages) or not
/// (YAML), inline (no paragraph) or as blocks.
#[derive(Debug, Clone, Copy)]
struct Markdown {
    allow_html: bool,
    inline: bool,
}

/// The language context of one page being rendered.
///
/// The text methods (`text`, `prose`, `inline`, `list` and their `opt_` forms) take
/// `&mut self` because each notes, in the plain value [`Shown`], whether the text it
/// returns fell back or may be out of date; [`PageLanguage::shown`] gives that value
/// once the view builders ran, and it leaves the page as a value (`Body::shown`).
/// A context is made for one page's body and dropped with it, so nothing carries over.
/// Why not the other ways: returning `(view, Shown)` from every builder would have
/// each of the ~100 text calls merge a value by hand; deriving the flags from the
/// rendered HTML (the `class="untranslated"` marker) cannot see a stale translation
/// (it has no marker), would count the pages inside the print view and raw HTML in a
/// Markdown page, and would miss a list that fell back to an empty one.
pub struct PageLanguage<'a> {
    pub lang: &'a str,
    pub default: &'a str,
    pub routes: &'a Routes,
    /// The route the HTML is written into (hrefs are relative to it).
    pub from: usize,
    /// The route whose content this is (differs from `from` in the print view).
    pub content_route: usize,
    /// The YAML or Markdown file the text comes from (for `.md` links).
    pub file: &'a str,
    pub anchor_prefix: &'a str,
    pub anchor_label: &'a str,
    /// The translations that may be out of date.
    pub stale: &'a crate::model::StaleTexts,
    /// What the texts returned so far showed.
    shown: Shown,
}

impl<'a> PageLanguage<'a> {
    /// A language context for navigation only (titles and links, no content).
    pub fn for_navigation(
        site: &'a crate::model::Site,
        routes: &'a Routes,
        lang: &'a str,
        from: usize,
    ) -> PageLanguage<'a> {
        PageLanguage {
            lang,
            default: site.default_language(),
            routes,
            from,
            content_route: from,
            file: "content/site.yaml",
            anchor_prefix: "",
            anchor_label: "",
            stale: &site.stale,
            shown: Shown::default(),
        }
    }

    /// What the texts returned so far showed.
    pub fn shown(&self) -> Shown {
        self.shown
    }

    /// The value in this language, else in the default one (noted as a fallback).
    fn pick<'t, T>(&mut self, value: &'t Localized<T>) -> (&'t T, &'t str)
    where
        'a: 't,
    {
        let (picked, lang) = value.pick(self.lang, self.default);
        if lang != self.lang {
            self.shown.fell_back = true;
        }
        (picked, lang)
    }

    /// The text in this language, for attributes and `<title>` (not marked).
    pub fn plain(&self, text: &Text) -> String {
        text.pick(self.lang, self.default).0.clone()
    }

    /// Notes a text shown in this page's language whose source has changed since.
    fn note(&mut self, lang: &str, text: &str) {
        if lang == self.lang && lang != self.default && self.stale.has_text(lang, text) {
            self.shown.stale = true;
        }
    }

    /// Plain text, escaped; marked with its language when it is a fallback.
    pub fn text(&mut self, text: &Text) -> Html {
        let (value, lang) = self.pick(text);
        self.note(lang, value);
        self.mark(escape_html(value), lang, "span")
    }

    pub fn opt_text(&mut self, text: &Option<Text>) -> Option<Html> {
        text.as_ref().map(|t| self.text(t))
    }

    /// A block of Markdown.
    pub fn prose(&mut self, prose: &Prose) -> Html {
        let (value, lang) = self.pick(prose);
        self.note(lang, &value.0);
        self.mark(self.markdown(&value.0, lang, false), lang, "div")
    }

    pub fn opt_prose(&mut self, prose: &Option<Prose>) -> Option<Html> {
        prose.as_ref().map(|p| self.prose(p))
    }

    /// Short Markdown (a list item or a table cell) without a wrapping paragraph.
    pub fn inline(&mut self, prose: &Prose) -> Html {
        let (value, lang) = self.pick(prose);
        self.note(lang, &value.0);
        self.mark(self.markdown(&value.0, lang, true), lang, "span")
    }

    /// Each item of a translatable list.
    pub fn list(&mut self, list: &ProseList) -> Vec<Html> {
        let (items, lang) = self.pick(list);
        let joined: Vec<&str> = items.iter().map(|item| item.0.as_str()).collect();
        self.note(lang, &joined.join("\n\n"));
        items
            .iter()
            .map(|item: &Md| self.mark(self.markdown(&item.0, lang, true), lang, "span"))
            .collect()
    }

    pub fn opt_list(&mut self, list: &Option<ProseList>) -> Vec<Html> {
        list.as_ref().map(|l| self.list(l)).unwrap_or_default()
    }

    /// Renders Markdown from YAML (no raw HTML) with links resolved from this page.
    fn markdown(&self, source: &str, lang: &str, inline: bool) -> Html {
        self.render_markdown(
            source,
            lang,
            Markdown {
                allow_html: false,
                inline,
            },
        )
    }

    /// Renders a Markdown page's body (raw HTML allowed: its authors are trusted),
    /// written in `lang`, with links resolved from this page.
    pub fn page_markdown(&self, source: &str, lang: &str) -> Html {
        let how = Markdown {
            allow_html: true,
            inline: false,
        };
        self.render_markdown(source, lang, how)
    }

    fn render_markdown(&self, source: &str, lang: &str, how: Markdown) -> Html {
        let resolve = |dest: &str| self.href(dest, lang);
        let options = RenderOptions {
            id_prefix: self.anchor_prefix,
            allow_html: how.allow_html,
            resolve_link: &resolve,
            anchor_label: self.anchor_label,
        };
        if how.inline {
            markdown::render_inline(source, &options)
        } else {
            markdown::render(source, &options).html
        }
    }

    /// The href for a link as written in this page's content.
    pub fn href(&self, dest: &str, lang: &str) -> Option<String> {
        let source = LinkSource {
            file: self.file,
            lang,
            route: Some(self.content_route),
        };
        self.routes.href(source, self.from, dest)
    }

    /// An id on this page, prefixed in the print view.
    pub fn id(&self, id: &str) -> String {
        format!("{}{id}", self.anchor_prefix)
    }

    /// A link to another route in this language, relative to the page being written.
    pub fn link(&self, route: usize) -> String {
        self.routes.link(self.from, route, None)
    }

    /// A link to an anchor on another route, by the route's key.
    pub fn link_anchor(&self, key: &str, fragment: &str) -> Option<String> {
        self.routes
            .get(key)
            .map(|route| self.routes.link(self.from, route, Some(fragment)))
    }

    pub fn link_key(&self, key: &str) -> Option<String> {
        self.routes.get(key).map(|route| self.link(route))
    }

    fn mark(&self, html: Html, lang: &str, element: &str) -> Html {
        if lang == self.lang {
            html
        } else {
            format!("<{element} lang=\"{lang}\" class=\"untranslated\">{html}</{element}>")
        }
    }
}
