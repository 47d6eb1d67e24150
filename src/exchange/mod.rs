//! Translation exchange: the texts that need translating, cut into segments, as a
//! file translators open in their own tools (XLIFF 1.2 for CAT tools, a spreadsheet
//! for reviewers), and the import that writes their translations back into the
//! YAML fields and Markdown pages they came from.

pub mod import;
pub mod segments;
pub mod xliff;
pub mod xlsx;
pub mod yaml_edit;

use crate::load::Loaded;
use crate::translation_status::{self, State};
use segments::{mark, segment_ranges, Marked};
use serde_yaml::Value;
use std::ops::Range;

/// One translatable unit (a YAML text, a Markdown page) as exchanged.
#[derive(Debug, Clone)]
pub struct ExchangeUnit {
    /// The unit key, as in `translations.lock`.
    pub key: String,
    pub state: State,
    /// The default-language text the current translation was confirmed against.
    pub previous: Option<String>,
    /// What changed in the default-language text since (`…[old→new]…`).
    pub change: Option<String>,
    pub place: Place,
    /// The default-language texts the unit is made of, in order.
    pub pieces: Vec<Piece>,
    pub segments: Vec<Segment>,
}

/// Where a unit is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A YAML file and the field path of its `{ ja: …, en: … }` map.
    Yaml {
        file: String,
        field: String,
        /// The text is a list (each item a text), not one text.
        list: bool,
    },
    /// A Markdown page: the default language's file and the translation's (which may
    /// not exist yet).
    Page { source: String, target: String },
}

/// One default-language text of a unit: a YAML string, one item of a YAML list, a
/// page's title or body; with where its segments are.
#[derive(Debug, Clone)]
pub struct Piece {
    pub text: String,
    pub ranges: Vec<Range<usize>>,
}

impl Piece {
    fn markdown(text: &str) -> Piece {
        Piece {
            text: text.to_string(),
            ranges: segment_ranges(text),
        }
    }

    /// A text taken whole (a page title is not Markdown).
    fn whole(text: &str) -> Piece {
        Piece {
            text: text.to_string(),
            ranges: if text.trim().is_empty() {
                Vec::new()
            } else {
                std::iter::once(0..text.len()).collect()
            },
        }
    }
}

/// One segment: a heading, paragraph, list item or table cell.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The unit key alone when the unit is one segment, else `KEY@N` (from 1).
    pub id: String,
    pub source: Marked,
    /// The current translation of this segment (Markdown), where it lines up.
    pub target: Option<String>,
    /// In a stale unit: this segment's source is as it was when it was translated.
    pub unchanged: bool,
}

/// Every unit in `lang` that needs work (missing or stale), or every unit with `all`.
pub fn units(loaded: &Loaded, lang: &str, all: bool) -> Vec<ExchangeUnit> {
    let languages = loaded.site.config.language_list();
    let Some(default) = languages.first().cloned() else {
        return Vec::new();
    };
    let statuses = translation_status::statuses(
        &translation_status::units(loaded),
        &loaded.lock,
        &[default.clone(), lang.to_string()],
    );
    let mut found = Vec::new();
    for status in statuses {
        if !all && !matches!(status.state, State::Missing | State::Stale) {
            continue;
        }
        let Some((place, source, target)) = texts_of(loaded, &status.unit, (&default, lang)) else {
            continue;
        };
        let previous = loaded
            .lock
            .get(lang)
            .and_then(|entries| entries.get(&status.unit))
            .filter(|_| status.state == State::Stale)
            .cloned();
        let texts = Texts {
            source: &source,
            target: target.as_deref(),
            previous: previous.as_deref(),
        };
        let exchanged = unit(&status.unit, place, &texts);
        found.push(exchanged.with_state(status.state, previous.clone(), status.change));
    }
    found
}

/// A unit's place and its texts: default language, and the translation if there is one.
type PlacedTexts = (Place, Vec<Piece>, Option<Vec<Piece>>);

