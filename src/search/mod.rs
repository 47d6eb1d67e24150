//! Search: after rendering, one index per language, written as scripts (not fetched
//! JSON, so search works from `file://`, offline and under any sub-path).
//! `themes/default/static/search.js` reads them; `SearchIndex::search` here ranks
//! exactly as it does, so the ranking is tested in Rust.
//!
//! The index is an inverted index over the sections of every page (the text before
//! the first heading, then each heading and glossary term). A small index (up to
//! `PartSizes::whole`, 1 MB: the bundled site's are about 100 KB) is one script,
//! `LANG/search-index.js`, in format 1:
//!
//! ```text
//! window.policySearchIndex = {
//!   "v": 1, "lang": "ja",
//!   "tables":   {…},                                      // tokens::TABLES, which search.js splits queries with
//!   "pages":    [[path, title], …],                      // path under LANG/
//!   "sections": [[page, anchor, heading, text], …],      // reading order; heading "" = the page itself
//!   "terms":    [term, …],                               // sorted by UTF-16 code units, as JS compares
//!   "postings": [postings of terms[i], …]                // one string per term
//! }
//! ```
//!
//! A larger index (a site of thousands of pages: 10,000 pages make 20 to 50 MB per
//! language) would block the search page for a second or more while the browser
//! evaluates it, so it is cut into parts (`parts.rs`), each a script the browser adds
//! only when a query needs it and evaluates, in a task of its own, in a few
//! milliseconds. `LANG/search-index.js` is then a manifest, format 2:
//!
//! ```text
//! window.policySearchIndex = {
//!   "v": 2, "lang": "ja",
//!   "tables": {…},                                       // as in format 1
//!   "terms": 330341, "sections": 50000,                  // how many in all
//!   "termParts": [[first term, its number], …],          // part k is search/terms-k.js
//!   "sectionParts": [first section, …],                  // part k is search/sections-k.js
//!   "parts": {}                                          // filled by the parts as they load
//! }
//! ```
//!
//! and each part, under `LANG/search/`, adds itself to `parts`:
//!
//! ```text
//! policySearchIndex.parts["terms-3"] = {"terms": [term, …], "postings": [string, …]};
//! policySearchIndex.parts["sections-7"] = {
//!   "page": number of the first page, "pages": [[path, title], …],   // the pages of these sections
//!   "sections": [[page, anchor, heading, text], …]
//! };
//! ```
//!
//! Terms are numbered in their sorted order (the same numbers and order as format
//! 1's `terms`), and each term part holds a run of them up to 256 KB, so the parts a
//! query term needs follow from the first terms alone: the last part starting at or
//! before it, and for a prefix every following part whose first term it starts.
//! Section parts hold runs of sections in reading order, up to 64 KB with their
//! pages' paths and titles (the path and title of a page cut between two parts are
//! in both); only the parts of the 50 results shown are loaded, so sections keep their
//! whole text (trimming it to what snippets need would save disk, not time). The
//! sizes keep each part's evaluation well under 50 ms; the cut depends only on the
//! index, so the output is the same for the same input. A small index stays one
//! script because that is simplest: it answers the first query at once.
//!
//! A term's postings are (section, weight) pairs in section order, written as
//! variable-length base-32 digits: the gap from the previous section, then the
//! weight. A digit below 32 is written `'0' + d` when it ends a number and
//! `'_' + d` when more follow (high digits first), so the strings need no escaping
//! and the browser decodes only the terms a query names. The weight says where the
//! term is (`posting_weight`): in the text (1 to 7, how often), in the heading (8 to
//! 19) or the page title (20 to 31) by the length of that heading or title, or only
//! in the title of the section's page (33 to 44, by its length): a page's title
//! counts for each of its sections, so `課長 求められる能力` finds the section of the
//! 課長 page about the skills it needs.
//!
//! How a query is read is in `tokens`; how it matches and ranks in
//! `SearchIndex::answer`.

mod parts;
mod stem;
pub mod tokens;

use crate::render::{OutputFile, SearchText};
use crate::routes::Routes;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

pub use crate::render::sections::{searched, split, PageSection};
pub use parts::{IndexScript, PartSizes};
pub use stem::stem;

/// Where a term was found in a section; higher ranks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The title of the page a section (after the first) is on: it counts only with
    /// a term of the section's own.
    PageTitle,
    Text,
    Heading,
    Title,
}

/// One search result: a section and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub section: u32,
    pub score: u32,
}

