//! One page in one language: the body from its kind's template and view, then the
//! shared layout around it (navigation, language links, table of contents).

use super::kinds::{self, ChartWords, Filled, Link};
use super::language::LanguageRenderer;
use super::nav::{route_title, Crumb, LanguageLink, NavBuilder};
use super::page_language::{Html, PageLanguage, Shown};
use super::print::{self, PrintSection};
use super::templates::{render_with_words, template_error};
use super::{toc, OutputFile, SearchText};
use crate::diagnostics::Diagnostic;
use crate::digest::Digest;
use crate::routes::{print_prefix, print_section_id, to_output_root, PageKind};
use serde::Serialize;

/// A page's main content, before the layout.
pub struct Body {
    pub title: Html,
    pub html: Html,
    pub toc: Vec<toc::TocEntry>,
    /// Whether it (its title, or its kind's view) showed a fallback or a stale translation.
    pub shown: Shown,
    pub illustrative: bool,
    /// Set when the whole page is shown in another language (a Markdown page not yet translated).
    pub shown_in: Option<String>,
}

#[derive(Serialize)]
struct LayoutContext<'a> {
    lang: &'a str,
    default_lang: &'a str,
    site_title: String,
    organisation: String,
    description: Option<String>,
    version: Option<&'a str>,
    kind: &'static str,
    title: Html,
    /// The title without its tags, for `<title>`: still escaped (it is `Html` text).
    title_text: Html,
    body: Html,
    toc: Vec<toc::TocEntry>,
    fell_back: bool,
    stale: bool,
    illustrative: bool,
    shown_in: Option<String>,
    root: String,
    assets: String,
    home_href: String,
    search_href: String,
    print_href: String,
    pdf_href: Option<String>,
    languages: Vec<LanguageLink>,
    sidebar: Html,
    breadcrumbs: Vec<Crumb>,
    previous: Option<Crumb>,
    next: Option<Crumb>,
    revised: Option<super::revisions::RevisedNote>,
    archived: Option<Archived>,
    revisions_href: Option<String>,
}

/// The notice on an earlier version's print view, with the link to today's text.
#[derive(Serialize)]
struct Archived {
    text: String,
    href: String,
}

impl<'a> LanguageRenderer<'a> {
    /// Renders one route of this language into its output file, with its text for search.
    pub fn page(&self, route: usize) -> Result<(OutputFile, Option<SearchText>), Diagnostic> {
        let body = self.body(route, route, "")?;
        let kind = self.routes.route(route).kind;
        let text = kind.kind().searched.then(|| SearchText {
            lang: self.lang.to_string(),
            route,
            title: toc::strip_tags(&body.title),
            sections: super::sections::searched(&body.html),
            stale: body.shown.stale,
        });
        let context = self.layout(route, body);
        let mut html = render_with_words(
            self.tera,
            "layout.html",
            self.words.for_template("layout.html"),
            &context,
        )?;
        if super::phrases::marks_phrases(self.lang) {
            html = super::phrases::mark_headings(&html);
        }
        let path = &self.routes.route(route).path;
        let file = OutputFile::new(format!("{}/{path}", self.lang), html.into_bytes());
        Ok((file, text))
    }

