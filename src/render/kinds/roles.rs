//! Who does what: groups of roles and their duties.

use super::Filled;
use crate::model::Site;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct RoleView {
    pub id: String,
    pub name: Html,
    pub subtitle: Option<Html>,
    pub note: Option<Html>,
    pub duties: Vec<Html>,
}

#[derive(Serialize)]
pub struct RoleGroupView {
    pub id: String,
    pub title: Html,
    pub intro: Option<Html>,
    pub roles: Vec<RoleView>,
    pub outro: Option<Html>,
}

#[derive(Serialize)]
pub struct RolesView {
    pub intro: Option<Html>,
    pub groups: Vec<RoleGroupView>,
    pub notes: Option<Html>,
}

pub fn roles(lx: &mut PageLanguage, site: &Site) -> Option<RolesView> {
    let roles = site.roles.as_ref()?;
    Some(RolesView {
        intro: lx.opt_prose(&roles.intro),
        groups: roles
            .groups
            .iter()
            .map(|g| RoleGroupView {
                id: lx.id(&g.id),
                title: lx.text(&g.title),
                intro: lx.opt_prose(&g.intro),
                roles: g
                    .roles
                    .iter()
                    .map(|r| RoleView {
                        id: lx.id(&r.id),
                        name: lx.text(&r.name),
                        subtitle: lx.opt_text(&r.subtitle),
                        note: lx.opt_prose(&r.note),
                        duties: lx.list(&r.duties),
                    })
                    .collect(),
                outro: lx.opt_prose(&g.outro),
            })
            .collect(),
        notes: lx.opt_prose(&roles.notes),
    })
}

pub fn body(lx: &mut PageLanguage, site: &Site) -> Filled {
    Filled::view(&roles(lx, site))
}

/// The title its content file gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    site.roles.as_ref().map(|x| lx.text(&x.title))
}
