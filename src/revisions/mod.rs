//! Revisions of the policy: each recorded version (`content/revisions/VERSION.yaml`,
//! listed in `site.yaml`'s `history`), loaded by the same loader as the working
//! content, and what changed from one version to the next (新旧対照表).
//! Reading only; `policy-site revise` (in cli) writes records.

mod as_written;
pub mod compare;
pub mod items;
pub mod record;
pub mod report;
pub mod version;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::digest::Digest;
use crate::load::{self, LoadOptions, Loaded};
use crate::model::Text;
pub use compare::Comparison;
pub use items::Items;
use rayon::prelude::*;
pub use record::Record;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One recorded version, loaded.
#[derive(Debug)]
pub struct Recorded {
    pub version: String,
    pub date: String,
    pub note: Text,
    pub items: Items,
    /// The site as it stood, loaded from the record, for its print view. `None` for
    /// the newest version when the working content is exactly what it records: that
    /// is the current text (its print view is today's), so it is not loaded again.
    pub loaded: Option<Loaded>,
}

impl Recorded {
    /// The version as its own print view shows it: loaded, and in at least one of
    /// today's languages (`load_record` keeps only those). `None` for the current
    /// version and for one none of whose languages is published today.
    pub fn printed(&self) -> Option<&Loaded> {
        self.loaded
            .as_ref()
            .filter(|loaded| !loaded.site.config.languages.is_empty())
    }
}

/// Every recorded version, oldest first, and what changed at each.
#[derive(Debug, Default)]
pub struct History {
    pub versions: Vec<Recorded>,
    /// `changes[i]`: from `versions[i - 1]` to `versions[i]` (`changes[0]` is empty).
    pub changes: Vec<Comparison>,
    /// (Page (route key), language) -> the index of the last version that changed it
    /// in that language.
    pub last_revised: BTreeMap<(String, String), usize>,
}

impl History {
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    pub fn last(&self) -> Option<&Recorded> {
        self.versions.last()
    }

    pub fn index_of(&self, version: &str) -> Option<usize> {
        self.versions.iter().position(|v| v.version == version)
    }

    /// From the last recorded version to the working content.
    pub fn draft(&self, working: &Loaded) -> Comparison {
        let languages = working.site.config.language_list();
        let empty = Items::default();
        let last = self.last().map_or(&empty, |v| &v.items);
        Comparison::between(last, &Items::of(working), &languages)
    }
}

/// What serve keeps between rebuilds: the history, with the fingerprint of what it was
/// made from (the history entries, the records' sizes and times, and today's languages
/// and theme, which the loaded versions are shown in: a save rarely changes them), and
/// what tells whether the working content is still the newest version's.
#[derive(Debug, Default)]
pub struct HistoryMemo {
    made_from: Option<u64>,
    history: Arc<History>,
    newest: Option<record::Fingerprints>,
    current: bool,
}

/// Loads every record named in `working`'s history and compares each version with
/// the one before. Findings are located and bilingual: a history entry without its
/// record, a record not in the history, a damaged or hand-edited record.
pub fn load_history(
    root: &Path,
    working: &Loaded,
    memo: &mut HistoryMemo,
) -> Result<Arc<History>, Diagnostics> {
    // What a loaded version takes from today's site: its languages and its theme.
    let (config, theme) = (&working.site.config, &working.site.theme);
    let mut digest = Digest::new();
    digest
        .add_debug(&config.history)
        .add_debug(&config.languages)
        .add(&theme.templates)
        .add_debug(&theme.strings)
        .add_debug(&record_stamps(root));
    let made_from = digest.finish();
    if memo.made_from == Some(made_from) {
        let current = match &memo.newest {
            Some(newest) => is_current(newest, root, working)?,
            None => false,
        };
        if current == memo.current {
            return Ok(Arc::clone(&memo.history));
        }
    }
    let records = record_files(root)?;
    let (history, newest, current) = History::load(root, working, &records)?;
    let history = Arc::new(history);
    *memo = HistoryMemo {
        made_from: Some(made_from),
        history: Arc::clone(&history),
        newest,
        current,
    };
    Ok(history)
}

/// Whether the working content is exactly the newest version (as right after
/// `revise`), so the working load stands for it: every content file the same, and no
/// draft pages shown, which a record never includes.
fn is_current(
    newest: &record::Fingerprints,
    root: &Path,
    working: &Loaded,
) -> Result<bool, Diagnostics> {
    if working.site.page_texts().any(|text| text.front.draft) {
        return Ok(false);
    }
    // The pages as loaded, by file: not read again.
    let known = (working.site.page_texts())
        .map(|text| (text.file.as_str(), text.digest))
        .collect();
    newest.match_content(root, &known)
}