    /// The layout around the body of `route`: navigation, language links, sidebar,
    /// table of contents and the page's notes.
    fn layout(&self, route: usize, body: Body) -> LayoutContext<'a> {
        let kind = self.routes.route(route).kind;
        let lx = self.lx(route, route, "");
        let nav = NavBuilder {
            lx: &lx,
            site: self.site,
            titles: self.titles,
        };
        let (previous, next) = nav.neighbours(route);
        let path = &self.routes.route(route).path;
        let config = &self.site.config;
        let archived = self.archive.map(|archive| Archived {
            text: self.archived_notice(archive),
            href: crate::routes::relative(path, "print.html"),
        });
        LayoutContext {
            lang: self.lang,
            default_lang: self.site.default_language(),
            site_title: lx.plain(&config.title),
            organisation: lx.plain(&config.organisation),
            description: self
                .page_description(route)
                .or_else(|| config.description.as_ref().map(|d| lx.plain(d))),
            version: config.version.as_deref(),
            kind: kind.kind().name,
            title_text: toc::strip_tags(&body.title),
            title: body.title,
            body: body.html,
            toc: body.toc,
            fell_back: body.shown.fell_back,
            stale: body.shown.stale,
            illustrative: body.illustrative,
            shown_in: body.shown_in,
            root: crate::routes::relative(path, ""),
            assets: format!("{}static/", to_output_root(path)),
            home_href: lx.link_key("home").unwrap_or_default(),
            search_href: lx.link_key("search").unwrap_or_default(),
            print_href: lx.link_key("print").unwrap_or_default(),
            pdf_href: config
                .pdf
                .as_ref()
                .map(|file| crate::routes::relative(path, file)),
            languages: nav.languages(route),
            sidebar: if archived.is_some() {
                String::new()
            } else {
                let (l, language) = self.sidebar_language();
                self.sidebars
                    .for_page(self.site, self.routes, (l, &language), route)
            },
            breadcrumbs: nav.breadcrumbs(route),
            previous,
            next,
            revised: self.revised_note(route),
            revisions_href: lx.link_key("revisions"),
            archived,
        }
    }

    /// The main content of `content` as written into the page `from`.
    pub fn body(&self, content: usize, from: usize, prefix: &str) -> Result<Body, Diagnostic> {
        let mut lx = self.lx(from, content, prefix);
        let kind = self.routes.route(content).kind;
        let mut filled = self.fill(&mut lx, kind, (content, from))?;
        let template = kind.kind().template;
        filled
            .context
            .extend(self.words.for_template(template).clone());
        filled.context.insert("lang", self.lang);
        filled.context.insert("id_prefix", prefix);
        let html = self
            .tera
            .render(template, &filled.context)
            .map_err(|error| template_error(template, &error))?;
        let toc = if matches!(kind, PageKind::Print) {
            Vec::new()
        } else {
            toc::from_html(&html)
        };
        let title = route_title(&mut lx, self.site, self.strings, content);
        Ok(Body {
            title,
            html,
            toc,
            shown: lx.shown().and(filled.shown),
            illustrative: filled.illustrative,
            shown_in: filled.shown_in,
        })
    }

    /// The context of `kind`'s template, from the kind's view of the model (the
    /// page of `content`, written into the page `from`).
    fn fill(
        &self,
        lx: &mut PageLanguage,
        kind: PageKind,
        (content, from): (usize, usize),
    ) -> Result<Filled, Diagnostic> {
        let site = self.site;
        let words = &ChartWords {
            separator: self.word("list_separator").to_string(),
            people: self.word("people").to_string(),
        };
        Ok(match kind {
            PageKind::Home => {
                let sections = self.section_links(lx);
                kinds::home::body(lx, site, sections)
            }
            PageKind::Positioning => kinds::positioning::body(lx, site),
            PageKind::Ideal => kinds::ideal::body(lx, site),
            PageKind::Mindsets => kinds::mindsets::body(lx, site),
            PageKind::Skills => kinds::skills::body(lx, site, words),
            PageKind::Rank(i) => kinds::rank::body(lx, site, i, words),
            PageKind::Competencies => kinds::competencies::body(lx, site),
            PageKind::Roles => kinds::roles::body(lx, site),
            PageKind::Policies => kinds::policies::body(lx, site),
            PageKind::Policy(i) => kinds::policy::body(lx, site, i),
            PageKind::Survey => kinds::survey::body(lx, site, words),
            PageKind::Glossary => kinds::glossary::body(lx, site),
            PageKind::Markdown(i) => self.markdown_body(lx, i, content),
            PageKind::Print => self.print_body(lx, from)?,
            PageKind::Search | PageKind::NotFound => Filled::default(),
            PageKind::Revisions => Filled::view(&self.history_view(lx, from)),
            PageKind::Revision(i) => Filled::view(&self.comparison_view(lx, Some(i))),
            PageKind::RevisionDraft => Filled::view(&self.comparison_view(lx, None)),
        })
    }

    /// A Markdown page's body: its HTML (in another language when not translated)
    /// and the links to its section's pages.
    fn markdown_body(&self, lx: &mut PageLanguage, index: usize, content: usize) -> Filled {
        let (html, lang) = self.markdown_page(lx, index);
        let mut filled = Filled::with("html", &html);
        filled
            .context
            .insert("children", &self.child_links(lx, content));
        filled.shown_in = (lang != self.lang).then(|| lang.to_string());
        filled.shown.stale = self.site.pages[index]
            .translations
            .get(self.lang)
            .is_some_and(|t| lang == self.lang && self.site.stale.files.contains(&t.file));
        filled
    }

    /// The print view's body: every page as a section, inside the cover and history.
    fn print_body(&self, lx: &mut PageLanguage, from: usize) -> Result<Filled, Diagnostic> {
        let mut filled = Filled::with("sections", &self.print_sections(from)?);
        filled
            .context
            .insert("print", &print::frame(lx, self.site, self.strings));
        filled.context.insert("pdf_href", &self.pdf_href());
        Ok(filled)
    }

    /// Adds to `digest` what the page of `route` takes from the other pages: its
    /// navigation, sidebar and revision note, and for a Markdown page its
    /// section's links and where its own links lead (serve's render cache).
    pub fn add_navigation_inputs(&self, route: usize, digest: &mut Digest) {
        let mut lx = self.lx(route, route, "");
        if let PageKind::Markdown(index) = self.routes.route(route).kind {
            for child in self.child_links(&mut lx, route) {
                digest.add(&child.title).add(&child.href);
            }
            let page = &self.site.pages[index];
            if let Some((text, lang)) = page.text(self.lang, self.site.default_language()) {
                for (dest, _) in &text.outline.links {
                    digest.add(&lx.href(dest, lang));
                }
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
    }

    /// The fingerprint of this page's sidebar.
    pub fn sidebar_inputs(&self, route: usize) -> u64 {
        let (l, language) = self.sidebar_language();
        self.sidebars
            .inputs(self.site, self.routes, (l, &language), route)
    }

    /// A Markdown page's own `description` (front matter), in this language if it has one.
    fn page_description(&self, route: usize) -> Option<String> {
        let PageKind::Markdown(i) = self.routes.route(route).kind else {
            return None;
        };
        let (text, _) = self.site.pages[i].text(self.lang, self.site.default_language())?;
        text.front
            .description
            .clone()
            .filter(|d| !d.trim().is_empty())
    }

    /// A Markdown page's HTML in this language (or the default one), and which it is.
    fn markdown_page(&self, lx: &PageLanguage, index: usize) -> (Html, &'a str) {
        let page = &self.site.pages[index];
        let Some((text, lang)) = page.text(self.lang, self.site.default_language()) else {
            return (String::new(), self.lang);
        };
        (lx.page_markdown(&text.body, lang), lang)
    }

    /// The pages in a section, listed on the section's own page.
    pub fn child_links(&self, lx: &mut PageLanguage, route: usize) -> Vec<Link> {
        self.routes
            .route(route)
            .children
            .iter()
            .map(|&child| Link {
                title: route_title(lx, self.site, self.strings, child),
                href: lx.link(child),
                description: None,
            })
            .collect()
    }

    /// The top-level pages as links, for the home page's table of contents.
    fn section_links(&self, lx: &mut PageLanguage) -> Vec<Link> {
        self.routes
            .top
            .iter()
            .skip(1)
            .map(|&route| Link {
                title: route_title(lx, self.site, self.strings, route),
                href: lx.link(route),
                description: None,
            })
            .collect()
    }

    /// Every page in reading order, as sections of the print view.
    fn print_sections(&self, print_route: usize) -> Result<Vec<PrintSection>, Diagnostic> {
        let mut sections = Vec::new();
        for &route in self
            .routes
            .reading
            .iter()
            .filter(|&&r| self.routes.in_print_view(r))
        {
            let key = &self.routes.route(route).key;
            let (title, html) = if self.print_placeholders {
                let prefix = print_prefix(key);
                let mut lx = self.lx(print_route, route, &prefix);
                let title = route_title(&mut lx, self.site, self.strings, route);
                (title, super::print_stream::placeholder(sections.len()))
            } else {
                let body = self.body(route, print_route, &print_prefix(key))?;
                (body.title, body.html)
            };
            let mut level = 1;
            let mut parent = self.routes.route(route).parent;
            while let Some(p) = parent {
                level += 1;
                parent = self.routes.route(p).parent;
            }
            sections.push(PrintSection {
                id: print_section_id(key),
                title,
                html,
                level,
            });
        }
        Ok(sections)
    }
}
