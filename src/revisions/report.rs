//! A comparison for the terminal (`policy-site diff`): plain text with the changed
//! parts marked `[-…-]` and `{+…+}`, JSON, or Markdown for a pull-request comment.
//! Each item is named by its unit key.

use super::compare::{row_segments, Change, Comparison, Row, RowKind, Segment};
use crate::diagnostics::MessageLanguage;
use crate::markdown::escape_html;
use serde::Serialize;

/// The two sides being compared, as shown (`1.0`, `working content`).
#[derive(Debug, Clone, Serialize)]
pub struct Sides {
    pub from: String,
    pub to: String,
}

fn marked(segments: &[Segment], open: &str, close: &str) -> String {
    segments
        .iter()
        .map(|s| match s.changed {
            true => format!("{open}{}{close}", s.text),
            false => s.text.clone(),
        })
        .collect()
}

fn escaped(segments: Vec<Segment>) -> Vec<Segment> {
    segments
        .into_iter()
        .map(|s| Segment {
            text: escape_html(&s.text),
            changed: s.changed,
        })
        .collect()
}

fn change_word(change: Change, language: MessageLanguage) -> &'static str {
    match (change, language) {
        (Change::Added, MessageLanguage::En) => "added",
        (Change::Removed, MessageLanguage::En) => "removed",
        (Change::Changed, MessageLanguage::En) => "changed",
        (Change::Added, MessageLanguage::Ja) => "新設",
        (Change::Removed, MessageLanguage::Ja) => "削除",
        (Change::Changed, MessageLanguage::Ja) => "改正",
    }
}

/// Each language of a row (numbers and order, the same in every language, once),
/// named (`ja`; `*` for every language), with its old and new runs.
fn sides(row: &Row) -> Vec<(&str, Vec<Segment>, Vec<Segment>)> {
    let every = matches!(row.kind, RowKind::Number | RowKind::Order);
    row.languages
        .iter()
        .take(if every { 1 } else { usize::MAX })
        .map(|lang| {
            let (old, new) = row_segments(row, lang);
            (if every { "*" } else { lang.as_str() }, old, new)
        })
        .collect()
}

pub fn text(comparison: &Comparison, sides_: &Sides, language: MessageLanguage) -> String {
    let n = comparison.len();
    let mut out = match language {
        MessageLanguage::En => format!("{} → {}: {n} changed item(s)\n", sides_.from, sides_.to),
        MessageLanguage::Ja => format!("{} → {}：改定箇所 {n} 件\n", sides_.from, sides_.to),
    };
    for row in &comparison.rows {
        out.push_str(&format!(
            "\n{} {}\n",
            change_word(row.change, language),
            row.key
        ));
        for (lang, before, after) in sides(row) {
            if row.change != Change::Added {
                out.push_str(&format!(
                    "  {lang} - {}\n",
                    marked(&before, "[-", "-]").replace('\n', "\n      ")
                ));
            }
            if row.change != Change::Removed {
                out.push_str(&format!(
                    "  {lang} + {}\n",
                    marked(&after, "{+", "+}").replace('\n', "\n      ")
                ));
            }
        }
    }
    out
}

pub fn json(comparison: &Comparison, sides_: &Sides) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        from: &'a str,
        to: &'a str,
        changed: usize,
        rows: &'a [Row],
    }
    let report = Report {
        from: &sides_.from,
        to: &sides_.to,
        changed: comparison.len(),
        rows: &comparison.rows,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}

pub fn markdown(comparison: &Comparison, sides_: &Sides, language: MessageLanguage) -> String {
    let (title, after, before, item) = match language {
        MessageLanguage::En => ("Comparison of old and new text", "After", "Before", "Item"),
        MessageLanguage::Ja => ("新旧対照表", "改正後", "改正前", "項目"),
    };
    let mut out = format!(
        "### {title}: {} → {} ({})\n\n| {item} | {after} | {before} |\n|---|---|---|\n",
        sides_.from,
        sides_.to,
        comparison.len()
    );
    let cell = |text: String| text.replace('|', "\\|").replace('\n', "<br>");
    for row in &comparison.rows {
        for (lang, b, a) in sides(row) {
            let (b, a) = (escaped(b), escaped(a));
            let label = format!(
                "`{}` ({lang}, {})",
                row.key,
                change_word(row.change, language)
            );
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                cell(label),
                cell(marked(&a, "<ins>", "</ins>")),
                cell(marked(&b, "<del>", "</del>"))
            ));
        }
    }
    out
}
