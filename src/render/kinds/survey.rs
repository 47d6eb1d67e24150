//! The staff survey: facts and breakdowns, charted.

use super::Filled;
use crate::model::Site;
use crate::render::charts;
use crate::render::page_language::{Html, PageLanguage};
use serde::Serialize;

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

pub fn survey(
    lx: &mut PageLanguage,
    site: &Site,
    words: &charts::ChartWords,
) -> Option<SurveyView> {
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

pub fn body(lx: &mut PageLanguage, site: &Site, words: &charts::ChartWords) -> Filled {
    Filled::view(&survey(lx, site, words))
}

/// The title its content file gives.
pub fn title(lx: &mut PageLanguage, site: &Site) -> Option<Html> {
    site.survey.as_ref().map(|s| lx.text(&s.title))
}
