//! Charts as inline SVG, drawn at build time: the Katz-model weights of every rank,
//! one rank's weights, and survey breakdowns. Each carries a text alternative and
//! sits beside a data table; colours come from CSS classes `c0`…`c5`.

use super::page_language::{Html, PageLanguage};
use crate::markdown::escape_html;
use crate::model::{Breakdown, Rank, Site};
use std::fmt::Write;

/// A share as a percentage with one decimal, computed in integers so output is stable.
pub fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "0.0".to_string();
    }
    let tenths = (u64::from(part) * 1000 + u64::from(whole) / 2) / u64::from(whole);
    format!("{}.{}", tenths / 10, tenths % 10)
}

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

/// Every chart is drawn 400 units wide with 16-unit text (the stylesheet caps its
/// width), so its labels stay at least 12 px on a 390 px phone, where it is about
/// 350 px wide.
const WIDTH: u32 = 400;
/// Height of a label line above a bar.
const LABEL: u32 = 20;

/// One stacked bar: segments of `(percent, colour)`, with the percentage written in
/// segments wide enough to hold it.
fn stacked_bar(svg: &mut String, y: u32, segments: &[(u32, usize)]) {
    let mut offset = 0;
    for &(share, colour) in segments {
        let start = WIDTH * offset / 100;
        let end = WIDTH * (offset + share) / 100;
        let _ = write!(
            svg,
            "<rect class=\"c{colour}\" x=\"{start}\" y=\"{y}\" width=\"{}\" height=\"{BAR_HEIGHT}\"/>",
            end - start
        );
        if share >= 9 {
            let _ = write!(
                svg,
                "<text class=\"on-bar\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{share}%</text>",
                (start + end) / 2,
                y + BAR_HEIGHT / 2 + 6
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

fn spoken_weights(lx: &PageLanguage, site: &Site, rank: &Rank, words: &ChartWords) -> String {
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
pub fn rank_weights(lx: &PageLanguage, site: &Site, rank: &Rank, words: &ChartWords) -> Html {
    let label = format!(
        "{}: {}",
        lx.plain(&rank.name),
        spoken_weights(lx, site, rank, words)
    );
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {}\" role=\"img\" aria-label=\"{}\">",
        BAR_HEIGHT + 4,
        escape_html(&label)
    );
    stacked_bar(&mut svg, 2, &weights_of(site, rank));
    svg.push_str("</svg>");
    svg
}

/// Every rank's weights, most senior on top, as in the Katz model's figure.
pub fn katz(lx: &PageLanguage, site: &Site, words: &ChartWords) -> Html {
    let ranks: Vec<&Rank> = site.rank_list().iter().rev().collect();
    ranks_chart(lx, site, &ranks, words)
}

/// The weights of `ranks`, one bar each in the order given, each named above its bar.
pub fn ranks_chart(lx: &PageLanguage, site: &Site, ranks: &[&Rank], words: &ChartWords) -> Html {
    let row = LABEL + BAR_HEIGHT + 12;
    let height = row * ranks.len() as u32;
    let spoken: Vec<String> = ranks
        .iter()
        .map(|r| {
            format!(
                "{}: {}",
                lx.plain(&r.name),
                spoken_weights(lx, site, r, words)
            )
        })
        .collect();
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">",
        escape_html(&spoken.join(" / "))
    );
    for (i, rank) in ranks.iter().enumerate() {
        let y = i as u32 * row + 2;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"0\" y=\"{}\">{}</text>",
            y + LABEL - 5,
            escape_html(&fit_label(&lx.plain(&rank.name), WIDTH))
        );
        stacked_bar(&mut svg, y + LABEL, &weights_of(site, rank));
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
        used += if c.is_ascii() { 9 } else { 16 };
        if used > width {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// A survey breakdown as horizontal bars scaled to the largest row, each named above
/// its bar, with its count after it.
pub fn breakdown(
    lx: &PageLanguage,
    breakdown: &Breakdown,
    respondents: u32,
    words: &ChartWords,
) -> Html {
    let bar = 22;
    let row = LABEL + bar + 10;
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
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}: {}\">",
        escape_html(&lx.plain(&breakdown.title)),
        escape_html(&spoken.join(&words.separator))
    );
    // Room after the longest bar for its count.
    let longest = WIDTH - 60;
    for (i, r) in breakdown.rows.iter().enumerate() {
        let y = i as u32 * row + 2;
        let width = longest * r.count / largest;
        let _ = write!(
            svg,
            "<text class=\"label\" x=\"0\" y=\"{}\">{}</text><rect class=\"c0\" x=\"0\" y=\"{}\" width=\"{width}\" height=\"{bar}\"/><text class=\"label\" x=\"{}\" y=\"{}\">{}</text>",
            y + LABEL - 5,
            escape_html(&fit_label(&lx.plain(&r.label), WIDTH)),
            y + LABEL,
            width + 6,
            y + LABEL + 17,
            r.count
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_round_half_up_to_one_decimal() {
        assert_eq!(percent(756, 1221), "61.9");
        assert_eq!(percent(375, 756), "49.6");
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(percent(0, 0), "0.0");
    }
}
