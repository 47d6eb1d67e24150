//! The print view as an official document: its cover (title, organisation, version,
//! date of the current revision), its contents, and the revision history at its end.

use super::page_language::{Html, PageLanguage};
use crate::model::Site;
use serde::Serialize;
use std::collections::BTreeMap;

/// One page of the policy as a section of the print view.
#[derive(Serialize)]
pub struct PrintSection {
    pub id: String,
    pub title: Html,
    pub html: Html,
    /// 1 for a top-level part, 2 for a page within one (a rank, a policy area).
    pub level: usize,
}

#[derive(Serialize)]
pub struct Cover {
    pub organisation: Html,
    pub title: Html,
    pub description: Option<Html>,
    /// "第1.0版" / "Version 1.0"
    pub version: Option<String>,
    /// The date of the current revision, written out: "2026年11月23日" / "23 November 2026".
    pub date: Option<String>,
}

#[derive(Serialize)]
pub struct HistoryRow {
    pub date: String,
    pub note: Html,
}

/// What the print view's template gets besides its sections.
#[derive(Serialize)]
pub struct PrintFrame {
    pub cover: Cover,
    pub history: Vec<HistoryRow>,
}

pub fn frame(lx: &mut PageLanguage, site: &Site, strings: &BTreeMap<String, String>) -> PrintFrame {
    let config = &site.config;
    let word = |key: &str| strings.get(key).cloned().unwrap_or_default();
    let current = config.history.iter().map(|r| r.date.as_str()).max();
    // Oldest first, as a revision history reads; the order in site.yaml breaks ties.
    let mut revisions: Vec<&crate::model::Revision> = config.history.iter().collect();
    revisions.sort_by(|a, b| a.date.cmp(&b.date));
    let history = revisions
        .into_iter()
        .map(|r| HistoryRow {
            date: long_date(&r.date, &word("date_format"), &word("months")),
            note: lx.text(&r.note),
        })
        .collect();
    PrintFrame {
        cover: Cover {
            organisation: lx.text(&config.organisation),
            title: lx.text(&config.title),
            description: config.description.as_ref().map(|d| lx.text(d)),
            version: config
                .version
                .as_ref()
                .map(|v| word("cover_version").replace("{v}", v)),
            date: current.map(|d| long_date(d, &word("date_format"), &word("months"))),
        },
        history,
    }
}

/// `2026-11-23` written out with `format` (`{y}年{m}月{d}日`, `{d} {month} {y}`);
/// `months` lists the month names, comma-separated. Anything else is left as written.
pub fn long_date(date: &str, format: &str, months: &str) -> String {
    let parts: Vec<&str> = date.trim().splitn(3, '-').collect();
    let numbers: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let [year, month, day] = numbers[..] else {
        return date.to_string();
    };
    if parts.len() != 3
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || format.is_empty()
    {
        return date.to_string();
    }
    let name = months
        .split(',')
        .nth(month as usize - 1)
        .map_or_else(|| month.to_string(), |m| m.trim().to_string());
    format
        .replace("{y}", &year.to_string())
        .replace("{month}", &name)
        .replace("{m}", &month.to_string())
        .replace("{d}", &day.to_string())
}

#[cfg(test)]
mod tests {
    use super::long_date;

    #[test]
    fn dates_are_written_out_in_the_page_language() {
        assert_eq!(
            long_date("2026-11-23", "{y}年{m}月{d}日", ""),
            "2026年11月23日"
        );
        let months =
            "January,February,March,April,May,June,July,August,September,October,November,December";
        assert_eq!(
            long_date("2026-04-01", "{d} {month} {y}", months),
            "1 April 2026"
        );
        assert_eq!(long_date("spring 2026", "{y}年", ""), "spring 2026");
        assert_eq!(long_date("2026-13-01", "{y}年", ""), "2026-13-01");
    }
}