/// One section as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub page: u32,
    pub anchor: String,
    /// Empty for the part of a page before its first heading: it is the page itself.
    pub heading: String,
    pub text: String,
}

/// One language's index (see the module comment for its layout in the browser).
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub lang: String,
    /// `(path under LANG/, title)`.
    pub pages: Vec<(String, String)>,
    /// The pages (by number) that show a translation that may be out of date.
    pub stale: std::collections::BTreeSet<u32>,
    pub sections: Vec<Section>,
    /// Sorted by UTF-16 code units.
    pub terms: Vec<String>,
    /// For each term, `(section, weight)` in section order.
    pub postings: Vec<Vec<(u32, u8)>>,
}

/// The terms seen so far, each with an id (in order of first sight) and its postings.
#[derive(Default)]
struct Terms {
    ids: HashMap<String, usize>,
    postings: Vec<Vec<(u32, u8)>>,
}

impl Terms {
    fn id(&mut self, term: &str) -> usize {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        self.ids.insert(term.to_string(), self.postings.len());
        self.postings.push(Vec::new());
        self.postings.len() - 1
    }

    /// The terms sorted as JavaScript compares strings (by UTF-16 code units), with their postings.
    fn sorted(mut self) -> (Vec<String>, Vec<Vec<(u32, u8)>>) {
        let mut terms: Vec<(String, usize)> = self.ids.into_iter().collect();
        terms.sort_by_cached_key(|(term, _)| term.encode_utf16().collect::<Vec<u16>>());
        terms
            .into_iter()
            .map(|(term, id)| (term, std::mem::take(&mut self.postings[id])))
            .unzip()
    }
}

/// Score of one term found in one field; what `posting_score` adds is never enough to
/// lift text above a heading or a heading above a title.
const FIELD_SCORE: [u32; 3] = [8, 32, 64];

/// Added to the score of a section whose title or heading is the query.
const EQUAL_BONUS: u32 = 1_000_000;

/// What a query found: the sections, best first, and each word that matched nothing
/// but was read as a term one typo away (`harrassment` as `harass`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answer {
    pub hits: Vec<Hit>,
    /// `(the word as typed, normalised; the term searched for instead)`.
    pub corrected: Vec<(String, String)>,
}

/// A query term and the index terms it matches.
struct GroupTerm {
    term: tokens::QueryTerm,
    range: std::ops::Range<usize>,
    /// False for a correction: it scores as a longer term would.
    exact: bool,
}

/// What a section has of a query (or of one group of it).
#[derive(Default, Clone, Copy)]
struct Found {
    score: u32,
    /// The weight of the query's terms it has.
    weight: u32,
    /// How many terms are in a title or heading as long as the query.
    equal: u32,
    /// Whether a term is in the section itself, not only in its page's title.
    own: bool,
}

impl Found {
    fn add(self, other: &Found) -> Found {
        Found {
            score: self.score + other.score,
            weight: self.weight + other.weight,
            equal: self.equal + other.equal,
            own: self.own || other.own,
        }
    }
}

/// Twice the weight of a group's terms a section must have: half the weight of the
/// terms that carry meaning (weight 2 or more, or all if none does), or all of a
/// group of one or two terms (`安全性` needs both its bigrams).
fn needed_weight(terms: &[tokens::QueryTerm]) -> u32 {
    let all: u32 = terms.iter().map(|t| t.weight).sum();
    let meaningful: u32 = terms.iter().map(|t| t.weight).filter(|&w| w >= 2).sum();
    if terms.len() <= 2 {
        all * 2
    } else if meaningful > 0 {
        meaningful
    } else {
        all
    }
}

/// Whether a path under a language folder is one of the index scripts
/// (`search-index.js`, `search/terms-0.js`).
pub fn is_index_script(path: &str) -> bool {
    path == "search-index.js" || (path.starts_with("search/") && path.ends_with(".js"))
}

/// The index scripts of one language from its pages' texts, each handed to `emit` as
/// soon as it is made. The texts are dropped once indexed, so a build holds at most
/// one language's index at a time, and no text twice. Stops at `emit`'s first error.
pub fn write_index_of<E>(
    lang: &str,
    routes: &Routes,
    pages: Vec<Arc<SearchText>>,
    emit: &mut dyn FnMut(OutputFile) -> Result<(), E>,
) -> Result<(), E> {
    let index = SearchIndex::build_from(lang, routes, pages);
    let mut result = Ok(());
    parts::scripts_into(&index, &PartSizes::default(), &mut |script| {
        if result.is_ok() {
            let file = OutputFile::new(format!("{lang}/{}", script.path), script.text.into_bytes());
            result = emit(file);
        }
    });
    result
}

