//! A large index cut into parts: a small `search-index.js` (format 2) that says where
//! each part starts, and one script per part under `search/`, which the browser loads
//! only when a query needs it (see the module comment of `search` for the layout).
//!
//! Every JSON value is written once, then gathered into parts by its exact size, so
//! the cut is the same for the same index and costs one pass.

use super::{encode_postings, SearchIndex};
use serde::Serialize;

/// How large the scripts of an index may grow, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartSizes {
    /// An index up to this size stays one script (format 1).
    pub whole: usize,
    /// Terms with their postings per part (one term's postings alone may exceed it).
    pub terms: usize,
    /// Sections, with the paths and titles of their pages, per part (one section alone
    /// may exceed it).
    pub sections: usize,
}

impl Default for PartSizes {
    /// One script up to 1 MB (about 30 ms to evaluate); beyond it parts of at most
    /// 256 KB of terms (a query usually needs one or two) and 64 KB of sections (the 50
    /// results shown may each need their own).
    fn default() -> Self {
        PartSizes {
            whole: 1_000_000,
            terms: 256_000,
            sections: 64_000,
        }
    }
}

/// One script of an index: its path under `LANG/` and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexScript {
    pub path: String,
    pub text: String,
}

/// Plain strings and numbers always serialise; `null` is never written in practice.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

/// Cuts items, given by their sizes, into runs of at most `limit` bytes (with a comma
/// after each); returns where each run starts. A run holds at least one item.
fn cut(sizes: impl Iterator<Item = usize>, limit: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut filled = 0;
    for (i, size) in sizes.enumerate() {
        if starts.is_empty() || (filled > 0 && filled + size > limit) {
            starts.push(i);
            filled = 0;
        }
        filled += size + 1;
    }
    starts
}

/// The end of run `k` of `starts` over `count` items.
fn end_of(starts: &[usize], k: usize, count: usize) -> usize {
    starts.get(k + 1).copied().unwrap_or(count)
}

/// The JSON of term `t` and of its postings.
fn term_json(index: &SearchIndex, t: usize) -> (String, String) {
    (
        json(&index.terms[t]),
        json(&encode_postings(&index.postings[t])),
    )
}

/// The JSON of page `p`: `[path, title]` (and `1` when stale).
fn page_json(index: &SearchIndex, p: usize) -> String {
    index.page_entry(p).to_string()
}

/// The JSON of section `s`: `[page, anchor, heading, text]`.
fn section_json(index: &SearchIndex, s: usize) -> String {
    let s = &index.sections[s];
    json(&(
        s.page,
        s.anchor.as_str(),
        s.heading.as_str(),
        s.text.as_str(),
    ))
}

/// The size of every JSON value of an index. The values themselves are written again
/// part by part, so a 30 MB index is never held as JSON whole.
struct Sizes {
    /// Each term with its postings (and the comma between them).
    terms: Vec<usize>,
    pages: Vec<usize>,
    sections: Vec<usize>,
}

impl Sizes {
    fn of(index: &SearchIndex) -> Sizes {
        Sizes {
            terms: (0..index.terms.len())
                .map(|t| {
                    let (term, postings) = term_json(index, t);
                    term.len() + 1 + postings.len()
                })
                .collect(),
            pages: (0..index.pages.len())
                .map(|p| page_json(index, p).len())
                .collect(),
            sections: (0..index.sections.len())
                .map(|s| section_json(index, s).len())
                .collect(),
        }
    }

    /// The bytes of all the values, with a comma after each.
    fn size(&self) -> usize {
        let commas = self.terms.len() * 2 + self.pages.len() + self.sections.len();
        [&self.terms, &self.pages, &self.sections]
            .iter()
            .flat_map(|list| list.iter())
            .sum::<usize>()
            + commas
    }
}

/// The scripts of `index`: `search-index.js` in format 1 if the whole index is at
/// most `sizes.whole` bytes, else the manifest first, then the term parts and the
/// section parts in order.
pub(super) fn scripts(index: &SearchIndex, sizes: &PartSizes) -> Vec<IndexScript> {
    let mut scripts = Vec::new();
    scripts_into(index, sizes, &mut |script| scripts.push(script));
    scripts
}

