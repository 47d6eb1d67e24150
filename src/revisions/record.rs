//! A revision record, `content/revisions/VERSION.yaml`: the version, its date and
//! note, and the text of every content file as it stood, with a checksum that tells
//! a damaged or hand-edited record from a good one.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::yaml;
use crate::model::Text;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Where records live, under the site root.
pub const FOLDER: &str = "content/revisions";

const HEADER: &str = "# A revision of the policy, recorded by `policy-site revise`. Do not edit:\n\
# the checksum below tells a changed record from the one that was recorded.\n\
# 改定の記録です（policy-site revise が書きました）。手で編集しないでください。\n";

/// One recorded revision.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub version: String,
    pub date: String,
    pub note: Text,
    /// `fnv1a64:` and 16 hex digits, over the version, date and files.
    pub checksum: String,
    /// Path under the site root (`content/mindsets.yaml`) -> the file's text.
    pub files: BTreeMap<String, String>,
}

impl Record {
    pub fn new(version: &str, date: &str, note: Text, files: BTreeMap<String, String>) -> Self {
        let mut record = Record {
            version: version.to_string(),
            date: date.to_string(),
            note,
            checksum: String::new(),
            files,
        };
        record.checksum = record.computed_checksum();
        record
    }

    /// The record's file name under the site root.
    pub fn path_of(version: &str) -> String {
        format!("{FOLDER}/{version}.yaml")
    }

    /// The record as written to disk.
    pub fn to_yaml(&self) -> Result<String, Diagnostic> {
        let body = serde_yaml::to_string(self).map_err(|error| {
            Diagnostic::error(
                "revision-record",
                format!("the record cannot be written as YAML: {error}"),
                format!("記録を YAML として書き出せません（{error}）"),
            )
        })?;
        Ok(format!("{HEADER}{body}"))
    }

    /// Reads the record in `text` (from `file`); every problem located and reported.
    /// A good record is read straight (in the shape `revise` writes, without a YAML
    /// parser: `as_written`); only a damaged or changed one goes through the
    /// content reader, which locates what is wrong (and costs more on a large record).
    pub fn parse(file: &str, text: &str) -> Result<Record, Diagnostics> {
        if let Some(record) = super::as_written::read_as_written(text) {
            if record.checksum == record.computed_checksum() {
                return Ok(record);
            }
        }
        if let Ok(record) = serde_yaml::from_str::<Record>(text) {
            if record.checksum == record.computed_checksum() {
                return Ok(record);
            }
        }
        Record::parse_located(file, text)
    }

    fn parse_located(file: &str, text: &str) -> Result<Record, Diagnostics> {
        let mut problems = Diagnostics::new();
        let doc = yaml::parse(file, text, 0).map_err(|e| Diagnostics::from_iter([e]))?;
        let Some(record) = yaml::typed_or_report::<Record>(&doc, &mut problems) else {
            return Err(damaged(problems, file));
        };
        if record.checksum != record.computed_checksum() {
            return Err(Diagnostics::from_iter([Diagnostic::error(
                "revision-record-changed",
                format!(
                    "the record of version {} has been changed since it was recorded (its checksum no longer matches its text)",
                    record.version
                ),
                format!(
                    "版 {} の記録が、記録した後に書き換えられています（チェックサムが内容と合いません）",
                    record.version
                ),
            )
            .at(doc.at("checksum"))
            .hint(
                "restore the file from version control (git checkout -- FILE); a record is never edited by hand — record a new revision instead",
                "バージョン管理から元のファイルに戻してください（git checkout -- ファイル名）。記録は手で直さず、新しい改定として記録してください",
            )]));
        }
        Ok(record)
    }

    pub(super) fn computed_checksum(&self) -> String {
        let mut hash = Fnv::default();
        hash.text(&self.version).text(&self.date);
        for (path, text) in &self.files {
            hash.text(path).text(text);
        }
        format!("fnv1a64:{:016x}", hash.0)
    }
}

/// A record whose fields cannot be read: the reader's findings, with what to do.
fn damaged(problems: Diagnostics, file: &str) -> Diagnostics {
    let mut all: Diagnostics = problems
        .into_iter()
        .map(|d| {
            d.hint(
                "this record is damaged; restore it from version control (git checkout -- FILE)",
                "この記録は壊れています。バージョン管理から元のファイルに戻してください（git checkout -- ファイル名）",
            )
        })
        .collect();
    if all.is_empty() {
        all.push(
            Diagnostic::error(
                "revision-record",
                "this revision record cannot be read",
                "この改定の記録を読み取れません",
            )
            .at(Location::file(file)),
        );
    }
    all
}

/// FNV-1a, 64 bits: a checksum that is the same on every machine and run (the
/// standard library's hasher is not). Each text is followed by a 0xff separator.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn text(&mut self, text: &str) -> &mut Self {
        for byte in text.bytes().chain([0xff]) {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self
    }
}