/// The index scripts of every language (`LANG/search-index.js`, and `LANG/search/*.js`
/// for a large index), from the pages render produced.
pub fn index_files(routes: &Routes, pages: &[Arc<SearchText>]) -> Vec<OutputFile> {
    let mut languages: Vec<&str> = pages.iter().map(|p| p.lang.as_str()).collect();
    languages.sort_unstable();
    languages.dedup();
    let per_language: Vec<Vec<OutputFile>> = languages
        .into_par_iter()
        .map(|lang| {
            let index = SearchIndex::build(lang, routes, pages);
            index
                .scripts(&PartSizes::default())
                .into_iter()
                .map(|script| {
                    OutputFile::new(format!("{lang}/{}", script.path), script.text.into_bytes())
                })
                .collect()
        })
        .collect();
    per_language.into_iter().flatten().collect()
}

impl SearchIndex {
    /// The index of `lang`'s pages, in reading order (pages outside it after, by route).
    pub fn build(lang: &str, routes: &Routes, pages: &[Arc<SearchText>]) -> SearchIndex {
        SearchIndex::build_from(lang, routes, pages.to_vec())
    }

    /// [`SearchIndex::build`] from texts it may take: the sections of a text no one
    /// else holds are moved into the index, not copied.
    fn build_from(lang: &str, routes: &Routes, mut pages: Vec<Arc<SearchText>>) -> SearchIndex {
        pages.retain(|p| p.lang == lang);
        pages.sort_by_key(|p| (routes.route(p.route).order.unwrap_or(usize::MAX), p.route));
        let mut index = SearchIndex::new(lang);
        for page in pages {
            let page = Arc::try_unwrap(page).unwrap_or_else(|shared| (*shared).clone());
            let title = crate::html::decode_entities(&page.title);
            if page.stale {
                index.stale.insert(index.pages.len() as u32);
            }
            let path = &routes.route(page.route).path;
            index.add_owned_sections(path, &title, page.sections);
        }
        index.invert();
        index
    }

    /// An empty index: add pages, then `invert`.
    pub fn new(lang: &str) -> SearchIndex {
        SearchIndex {
            lang: lang.to_string(),
            ..SearchIndex::default()
        }
    }

    /// Adds a page and its sections (the postings are built by `invert`).
    pub fn add_page(&mut self, path: &str, title: &str, body_html: &str) {
        self.add_owned_sections(path, title, searched(body_html));
    }

    /// Adds a page already cut into sections ([`searched`]).
    fn add_owned_sections(&mut self, path: &str, title: &str, sections: Vec<PageSection>) {
        let page = self.pages.len() as u32;
        self.pages.push((path.to_string(), title.to_string()));
        self.sections
            .extend(sections.into_iter().map(|part| Section {
                page,
                anchor: part.anchor,
                heading: part.heading,
                text: part.text,
            }));
    }

    /// Builds `terms` and `postings` from the sections added so far.
    pub fn invert(&mut self) {
        let mut terms = Terms::default();
        let mut found: Vec<(usize, Field)> = Vec::new();
        // The page whose title was split last: its terms and its length.
        let mut title_terms: (u32, Vec<usize>, usize) = (u32::MAX, Vec::new(), 0);
        for (id, section) in self.sections.iter().enumerate() {
            let title = &self.pages[section.page as usize].1;
            let (named_field, named) = if section.heading.is_empty() {
                (Field::Title, title.as_str())
            } else {
                (Field::Heading, section.heading.as_str())
            };
            found.clear();
            let mut named_len = 0;
            for (field, text) in [(named_field, named), (Field::Text, section.text.as_str())] {
                let normalised = tokens::normalise(text);
                tokens::each_token(&normalised, |token, kind| {
                    if field != Field::Text && kind.counts() {
                        named_len += 1;
                    }
                    found.push((terms.id(token), field))
                });
            }
            if named_field == Field::Heading {
                if title_terms.0 != section.page {
                    title_terms = (section.page, Vec::new(), 0);
                    let normalised = tokens::normalise(title);
                    tokens::each_token(&normalised, |token, kind| {
                        title_terms.2 += usize::from(kind.counts());
                        title_terms.1.push(terms.id(token));
                    });
                }
                found.extend(title_terms.1.iter().map(|&t| (t, Field::PageTitle)));
            }
            found.sort_unstable();
            for group in found.chunk_by(|a, b| a.0 == b.0) {
                let field = group.iter().map(|&(_, f)| f).max().unwrap_or(Field::Text);
                let count = group.iter().filter(|&&(_, f)| f == field).count();
                let len = if field == Field::PageTitle {
                    title_terms.2
                } else {
                    named_len
                };
                terms.postings[group[0].0].push((id as u32, posting_weight(field, count, len)));
            }
        }
        (self.terms, self.postings) = terms.sorted();
    }

