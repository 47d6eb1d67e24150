//! The index of the policy areas.

use super::{Filled, Link};
use crate::model::{PolicyArea, Site};
use crate::render::page_language::{Html, PageLanguage};

pub fn policies_index(lx: &mut PageLanguage, site: &Site) -> Vec<Link> {
    site.policies
        .iter()
        .map(|area| Link {
            title: policy_title(lx, area),
            href: lx
                .link_key(&format!("policies/{}", area.id))
                .unwrap_or_default(),
            description: Some(lx.prose(&area.statement)),
        })
        .collect()
}

/// "04-1 職員の成長支援…"
pub fn policy_title(lx: &mut PageLanguage, area: &PolicyArea) -> Html {
    match &area.number {
        Some(number) => format!(
            "<span class=\"number\">{}</span> {}",
            crate::markdown::escape_html(number),
            lx.text(&area.title)
        ),
        None => lx.text(&area.title),
    }
}

pub fn body(lx: &mut PageLanguage, site: &Site) -> Filled {
    Filled::view(&policies_index(lx, site))
}