/// Each record file's name, size and time: what tells serve a record changed
/// without reading it (a large site's records are large).
fn record_stamps(root: &Path) -> Vec<(String, u64, Option<std::time::SystemTime>)> {
    let Ok(entries) = std::fs::read_dir(root.join(record::FOLDER)) else {
        return Vec::new();
    };
    let mut stamps: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| {
            let meta = entry.metadata().ok();
            (
                entry.file_name().to_string_lossy().to_string(),
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            )
        })
        .collect();
    stamps.sort();
    stamps
}

/// Every `content/revisions/*.yaml`: file (as shown in messages) -> where it is. The
/// records are read when parsed, one at a time per thread (a large site's are large).
fn record_files(root: &Path) -> Result<BTreeMap<String, PathBuf>, Diagnostics> {
    let site = load::SiteRoot::open(root).map_err(|e| Diagnostics::from_iter([e]))?;
    let folder = site.join(record::FOLDER);
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(BTreeMap::new());
    };
    let mut records = BTreeMap::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.ends_with(".yaml") || load::is_scratch_file(&name) {
            continue;
        }
        records.insert(format!("{}/{name}", record::FOLDER), entry.path());
    }
    Ok(records)
}

/// Reads and parses one record; its text is dropped once parsed.
fn read_record(
    site: &load::SiteRoot,
    file: &str,
    path: &Path,
) -> Result<Option<Record>, Diagnostics> {
    match site.read_text_optional(path) {
        Ok(Some(text)) => Record::parse(file, &text).map(Some),
        Ok(None) => Ok(None),
        Err(error) => Err(Diagnostics::from_iter([error])),
    }
}

impl History {
    /// The history from the records' texts, with the newest record's fingerprints and
    /// whether the working content is that version (then it is not loaded again: the
    /// working load and items stand for it).
    fn load(
        root: &Path,
        working: &Loaded,
        records: &BTreeMap<String, PathBuf>,
    ) -> Result<(History, Option<record::Fingerprints>, bool), Diagnostics> {
        let records = parse_records(root, working, records)?;
        let fingerprints = records.last().map(|r| record::Fingerprints::of(&r.files));
        let current = match &fingerprints {
            Some(newest) => is_current(newest, root, working)?,
            None => false,
        };
        let newest = records.len().saturating_sub(1);
        // Each record is loaded on its own, so they are loaded side by side.
        let loaded: Vec<Result<Recorded, Diagnostics>> = records
            .into_par_iter()
            .enumerate()
            .map(|(i, mut record)| {
                let (items, loaded) = if current && i == newest {
                    (Items::of(working), None)
                } else {
                    let loaded = load_record(&mut record, working)?;
                    (Items::of(&loaded), Some(loaded))
                };
                Ok(Recorded {
                    items,
                    version: record.version,
                    date: record.date,
                    note: record.note,
                    loaded,
                })
            })
            .collect();
        let mut versions = Vec::new();
        let mut problems = Diagnostics::new();
        for result in loaded {
            match result {
                Ok(recorded) => versions.push(recorded),
                Err(found) => problems.extend(found),
            }
        }
        if problems.has_errors() {
            return Err(problems.sorted());
        }
        let languages = working.site.config.language_list();
        Ok((
            History::compared(versions, &languages),
            fingerprints,
            current,
        ))
    }

    fn compared(versions: Vec<Recorded>, languages: &[String]) -> History {
        let mut changes = vec![Comparison::default()];
        let mut last_revised = BTreeMap::new();
        for (i, pair) in versions.windows(2).enumerate() {
            let comparison = Comparison::between(&pair[0].items, &pair[1].items, languages);
            for row in &comparison.rows {
                for lang in &row.languages {
                    last_revised.insert((row.page.clone(), lang.clone()), i + 1);
                }
            }
            changes.push(comparison);
        }
        History {
            versions,
            changes,
            last_revised,
        }
    }
}

/// The records, oldest first, each checked: readable, unchanged since recorded,
/// named after its version, and listed in the history (as each entry has its record).
fn parse_records(
    root: &Path,
    working: &Loaded,
    records: &BTreeMap<String, PathBuf>,
) -> Result<Vec<Record>, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut by_version: BTreeMap<String, Record> = BTreeMap::new();
    let site = load::SiteRoot::open(root).map_err(|e| Diagnostics::from_iter([e]))?;
    // Each record is read on its own (a large site's are large), so side by side.
    let parsed: Vec<(&String, Result<Option<Record>, Diagnostics>)> = records
        .par_iter()
        .map(|(file, path)| (file, read_record(&site, file, path)))
        .collect();
    for (file, parsed) in parsed {
        // A record gone since the folder was listed is no record.
        let Some(parsed) = parsed.transpose() else {
            continue;
        };
        match parsed {
            Ok(record) if Record::path_of(&record.version) != *file => problems.push(
                Diagnostic::error(
                    "revision-record",
                    format!(
                        "this file records version {}, but its name says otherwise",
                        record.version
                    ),
                    format!(
                        "このファイルは版 {} の記録ですが、ファイル名と一致しません",
                        record.version
                    ),
                )
                .in_file(file.clone())
                .hint(
                    format!(
                        "a record of version {0} is named {1}",
                        record.version,
                        Record::path_of(&record.version)
                    ),
                    format!(
                        "版 {0} の記録のファイル名は {1} です",
                        record.version,
                        Record::path_of(&record.version)
                    ),
                ),
            ),
            Ok(record) => {
                by_version.insert(record.version.clone(), record);
            }
            Err(found) => problems.extend(found),
        }
    }
    let entries = history_entries(working, &by_version, &mut problems);
    if problems.has_errors() {
        return Err(problems.sorted());
    }
    Ok(entries
        .iter()
        .filter_map(|version| by_version.remove(version))
        .collect())
}