    /// The indexes of the terms a query term matches: itself, or every term it starts.
    fn matching_terms(&self, term: &tokens::QueryTerm) -> std::ops::Range<usize> {
        let key: Vec<u16> = term.text.encode_utf16().collect();
        let start = self
            .terms
            .partition_point(|t| t.encode_utf16().lt(key.iter().copied()));
        let end = if term.prefix {
            start + self.terms[start..].partition_point(|t| t.starts_with(&term.text))
        } else {
            start + usize::from(self.terms.get(start) == Some(&term.text))
        };
        start..end
    }

    /// The sections that match `query`, best first (see `answer`).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.answer(query).hits
    }

    /// The sections that match `query`, best first, and the words it corrected.
    ///
    /// A section matches when it has every group of the query (see `tokens::Query`):
    /// a word (or a word one typo away, when no term starts with the word itself and
    /// it has five letters or more), and at least half the weight of the meaningful
    /// bigrams of a Japanese run (all of a run of two bigrams or one); optional words
    /// only add to the score. A section's
    /// page title counts for it, with a term of its own. A section's score adds,
    /// for every term it has, the term's weight times the best field it is in (title
    /// 64, heading 32, text 8; a shorter title or heading, and a term repeated in the
    /// text, a little more), times 10 for the term itself or 9 for a longer term it
    /// starts or a correction. A title or heading that is the query, term for term,
    /// comes before everything else. Ties keep reading order, except that of results
    /// with exactly the same score (copies of one section on many pages) only the
    /// first keeps its place: the others follow the next lower score.
    pub fn answer(&self, query: &str) -> Answer {
        let query = tokens::Query::parse(query);
        let whole: usize = query
            .groups
            .iter()
            .filter(|g| !g.optional)
            .map(|g| g.terms.len())
            .sum();
        let mut corrected = Vec::new();
        let Some(matched) = self.found_groups(&query, &mut corrected) else {
            return Answer {
                hits: Vec::new(),
                corrected,
            };
        };
        Answer {
            hits: ranked(self.scores(&matched, whole)),
            corrected,
        }
    }

    /// The groups of `query` with the terms each matches, required groups first;
    /// `None` if a required group matches nothing. Corrections go to `corrected`.
    fn found_groups<'q>(
        &self,
        query: &'q tokens::Query,
        corrected: &mut Vec<(String, String)>,
    ) -> Option<Vec<(&'q tokens::Group, Vec<GroupTerm>)>> {
        let mut matched: Vec<(&tokens::Group, Vec<GroupTerm>)> = Vec::new();
        for group in &query.groups {
            let mut terms: Vec<GroupTerm> = group
                .terms
                .iter()
                .map(|term| GroupTerm {
                    term: term.clone(),
                    range: self.matching_terms(term),
                    exact: true,
                })
                .collect();
            if let Some(correction) = self.correction(group, &terms) {
                corrected.push((group.text.clone(), self.terms[correction].clone()));
                terms[0].range = correction..correction + 1;
                terms[0].exact = false;
            }
            if terms.iter().any(|t| !t.range.is_empty()) {
                matched.push((group, terms));
            } else if !group.optional {
                // A word no section has: nothing matches the whole query.
                return None;
            }
        }
        // Required groups first, so optional ones only add to what is already found.
        matched.sort_by_key(|(g, _)| g.optional);
        Some(matched)
    }

    /// The sections that have every required group, with their scores (see `answer`).
    fn scores(&self, matched: &[(&tokens::Group, Vec<GroupTerm>)], whole: usize) -> Vec<Hit> {
        let mut total: Option<HashMap<u32, Found>> = None;
        let mut all_weight = 0;
        for (group, terms) in matched {
            let found = self.group_scores(terms, whole);
            let needed = needed_weight(&group.terms);
            if !group.optional {
                all_weight += terms.iter().map(|t| t.term.weight).sum::<u32>();
            }
            total = Some(match total {
                None if group.optional => break,
                None => found
                    .into_iter()
                    .filter(|(_, s)| s.weight * 2 >= needed)
                    .collect(),
                Some(mut so_far) if group.optional => {
                    for (section, so_far) in so_far.iter_mut() {
                        if let Some(s) = found.get(section) {
                            so_far.score += s.score;
                            so_far.own |= s.own;
                        }
                    }
                    so_far
                }
                Some(so_far) => so_far
                    .into_iter()
                    .filter_map(|(section, so_far)| {
                        let s = found.get(&section).filter(|s| s.weight * 2 >= needed)?;
                        Some((section, so_far.add(s)))
                    })
                    .collect(),
            });
        }
        total
            .unwrap_or_default()
            .into_iter()
            .filter(|(_, found)| found.own)
            .map(|(section, found)| Hit {
                section,
                score: (u64::from(found.score) * u64::from(found.weight)
                    / u64::from(all_weight.max(1))) as u32
                    + if whole > 0 && found.equal as usize == whole {
                        EQUAL_BONUS
                    } else {
                        0
                    },
            })
            .collect()
    }

    /// For each section with a term of the group: its score, the weight of the terms
    /// it has, and how many of them are in a title or heading that is the query.
    fn group_scores(&self, terms: &[GroupTerm], whole: usize) -> HashMap<u32, Found> {
        let mut found: HashMap<u32, Found> = HashMap::new();
        for term in terms {
            let mut best: HashMap<u32, (u32, u32, bool)> = HashMap::new();
            for t in term.range.clone() {
                let exact = term.exact && self.terms[t] == term.term.text;
                for &(section, weight) in &self.postings[t] {
                    let score = posting_score(weight) * if exact { 10 } else { 9 };
                    let equal = u32::from(exact && named_length(weight) == Some(whole));
                    let entry = best.entry(section).or_insert((0, 0, false));
                    entry.0 = entry.0.max(score);
                    entry.1 = entry.1.max(equal);
                    entry.2 |= own(weight);
                }
            }
            for (section, (score, equal, own)) in best {
                let entry = found.entry(section).or_default();
                entry.score += score * term.term.weight;
                entry.weight += term.term.weight;
                entry.equal += equal;
                entry.own |= own;
            }
        }
        found
    }

    /// The term a word one typo away from `group` stands for, when no term starts with
    /// the word itself: the word has five letters or more, the term starts with the
    /// same letter, and of such terms it is in the most sections (then the first).
    fn correction(&self, group: &tokens::Group, terms: &[GroupTerm]) -> Option<usize> {
        if group.japanese || group.text.chars().count() < 5 || !terms[0].range.is_empty() {
            return None;
        }
        let typed = &terms[0].term.text;
        let first: String = typed.chars().take(1).collect();
        let candidates = self.matching_terms(&tokens::QueryTerm {
            text: first,
            prefix: true,
            weight: 0,
        });
        let mut best: Option<usize> = None;
        for t in candidates {
            if one_edit_apart(typed, &self.terms[t])
                && best.is_none_or(|b| self.postings[t].len() > self.postings[b].len())
            {
                best = Some(t);
            }
        }
        best
    }

    /// The scripts the search page loads, paths under `LANG/`: `search-index.js`
    /// alone (format 1) when the index is at most `sizes.whole` bytes, else the
    /// manifest (format 2) and its parts under `search/`.
    pub fn scripts(&self, sizes: &PartSizes) -> Vec<IndexScript> {
        parts::scripts(self, sizes)
    }

    /// A page as the index lists it: `[path, title]`, with a third element `1` when
    /// it shows a translation that may be out of date (the result says so).
    pub fn page_entry(&self, page: usize) -> serde_json::Value {
        let (path, title) = &self.pages[page];
        if self.stale.contains(&(page as u32)) {
            serde_json::json!([path, title, 1])
        } else {
            serde_json::json!([path, title])
        }
    }

    /// The whole index as one script (format 1).
    pub fn to_script(&self) -> String {
        let file = IndexFile {
            v: 1,
            lang: &self.lang,
            tables: tokens::TABLES,
            pages: (0..self.pages.len()).map(|p| self.page_entry(p)).collect(),
            sections: self
                .sections
                .iter()
                .map(|s| {
                    (
                        s.page,
                        s.anchor.as_str(),
                        s.heading.as_str(),
                        s.text.as_str(),
                    )
                })
                .collect(),
            terms: &self.terms,
            postings: self.postings.iter().map(|p| encode_postings(p)).collect(),
        };
        // Serialising plain strings and numbers cannot fail; an empty index is the fallback.
        let json = serde_json::to_string(&file).unwrap_or_else(|_| "{}".to_string());
        format!(
            "// The search index for `{}`, generated by policy-site: do not edit.\nwindow.policySearchIndex = {json};\n",
            self.lang
        )
    }
}

