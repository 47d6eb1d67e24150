//! The import: translated segments checked against today's source (refused, naming
//! the unit and the reason, if the Japanese changed, the id is unknown or a protected
//! mark was broken), put back together into each unit's text, and written into its
//! YAML field or Markdown page; then the lock records those units as confirmed.
//!
//! Writing: every changed file is first written whole to a temporary file beside it;
//! only when all are written are they renamed into place, one by one, and the lock
//! last. A failure while renaming puts back the files already renamed. If the process
//! is killed between two renames, every file is still whole (old or new), the lock is
//! unchanged, and running the same import again finishes it.

use super::segments::{broken_markup, replace_segments, Inline};
use super::yaml_edit::{self, Edit, NewValue};
use super::{ExchangeUnit, Place};
use crate::diagnostics::{io_error, Diagnostic};
use crate::load::Loaded;
use crate::translation_status::{self, State, TranslationLock};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One segment as it came back from the translator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub id: String,
    pub source: ReceivedText,
    pub target: Option<ReceivedText>,
    /// XLIFF: whether the target's state says it was translated or reviewed (not
    /// `needs-…`); a spreadsheet does not say.
    pub reviewed: Option<bool>,
}

/// XLIFF gives text and marks; a spreadsheet gives Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceivedText {
    Inlines(Vec<Inline>),
    Markdown(String),
}

/// Why a unit cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub unit: String,
    pub reason: String,
    pub reason_ja: String,
}

fn refusal(unit: &str, reason: String, reason_ja: String) -> Refusal {
    Refusal {
        unit: unit.to_string(),
        reason,
        reason_ja,
    }
}

/// A file the import writes: its path under the site root, its text before (`None`:
/// a new file) and after.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: String,
    pub before: Option<String>,
    pub after: String,
}

/// What an import would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<FileChange>,
    /// Units recorded as confirmed in the lock.
    pub confirmed: Vec<String>,
    /// Units left as they were: (unit, segments without a translation, segments).
    pub untranslated: Vec<(String, usize, usize)>,
    pub lock: TranslationLock,
}

/// Checks every received segment and works out every file to write.
pub fn plan(
    root: &Path,
    loaded: &Loaded,
    lang: &str,
    received: &[Received],
) -> Result<Plan, Vec<Refusal>> {
    let units = super::units(loaded, lang, true);
    let translations = collect(&units, received)?;
    let mut plan = Plan::default();
    let mut yaml: BTreeMap<String, Vec<(String, Edit)>> = BTreeMap::new();
    let mut refusals = Vec::new();
    for unit in &units {
        let Some(texts) = translations.get(unit.key.as_str()) else {
            continue;
        };
        let missing = texts.iter().filter(|t| t.is_none()).count();
        if missing > 0 {
            plan.untranslated
                .push((unit.key.clone(), missing, unit.segments.len()));
            continue;
        }
        let texts: Vec<String> = texts.iter().flatten().cloned().collect();
        let pieces = rebuilt(unit, &texts);
        plan.confirmed.push(unit.key.clone());
        match &unit.place {
            Place::Yaml { file, field, list } => {
                let edit = Edit {
                    map: field.clone(),
                    key: lang.to_string(),
                    like: default_language(loaded),
                    value: new_value(pieces, *list),
                };
                let edits = yaml.entry(file.clone()).or_default();
                edits.push((unit.key.clone(), edit));
            }
            Place::Page { source, target } => match page_change(root, (source, target), &pieces) {
                Ok(change) => plan.files.push(change),
                Err(reason) => refusals.push(reason.for_unit(&unit.key)),
            },
        }
    }
    for (file, edits) in yaml {
        match yaml_change(root, &file, &edits) {
            Ok(change) => plan.files.push(change),
            Err(refusal) => refusals.push(refusal),
        }
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    plan.files
        .retain(|f| f.before.as_deref() != Some(f.after.as_str()));
    plan.files.sort_by(|a, b| a.path.cmp(&b.path));
    plan.lock = confirmed_lock(loaded, lang, &plan.confirmed);
    Ok(plan)
}

fn new_value(pieces: Vec<String>, list: bool) -> NewValue {
    if list {
        NewValue::List(pieces)
    } else {
        NewValue::Text(pieces.into_iter().next().unwrap_or_default())
    }
}

fn default_language(loaded: &Loaded) -> String {
    loaded
        .site
        .config
        .language_list()
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Each unit's segments in order: `Some(Markdown)` where translated. Refuses unknown
/// ids, changed Japanese and broken marks.
fn collect<'a>(
    units: &'a [ExchangeUnit],
    received: &[Received],
) -> Result<BTreeMap<&'a str, Vec<Option<String>>>, Vec<Refusal>> {
    let mut where_is = BTreeMap::new();
    for unit in units {
        for (index, segment) in unit.segments.iter().enumerate() {
            where_is.insert(segment.id.as_str(), (unit, index));
        }
    }
    let mut found: BTreeMap<&str, Vec<Option<String>>> = BTreeMap::new();
    let mut refusals = Vec::new();
    for item in received {
        let Some(&(unit, index)) = where_is.get(item.id.as_str()) else {
            refusals.push(unknown_unit(units, &item.id));
            continue;
        };
        let slots = found
            .entry(unit.key.as_str())
            .or_insert_with(|| vec![None; unit.segments.len()]);
        match translated(unit, index, item) {
            Ok(text) => slots[index] = text,
            Err(reason) => refusals.push(reason.for_unit(&item.id)),
        }
    }
    // A unit whose segments were not all in the file has been cut differently since.
    for (key, slots) in &found {
        let Some(unit) = units.iter().find(|u| u.key == *key) else {
            continue;
        };
        let sent: Vec<&str> = received.iter().map(|r| r.id.as_str()).collect();
        let absent = unit
            .segments
            .iter()
            .find(|s| !sent.contains(&s.id.as_str()));
        if let (Some(segment), true) = (absent, slots.iter().any(Option::is_some)) {
            refusals.push(changed_source(&segment.id));
        }
    }
    if refusals.is_empty() {
        Ok(found)
    } else {
        Err(refusals)
    }
}