/// Every content file to record, path -> text: everything under `content/` but
/// the records themselves and scratch files, in path order.
pub fn content_files(root: &Path) -> Result<BTreeMap<String, String>, Diagnostics> {
    let site = crate::load::SiteRoot::open(root).map_err(|e| Diagnostics::from_iter([e]))?;
    let mut files = BTreeMap::new();
    let mut problems = Diagnostics::new();
    for (relative, path) in content_paths(&site, root) {
        match site.read_text_optional(&path) {
            Ok(Some(text)) => {
                files.insert(relative, text);
            }
            Ok(None) => {}
            Err(error) => problems.push(error),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(files)
}

/// The files [`content_files`] reads, path as recorded -> where it is.
fn content_paths(site: &crate::load::SiteRoot, root: &Path) -> BTreeMap<String, PathBuf> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = site.display(entry.path()).replace('\\', "/");
            let name = entry.file_name().to_string_lossy();
            let skipped =
                relative.starts_with(&format!("{FOLDER}/")) || crate::load::is_scratch_file(&name);
            (!skipped).then(|| (relative, entry.into_path()))
        })
        .collect()
}

/// What tells whether the content files are still those of a record without keeping
/// its text: each file's length and fingerprint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints(BTreeMap<String, (usize, u64)>);

impl Fingerprints {
    pub fn of(files: &BTreeMap<String, String>) -> Self {
        let each = |(path, text): (&String, &String)| {
            (path.clone(), (text.len(), crate::digest::of_str(text)))
        };
        Fingerprints(files.iter().map(each).collect())
    }

    /// Whether the content files under `root` are exactly these: the same paths (no
    /// file read), then the same text. A file in `known` (path -> the fingerprint of
    /// its text as the working content was loaded: its Markdown pages) is not read
    /// again; the others are checked by length (a leading BOM aside), then read side
    /// by side.
    pub fn match_content(
        &self,
        root: &Path,
        known: &HashMap<&str, u64>,
    ) -> Result<bool, Diagnostics> {
        let site = crate::load::SiteRoot::open(root).map_err(|e| Diagnostics::from_iter([e]))?;
        let paths = content_paths(&site, root);
        if !paths.keys().eq(self.0.keys()) {
            return Ok(false);
        }
        let (known_paths, others): (Vec<_>, Vec<_>) = paths
            .iter()
            .partition(|(relative, _)| known.contains_key(relative.as_str()));
        if !known_paths
            .iter()
            .all(|(relative, _)| known[relative.as_str()] == self.0[*relative].1)
        {
            return Ok(false);
        }
        let length_fits = |path: &PathBuf, len: usize| {
            std::fs::metadata(path)
                .is_ok_and(|m| m.len() == len as u64 || m.len() == len as u64 + 3)
        };
        if !others
            .iter()
            .all(|(p, path)| length_fits(path, self.0[*p].0))
        {
            return Ok(false);
        }
        // Read side by side: a large site has thousands of files.
        others
            .par_iter()
            .map(|(relative, path)| {
                let text = site
                    .read_text_optional(path)
                    .map_err(|e| Diagnostics::from_iter([e]))?;
                Ok(text.map(|t| (t.len(), crate::digest::of_str(&t))) == Some(self.0[*relative]))
            })
            .try_reduce(|| true, |a, b| Ok(a && b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        let note: Text = serde_yaml::from_str("{ ja: 改定, en: Revised }").expect("note");
        let files = BTreeMap::from([
            (
                "content/site.yaml".to_string(),
                "title: x\n  indented\n".to_string(),
            ),
            ("content/pages/a.ja.md".to_string(), "本文\n".to_string()),
        ]);
        Record::new("1.1", "2027-04-01", note, files)
    }

    #[test]
    fn a_record_reads_back_as_written() {
        let record = sample();
        let text = record.to_yaml().expect("yaml");
        let back = Record::parse("content/revisions/1.1.yaml", &text).expect("parses");
        assert_eq!(back.files, record.files);
        assert_eq!(back.checksum, record.checksum);
    }

    #[test]
    fn a_hand_edited_record_is_refused_with_its_place() {
        let text = sample().to_yaml().expect("yaml").replace("本文", "本分");
        let errors = Record::parse("content/revisions/1.1.yaml", &text).expect_err("refused");
        let error = errors.iter().next().expect("one");
        assert_eq!(error.code, "revision-record-changed");
        assert!(error.message_ja.contains("書き換え"));
        assert!(error.line.is_some());
    }

    #[test]
    fn a_damaged_record_is_refused() {
        let errors = Record::parse("content/revisions/1.1.yaml", "version: [\n").expect_err("no");
        assert!(errors.has_errors());
        let errors = Record::parse("content/revisions/1.1.yaml", "version: '1'\n").expect_err("no");
        assert!(errors.iter().any(|d| d.field.is_some() || d.line.is_some()));
    }
}
