//! Charts as inline SVG, drawn at build time: the Katz-model weights of every rank,
//! one rank's weights, and survey breakdowns. Each carries a text alternative and
//! sits beside a data table; colours come from CSS classes `c0`…`c5`.

use super::development::percent;
use super::lx::{Html, Lx};
use crate::markdown::escape_html;
use crate::model::{Breakdown, Rank, Site};
use std::fmt::Write;

/// How many colour classes the stylesheet defines.
pub const PALETTE: usize = 6;

/// Interface words charts need, in the page's language.
pub struct ChartWords {
    /// Between items of a spoken list: "、" or ", ".
    pub separator: String,
    /// "people" / "人".
    pub people: String,
}

const BAR_HEIGHT: u32 = 28;

/// One stacked bar: segments of `(percent, colour)`, with the percentage written in
/// segments wide enough to hold it.
fn stacked_bar(svg: &mut String, x: u32, y: u32, width: u32, segments: &[(u32, usize)]) {
    let mut offset = 0;
    for &(share, colour) in segments {
        let start = x + width * offset / 100;
        let end = x + width * (offset + share) / 100;
        let _ = write!(
            svg,
            "<rect class=\"c{colour}\" x=\"{start}\" y=\"{y}\" width=\"{}\" height=\"{BAR_HEIGHT}\"/>",
            end - start
        );
        if share >= 8 {
            let _ = write!(
                svg,
                "<text class=\"on-bar\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{share}%</text>",
                (start + end) / 2,
                y + BAR_HEIGHT / 2 + 5
            );
        }
        offset += share;
    }
}

fn weights_of(site: &Site, rank: &Rank) -> Vec<(u32, usize)> {
    site.skill_list()
        .iter()
        .enumerate()
        .map(|(i, skill)| {
            (
                rank.weights.get(&skill.id).copied().unwrap_or(0),
                i % PALETTE,
            )
        })
        .collect()
}

fn spoken_weights(lx: &Lx, site: &Site, rank: &Rank, words: &ChartWords) -> String {
    site.skill_list()
        .iter()
        .map(|skill| {
            format!(
                "{} {}%",
                lx.plain(&skill.name),
                rank.weights.get(&skill.id).copied().unwrap_or(0)
            )
        })
        .collect::<Vec<_>>()
        .join(&words.separator)
}

/// One rank's skill weights as a single 100% bar.
pub fn rank_weights(lx: &Lx, site: &Site, rank: &Rank, words: &ChartWords) -> Html {
    let label = format!(
        "{}: {}",
        lx.plain(&rank.name),
        spoken_weights(lx, site, rank, words)
    );
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 600 {}\" role=\"img\" aria-label=\"{}\">",
        BAR_HEIGHT + 4,
        escape_html(&label)
    );
    stacked_bar(&mut svg, 0, 2, 600, &weights_of(site, rank));
    svg.push_str("</svg>");
    svg
}

/// Every rank's weights, most senior on top, as in the Katz model's figure.
pub fn katz(lx: &Lx, site: &Site, words: &ChartWords) -> Html {
    let ranks = site.rank_list();
    let row = BAR_HEIGHT + 10;
    let height = row * ranks.len() as u32;
    let spoken: Vec<String> = ranks
        .iter()
        .rev()
        .map(|r| {
            format!(
                "{}: {}",
                lx.plain(&r.name),
                spoken_weights(lx, site, r, words)
            )
        })
        .collect();
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 760 {height}\" role=\"img\" aria-label=\"{}\">",
        escape_html(&spoken.join(" / "))
    );
    for (i, rank) in ranks.iter().rev().enumerate() {
        let y = i as u32 * row + 5;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"230\" y=\"{}\" text-anchor=\"end\">{}</text>",
            y + BAR_HEIGHT / 2 + 5,
            escape_html(&fit_label(&lx.plain(&rank.name), 225))
        );
        stacked_bar(&mut svg, 240, y, 520, &weights_of(site, rank));
    }
    svg.push_str("</svg>");
    svg
}

/// Shortens a label to about `width` pixels at the chart's font size (CJK characters
/// count double). The full text stays in the text alternative and the table.
fn fit_label(label: &str, width: u32) -> String {
    let mut used = 0;
    let mut out = String::new();
    for c in label.chars() {
        used += if c.is_ascii() { 8 } else { 14 };
        if used > width {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// A survey breakdown as horizontal bars scaled to the largest row.
pub fn breakdown(lx: &Lx, breakdown: &Breakdown, respondents: u32, words: &ChartWords) -> Html {
    let row = 30;
    let height = row * breakdown.rows.len() as u32;
    let largest = breakdown
        .rows
        .iter()
        .map(|r| r.count)
        .max()
        .unwrap_or(1)
        .max(1);
    let spoken: Vec<String> = breakdown
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} {}{} ({}%)",
                lx.plain(&r.label),
                r.count,
                words.people,
                percent(r.count, respondents)
            )
        })
        .collect();
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 760 {height}\" role=\"img\" aria-label=\"{}: {}\">",
        escape_html(&lx.plain(&breakdown.title)),
        escape_html(&spoken.join(&words.separator))
    );
    for (i, r) in breakdown.rows.iter().enumerate() {
        let y = i as u32 * row + 4;
        let width = 380 * r.count / largest;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"300\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"c0\" x=\"310\" y=\"{y}\" width=\"{width}\" height=\"22\"/><text class=\"label\" x=\"{}\" y=\"{}\">{}</text>",
            y + 16,
            escape_html(&fit_label(&lx.plain(&r.label), 290)),
            316 + width,
            y + 16,
            r.count
        );
    }
    svg.push_str("</svg>");
    svg
}