/// A reason not yet tied to a unit.
struct Reason(String, String);

impl Reason {
    fn for_unit(self, unit: &str) -> Refusal {
        refusal(unit, self.0, self.1)
    }
}

fn changed_source(unit: &str) -> Refusal {
    refusal(
        unit,
        "the Japanese text has changed since this file was exported; the translation would be out of date on arrival. Export again and translate the new text".into(),
        "このファイルを書き出したあとで日本語の原文が変わっています。このまま取り込むと古い訳になります。もう一度書き出して、新しい原文を訳してください".into(),
    )
}

fn unknown_unit(units: &[ExchangeUnit], id: &str) -> Refusal {
    let unit_key = id.split_once('@').map_or(id, |(key, _)| key);
    if units.iter().any(|u| u.key == unit_key) {
        return changed_source(id);
    }
    refusal(
        id,
        "the site has no text with this id (was it renamed or removed, or is the file from another site?)".into(),
        "この id の文はサイトにありません（名前が変わったか削除されたか、別のサイトのファイルではありませんか）".into(),
    )
}

/// One segment's translation as Markdown (`None`: not translated), after checking
/// that its source is today's and its marks are whole.
fn translated(
    unit: &ExchangeUnit,
    index: usize,
    item: &Received,
) -> Result<Option<String>, Reason> {
    let segment = &unit.segments[index];
    let source_is_current = match &item.source {
        ReceivedText::Inlines(inlines) => *inlines == segment.source.inlines,
        ReceivedText::Markdown(text) => *text == segment.source.markdown(),
    };
    if !source_is_current {
        let r = changed_source(&item.id);
        return Err(Reason(r.reason, r.reason_ja));
    }
    let markdown = match &item.target {
        None => return Ok(None),
        Some(ReceivedText::Markdown(text)) => text.clone(),
        Some(ReceivedText::Inlines(inlines)) => match marks_whole(&segment.source, inlines) {
            Ok(text) => text,
            Err(_)
                if untouched(
                    unit,
                    index,
                    item,
                    segment.source.markdown_of(inlines).ok().as_deref(),
                ) =>
            {
                return Ok(None)
            }
            Err(reason) => return Err(reason),
        },
    };
    if markdown.trim().is_empty() || untouched(unit, index, item, Some(&markdown)) {
        return Ok(None);
    }
    let source = segment.source.markdown();
    if !segment.source.codes.is_empty() || markdown.contains(['[', '`', '<', '!']) {
        if let Some(part) = broken_markup(&source, &markdown) {
            return Err(Reason(
                format!("the translation does not keep `{part}` of the source exactly (a link target, image or code must stay as it is)"),
                format!("訳文で原文の `{part}` が変わっているか、なくなっています（リンク先・画像・コードはそのまま残してください）"),
            ));
        }
    }
    Ok(Some(markdown))
}

/// Whether a segment marked for review came back as it was exported (the old
/// English, which the translator did not touch): it is not done yet. In XLIFF a
/// state of `translated` or later says it was reviewed and stands.
fn untouched(unit: &ExchangeUnit, index: usize, item: &Received, markdown: Option<&str>) -> bool {
    let segment = &unit.segments[index];
    let needs_review = unit.state == State::Stale && !segment.unchanged;
    let same = markdown.is_some() && segment.target.as_deref() == markdown;
    needs_review && same && item.reviewed != Some(true)
}