#[derive(Serialize)]
struct IndexFile<'a> {
    v: u32,
    lang: &'a str,
    tables: tokens::Tables,
    pages: Vec<serde_json::Value>,
    sections: Vec<(u32, &'a str, &'a str, &'a str)>,
    terms: &'a [String],
    postings: Vec<String>,
}

/// The weight of a posting, one base-32 digit: for text, how often the term is in it
/// (1 to 7); for a heading 8 to 19 and for a title 20 to 31, by the number of terms
/// in it (1 to 12, 12 meaning 12 or more); for the title of the section's page (two
/// digits, the only ones) 33 to 44, the same way.
fn posting_weight(field: Field, count: usize, named_len: usize) -> u8 {
    let len = named_len.clamp(1, 12) as u8;
    match field {
        Field::PageTitle => 32 + len,
        Field::Text => count.clamp(1, 7) as u8,
        Field::Heading => 7 + len,
        Field::Title => 19 + len,
    }
}

/// The number of terms in the title or heading a posting is in, if it is one and has
/// fewer than 12.
fn named_length(weight: u8) -> Option<usize> {
    let len = match weight {
        8..=19 => weight - 7,
        20..=31 => weight - 19,
        _ => return None,
    };
    (len < 12).then_some(usize::from(len))
}

/// The score of a term found where `weight` says: the field's, plus up to 7 for a
/// term repeated in text, or up to 11 for a short title or heading; the title of the
/// section's page 2 to 7 (less than any text), by its length.
fn posting_score(weight: u8) -> u32 {
    let weight = u32::from(weight);
    match weight {
        0..=7 => FIELD_SCORE[0] + weight,
        8..=19 => FIELD_SCORE[1] + 19 - weight,
        20..=31 => FIELD_SCORE[2] + 31 - weight,
        _ => 2 + (44 - weight.min(44)) / 2,
    }
}

