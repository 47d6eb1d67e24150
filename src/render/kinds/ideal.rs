//! 求められる職員像 (the staff ideal): its statement and parts.

use super::{Filled, Titled};
use crate::model::Site;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct IdealView {
    pub statement: Html,
    pub intro: Option<Html>,
    pub note: Option<Html>,
    pub parts: Vec<Titled>,
}

pub fn ideal(lx: &mut PageLanguage, site: &Site) -> Option<IdealView> {
    let ideal = site.ideal.as_ref()?;
    Some(IdealView {
        statement: lx.text(&ideal.statement),
        intro: lx.opt_prose(&ideal.intro),
        note: lx.opt_prose(&ideal.note),
        parts: ideal
            .parts
            .iter()
            .map(|p| Titled {
                id: lx.id(&p.id),
                title: lx.text(&p.title),
                body: Some(lx.prose(&p.body)),
            })
            .collect(),
    })
}

pub fn body(lx: &mut PageLanguage, site: &Site) -> Filled {
    Filled::view(&ideal(lx, site))
}

/// The title its content file gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    site.ideal.as_ref().map(|x| lx.text(&x.title))
}