/// The translation's Markdown, if it uses each of the source's marks exactly once.
fn marks_whole(source: &super::segments::Marked, inlines: &[Inline]) -> Result<String, Reason> {
    for (id, code) in &source.codes {
        let uses = inlines
            .iter()
            .filter(|i| matches!(i, Inline::Open(x) | Inline::Single(x) if x == id))
            .count();
        if uses != 1 {
            let shown = if code.close.is_empty() {
                code.open.clone()
            } else {
                format!("{}…{}", code.open, code.close)
            };
            let (en, ja) = if uses == 0 {
                ("was removed", "がなくなっています")
            } else {
                ("appears more than once", "が二回以上あります")
            };
            return Err(Reason(
                format!(
                    "the protected mark {id} (`{shown}`) {en}; keep every mark of the source once"
                ),
                format!(
                    "保護された印 {id}（`{shown}`）{ja}。原文の印はすべて一回ずつ残してください"
                ),
            ));
        }
    }
    source.markdown_of(inlines).map_err(|id| {
        Reason(
            format!("the mark {id} is not one of the source's"),
            format!("印 {id} は原文にはありません"),
        )
    })
}

/// The unit's texts with the translated segments in place of the source's.
fn rebuilt(unit: &ExchangeUnit, translations: &[String]) -> Vec<String> {
    let mut next = 0;
    unit.pieces
        .iter()
        .map(|piece| {
            let count = piece.ranges.len();
            let text = replace_segments(
                &piece.text,
                &piece.ranges,
                &translations[next..next + count],
            );
            next += count;
            text
        })
        .collect()
}

fn read_file(root: &Path, file: &str) -> Result<Option<(String, bool)>, Reason> {
    match std::fs::read(root.join(file)) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|_| {
                Reason(
                    format!("{file} is not UTF-8 text"),
                    format!("{file} が UTF-8 の文字ではありません"),
                )
            })?;
            Ok(Some(match text.strip_prefix('\u{feff}') {
                Some(rest) => (rest.to_string(), true),
                None => (text, false),
            }))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Reason(
            format!("could not read {file}: {e}"),
            format!("{file} を読めませんでした（{e}）"),
        )),
    }
}

