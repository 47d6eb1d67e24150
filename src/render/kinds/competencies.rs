//! 標準職務遂行能力 (the competencies): the pillars and the matrix of ranks.

use super::Filled;
use crate::model::Site;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct PillarView {
    pub id: String,
    pub name: Html,
    pub definition: Html,
    pub note: Option<Html>,
}

#[derive(Serialize)]
pub struct MatrixRow {
    pub rank: Html,
    pub href: String,
    /// One cell per pillar; `None` where the pillar does not apply to the rank.
    pub cells: Vec<Option<Html>>,
}

#[derive(Serialize)]
pub struct CompetenciesView {
    pub intro: Option<Html>,
    pub pillars: Vec<PillarView>,
    pub matrix_id: String,
    pub rows: Vec<MatrixRow>,
    pub illustrative: bool,
}

pub fn competencies(lx: &mut PageLanguage, site: &Site) -> Option<CompetenciesView> {
    let c = site.competencies.as_ref()?;
    Some(CompetenciesView {
        intro: lx.opt_prose(&c.intro),
        pillars: c
            .pillars
            .iter()
            .map(|p| PillarView {
                id: lx.id(&p.id),
                name: lx.text(&p.name),
                definition: lx.prose(&p.definition),
                note: lx.opt_prose(&p.note),
            })
            .collect(),
        matrix_id: lx.id("matrix"),
        rows: site
            .rank_list()
            .iter()
            .map(|rank| MatrixRow {
                rank: super::rank::rank_name(lx, rank),
                href: lx
                    .link_key(&format!("ranks/{}", rank.id))
                    .unwrap_or_default(),
                cells: c
                    .pillars
                    .iter()
                    .map(|p| {
                        p.applies_to(&rank.id).then(|| {
                            c.expectation(&rank.id, &p.id)
                                .map(|e| lx.prose(e))
                                .unwrap_or_default()
                        })
                    })
                    .collect(),
            })
            .collect(),
        illustrative: c.illustrative,
    })
}

pub fn body(lx: &mut PageLanguage, site: &Site) -> Filled {
    let view = competencies(lx, site);
    let illustrative = view.as_ref().is_some_and(|v| v.illustrative);
    Filled::view(&view).illustrative(illustrative)
}

/// The title its content file gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    site.competencies.as_ref().map(|c| lx.text(&c.title))
}