/// [`scripts`], each handed to `emit` as soon as it is made.
pub(super) fn scripts_into(
    index: &SearchIndex,
    sizes: &PartSizes,
    emit: &mut dyn FnMut(IndexScript),
) {
    let measured = Sizes::of(index);
    if measured.size() <= sizes.whole {
        emit(IndexScript {
            path: "search-index.js".to_string(),
            text: index.to_script(),
        });
        return;
    }
    let term_starts = cut(measured.terms.iter().copied(), sizes.terms);
    let section_starts = cut(section_sizes(index, &measured), sizes.sections);
    let manifest = Manifest {
        v: 2,
        lang: &index.lang,
        tables: super::tokens::TABLES,
        terms: index.terms.len(),
        sections: index.sections.len(),
        term_parts: term_starts
            .iter()
            .map(|&start| (index.terms[start].as_str(), start))
            .collect(),
        section_parts: &section_starts,
        parts: Empty {},
    };
    let lang = &index.lang;
    emit(IndexScript {
        path: "search-index.js".to_string(),
        text: format!(
            "// The search index for `{lang}` (its parts are under search/), generated by policy-site: do not edit.\nwindow.policySearchIndex = {};\n",
            json(&manifest)
        ),
    });
    term_parts(index, &term_starts, emit);
    section_parts(index, &section_starts, emit);
}

/// The script `search/NAME.js` of `lang`'s index, holding `body`.
fn part(lang: &str, name: &str, body: String) -> IndexScript {
    IndexScript {
        path: format!("search/{name}.js"),
        text: format!(
            "// Part of the search index for `{lang}` (see ../search-index.js), generated by policy-site: do not edit.\npolicySearchIndex.parts[\"{name}\"] = {body};\n"
        ),
    }
}

/// The terms with their postings, in the parts starting at `starts`.
fn term_parts(index: &SearchIndex, starts: &[usize], emit: &mut dyn FnMut(IndexScript)) {
    for k in 0..starts.len() {
        let (start, end) = (starts[k], end_of(starts, k, index.terms.len()));
        let (terms, postings): (Vec<String>, Vec<String>) =
            (start..end).map(|t| term_json(index, t)).unzip();
        let body = format!(
            "{{\"terms\":[{}],\"postings\":[{}]}}",
            terms.join(","),
            postings.join(",")
        );
        emit(part(&index.lang, &format!("terms-{k}"), body));
    }
}

/// Each section's size in a part: a section's size counts its page's path and title
/// when the page is new to the part.
fn section_sizes<'a>(
    index: &'a SearchIndex,
    measured: &'a Sizes,
) -> impl Iterator<Item = usize> + 'a {
    let mut previous_page = None;
    index
        .sections
        .iter()
        .zip(&measured.sections)
        .map(move |(section, size)| {
            let new_page = previous_page != Some(section.page);
            previous_page = Some(section.page);
            size + if new_page {
                measured.pages[section.page as usize] + 1
            } else {
                0
            }
        })
}

/// The sections, with the paths and titles of their pages, in the parts starting at
/// `starts`.
fn section_parts(index: &SearchIndex, starts: &[usize], emit: &mut dyn FnMut(IndexScript)) {
    for k in 0..starts.len() {
        let (start, end) = (starts[k], end_of(starts, k, index.sections.len()));
        let first_page = index.sections[start].page as usize;
        let last_page = index.sections[end - 1].page as usize;
        let pages: Vec<String> = (first_page..=last_page)
            .map(|p| page_json(index, p))
            .collect();
        let sections: Vec<String> = (start..end).map(|s| section_json(index, s)).collect();
        let body = format!(
            "{{\"page\":{first_page},\"pages\":[{}],\"sections\":[{}]}}",
            pages.join(","),
            sections.join(",")
        );
        emit(part(&index.lang, &format!("sections-{k}"), body));
    }
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Manifest<'a> {
    v: u32,
    lang: &'a str,
    tables: super::tokens::Tables,
    terms: usize,
    sections: usize,
    term_parts: Vec<(&'a str, usize)>,
    section_parts: &'a [usize],
    parts: Empty,
}
