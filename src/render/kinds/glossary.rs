//! The glossary: its terms, each an anchor.

use super::Filled;
use crate::model::Site;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct TermView {
    pub id: String,
    pub term: Html,
    pub definition: Html,
    pub illustrative: bool,
}

pub fn glossary(lx: &mut PageLanguage, site: &Site) -> (Option<Html>, Vec<TermView>) {
    let Some(g) = site.glossary.as_ref() else {
        return (None, Vec::new());
    };
    let terms = g
        .terms
        .iter()
        .map(|t| TermView {
            id: lx.id(&t.id),
            term: lx.text(&t.term),
            definition: lx.prose(&t.definition),
            illustrative: t.illustrative,
        })
        .collect();
    (lx.opt_prose(&g.intro), terms)
}

/// The glossary's template takes its intro and terms as they are.
pub fn body(lx: &mut PageLanguage, site: &Site) -> Filled {
    let (intro, terms) = glossary(lx, site);
    let illustrative = terms.iter().any(|t| t.illustrative);
    let mut filled = Filled::with("terms", &terms).illustrative(illustrative);
    filled.context.insert("intro", &intro);
    filled
}

/// The title its content file gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    site.glossary.as_ref().map(|g| lx.text(&g.title))
}
