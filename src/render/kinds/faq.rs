//! Questions and answers (a toy kind).

use super::Filled;
use crate::model::Site;
use crate::render::lx::{Html, Lx};
use serde::Serialize;

#[derive(Serialize)]
pub struct QuestionView {
    pub id: String,
    pub question: Html,
    pub answer: Html,
}

pub fn faq(lx: &Lx, site: &Site) -> Vec<QuestionView> {
    site.faq
        .iter()
        .flat_map(|f| &f.questions)
        .map(|q| QuestionView {
            id: lx.id(&q.id),
            question: lx.text(&q.question),
            answer: lx.prose(&q.answer),
        })
        .collect()
}

pub fn body(lx: &Lx, site: &Site) -> Filled {
    Filled::with("questions", &faq(lx, site))
}

/// The title its content file gives.
pub fn title(lx: &Lx, site: &Site) -> Option<Html> {
    site.faq.as_ref().map(|g| lx.text(&g.title))
}
