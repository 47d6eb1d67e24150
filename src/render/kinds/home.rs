//! The home page: the staff ideal in brief, who the policy is for, the ranks and every section.

use super::{Filled, Link, Titled};
use crate::model::Site;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct HomeView {
    pub ideal_title: Option<Html>,
    pub statement: Option<Html>,
    pub ideal_href: Option<String>,
    pub ideal_parts: Vec<Titled>,
    pub lead: Option<Html>,
    pub audiences: Vec<Link>,
    pub ranks: Vec<Link>,
    pub sections: Vec<Link>,
}

pub fn home(lx: &mut PageLanguage, site: &Site, sections: Vec<Link>) -> HomeView {
    let home = site.config.home.as_ref();
    HomeView {
        ideal_title: site.ideal.as_ref().map(|i| lx.text(&i.title)),
        statement: site.ideal.as_ref().map(|i| lx.text(&i.statement)),
        ideal_href: lx.link_key("ideal"),
        ideal_parts: site
            .ideal
            .iter()
            .flat_map(|i| &i.parts)
            .map(|p| Titled {
                id: p.id.clone(),
                title: lx.text(&p.title),
                body: None,
            })
            .collect(),
        lead: home.and_then(|h| lx.opt_prose(&h.lead)),
        audiences: home
            .map(|h| &h.audiences[..])
            .unwrap_or_default()
            .iter()
            .map(|a| Link {
                title: lx.text(&a.title),
                href: lx.href(&a.link, lx.lang).unwrap_or_else(|| a.link.clone()),
                description: lx.opt_prose(&a.description),
            })
            .collect(),
        ranks: site
            .rank_list()
            .iter()
            .map(|r| super::rank::rank_link(lx, r))
            .collect(),
        sections,
    }
}

pub fn body(lx: &mut PageLanguage, site: &Site, sections: Vec<Link>) -> Filled {
    Filled::view(&home(lx, site, sections))
}
