//! The render side of each page kind (the table and the rest of each kind are in
//! `src/kinds/`, the same file names): its typed view, built from the model in the
//! page's language, and its title. Templates receive a structured page's view as
//! `view` (with `words`, the interface words, `lang` and `id_prefix`, the prefix of
//! every id in the print view); every text field is HTML.

pub mod competencies;
pub mod glossary;
pub mod home;
pub mod ideal;
pub mod mindsets;
pub mod policies;
pub mod policy;
pub mod positioning;
pub mod rank;
pub mod roles;
pub mod skills;
pub mod survey;

use super::charts;
use super::page_language::{Html, PageLanguage, Shown};
use crate::markdown::escape_html;
use crate::model::Site;
use crate::routes::PageKind;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;

pub use charts::ChartWords;

#[derive(Serialize)]
pub struct Titled {
    pub id: String,
    pub title: Html,
    pub body: Option<Html>,
}

#[derive(Serialize)]
pub struct Link {
    pub title: Html,
    pub href: String,
    pub description: Option<Html>,
}

/// A kind's part of a page's body: its template's context, and what the layout
/// says about the page.
#[derive(Default)]
pub struct Filled {
    pub context: Context,
    /// Some of its content is marked illustrative (not from the source policy).
    pub illustrative: bool,
    /// The whole page is shown in this other language (a Markdown page not translated).
    pub shown_in: Option<String>,
    /// What the page as a whole showed: a Markdown page's translation that may be out
    /// of date (what its texts showed, `PageLanguage::shown`, is added to it).
    pub shown: Shown,
}

impl Filled {
    /// The context of a structured page: its view, as `view`.
    pub fn view<T: Serialize>(view: &T) -> Filled {
        Filled::with("view", view)
    }

    /// A context of one value.
    pub fn with<T: Serialize + ?Sized>(name: &str, value: &T) -> Filled {
        let mut context = Context::new();
        context.insert(name, value);
        Filled {
            context,
            ..Filled::default()
        }
    }

    pub fn illustrative(mut self, illustrative: bool) -> Filled {
        self.illustrative = illustrative;
        self
    }
}

/// The title of any route in the page's language: its kind's, else the interface
/// word for it (a structured page whose file gives none).
pub fn route_title(
    lx: &mut PageLanguage,
    site: &Site,
    strings: &BTreeMap<String, String>,
    route: usize,
) -> Html {
    let word = |key: &str| escape_html(strings.get(key).map_or(key, String::as_str));
    let or_word = |title: Option<Html>, key: &str| title.unwrap_or_else(|| word(key));
    match lx.routes.route(route).kind {
        PageKind::Home => word("home"),
        PageKind::Positioning => or_word(positioning::title(lx, site), "positioning"),
        PageKind::Ideal => or_word(ideal::title(lx, site), "ideal"),
        PageKind::Mindsets => or_word(mindsets::title(lx, site), "mindsets"),
        PageKind::Skills => or_word(skills::title(lx, site), "skills"),
        PageKind::Rank(i) => rank::title(lx, site, i),
        PageKind::Competencies => or_word(competencies::title(lx, site), "competencies"),
        PageKind::Roles => or_word(roles::title(lx, site), "roles"),
        PageKind::Policies => word("policies"),
        PageKind::Policy(i) => policy::title(lx, site, i),
        PageKind::Survey => or_word(survey::title(lx, site), "survey"),
        PageKind::Glossary => or_word(glossary::title(lx, site), "glossary"),
        PageKind::Markdown(i) => markdown_title(lx, site, i),
        PageKind::Print => word("print_title"),
        PageKind::Search => word("search_title"),
        PageKind::NotFound => word("not_found_title"),
        PageKind::Revisions => word("revisions_title"),
        PageKind::Revision(i) => {
            let version = site.config.recorded_versions()[i];
            word("comparison_title").replace("{v}", &escape_html(version))
        }
        PageKind::RevisionDraft => word("draft_comparison_title"),
    }
}

/// A Markdown page's title from its front matter, marked when in another language.
fn markdown_title(lx: &mut PageLanguage, site: &Site, page: usize) -> Html {
    let Some((text, lang)) = site.pages[page].text(lx.lang, lx.default) else {
        return String::new();
    };
    let title = escape_html(&text.front.title);
    if lang == lx.lang {
        title
    } else {
        format!("<span lang=\"{lang}\">{title}</span>")
    }
}