/// The versions of the history, oldest first, each checked against the records:
/// an entry without its record and a record without its entry are errors.
fn history_entries(
    working: &Loaded,
    records: &BTreeMap<String, Record>,
    problems: &mut Diagnostics,
) -> Vec<String> {
    let doc = working.docs.get("content/site.yaml");
    let history = &working.site.config.history;
    let mut versions = Vec::new();
    for (i, entry) in history.iter().enumerate().rev() {
        let Some(version) = &entry.version else {
            continue;
        };
        if !records.contains_key(version) {
            let place = doc.map_or_else(
                || Location::file("content/site.yaml"),
                |d| d.at(&format!("history[{i}].version")),
            );
            problems.push(
                Diagnostic::error(
                    "revision-missing-record",
                    format!("the history names version {version}, but there is no record of it ({})", Record::path_of(version)),
                    format!("履歴に版 {version} がありますが、その記録（{}）がありません", Record::path_of(version)),
                )
                .at(place)
                .hint(
                    "restore the record from version control, or remove `version:` from this entry if it was never recorded",
                    "バージョン管理から記録を戻すか、記録していない版であればこの項目の `version:` を消してください",
                ),
            );
        }
        versions.push(version.clone());
    }
    for (version, record) in records {
        if !versions.contains(version) {
            problems.push(
                Diagnostic::error(
                    "revision-not-in-history",
                    format!("there is a record of version {version}, but content/site.yaml's history does not list it"),
                    format!("版 {version} の記録がありますが、content/site.yaml の履歴（history）にありません"),
                )
                .in_file(Record::path_of(&record.version))
                .hint(
                    format!("add `- {{ version: \"{version}\", date: {}, note: … }}` to history in content/site.yaml, or remove the record", record.date),
                    format!("content/site.yaml の history に `- {{ version: \"{version}\", date: {}, note: … }}` を加えるか、記録を削除してください", record.date),
                ),
            );
        }
    }
    versions
}

/// Loads a record with the same loader as the working content, from memory (no
/// file is written: at 10,000 pages a record is tens of thousands of files). Its
/// files must all be under `content/`. Today's theme is used, and only the languages
/// today's site has; its pages that read as today's are shared with the working load,
/// not parsed again.
fn load_record(record: &mut Record, working: &Loaded) -> Result<Loaded, Diagnostics> {
    if let Some(outside) = record.files.keys().find(|path| !is_content_path(path)) {
        return Err(Diagnostics::from_iter([Diagnostic::error(
            "revision-record",
            format!("the record names a file outside content/: {outside}"),
            format!("記録に content/ の外のファイルが含まれています：{outside}"),
        )
        .in_file(Record::path_of(&record.version))]));
    }
    let files = Arc::new(std::mem::take(&mut record.files));
    // Most of a version's pages read as today's: those are taken from the working load.
    let site = &working.site;
    let known = load::PageCache::knowing(site.page_texts(), &site.config.language_list());
    let mut loaded = load::load_recorded(files, &LoadOptions::default(), known)
        .map_err(|found| no_longer_loads(&record.version, &found))?;
    loaded.site.theme = working.site.theme.clone();
    // Shown in the languages it shares with today's site: a language removed since has
    // no pages of today's for its print view to lead back to.
    let today = site.config.language_list();
    (loaded.site.config.languages).retain(|language| today.contains(&language.code));
    Ok(loaded)
}

/// Whether a recorded file's path names a file under `content/`.
fn is_content_path(path: &str) -> bool {
    path.starts_with("content/") && !path.split('/').any(|part| part == ".." || part.is_empty())
}

/// A record whose content no longer loads, with the first problem found in it.
fn no_longer_loads(version: &str, found: &Diagnostics) -> Diagnostics {
    let first = |language| {
        found
            .errors()
            .next()
            .map(|d| d.render(language))
            .unwrap_or_default()
    };
    let first_en = first(crate::diagnostics::MessageLanguage::En);
    let first_ja = first(crate::diagnostics::MessageLanguage::Ja);
    Diagnostics::from_iter([Diagnostic::error(
        "revision-record",
        format!("the content recorded for version {version} no longer loads: {first_en}"),
        format!("版 {version} として記録された内容を読み込めません：{first_ja}"),
    )
    .in_file(Record::path_of(version))])
}
