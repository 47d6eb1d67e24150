//! One page in one language: the body from its kind's template and view, then the
//! shared layout around it (navigation, language links, table of contents).

use super::lx::{Html, Lx};
use super::nav::{route_title, Crumb, LanguageLink, NavBuilder};
use super::print::{self, PrintSection};
use super::{charts, development, toc, views, OutputFile, PageText};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, RenderOptions};
use crate::model::Site;
use crate::routes::{print_prefix, print_section_id, to_output_root, PageKind, Routes};
use serde::Serialize;
use std::cell::Cell;
use std::collections::BTreeMap;
use tera::{Context, Tera};

/// Everything shared by the pages of one language.
pub struct LanguageRenderer<'a> {
    pub site: &'a Site,
    pub routes: &'a Routes,
    pub tera: &'a Tera,
    pub lang: &'a str,
    /// The position of `lang` among the site's languages.
    pub lang_index: usize,
    pub strings: &'a BTreeMap<String, String>,
    /// Every route's title in this language.
    pub titles: &'a [Html],
    pub sidebars: &'a super::sidebar::Sidebars,
    /// The recorded versions and their comparisons (empty when none is recorded).
    pub history: &'a crate::revisions::History,
    /// The comparison of the working content with the last version, when it is shown.
    pub draft: Option<&'a crate::revisions::Comparison>,
    /// Set when rendering an earlier version's print view.
    pub archive: Option<&'a super::revisions::Archive>,
    /// The print view with a placeholder for each page's content, which the caller
    /// renders and writes one by one (see `print_stream.rs`), so the whole view is
    /// never in memory at once.
    pub print_placeholders: bool,
}

/// A page's main content, before the layout.
pub struct Body {
    pub title: Html,
    pub html: Html,
    pub toc: Vec<toc::TocEntry>,
    pub fell_back: bool,
    /// Set when a translation shown may be out of date (its source changed since).
    pub stale: bool,
    pub illustrative: bool,
    /// Set when the whole page is shown in another language (a Markdown page not yet translated).
    pub shown_in: Option<String>,
}

#[derive(Serialize)]
struct LayoutContext<'a> {
    lang: &'a str,
    default_lang: &'a str,
    t: &'a BTreeMap<String, String>,
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

pub fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "home",
        PageKind::Positioning => "positioning",
        PageKind::Ideal => "ideal",
        PageKind::Mindsets => "mindsets",
        PageKind::Skills => "skills",
        PageKind::Rank(_) => "rank",
        PageKind::Competencies => "competencies",
        PageKind::Roles => "roles",
        PageKind::Policies => "policies",
        PageKind::Policy(_) => "policy",
        PageKind::Survey => "survey",
        PageKind::Glossary => "glossary",
        PageKind::Markdown(_) => "page",
        PageKind::Print => "print",
        PageKind::Search => "search",
        PageKind::NotFound => "404",
        PageKind::Revisions => "revisions",
        PageKind::Revision(_) | PageKind::RevisionDraft => "revision",
    }
}

impl<'a> LanguageRenderer<'a> {
    fn word<'s>(&'s self, key: &'s str) -> &'s str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    pub fn lx<'s>(&'s self, from: usize, content: usize, prefix: &'s str) -> Lx<'s> {
        Lx {
            lang: self.lang,
            default: self.site.default_language(),
            routes: self.routes,
            from,
            content_route: content,
            file: self.source_file(self.routes.route(content).kind),
            anchor_prefix: prefix,
            anchor_label: self.word("heading_link"),
            fell_back: Cell::new(false),
            stale: &self.site.stale,
            showed_stale: Cell::new(false),
        }
    }

