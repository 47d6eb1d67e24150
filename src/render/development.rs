//! Typed template contexts for how the city develops staff: roles, policy areas,
//! the staff survey and the glossary.

use super::charts;
use super::lx::{Html, Lx};
use super::views::{Link, Titled};
use crate::model::{PolicyArea, Site};
use serde::Serialize;

// ---------------------------------------------------------------- roles

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

pub fn roles(lx: &Lx, site: &Site) -> Option<RolesView> {
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

// ---------------------------------------------------------------- policies

pub fn policies_index(lx: &Lx, site: &Site) -> Vec<Link> {
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
pub fn policy_title(lx: &Lx, area: &PolicyArea) -> Html {
    match &area.number {
        Some(number) => format!(
            "<span class=\"number\">{}</span> {}",
            crate::markdown::escape_html(number),
            lx.text(&area.title)
        ),
        None => lx.text(&area.title),
    }
}

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

pub fn policy(lx: &Lx, area: &PolicyArea) -> PolicyView {
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

// ---------------------------------------------------------------- survey

#[derive(Serialize)]
pub struct FactView {
    pub label: Html,
    pub value: Html,
}

#[derive(Serialize)]
pub struct BreakdownRowView {
    pub label: Html,
    pub count: u32,
    /// Share of respondents, one decimal: "49.6".
    pub percent: String,
}

#[derive(Serialize)]
pub struct BreakdownView {
    pub id: String,
    pub title: Html,
    pub note: Option<Html>,
    pub rows: Vec<BreakdownRowView>,
    pub chart: Html,
}

#[derive(Serialize)]
pub struct SurveyView {
    pub intro: Option<Html>,
    pub facts: Vec<FactView>,
    pub target: u32,
    pub respondents: u32,
    pub response_rate: String,
    pub breakdowns: Vec<BreakdownView>,
}

pub fn survey(lx: &Lx, site: &Site, words: &charts::ChartWords) -> Option<SurveyView> {
    let s = site.survey.as_ref()?;
    Some(SurveyView {
        intro: lx.opt_prose(&s.intro),
        facts: s
            .facts
            .iter()
            .map(|f| FactView {
                label: lx.text(&f.label),
                value: lx.inline(&f.value),
            })
            .collect(),
        target: s.target,
        respondents: s.respondents,
        response_rate: charts::percent(s.respondents, s.target),
        breakdowns: s
            .breakdowns
            .iter()
            .map(|b| BreakdownView {
                id: lx.id(&b.id),
                title: lx.text(&b.title),
                note: lx.opt_prose(&b.note),
                rows: b
                    .rows
                    .iter()
                    .map(|r| BreakdownRowView {
                        label: lx.text(&r.label),
                        count: r.count,
                        percent: charts::percent(r.count, s.respondents),
                    })
                    .collect(),
                chart: charts::breakdown(lx, b, s.respondents, words),
            })
            .collect(),
    })
}

// ---------------------------------------------------------------- glossary

#[derive(Serialize)]
pub struct TermView {
    pub id: String,
    pub term: Html,
    pub definition: Html,
    pub illustrative: bool,
}

pub fn glossary(lx: &Lx, site: &Site) -> (Option<Html>, Vec<TermView>) {
    let Some(g) = site.glossary.as_ref() else {
        return (None, Vec::new());
    };
    let terms = g
        .terms
        .iter()
        .map(|t| TermView {
            id: lx.id(&t.id),
            term: lx.text(&t.term),
            definition: lx.prose(&t.definition),
            illustrative: t.illustrative,
        })
        .collect();
    (lx.opt_prose(&g.intro), terms)
}
