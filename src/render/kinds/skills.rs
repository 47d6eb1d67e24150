//! カッツ・モデル (the skills): the three skills and every rank's weights, charted.

use super::{Filled, Link};
use crate::model::Site;
use crate::render::charts;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

#[derive(Serialize)]
pub struct SkillView {
    pub id: String,
    pub name: Html,
    pub gloss: Option<Html>,
    pub definition: Html,
    pub examples: Vec<Html>,
    pub colour: usize,
}

#[derive(Serialize)]
pub struct SkillsView {
    pub intro: Option<Html>,
    pub source: Option<Html>,
    pub skills: Vec<SkillView>,
    pub ranks_id: String,
    pub ranks_intro: Option<Html>,
    pub ranks: Vec<Link>,
    pub chart: Option<Html>,
    pub illustrative: bool,
}

pub fn skills(lx: &mut PageLanguage, site: &Site, labels: &charts::ChartWords) -> SkillsView {
    let skills = site.skills.as_ref();
    let ranks = site.ranks.as_ref();
    SkillsView {
        intro: skills.and_then(|s| lx.opt_prose(&s.intro)),
        source: skills.and_then(|s| lx.opt_prose(&s.source)),
        skills: site
            .skill_list()
            .iter()
            .enumerate()
            .map(|(i, s)| SkillView {
                id: lx.id(&s.id),
                name: lx.text(&s.name),
                gloss: lx.opt_text(&s.gloss),
                definition: lx.prose(&s.definition),
                examples: lx.opt_list(&s.examples),
                colour: i % charts::PALETTE,
            })
            .collect(),
        ranks_id: lx.id("ranks"),
        ranks_intro: ranks.and_then(|r| lx.opt_prose(&r.intro)),
        ranks: site
            .rank_list()
            .iter()
            .map(|r| super::rank::rank_link(lx, r))
            .collect(),
        chart: (!site.rank_list().is_empty() && !site.skill_list().is_empty())
            .then(|| charts::katz(lx, site, labels)),
        illustrative: site.rank_list().iter().any(|r| r.illustrative),
    }
}

pub fn body(lx: &mut PageLanguage, site: &Site, words: &charts::ChartWords) -> Filled {
    let view = skills(lx, site, words);
    let illustrative = view.illustrative;
    Filled::view(&view).illustrative(illustrative)
}

/// The title skills.yaml gives, else the one ranks.yaml gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    match (&site.skills, &site.ranks) {
        (Some(s), _) => Some(lx.text(&s.title)),
        (None, Some(r)) => Some(lx.text(&r.title)),
        _ => None,
    }
}