fn with_bom(text: String, bom: bool) -> String {
    if bom {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

fn yaml_change(root: &Path, file: &str, edits: &[(String, Edit)]) -> Result<FileChange, Refusal> {
    let first = edits.first().map_or(file, |(key, _)| key.as_str());
    let (before, bom) = read_file(root, file)
        .map_err(|r| r.for_unit(first))?
        .ok_or_else(|| {
            refusal(
                first,
                format!("{file} is missing"),
                format!("{file} がありません"),
            )
        })?;
    let plain: Vec<Edit> = edits.iter().map(|(_, e)| e.clone()).collect();
    let after = yaml_edit::apply(&before, &plain).map_err(|why| {
        refusal(
            first,
            format!("cannot write the translation into {file}: {why}"),
            format!("{file} に訳文を書き込めません（{why}）"),
        )
    })?;
    Ok(FileChange {
        path: file.to_string(),
        before: Some(with_bom(before, bom)),
        after: with_bom(after, bom),
    })
}

/// A page's translation: its own front matter with the title replaced, or (a new
/// page) the source's title, weight and draft mark; the body rebuilt on the source's.
fn page_change(
    root: &Path,
    (source, target): (&str, &str),
    pieces: &[String],
) -> Result<FileChange, Reason> {
    let (title, body) = (
        pieces.first().cloned().unwrap_or_default(),
        pieces.get(1).cloned().unwrap_or_default(),
    );
    let title_edit = |front: &str| {
        yaml_edit::apply(
            front,
            &[Edit {
                map: String::new(),
                key: "title".into(),
                like: "title".into(),
                value: NewValue::Text(title.clone()),
            }],
        )
        .map_err(|why| {
            Reason(
                format!("cannot write the title into {target}: {why}"),
                format!("{target} に題名を書き込めません（{why}）"),
            )
        })
    };
    if let Some((before, bom)) = read_file(root, target)? {
        let (front, _) = split_front(&before).ok_or_else(|| no_front(target))?;
        let after = format!("---\n{}---\n{body}", title_edit(front)?);
        return Ok(FileChange {
            path: target.to_string(),
            before: Some(with_bom(before, bom)),
            after: with_bom(after, bom),
        });
    }
    let (source_text, _) = read_file(root, source)?.ok_or_else(|| no_front(source))?;
    let (front, _) = split_front(&source_text).ok_or_else(|| no_front(source))?;
    let source_front: serde_yaml::Value = serde_yaml::from_str(front).unwrap_or_default();
    let mut new_front = title_edit("title: x\n")?;
    if let Some(weight) = source_front
        .get("weight")
        .and_then(serde_yaml::Value::as_i64)
    {
        new_front.push_str(&format!("weight: {weight}\n"));
    }
    if source_front
        .get("draft")
        .and_then(serde_yaml::Value::as_bool)
        == Some(true)
    {
        new_front.push_str("draft: true\n");
    }
    Ok(FileChange {
        path: target.to_string(),
        before: None,
        after: format!("---\n{new_front}---\n{body}"),
    })
}

fn no_front(file: &str) -> Reason {
    Reason(
        format!("{file} does not start with front matter between `---` lines"),
        format!("{file} が `---` の行で囲んだ前付けで始まっていません"),
    )
}

/// A page file's front matter text (without the `---` lines) and its body.
fn split_front(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// The lock with `keys` confirmed in `lang` against today's source text.
fn confirmed_lock(loaded: &Loaded, lang: &str, keys: &[String]) -> TranslationLock {
    let languages = loaded.site.config.language_list();
    let mut units = translation_status::units(loaded);
    for unit in units.iter_mut().filter(|u| keys.contains(&u.key)) {
        unit.texts.entry(lang.to_string()).or_default();
    }
    translation_status::confirm(
        &loaded.lock,
        &units,
        &languages,
        translation_status::Confirming { keys, all: false },
    )
    .0
}

/// Writes the plan: every file to a temporary beside it, then each renamed into
/// place, then the lock. On a failure, the files already renamed are put back.
pub fn write(root: &Path, plan: &Plan) -> Result<(), Diagnostic> {
    write_with(root, plan, &mut |from, to| std::fs::rename(from, to))
}

type Rename<'a> = &'a mut dyn FnMut(&Path, &Path) -> std::io::Result<()>;

fn write_with(root: &Path, plan: &Plan, rename: Rename) -> Result<(), Diagnostic> {
    let lock = FileChange {
        path: "content/translations.lock".into(),
        before: std::fs::read_to_string(root.join("content/translations.lock")).ok(),
        after: translation_status::lock_text(&plan.lock),
    };
    let all: Vec<&FileChange> = plan.files.iter().chain([&lock]).collect();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for change in &all {
        let path = root.join(&change.path);
        let temporary = temporary_beside(&path);
        if let Err(error) = crate::fs::write(&temporary, &change.after) {
            let _ = std::fs::remove_file(&temporary);
            remove_all(&staged);
            return Err(error);
        }
        staged.push((temporary, path));
    }
    for (done, (temporary, path)) in staged.iter().enumerate() {
        if let Err(error) = rename(temporary, path) {
            put_back(&all[..done], root);
            remove_all(&staged[done..]);
            return Err(io_error(path, ("replace", "置き換え"), &error));
        }
    }
    Ok(())
}

fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().to_string());
    path.with_file_name(format!(".{name}.import-{}", std::process::id()))
}

fn remove_all(staged: &[(PathBuf, PathBuf)]) {
    for (temporary, _) in staged {
        let _ = std::fs::remove_file(temporary);
    }
}

/// Restores files already replaced: their old text, or no file where there was none.
fn put_back(changes: &[&FileChange], root: &Path) {
    for change in changes {
        let path = root.join(&change.path);
        match &change.before {
            Some(before) => {
                let _ = crate::fs::replace(&path, before);
            }
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_while_renaming_leaves_every_file_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/pages")).expect("dirs");
        std::fs::write(root.join("content/a.yaml"), "a: old\n").expect("write");
        std::fs::write(root.join("content/translations.lock"), "en: {}\n").expect("write");
        let plan = Plan {
            files: vec![
                FileChange {
                    path: "content/a.yaml".into(),
                    before: Some("a: old\n".into()),
                    after: "a: new\n".into(),
                },
                FileChange {
                    path: "content/pages/p.en.md".into(),
                    before: None,
                    after: "---\ntitle: P\n---\n".into(),
                },
            ],
            ..Plan::default()
        };
        let mut calls = 0;
        let mut failing = |from: &Path, to: &Path| {
            calls += 1;
            if calls == 3 {
                return Err(std::io::Error::other("disk full"));
            }
            std::fs::rename(from, to)
        };
        let error = write_with(root, &plan, &mut failing).expect_err("fails at the lock");
        assert_eq!(error.code, "io");
        let read = |p: &str| std::fs::read_to_string(root.join(p)).ok();
        assert_eq!(read("content/a.yaml").as_deref(), Some("a: old\n"));
        assert_eq!(read("content/pages/p.en.md"), None);
        assert_eq!(
            read("content/translations.lock").as_deref(),
            Some("en: {}\n")
        );
        let mut names: Vec<String> = walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["a.yaml", "translations.lock"],
            "no temporary file is left"
        );
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        assert_eq!(
            split_front("---\ntitle: x\n---\n\nbody\n"),
            Some(("title: x\n", "\nbody\n"))
        );
        assert_eq!(split_front("no front matter"), None);
    }
}
