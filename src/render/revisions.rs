//! The views of the revision pages: the history (改定履歴), each comparison
//! (新旧対照表: 改正後 left, 改正前 right, changes underlined as `<ins>`/`<del>`),
//! the note "last revised in …" on the pages a revision changed, and the notice
//! on the print view of an earlier version.

use super::language::{Archive, LanguageRenderer};
use super::page_language::{Html, PageLanguage};
use crate::markdown::escape_html;
use crate::revisions::compare::{row_segments, Change, Comparison, Row, RowKind, Segment};
use crate::revisions::version::display_date;
use crate::routes::{relative, to_output_root};
use serde::Serialize;

#[derive(Serialize)]
pub struct HistoryView {
    entries: Vec<HistoryEntry>,
    /// The comparison of unrecorded changes, when it is shown (serve, `--drafts`).
    draft: Option<String>,
}

#[derive(Serialize)]
struct HistoryEntry {
    version: Option<String>,
    date: String,
    note: Html,
    changed: Option<usize>,
    first: bool,
    comparison: Option<String>,
    print: Option<String>,
    /// The language of the print view `print` leads to when the version was not
    /// published in this one (a language added since): its default language.
    print_in: Option<crate::model::Language>,
}

#[derive(Serialize)]
pub struct ComparisonView {
    summary: String,
    groups: Vec<GroupView>,
}

#[derive(Serialize)]
struct GroupView {
    id: String,
    title: Html,
    href: Option<String>,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
struct RowView {
    label: String,
    change: &'static str,
    new_html: Html,
    old_html: Html,
    href: Option<String>,
}

/// The sentence "last revised in 1.1 (1 April 2027)" and the link to that page's rows.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct RevisedNote {
    pub text: String,
    pub href: String,
}

/// `ranks/kakaricho` -> `page-ranks-kakaricho`: the id of a page's rows.
pub fn group_id(page: &str) -> String {
    format!("page-{}", page.replace('/', "-"))
}

