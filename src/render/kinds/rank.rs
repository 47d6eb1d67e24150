//! One page per rank: its skill weights charted and what it must show in each pillar.

use super::{Filled, Link};
use crate::model::{Competencies, Rank, Site};
use crate::render::charts;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

pub fn rank_link(lx: &mut PageLanguage, rank: &Rank) -> Link {
    Link {
        title: rank_name(lx, rank),
        href: lx
            .link_key(&format!("ranks/{}", rank.id))
            .unwrap_or_default(),
        description: None,
    }
}

/// A rank's name, with its romaji after a non-Japanese name: "Subsection Chief (kakarichō)".
pub fn rank_name(lx: &mut PageLanguage, rank: &Rank) -> Html {
    let name = lx.text(&rank.name);
    match &rank.romaji {
        Some(romaji) if lx.lang != "ja" && rank.name.has(lx.lang) => {
            format!(
                "{name} <span class=\"romaji\" lang=\"ja-Latn\">({})</span>",
                crate::markdown::escape_html(romaji)
            )
        }
        _ => name,
    }
}

#[derive(Serialize)]
pub struct WeightView {
    pub name: Html,
    pub percent: u32,
    pub colour: usize,
}

#[derive(Serialize)]
pub struct ExpectationView {
    pub pillar_id: String,
    pub pillar: Html,
    pub pillar_href: String,
    pub text: Option<Html>,
}

#[derive(Serialize)]
pub struct RankView {
    pub name: Html,
    pub weights_id: String,
    pub weights: Vec<WeightView>,
    pub chart: Html,
    pub weights_illustrative: bool,
    pub competencies_id: String,
    pub expectations: Vec<ExpectationView>,
    pub expectations_illustrative: bool,
    pub competencies_href: Option<String>,
    pub mindsets: Vec<Link>,
    pub skills_href: Option<String>,
    /// What changes from the rank below (none for the first rank).
    pub change: Option<RankChange>,
}

/// What changes from the rank below, for staff preparing for promotion.
#[derive(Serialize)]
pub struct RankChange {
    pub id: String,
    pub below: Html,
    pub below_href: String,
    pub this: Html,
    pub weights: Vec<WeightChange>,
    pub chart: Html,
    /// The pillars that apply from this rank on and not to the rank below.
    pub new_pillars: Vec<Html>,
    pub rows: Vec<ExpectationChange>,
}

#[derive(Serialize)]
pub struct WeightChange {
    pub name: Html,
    pub colour: usize,
    pub before: u32,
    pub after: u32,
    /// "+10", "−5", "±0"
    pub delta: String,
}

#[derive(Serialize)]
pub struct ExpectationChange {
    pub pillar: Html,
    /// `None` where the pillar does not apply to the rank below.
    pub before: Option<Html>,
    pub before_applies: bool,
    pub after: Option<Html>,
    pub new: bool,
}

pub fn rank(
    lx: &mut PageLanguage,
    site: &Site,
    index: usize,
    labels: &charts::ChartWords,
) -> RankView {
    let rank = &site.rank_list()[index];
    let weights: Vec<WeightView> = site
        .skill_list()
        .iter()
        .enumerate()
        .map(|(i, skill)| WeightView {
            name: lx.text(&skill.name),
            percent: rank.weights.get(&skill.id).copied().unwrap_or(0),
            colour: i % charts::PALETTE,
        })
        .collect();
    let competencies = site.competencies.as_ref();
    RankView {
        name: rank_name(lx, rank),
        weights_id: lx.id("weights"),
        chart: charts::rank_weights(lx, site, rank, labels),
        weights,
        weights_illustrative: rank.illustrative,
        competencies_id: lx.id("competencies"),
        expectations: competencies
            .map(|c| expectations(lx, c, &rank.id))
            .unwrap_or_default(),
        expectations_illustrative: competencies.is_some_and(|c| c.illustrative),
        competencies_href: lx.link_key("competencies"),
        mindsets: site
            .mindsets
            .iter()
            .flat_map(|m| &m.mindsets)
            .map(|m| Link {
                title: lx.text(&m.title),
                href: lx.link_anchor("mindsets", &m.id).unwrap_or_default(),
                description: None,
            })
            .collect(),
        skills_href: lx.link_key("skills"),
        change: index
            .checked_sub(1)
            .map(|below| rank_change(lx, site, (below, index), labels)),
    }
}

/// The change from the rank at `below` to the one at `this` (positions in ranks.yaml).
fn rank_change(
    lx: &mut PageLanguage,
    site: &Site,
    (below, this): (usize, usize),
    labels: &charts::ChartWords,
) -> RankChange {
    let ranks = site.rank_list();
    let (lower, upper) = (&ranks[below], &ranks[this]);
    let weights = site
        .skill_list()
        .iter()
        .enumerate()
        .map(|(i, skill)| {
            let before = lower.weights.get(&skill.id).copied().unwrap_or(0);
            let after = upper.weights.get(&skill.id).copied().unwrap_or(0);
            WeightChange {
                name: lx.text(&skill.name),
                colour: i % charts::PALETTE,
                before,
                after,
                delta: match after.cmp(&before) {
                    std::cmp::Ordering::Greater => format!("+{}", after - before),
                    std::cmp::Ordering::Less => format!("−{}", before - after),
                    std::cmp::Ordering::Equal => "±0".to_string(),
                },
            }
        })
        .collect();
    let below_name = rank_name(lx, lower);
    let rows: Vec<ExpectationChange> = site
        .competencies
        .iter()
        .flat_map(|c| c.pillars.iter().map(move |p| (c, p)))
        .filter(|(_, p)| p.applies_to(&upper.id))
        .map(|(c, p)| ExpectationChange {
            pillar: lx.text(&p.name),
            before_applies: p.applies_to(&lower.id),
            before: c.expectation(&lower.id, &p.id).map(|e| lx.prose(e)),
            after: c.expectation(&upper.id, &p.id).map(|e| lx.prose(e)),
            new: !p.applies_to(&lower.id),
        })
        .collect();
    RankChange {
        id: lx.id("change"),
        below_href: lx
            .link_key(&format!("ranks/{}", lower.id))
            .unwrap_or_default(),
        below: below_name,
        this: rank_name(lx, upper),
        chart: charts::ranks_chart(lx, site, &[lower, upper], labels),
        weights,
        new_pillars: rows
            .iter()
            .filter(|r| r.new)
            .map(|r| r.pillar.clone())
            .collect(),
        rows,
    }
}

fn expectations(
    lx: &mut PageLanguage,
    competencies: &Competencies,
    rank_id: &str,
) -> Vec<ExpectationView> {
    competencies
        .pillars
        .iter()
        .filter(|p| p.applies_to(rank_id))
        .map(|pillar| ExpectationView {
            pillar_id: lx.id(&pillar.id),
            pillar: lx.text(&pillar.name),
            pillar_href: lx
                .link_anchor("competencies", &pillar.id)
                .unwrap_or_default(),
            text: competencies
                .expectation(rank_id, &pillar.id)
                .map(|p| lx.prose(p)),
        })
        .collect()
}

pub fn body(
    lx: &mut PageLanguage,
    site: &Site,
    index: usize,
    words: &charts::ChartWords,
) -> Filled {
    let view = rank(lx, site, index, words);
    let illustrative = view.weights_illustrative || view.expectations_illustrative;
    Filled::view(&view).illustrative(illustrative)
}

/// The rank's name.
pub fn title(lx: &mut PageLanguage, site: &Site, index: usize) -> Html {
    rank_name(lx, &site.rank_list()[index])
}