/// Is a posting of this weight in the section itself (not only its page's title)?
fn own(weight: u8) -> bool {
    weight < 32
}

/// Are `a` and `b` one insertion, deletion, substitution or swap of neighbours apart?
fn one_edit_apart(a: &str, b: &str) -> bool {
    strsim::osa_distance(a, b) == 1
}

/// `hits` best first: by score, then reading order; of hits with the same score only
/// the first keeps its place, the others follow the first hit with a lower score.
fn ranked(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.section.cmp(&b.section)));
    let mut out = Vec::with_capacity(hits.len());
    let mut followers: &[Hit] = &[];
    for level in hits.chunk_by(|a, b| a.score == b.score) {
        out.push(level[0]);
        out.extend_from_slice(followers);
        followers = &level[1..];
    }
    out.extend_from_slice(followers);
    out
}

/// `(section, weight)` pairs as gap-and-weight numbers in base-32 digits.
pub fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut previous = 0;
    for &(section, weight) in postings {
        push_number(&mut out, section - previous);
        push_number(&mut out, u32::from(weight));
        previous = section;
    }
    out
}

fn push_number(out: &mut String, mut value: u32) {
    let mut digits = vec![(b'0' + (value & 31) as u8) as char];
    value >>= 5;
    while value > 0 {
        digits.push((b'_' + (value & 31) as u8) as char);
        value >>= 5;
    }
    out.extend(digits.iter().rev());
}

/// The inverse of `encode_postings`, as search.js does it.
pub fn decode_postings(encoded: &str) -> Vec<(u32, u8)> {
    let mut numbers = Vec::new();
    let mut value: u32 = 0;
    for byte in encoded.bytes() {
        if byte >= b'_' {
            value = (value << 5) | u32::from(byte - b'_');
        } else {
            numbers.push((value << 5) | u32::from(byte.saturating_sub(b'0')));
            value = 0;
        }
    }
    let mut section = 0;
    numbers
        .chunks_exact(2)
        .map(|pair| {
            section += pair[0];
            (section, pair[1] as u8)
        })
        .collect()
}

#[cfg(test)]
mod tests;
