//! `revise` (record the content as it stands as a new version) and `diff` (what
//! changed between two versions, or since the last one).

use super::print_text;
use crate::diagnostics::{Diagnostic, Diagnostics, MessageLanguage};
use crate::load::{self, LoadOptions};
use crate::model::{SiteConfig, Text};
use crate::pipeline;
use crate::revisions::report::{self, Sides};
use crate::revisions::{self, record, version, Comparison, HistoryMemo, Items, Record};
use std::cmp::Ordering;
use std::path::Path;

/// What `revise` was asked to record.
#[derive(Debug, Clone)]
pub struct Revise {
    pub version: String,
    pub date: String,
    /// `LANG=TEXT`, as given.
    pub notes: Vec<String>,
}

fn refuse(language: MessageLanguage, problem: Diagnostic, code: i32) -> i32 {
    print_text(&Diagnostics::from_iter([problem]), language);
    match language {
        MessageLanguage::En => eprintln!("nothing was recorded"),
        MessageLanguage::Ja => eprintln!("何も記録していません"),
    }
    code
}

/// Records a revision: refuses (nothing written) a bad version or date, a version
/// already recorded or not after the last, an earlier date, or content with errors.
pub fn revise(root: &Path, request: &Revise, language: MessageLanguage) -> i32 {
    if let Err(problem) = check_arguments(request) {
        return refuse(language, problem, 2);
    }
    let built = match pipeline::build(root, &LoadOptions::default()) {
        Ok(built) => built,
        Err(found) => return refuse(language, not_checked(found, language), 1),
    };
    let link_problems = crate::verify::check_links(&built.files);
    if link_problems.has_errors() {
        return refuse(language, not_checked(link_problems, language), 1);
    }
    let config = &built.loaded.site.config;
    let note = match parse_notes(&request.notes, config) {
        Ok(note) => note,
        Err(problem) => return refuse(language, problem, 2),
    };
    if let Err(problem) = check_sequence(request, config) {
        return refuse(language, problem, 1);
    }
    let site_yaml = match add_history_entry(root, request, &note, &config.language_list()) {
        Ok(text) => text,
        Err(problem) => return refuse(language, problem, 1),
    };
    let mut files = match record::content_files(root) {
        Ok(files) => files,
        Err(found) => return refuse_all(language, found),
    };
    files.insert("content/site.yaml".into(), site_yaml.clone());
    let record = Record::new(&request.version, &request.date, note, files);
    if let Err(problem) = write_record(root, &record, &site_yaml) {
        return refuse(language, problem, 2);
    }
    let changed = built.history.last().map(|last| {
        let languages = config.language_list();
        Comparison::between(&last.items, &Items::of(&built.loaded), &languages).len()
    });
    announce(&record, changed, language);
    0
}

fn refuse_all(language: MessageLanguage, found: Diagnostics) -> i32 {
    print_text(&found, language);
    2
}

fn announce(record: &Record, changed: Option<usize>, language: MessageLanguage) {
    let (v, d, file) = (
        &record.version,
        &record.date,
        Record::path_of(&record.version),
    );
    match (language, changed) {
        (MessageLanguage::En, Some(n)) => eprintln!("recorded version {v} ({d}): {n} changed item(s) since the last version; wrote {file} and added it to the history in content/site.yaml"),
        (MessageLanguage::En, None) => eprintln!("recorded version {v} ({d}), the first; wrote {file} and added it to the history in content/site.yaml"),
        (MessageLanguage::Ja, Some(n)) => eprintln!("版 {v}（{d}）を記録しました。前の版からの改定箇所は {n} 件です。{file} を書き、content/site.yaml の履歴に加えました"),
        (MessageLanguage::Ja, None) => eprintln!("版 {v}（{d}）を初版として記録しました。{file} を書き、content/site.yaml の履歴に加えました"),
    }
}

/// The content has errors: what they are, as one refusal.
fn not_checked(found: Diagnostics, language: MessageLanguage) -> Diagnostic {
    let errors: Vec<String> = found.errors().map(|d| d.render(language)).collect();
    Diagnostic::error(
        "revise-check-failed",
        format!(
            "the content does not pass `check`, so it cannot be recorded:\n{}",
            errors.join("\n")
        ),
        format!(
            "内容が `check` を通らないため、記録できません：\n{}",
            errors.join("\n")
        ),
    )
    .hint(
        "fix the errors above (policy-site check lists them), then record again",
        "上のエラーを直してから（policy-site check で一覧できます）、もう一度記録してください",
    )
}

