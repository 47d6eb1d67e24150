//! 位置づけ (positioning): the plan hierarchy and the related plans.

use super::{Filled, Titled};
use crate::model::Site;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct PositioningView {
    pub intro: Option<Html>,
    pub levels: Vec<PlanLevelView>,
    pub related_id: String,
    pub related_title: Option<Html>,
    pub related_intro: Option<Html>,
    pub related: Vec<Titled>,
}

#[derive(Serialize)]
pub struct PlanLevelView {
    pub id: String,
    pub name: Html,
    pub description: Option<Html>,
    pub current: bool,
}

pub fn positioning(lx: &mut PageLanguage, site: &Site) -> Option<PositioningView> {
    let p = site.positioning.as_ref()?;
    let related = p.related_plans.as_ref();
    Some(PositioningView {
        intro: lx.opt_prose(&p.intro),
        levels: p
            .levels
            .iter()
            .map(|l| PlanLevelView {
                id: lx.id(&l.id),
                name: lx.text(&l.name),
                description: lx.opt_prose(&l.description),
                current: l.current,
            })
            .collect(),
        related_id: lx.id("related-plans"),
        related_title: related.map(|r| lx.text(&r.title)),
        related_intro: related.and_then(|r| lx.opt_prose(&r.intro)),
        related: related
            .iter()
            .flat_map(|r| &r.plans)
            .map(|plan| Titled {
                id: lx.id(&plan.id),
                title: lx.text(&plan.name),
                body: None,
            })
            .collect(),
    })
}

pub fn body(lx: &mut PageLanguage, site: &Site) -> Filled {
    Filled::view(&positioning(lx, site))
}

/// The title its content file gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    site.positioning.as_ref().map(|x| lx.text(&x.title))
}
