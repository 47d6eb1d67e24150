//! Typed template contexts for the structured pages, built from the model in the
//! page's language. Templates receive these as `v`; every text field is HTML.

use super::charts;
use super::lx::{Html, Lx};
use crate::model::{Competencies, Rank, Site};
use serde::Serialize;

#[derive(Serialize)]
pub struct Titled {
    pub id: String,
    pub title: Html,
    pub body: Option<Html>,
}

#[derive(Serialize)]
pub struct Link {
    pub title: Html,
    pub href: String,
    pub description: Option<Html>,
}

// ---------------------------------------------------------------- home

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

pub fn home(lx: &Lx, site: &Site, sections: Vec<Link>) -> HomeView {
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
        ranks: site.rank_list().iter().map(|r| rank_link(lx, r)).collect(),
        sections,
    }
}

fn rank_link(lx: &Lx, rank: &Rank) -> Link {
    Link {
        title: rank_name(lx, rank),
        href: lx
            .link_key(&format!("ranks/{}", rank.id))
            .unwrap_or_default(),
        description: None,
    }
}

/// A rank's name, with its romaji after a non-Japanese name: "Subsection Chief (kakarichō)".
pub fn rank_name(lx: &Lx, rank: &Rank) -> Html {
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

// ---------------------------------------------------------------- positioning, ideal, mindsets

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

pub fn positioning(lx: &Lx, site: &Site) -> Option<PositioningView> {
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

#[derive(Serialize)]
pub struct IdealView {
    pub statement: Html,
    pub intro: Option<Html>,
    pub note: Option<Html>,
    pub parts: Vec<Titled>,
}

pub fn ideal(lx: &Lx, site: &Site) -> Option<IdealView> {
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

pub fn mindsets(lx: &Lx, site: &Site) -> Option<MindsetsView> {
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

// ---------------------------------------------------------------- skills and ranks

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

pub fn skills(lx: &Lx, site: &Site, labels: &charts::ChartWords) -> SkillsView {
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
        ranks: site.rank_list().iter().map(|r| rank_link(lx, r)).collect(),
        chart: (!site.rank_list().is_empty() && !site.skill_list().is_empty())
            .then(|| charts::katz(lx, site, labels)),
        illustrative: site.rank_list().iter().any(|r| r.illustrative),
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

pub fn rank(lx: &Lx, site: &Site, index: usize, labels: &charts::ChartWords) -> RankView {
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
    lx: &Lx,
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

fn expectations(lx: &Lx, competencies: &Competencies, rank_id: &str) -> Vec<ExpectationView> {
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

// ---------------------------------------------------------------- competencies

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

pub fn competencies(lx: &Lx, site: &Site) -> Option<CompetenciesView> {
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
                rank: rank_name(lx, rank),
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