fn check_arguments(request: &Revise) -> Result<(), Diagnostic> {
    let (v, d) = (&request.version, &request.date);
    if !version::is_valid_name(v) {
        return Err(Diagnostic::error(
            "revise-version",
            format!("`{v}` cannot be a version name"),
            format!("`{v}` は版の名前に使えません"),
        )
        .hint(
            "use digits, letters, `.`, `-` or `_`, for example 1.1 or 2027",
            "数字・英字・`.`・`-`・`_` を使ってください（例：1.1、2027）",
        ));
    }
    if version::parse_date(d).is_none() {
        return Err(Diagnostic::error(
            "revise-date",
            format!("`{d}` is not a date"),
            format!("`{d}` は日付ではありません"),
        )
        .hint(
            "write the date as YYYY-MM-DD, for example 2027-04-01",
            "日付は YYYY-MM-DD の形で書いてください（例：2027-04-01）",
        ));
    }
    Ok(())
}

/// `--note ja=… --note en=…` as one text; the default language must be given.
fn parse_notes(notes: &[String], config: &SiteConfig) -> Result<Text, Diagnostic> {
    let languages = config.language_list();
    let mut map = serde_yaml::Mapping::new();
    for note in notes {
        let lang = note.split_once('=').map(|(l, _)| l.trim());
        match (lang, note.split_once('=')) {
            (Some(lang), Some((_, text))) if languages.iter().any(|l| l == lang) => {
                map.insert(lang.into(), text.trim().into());
            }
            _ => {
                return Err(Diagnostic::error(
                    "revise-note",
                    format!(
                        "`--note {note}` does not name one of this site's languages ({})",
                        languages.join(", ")
                    ),
                    format!(
                        "`--note {note}` にこのサイトの言語（{}）がありません",
                        languages.join(", ")
                    ),
                )
                .hint(
                    "write each note as LANG=TEXT, for example --note ja=研修の記述を改めた",
                    "--note 言語=文 の形で書いてください（例：--note ja=研修の記述を改めた）",
                ))
            }
        }
    }
    let default = config.default_language();
    if !map.contains_key(default) {
        return Err(Diagnostic::error(
            "revise-note",
            format!("a note in `{default}` is needed: what this revision changed"),
            format!("`{default}` の改定内容（--note {default}=…）が必要です"),
        )
        .hint(
            format!("add --note {default}=TEXT"),
            format!("--note {default}=改定内容 を加えてください"),
        ));
    }
    serde_yaml::from_value(serde_yaml::Value::Mapping(map)).map_err(|e| {
        Diagnostic::error(
            "revise-note",
            format!("the note cannot be read: {e}"),
            format!("改定内容を読み取れません（{e}）"),
        )
    })
}

/// After the last recorded version, on or after its date.
fn check_sequence(request: &Revise, config: &SiteConfig) -> Result<(), Diagnostic> {
    let (v, d) = (&request.version, &request.date);
    let recorded = config.recorded_versions();
    if recorded.iter().any(|r| r == v) {
        return Err(Diagnostic::error(
            "revise-recorded",
            format!("version {v} is already recorded"),
            format!("版 {v} はすでに記録されています"),
        )
        .in_file(Record::path_of(v))
        .hint(
            "give the new revision a later version, for example 1.2",
            "新しい改定には後の版の名前を付けてください（例：1.2）",
        ));
    }
    let Some(last) = config.history.iter().find(|e| e.version.is_some()) else {
        return Ok(());
    };
    let last_version = last.version.as_deref().unwrap_or_default();
    if version::compare(v, last_version) != Ordering::Greater {
        return Err(Diagnostic::error(
            "revise-version-order",
            format!("version {v} does not come after the last recorded version, {last_version}"),
            format!("版 {v} は、最後に記録した版 {last_version} より後になりません"),
        )
        .hint(
            format!("versions go up: after {last_version} comes, for example, {last_version}.1 or a higher number"),
            format!("版は大きくなる順に付けます（{last_version} の次は、例えば {last_version}.1 やより大きい番号）"),
        ));
    }
    if d.as_str() < last.date.as_str() {
        return Err(Diagnostic::error(
            "revise-date-order",
            format!(
                "the date {d} is before the date of version {last_version} ({})",
                last.date
            ),
            format!(
                "日付 {d} は、版 {last_version} の日付（{}）より前です",
                last.date
            ),
        )
        .hint(
            "a revision's date is on or after the one before",
            "改定日は前の版の日付と同じか、それより後にしてください",
        ));
    }
    Ok(())
}