    /// Renders one route of this language into its output file, with its text for search.
    pub fn page(&self, route: usize) -> Result<(OutputFile, Option<PageText>), Diagnostic> {
        let body = self.body(route, route, "")?;
        let kind = self.routes.route(route).kind;
        let text = (!matches!(
            kind,
            PageKind::Print | PageKind::Search | PageKind::NotFound
        ) && !kind.is_revision())
        .then(|| PageText {
            lang: self.lang.to_string(),
            route,
            title: toc::strip_tags(&body.title),
            body: body.html.clone(),
            stale: body.stale,
        });
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
        let context = LayoutContext {
            lang: self.lang,
            default_lang: self.site.default_language(),
            t: self.strings,
            site_title: lx.plain(&config.title),
            organisation: lx.plain(&config.organisation),
            description: self
                .page_description(route)
                .or_else(|| config.description.as_ref().map(|d| lx.plain(d))),
            version: config.version.as_deref(),
            kind: kind_name(self.routes.route(route).kind),
            title_text: toc::strip_tags(&body.title),
            title: body.title,
            body: body.html,
            toc: body.toc,
            fell_back: body.fell_back,
            stale: body.stale,
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
        };
        let mut html = render_template(self.tera, "layout.html", &context)?;
        if marks_phrases(self.lang) {
            html = super::phrases::mark_headings(&html);
        }
        let file = OutputFile::new(format!("{}/{path}", self.lang), html.into_bytes());
        Ok((file, text))
    }

    /// The main content of `content` as written into the page `from`.
    pub fn body(&self, content: usize, from: usize, prefix: &str) -> Result<Body, Diagnostic> {
        let lx = self.lx(from, content, prefix);
        let kind = self.routes.route(content).kind;
        let words = charts::ChartWords {
            separator: self.word("list_separator").to_string(),
            people: self.word("people").to_string(),
        };
        let mut illustrative = false;
        let mut shown_in = None;
        let mut stale_page = false;
        let (template, mut context) = match kind {
            PageKind::Markdown(i) => {
                let (html, lang) = self.markdown_page(&lx, i);
                shown_in = (lang != self.lang).then(|| lang.to_string());
                stale_page = self.site.pages[i]
                    .translations
                    .get(self.lang)
                    .is_some_and(|t| lang == self.lang && self.site.stale.files.contains(&t.file));
                let mut context = context_with("html", &html);
                context.insert("children", &self.child_links(&lx, content));
                ("body/page.html", context)
            }
            PageKind::Home => (
                "body/home.html",
                context_with("v", &views::home(&lx, self.site, self.section_links(&lx))),
            ),
            PageKind::Positioning => (
                "body/positioning.html",
                context_with("v", &views::positioning(&lx, self.site)),
            ),
            PageKind::Ideal => (
                "body/ideal.html",
                context_with("v", &views::ideal(&lx, self.site)),
            ),
            PageKind::Mindsets => (
                "body/mindsets.html",
                context_with("v", &views::mindsets(&lx, self.site)),
            ),
            PageKind::Skills => {
                let view = views::skills(&lx, self.site, &words);
                illustrative = view.illustrative;
                ("body/skills.html", context_with("v", &view))
            }
            PageKind::Rank(i) => {
                let view = views::rank(&lx, self.site, i, &words);
                illustrative = view.weights_illustrative || view.expectations_illustrative;
                ("body/rank.html", context_with("v", &view))
            }
            PageKind::Competencies => {
                let view = views::competencies(&lx, self.site);
                illustrative = view.as_ref().is_some_and(|v| v.illustrative);
                ("body/competencies.html", context_with("v", &view))
            }
            PageKind::Roles => (
                "body/roles.html",
                context_with("v", &development::roles(&lx, self.site)),
            ),
            PageKind::Policies => (
                "body/policies.html",
                context_with("v", &development::policies_index(&lx, self.site)),
            ),
            PageKind::Policy(i) => (
                "body/policy.html",
                context_with("v", &development::policy(&lx, &self.site.policies[i])),
            ),
            PageKind::Survey => (
                "body/survey.html",
                context_with("v", &development::survey(&lx, self.site, &words)),
            ),
            PageKind::Glossary => {
                let (intro, terms) = development::glossary(&lx, self.site);
                illustrative = terms.iter().any(|t| t.illustrative);
                let mut context = context_with("terms", &terms);
                context.insert("intro", &intro);
                ("body/glossary.html", context)
            }
            PageKind::Print => {
                let mut context = context_with("sections", &self.print_sections(from)?);
                context.insert("print", &print::frame(&lx, self.site, self.strings));
                context.insert("pdf_href", &self.pdf_href());
                ("body/print.html", context)
            }
            PageKind::Search => ("body/search.html", Context::new()),
            PageKind::Revisions => (
                "body/revisions.html",
                context_with("v", &self.history_view(&lx, from)),
            ),
            PageKind::Revision(i) => (
                "body/revision.html",
                context_with("v", &self.comparison_view(&lx, Some(i))),
            ),
            PageKind::RevisionDraft => (
                "body/revision.html",
                context_with("v", &self.comparison_view(&lx, None)),
            ),
            PageKind::NotFound => ("body/404.html", Context::new()),
        };
        context.insert("t", self.strings);
        context.insert("lang", self.lang);
        context.insert("p", prefix);
        let html = self
            .tera
            .render(template, &context)
            .map_err(|error| template_error(template, &error))?;
        let toc = if matches!(kind, PageKind::Print) {
            Vec::new()
        } else {
            toc::from_html(&html)
        };
        Ok(Body {
            title: route_title(&lx, self.site, self.strings, content),
            html,
            toc,
            fell_back: lx.fell_back.get(),
            stale: lx.showed_stale.get() || stale_page,
            illustrative,
            shown_in,
        })
    }

