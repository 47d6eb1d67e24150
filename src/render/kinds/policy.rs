//! One page per policy area: statement, definitions, measures, tiers.

use super::{Filled, Titled};
use crate::model::{PolicyArea, Site};
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct MeasureView {
    pub id: String,
    pub title: Html,
    pub body: Html,
    pub items: Vec<Html>,
}

#[derive(Serialize)]
pub struct TierGroupView {
    pub id: String,
    pub name: Html,
    pub levels: Vec<Html>,
}

#[derive(Serialize)]
pub struct TiersView {
    pub id: String,
    pub title: Html,
    pub intro: Option<Html>,
    pub groups: Vec<TierGroupView>,
}

#[derive(Serialize)]
pub struct PolicyView {
    pub statement_id: String,
    pub statement: Html,
    pub intro: Option<Html>,
    pub definitions: Vec<Titled>,
    pub measures: Vec<MeasureView>,
    pub tiers: Option<TiersView>,
    pub notes: Option<Html>,
}

pub fn policy(lx: &mut PageLanguage, area: &PolicyArea) -> PolicyView {
    PolicyView {
        statement_id: lx.id("statement"),
        statement: lx.prose(&area.statement),
        intro: lx.opt_prose(&area.intro),
        definitions: area
            .definitions
            .iter()
            .map(|d| Titled {
                id: lx.id(&d.id),
                title: lx.text(&d.title),
                body: Some(lx.prose(&d.body)),
            })
            .collect(),
        measures: area
            .measures
            .iter()
            .map(|m| MeasureView {
                id: lx.id(&m.id),
                title: lx.text(&m.title),
                body: lx.prose(&m.body),
                items: lx.opt_list(&m.items),
            })
            .collect(),
        tiers: area.tiers.as_ref().map(|t| TiersView {
            id: lx.id("tiers"),
            title: lx.text(&t.title),
            intro: lx.opt_prose(&t.intro),
            groups: t
                .groups
                .iter()
                .map(|g| TierGroupView {
                    id: lx.id(&g.id),
                    name: lx.text(&g.name),
                    levels: lx.list(&g.levels),
                })
                .collect(),
        }),
        notes: lx.opt_prose(&area.notes),
    }
}

pub fn body(lx: &mut PageLanguage, site: &Site, index: usize) -> Filled {
    Filled::view(&policy(lx, &site.policies[index]))
}

/// The area's title.
pub fn title(lx: &mut PageLanguage, site: &Site, index: usize) -> Html {
    lx.text(&site.policies[index].title)
}
