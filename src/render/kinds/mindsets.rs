//! 職員に求められる意識 (the mindsets).

use super::Filled;
use crate::model::Site;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct MindsetView {
    pub id: String,
    pub number: u32,
    pub title: Html,
    pub subtitle: Option<Html>,
    pub body: Html,
}

#[derive(Serialize)]
pub struct MindsetsView {
    pub intro: Option<Html>,
    pub mindsets: Vec<MindsetView>,
}

pub fn mindsets(lx: &mut PageLanguage, site: &Site) -> Option<MindsetsView> {
    let m = site.mindsets.as_ref()?;
    Some(MindsetsView {
        intro: lx.opt_prose(&m.intro),
        mindsets: m
            .mindsets
            .iter()
            .map(|m| MindsetView {
                id: lx.id(&m.id),
                number: m.number,
                title: lx.text(&m.title),
                subtitle: lx.opt_text(&m.subtitle),
                body: lx.prose(&m.body),
            })
            .collect(),
    })
}

pub fn body(lx: &mut PageLanguage, site: &Site) -> Filled {
    Filled::view(&mindsets(lx, site))
}

/// The title its content file gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    site.mindsets.as_ref().map(|x| lx.text(&x.title))
}