    fn sidebar_language(&self) -> (usize, super::sidebar::SidebarLanguage<'a>) {
        (
            self.lang_index,
            super::sidebar::SidebarLanguage {
                code: self.lang,
                strings: self.strings,
                titles: self.titles,
            },
        )
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

    /// A Markdown page's HTML in this language (or the default one), and which it is.
    fn markdown_page(&self, lx: &Lx, index: usize) -> (Html, &'a str) {
        let page = &self.site.pages[index];
        let Some((text, lang)) = page.text(self.lang, self.site.default_language()) else {
            return (String::new(), self.lang);
        };
        let resolve = |dest: &str| lx.href(dest, lang);
        let options = RenderOptions {
            id_prefix: lx.anchor_prefix,
            allow_html: true,
            resolve_link: &resolve,
            anchor_label: lx.anchor_label,
        };
        (markdown::render(&text.body, &options).html, lang)
    }

    /// The pages in a section, listed on the section's own page.
    pub fn child_links(&self, lx: &Lx, route: usize) -> Vec<views::Link> {
        self.routes
            .route(route)
            .children
            .iter()
            .map(|&child| views::Link {
                title: route_title(lx, self.site, self.strings, child),
                href: lx.link(child),
                description: None,
            })
            .collect()
    }

    /// The top-level pages as links, for the home page's table of contents.
    fn section_links(&self, lx: &Lx) -> Vec<views::Link> {
        self.routes
            .top
            .iter()
            .skip(1)
            .map(|&route| views::Link {
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
                let lx = self.lx(print_route, route, &prefix);
                let title = route_title(&lx, self.site, self.strings, route);
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

/// Whether pages in `lang` get `<wbr>` between the phrases of their headings (Japanese).
pub fn marks_phrases(lang: &str) -> bool {
    lang == "ja" || lang.starts_with("ja-")
}

fn context_with<T: Serialize + ?Sized>(name: &str, value: &T) -> Context {
    let mut context = Context::new();
    context.insert(name, value);
    context
}

pub fn render_template<T: Serialize>(
    tera: &Tera,
    name: &str,
    context: &T,
) -> Result<String, Diagnostic> {
    let context = match Context::from_serialize(context) {
        Ok(context) => context,
        Err(error) => return Err(template_error(name, &error)),
    };
    tera.render(name, &context)
        .map_err(|error| template_error(name, &error))
}

/// A Tera error with its whole chain of causes, naming the template.
pub fn template_error(name: &str, error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let message_ja = if name == "(compiling)" {
        format!("テンプレートの書き方に誤りがあり、読み取れません（{message}）")
    } else {
        format!("テンプレート `{name}` からページを作れません（{message}）")
    };
    Diagnostic::error("template", message, message_ja)
        .in_file(format!("templates/{name}"))
        .hint(
            "a theme template is broken; if you changed one in templates/ or themes/, check it against the default theme",
            "テーマのテンプレートに誤りがあります。templates/ か themes/ のテンプレートを変更した場合は、標準のテーマ（themes/default）と見比べてください",
        )
}