fn fill(template: &str, pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

impl LanguageRenderer<'_> {
    /// The link from the page `from` to a file under the language folder.
    fn path_link(&self, from: usize, to: &str) -> String {
        relative(&self.routes.route(from).path, to)
    }

    pub fn history_view(&self, lx: &mut PageLanguage, from: usize) -> HistoryView {
        let history = self.history;
        let entries = self
            .site
            .config
            .history
            .iter()
            .map(|entry| {
                let index = entry.version.as_deref().and_then(|v| history.index_of(v));
                let version = entry.version.clone();
                HistoryEntry {
                    date: display_date(&entry.date, self.lang),
                    note: lx.text(&entry.note),
                    changed: index.filter(|&i| i > 0).map(|i| history.changes[i].len()),
                    first: index == Some(0),
                    comparison: index
                        .filter(|&i| i > 0)
                        .and_then(|_| lx.link_key(&format!("revisions/{}", version.as_deref()?))),
                    print: index.and_then(|i| self.print_link(lx, from, i)),
                    print_in: index.and_then(|i| self.print_language(i)).cloned(),
                    version,
                }
            })
            .collect();
        let draft = self.draft.and_then(|_| lx.link_key("revisions/next"));
        HistoryView { entries, draft }
    }

    /// Where the whole text of recorded version `index` is: its own print view (in its
    /// default language when it had not this one), or today's when it is the current
    /// text.
    fn print_link(&self, lx: &PageLanguage, from: usize, index: usize) -> Option<String> {
        let version = &self.history.versions[index];
        if version.loaded.is_none() {
            return lx.link_key("print");
        }
        version.printed()?;
        let to = format!("revisions/{}/print.html", version.version);
        Some(match self.print_language(index) {
            Some(other) => {
                let root = to_output_root(&self.routes.route(from).path);
                format!("{root}{}/{to}", other.code)
            }
            None => self.path_link(from, &to),
        })
    }

    /// The language of an earlier version's print view when it was not published in
    /// this page's language (one added since): that version's default language.
    fn print_language(&self, index: usize) -> Option<&crate::model::Language> {
        let config = &self.history.versions[index].printed()?.site.config;
        let had = config.languages.iter().any(|l| l.code == self.lang);
        config.languages.first().filter(|_| !had)
    }

    /// The comparison of recorded version `index` with the one before, or (`None`)
    /// of the working content with the last recorded version.
    pub fn comparison_view(&self, lx: &PageLanguage, index: Option<usize>) -> ComparisonView {
        let history = self.history;
        let empty = Comparison::default();
        let (comparison, summary) = match index {
            Some(i) => {
                let (this, before) = (&history.versions[i], &history.versions[i - 1]);
                let summary = fill(
                    self.word("revision_summary"),
                    &[
                        ("v", &this.version),
                        ("d", &display_date(&this.date, self.lang)),
                        ("from", &before.version),
                        (
                            "n",
                            &history.changes[i]
                                .groups(self.lang)
                                .iter()
                                .map(|g| g.1.len())
                                .sum::<usize>()
                                .to_string(),
                        ),
                    ],
                );
                (&history.changes[i], summary)
            }
            None => {
                let comparison = self.draft.unwrap_or(&empty);
                let from = history.last().map_or("", |v| v.version.as_str());
                let n: usize = comparison.groups(self.lang).iter().map(|g| g.1.len()).sum();
                let summary = fill(
                    self.word("revision_draft_summary"),
                    &[("from", from), ("n", &n.to_string())],
                );
                (comparison, summary)
            }
        };
        let groups = comparison
            .groups(self.lang)
            .into_iter()
            .map(|(page, rows)| self.group_view(lx, page, &rows))
            .collect();
        ComparisonView { summary, groups }
    }

    fn group_view(&self, lx: &PageLanguage, page: &str, rows: &[&Row]) -> GroupView {
        let route = self.routes.get(page);
        GroupView {
            id: group_id(page),
            title: route.map_or_else(
                || self.removed_page_title(page, rows),
                |r| self.titles[r].clone(),
            ),
            href: route.map(|r| lx.link(r)),
            rows: rows.iter().map(|row| self.row_view(lx, row)).collect(),
        }
    }

    /// A page that no longer exists, named by its title as it was (else its key).
    fn removed_page_title(&self, page: &str, rows: &[&Row]) -> Html {
        let title = rows
            .iter()
            .find(|row| row.kind == RowKind::Paragraph && row.key.ends_with("#title"))
            .and_then(|row| row.old.get(self.lang));
        escape_html(title.map_or(page, String::as_str))
    }

    fn row_view(&self, lx: &PageLanguage, row: &Row) -> RowView {
        let (before, after) = row_segments(row, self.lang);
        let field = row.key.split_once('#').map_or("", |(_, f)| f);
        let label = match row.kind {
            RowKind::Paragraph if field == "title" => self.word("revision_page_title").to_string(),
            RowKind::Paragraph => {
                let n = field.trim_start_matches("paragraph[").trim_end_matches(']');
                self.word("revision_paragraph").replace("{n}", n)
            }
            RowKind::Order => format!("{field} ({})", self.word("revision_order")),
            RowKind::Text | RowKind::Number => field.to_string(),
        };
        let href = (row.change != Change::Removed)
            .then(|| self.routes.get(&row.page))
            .flatten()
            .map(|route| {
                let link = lx.link(route);
                match &row.anchor {
                    Some(a) if self.routes.has_anchor(route, self.lang, a) => format!("{link}#{a}"),
                    _ => link,
                }
            });
        RowView {
            label,
            change: match row.change {
                Change::Added => "added",
                Change::Removed => "removed",
                Change::Changed => "changed",
            },
            new_html: marked(&after, "ins"),
            old_html: marked(&before, "del"),
            href,
        }
    }

    /// "Last revised in …" for the page of `route`, if a recorded revision changed it.
    pub fn revised_note(&self, route: usize) -> Option<RevisedNote> {
        let key = &self.routes.route(route).key;
        let &index = self
            .history
            .last_revised
            .get(&(key.clone(), self.lang.to_string()))?;
        let version = &self.history.versions[index];
        let text = fill(
            self.word("last_revised"),
            &[
                ("v", &version.version),
                ("d", &display_date(&version.date, self.lang)),
            ],
        );
        let to = format!("revisions/{}.html#{}", version.version, group_id(key));
        Some(RevisedNote {
            text,
            href: self.path_link(route, &to),
        })
    }

    /// The notice at the top of an earlier version's print view.
    pub fn archived_notice(&self, archive: &Archive) -> String {
        fill(
            self.word("archived_notice"),
            &[
                ("v", &archive.version),
                ("d", &display_date(&archive.date, self.lang)),
            ],
        )
    }
}

/// Runs as HTML, the changed ones inside `<ins>` or `<del>`.
fn marked(segments: &[Segment], tag: &str) -> Html {
    segments
        .iter()
        .map(|s| {
            let text = escape_html(&s.text);
            match s.changed && !s.text.trim().is_empty() {
                true => format!("<{tag}>{text}</{tag}>"),
                false => text,
            }
        })
        .collect()
}