/// `content/site.yaml` with `version:` set and the new entry first in `history:`,
/// the rest of the file as written (comments and all).
fn add_history_entry(
    root: &Path,
    request: &Revise,
    note: &Text,
    languages: &[String],
) -> Result<String, Diagnostic> {
    let path = root.join("content/site.yaml");
    let text = crate::fs::read_to_string(&path)?;
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let version_line = format!("version: {}", quoted(&request.version));
    match lines.iter().position(|l| l.starts_with("version:")) {
        Some(i) => lines[i] = version_line,
        None => lines.push(version_line),
    }
    let at = match lines.iter().position(|l| l.starts_with("history:")) {
        Some(i) => {
            lines[i] = "history:".into();
            i + 1
        }
        None => {
            lines.push("history:".into());
            lines.len()
        }
    };
    let indent = lines
        .get(at)
        .filter(|l| l.trim_start().starts_with("- "))
        .map_or(2, |l| l.len() - l.trim_start().len());
    let pad = " ".repeat(indent);
    let mut entry = vec![
        format!("{pad}- version: {}", quoted(&request.version)),
        format!("{pad}  date: {}", request.date),
        format!("{pad}  note:"),
    ];
    for (lang, text) in languages.iter().filter_map(|l| Some((l, note.0.get(l)?))) {
        entry.push(format!("{pad}    {lang}: {}", quoted(text)));
    }
    lines.splice(at..at, entry);
    let new_text = lines.join("\n") + "\n";
    let check: Result<SiteConfig, _> = serde_yaml::from_str(&new_text);
    match check {
        Ok(config) if config.recorded_versions().last() == Some(&request.version.as_str()) => Ok(new_text),
        _ => Err(Diagnostic::error(
            "revise-site-yaml",
            "the new history entry cannot be added to content/site.yaml automatically (its `history:` is written in a form this command does not edit)",
            "content/site.yaml の `history:` の書き方を自動では編集できないため、履歴に加えられません",
        )
        .in_file("content/site.yaml")
        .hint(
            "write `history:` as a list, one `- date: …` entry under another, then record again",
            "`history:` を「- date: …」の項目を縦に並べたリストの形にしてから、もう一度記録してください",
        )),
    }
}

/// The record first, then `site.yaml`, each atomically; if `site.yaml` cannot be
/// replaced, the record is removed again, so nothing is left half done.
fn write_record(root: &Path, record: &Record, site_yaml: &str) -> Result<(), Diagnostic> {
    let folder = root.join(record::FOLDER);
    crate::fs::create_dir_all(&folder)?;
    let path = root.join(Record::path_of(&record.version));
    crate::fs::replace(&path, record.to_yaml()?)?;
    if let Err(problem) = crate::fs::replace(&root.join("content/site.yaml"), site_yaml) {
        let _ = std::fs::remove_file(&path);
        return Err(problem);
    }
    Ok(())
}

/// What `diff` compares and how it prints it.
#[derive(Debug, Clone)]
pub struct Diff {
    pub from: Option<String>,
    pub to: Option<String>,
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

/// Prints the comparison of two versions (default: the last one and the working content).
pub fn diff(root: &Path, request: &Diff, language: MessageLanguage) -> i32 {
    let loaded = match load::load(root, &LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(found) => {
            print_text(&found, language);
            return super::exit_code(&found).max(1);
        }
    };
    let history = match revisions::load_history(root, &loaded, &mut HistoryMemo::default()) {
        Ok(history) => history,
        Err(found) => {
            print_text(&found, language);
            return super::exit_code(&found).max(1);
        }
    };
    let working = Items::of(&loaded);
    let working_name = language.pick("working content", "作業中の内容").to_string();
    let (from, to) = match sides_asked(&history, request) {
        Ok(sides) => sides,
        Err(problem) => return refuse_diff(problem, language),
    };
    let empty = Items::default();
    let items = |i: Option<usize>| i.map_or(&empty, |i| &history.versions[i].items);
    let name = |i: Option<usize>, none: &str| {
        i.map_or(none.to_string(), |i| history.versions[i].version.clone())
    };
    let old = items(from);
    let new = to.map_or(&working, |t| &history.versions[t].items);
    let comparison = Comparison::between(old, new, &loaded.site.config.language_list());
    let sides = Sides {
        from: name(from, language.pick("(nothing recorded)", "（記録なし）")),
        to: name(to, &working_name),
    };
    let out = match request.format {
        DiffFormat::Text => report::text(&comparison, &sides, language),
        DiffFormat::Json => report::json(&comparison, &sides),
        DiffFormat::Markdown => report::markdown(&comparison, &sides, language),
    };
    print!("{out}");
    0
}

/// The recorded versions `diff` compares (`None`: nothing / the working content).
fn sides_asked(
    history: &revisions::History,
    request: &Diff,
) -> Result<(Option<usize>, Option<usize>), Diagnostic> {
    let find = |v: &str| -> Result<usize, Diagnostic> {
        history.index_of(v).ok_or_else(|| {
            let known: Vec<&str> = history
                .versions
                .iter()
                .map(|r| r.version.as_str())
                .collect();
            Diagnostic::error(
                "diff-version",
                format!(
                    "version {v} is not recorded (recorded: {})",
                    known.join(", ")
                ),
                format!(
                    "版 {v} は記録されていません（記録済み：{}）",
                    known.join(", ")
                ),
            )
        })
    };
    let to = request.to.as_deref().map(find).transpose()?;
    let from = match (request.from.as_deref(), to) {
        (Some(v), _) => Some(find(v)?),
        (None, Some(t)) => t.checked_sub(1),
        (None, None) => history.versions.len().checked_sub(1),
    };
    Ok((from, to))
}

fn refuse_diff(problem: Diagnostic, language: MessageLanguage) -> i32 {
    print_text(&Diagnostics::from_iter([problem]), language);
    2
}
