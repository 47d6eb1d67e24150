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
//! and the browser decodes only the terms a query names. The weight is
//! `field * 8 + min(count, 7)`, where field is 2 for the page title, 1 for a heading,
//! 0 for text.

mod parts;
mod sections;
pub mod tokens;

use crate::render::{OutputFile, PageText};
use crate::routes::Routes;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

pub use parts::{IndexScript, PartSizes};
pub use sections::{split, PageSection};

/// Where a term was found in a section; higher ranks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Text = 0,
    Heading = 1,
    Title = 2,
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

/// Score of one term found in one field; a count of up to 7 adds to it, never enough
/// to lift text above a heading or a heading above a title.
const FIELD_SCORE: [u32; 3] = [8, 32, 64];

/// Whether a path under a language folder is one of the index scripts
/// (`search-index.js`, `search/terms-0.js`).
pub fn is_index_script(path: &str) -> bool {
    path == "search-index.js" || (path.starts_with("search/") && path.ends_with(".js"))
}

/// The index scripts of one language.
pub fn index_files_of(lang: &str, routes: &Routes, pages: &[Arc<PageText>]) -> Vec<OutputFile> {
    SearchIndex::build(lang, routes, pages)
        .scripts(&PartSizes::default())
        .into_iter()
        .map(|script| OutputFile::new(format!("{lang}/{}", script.path), script.text.into_bytes()))
        .collect()
}

/// The index scripts of every language (`LANG/search-index.js`, and `LANG/search/*.js`
/// for a large index), from the pages render produced.
pub fn index_files(routes: &Routes, pages: &[Arc<PageText>]) -> Vec<OutputFile> {
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
    pub fn build(lang: &str, routes: &Routes, pages: &[Arc<PageText>]) -> SearchIndex {
        let mut ordered: Vec<&PageText> = pages
            .iter()
            .map(|p| &**p)
            .filter(|p| p.lang == lang)
            .collect();
        let position = |p: &PageText| {
            let route = routes.route(p.route);
            (route.order.unwrap_or(usize::MAX), p.route)
        };
        ordered.sort_by_key(|p| position(p));
        let mut index = SearchIndex::new(lang);
        for page in ordered {
            let title = sections::decode_entities(&page.title);
            index.add_page(&routes.route(page.route).path, &title, &page.body);
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
        let page = self.pages.len() as u32;
        self.pages.push((path.to_string(), title.to_string()));
        for (i, part) in split(body_html).into_iter().enumerate() {
            if i > 0 && part.heading.is_empty() && part.text.is_empty() {
                continue;
            }
            self.sections.push(Section {
                page,
                anchor: part.anchor,
                heading: part.heading,
                text: part.text,
            });
        }
    }

    /// Builds `terms` and `postings` from the sections added so far.
    pub fn invert(&mut self) {
        let mut terms = Terms::default();
        let mut found: Vec<(usize, Field)> = Vec::new();
        for (id, section) in self.sections.iter().enumerate() {
            let title = &self.pages[section.page as usize].1;
            let fields = [
                (
                    Field::Title,
                    if section.heading.is_empty() {
                        title.as_str()
                    } else {
                        ""
                    },
                ),
                (Field::Heading, section.heading.as_str()),
                (Field::Text, section.text.as_str()),
            ];
            found.clear();
            for (field, text) in fields {
                let normalised = tokens::normalise(text);
                tokens::each_token(&normalised, |token, _| found.push((terms.id(token), field)));
            }
            found.sort_unstable();
            for group in found.chunk_by(|a, b| a.0 == b.0) {
                let field = group.iter().map(|&(_, f)| f).max().unwrap_or(Field::Text);
                let weight = (field as u8) * 8 + group.len().min(7) as u8;
                terms.postings[group[0].0].push((id as u32, weight));
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

    /// The sections that hold every term of `query`, best first: scores add up over
    /// the query's terms; for each term the best matching field counts, a prefix
    /// match 9/10 of an exact one; ties keep reading order.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let terms = tokens::query_terms(query);
        let mut total: Option<HashMap<u32, u32>> = None;
        for term in &terms {
            let mut scores: HashMap<u32, u32> = HashMap::new();
            for t in self.matching_terms(term) {
                let exact = self.terms[t] == term.text;
                for &(section, weight) in &self.postings[t] {
                    let score = posting_score(weight) * if exact { 10 } else { 9 };
                    let best = scores.entry(section).or_insert(0);
                    *best = (*best).max(score);
                }
            }
            total = Some(match total {
                None => scores,
                Some(so_far) => so_far
                    .into_iter()
                    .filter_map(|(s, score)| scores.get(&s).map(|more| (s, score + more)))
                    .collect(),
            });
        }
        let mut hits: Vec<Hit> = total
            .unwrap_or_default()
            .into_iter()
            .map(|(section, score)| Hit { section, score })
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.section.cmp(&b.section)));
        hits
    }

    /// The scripts the search page loads, paths under `LANG/`: `search-index.js`
    /// alone (format 1) when the index is at most `sizes.whole` bytes, else the
    /// manifest (format 2) and its parts under `search/`.
    pub fn scripts(&self, sizes: &PartSizes) -> Vec<IndexScript> {
        parts::scripts(self, sizes)
    }

    /// The whole index as one script (format 1).
    pub fn to_script(&self) -> String {
        let file = IndexFile {
            v: 1,
            lang: &self.lang,
            pages: &self.pages,
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
    pages: &'a [(String, String)],
    sections: Vec<(u32, &'a str, &'a str, &'a str)>,
    terms: &'a [String],
    postings: Vec<String>,
}

fn posting_score(weight: u8) -> u32 {
    let field = usize::from(weight >> 3).min(FIELD_SCORE.len() - 1);
    FIELD_SCORE[field] + u32::from(weight & 7)
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