/// A unit's texts: today's source, the translation, and the source it was made from.
struct Texts<'a> {
    source: &'a [Piece],
    target: Option<&'a [Piece]>,
    previous: Option<&'a str>,
}

fn texts_of(loaded: &Loaded, key: &str, (default, lang): (&str, &str)) -> Option<PlacedTexts> {
    if let Some(text_unit) = loaded.text_units.iter().find(|u| u.key == key) {
        let doc = loaded.docs.get(&text_unit.file)?;
        let map = value_at(&doc.value, &text_unit.field)?;
        let pieces = |code: &str| map.get(code).and_then(yaml_pieces);
        let place = Place::Yaml {
            file: text_unit.file.clone(),
            field: text_unit.field.clone(),
            list: map.get(default).is_some_and(Value::is_sequence),
        };
        return Some((place, pieces(default)?, pieces(lang)));
    }
    let page = loaded.site.pages.iter().find(|page| {
        let name = if page.is_section { "/_index" } else { "" };
        key == format!("content/pages/{}{name}.md", page.key)
    })?;
    let pieces = |code: &str| {
        page.translations
            .get(code)
            .map(|t| vec![Piece::whole(&t.front.title), Piece::markdown(&t.body)])
    };
    let source_file = page.translations.get(default)?.file.clone();
    let place = Place::Page {
        target: page_file_for(&source_file, default, lang),
        source: source_file,
    };
    Some((place, pieces(default)?, pieces(lang)))
}

/// `content/pages/a.ja.md` -> `content/pages/a.en.md`.
fn page_file_for(source: &str, default: &str, lang: &str) -> String {
    match source.strip_suffix(&format!(".{default}.md")) {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => format!("{source}.{lang}.md"),
    }
}

/// A YAML value as the texts of a unit: a string, or a list's items.
fn yaml_pieces(value: &Value) -> Option<Vec<Piece>> {
    match value {
        Value::String(text) => Some(vec![Piece::markdown(text)]),
        Value::Sequence(items) => items
            .iter()
            .map(|item| item.as_str().map(Piece::markdown))
            .collect(),
        _ => None,
    }
}

/// The value at a field path as the loader writes them (`mindsets[3].body`).
pub fn value_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut value = root;
    for part in path.split('.') {
        let (name, indexes) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            value = value.get(name)?;
        }
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            value = value.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(value)
}

fn segment_texts(pieces: &[Piece]) -> Vec<&str> {
    pieces
        .iter()
        .flat_map(|p| p.ranges.iter().map(|r| &p.text[r.clone()]))
        .collect()
}

/// The earlier source text (as the lock keeps it) cut the way `place` cuts texts.
fn previous_pieces(place: &Place, previous: &str) -> Vec<Piece> {
    match place {
        Place::Page { .. } => {
            let (title, body) = previous.split_once("\n\n").unwrap_or((previous, ""));
            vec![Piece::whole(title), Piece::markdown(body)]
        }
        Place::Yaml { list: true, .. } => previous.split("\n\n").map(Piece::markdown).collect(),
        Place::Yaml { .. } => vec![Piece::markdown(previous)],
    }
}

/// The current translation of each source segment, and whether that segment is
/// unchanged since the translation was made. A segment whose source is the same as
/// one of the earlier source's gets that one's translation; else, when source and
/// translation have as many segments, the one in the same place.
fn aligned(place: &Place, texts: &Texts) -> Vec<(Option<String>, bool)> {
    let sources = segment_texts(texts.source);
    let Some(targets) = texts.target.map(segment_texts) else {
        return vec![(None, false); sources.len()];
    };
    let previous_pieces = texts.previous.map(|p| previous_pieces(place, p));
    let previous = previous_pieces
        .as_deref()
        .map(segment_texts)
        .filter(|p| p.len() == targets.len());
    let mut used = vec![false; targets.len()];
    sources
        .iter()
        .enumerate()
        .map(|(index, source)| {
            let same = previous.as_ref().and_then(|previous| {
                (0..previous.len()).find(|&j| !used[j] && previous[j] == *source)
            });
            if let Some(j) = same {
                used[j] = true;
                return (Some(targets[j].to_string()), true);
            }
            let in_place = (sources.len() == targets.len()).then(|| targets[index].to_string());
            (in_place, previous.is_none() && texts.previous.is_none())
        })
        .collect()
}

fn unit(key: &str, place: Place, texts: &Texts) -> ExchangeUnit {
    let sources = segment_texts(texts.source);
    let targets = aligned(&place, texts);
    let single = sources.len() == 1;
    let segments = sources
        .iter()
        .zip(targets)
        .enumerate()
        .map(|(index, (text, (target, unchanged)))| Segment {
            id: if single {
                key.to_string()
            } else {
                format!("{key}@{}", index + 1)
            },
            source: if matches!(place, Place::Page { .. }) && index == 0 {
                Marked::plain(text)
            } else {
                mark(text)
            },
            target,
            unchanged,
        })
        .collect();
    ExchangeUnit {
        key: key.to_string(),
        state: State::Missing,
        previous: None,
        change: None,
        place,
        pieces: texts.source.to_vec(),
        segments,
    }
}

impl ExchangeUnit {
    fn with_state(
        mut self,
        state: State,
        previous: Option<String>,
        change: Option<String>,
    ) -> Self {
        self.state = state;
        self.previous = previous;
        self.change = change;
        self
    }

    /// The unit's default-language text as the lock records it.
    pub fn source_text(&self) -> String {
        let texts: Vec<&str> = self.pieces.iter().map(|p| p.text.as_str()).collect();
        texts.join("\n\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_find_values() {
        let value: Value =
            serde_yaml::from_str("a:\n  - b: { ja: x }\n  - b: { ja: y, en: z }\n").expect("yaml");
        assert_eq!(
            value_at(&value, "a[1].b").and_then(|v| v.get("en")),
            Some(&Value::String("z".into()))
        );
        assert!(value_at(&value, "a[2].b").is_none());
    }

    #[test]
    fn a_page_is_its_title_then_its_body_segments() {
        let place = Place::Page {
            source: "p.ja.md".into(),
            target: "p.en.md".into(),
        };
        let source = [
            Piece::whole("はじめに"),
            Piece::markdown("\n## 背景\n\n本文。\n"),
        ];
        let target = [
            Piece::whole("Introduction"),
            Piece::markdown("\n## Background\n\nText.\n"),
        ];
        let texts = Texts {
            source: &source,
            target: Some(&target),
            previous: None,
        };
        let unit = unit("content/pages/p.md", place, &texts);
        let ids: Vec<&str> = unit.segments.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "content/pages/p.md@1",
                "content/pages/p.md@2",
                "content/pages/p.md@3"
            ]
        );
        assert_eq!(unit.segments[1].target.as_deref(), Some("Background"));
    }

    #[test]
    fn unchanged_segments_of_a_stale_page_keep_their_translation() {
        let place = Place::Page {
            source: "p.ja.md".into(),
            target: "p.en.md".into(),
        };
        let source = [
            Piece::whole("はじめに"),
            Piece::markdown("\n新しい段落。\n\n## 背景\n\n本文を直した。\n"),
        ];
        let target = [
            Piece::whole("Introduction"),
            Piece::markdown("\n## Background\n\nText.\n"),
        ];
        let texts = Texts {
            source: &source,
            target: Some(&target),
            previous: Some("はじめに\n\n\n## 背景\n\n本文。\n"),
        };
        let unit = unit("content/pages/p.md", place, &texts);
        let found: Vec<(Option<&str>, bool)> = unit
            .segments
            .iter()
            .map(|s| (s.target.as_deref(), s.unchanged))
            .collect();
        assert_eq!(
            found,
            [
                (Some("Introduction"), true),
                (None, false),
                (Some("Background"), true),
                (None, false)
            ]
        );
    }
}
