//! A record read in the shape `revise` writes it, without a YAML parser: every
//! file's text a block literal (`|`, `|-` or `|+`) indented four spaces under a plain
//! `content/…` key. A 10,000-page site's records are 50 MB each, which serde_yaml
//! reads at about 70 MB/s: most of what recorded versions added to a build. Any
//! other shape (a record written by an older version, or edited) gives `None`, and
//! the caller reads it as YAML. The caller keeps what this returns only when its
//! checksum matches its files, so a misreading costs time, never a wrong text.

use super::record::Record;
use crate::model::Text;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The fields before `files:`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Head {
    version: String,
    date: String,
    note: Text,
    checksum: String,
}

const FILES: &str = "\nfiles:\n";

/// The record in `text`, if it has the shape `revise` writes.
pub fn read_as_written(text: &str) -> Option<Record> {
    let at = text.find(FILES)?;
    let head: Head = serde_yaml::from_str(&text[..=at]).ok()?;
    let mut files = BTreeMap::new();
    let mut lines = text[at + FILES.len()..].split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let entry = line.strip_prefix("  ")?.strip_suffix('\n')?;
        let (key, chomping) = entry.rsplit_once(": |")?;
        let plain = |c: char| c.is_alphanumeric() || matches!(c, '/' | '.' | '-' | '_');
        if !key.starts_with("content/") || !key.chars().all(plain) {
            return None;
        }
        let mut body = String::new();
        while let Some(&line) = lines.peek() {
            if line == "\n" {
                body.push('\n');
            } else if let Some(content) = line.strip_prefix("    ") {
                body.push_str(content);
            } else {
                break;
            }
            lines.next();
        }
        if !body.ends_with('\n') && !body.is_empty() {
            return None; // the file's last line has no line break: not as written
        }
        let text = match chomping {
            // Keep: every line break, trailing empty lines too.
            "+" => body,
            // Strip: no final line break.
            "-" => body.trim_end_matches('\n').to_string(),
            // Clip: one final line break.
            "" => {
                let kept = body.trim_end_matches('\n');
                if kept.is_empty() {
                    String::new()
                } else {
                    format!("{kept}\n")
                }
            }
            _ => return None,
        };
        if files.insert(key.to_string(), text).is_some() {
            return None;
        }
    }
    Some(Record {
        version: head.version,
        date: head.date,
        note: head.note,
        checksum: head.checksum,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn record(files: BTreeMap<String, String>) -> Record {
        let note: Text = serde_yaml::from_str("{ ja: 改定, en: Revised }").expect("note");
        Record::new("1.1", "2027-04-01", note, files)
    }

    #[test]
    fn a_record_as_revise_writes_it_is_read_without_yaml() {
        let files = BTreeMap::from([
            (
                "content/site.yaml".to_string(),
                "title: x\n  indented\n".to_string(),
            ),
            (
                "content/pages/a.ja.md".to_string(),
                "本文\n\n\n".to_string(),
            ),
            ("content/pages/b.en.md".to_string(), "a\n\nb\n".to_string()),
        ]);
        let written = record(files).to_yaml().expect("yaml");
        let read = read_as_written(&written).expect("read as written");
        let yaml = serde_yaml::from_str::<Record>(&written).expect("yaml");
        assert_eq!(read.files, yaml.files);
        assert_eq!(read.checksum, read.computed_checksum());
    }

    #[test]
    fn another_shape_is_left_to_the_yaml_reader() {
        let written = record(BTreeMap::from([(
            "content/a b.md".to_string(),
            "x\n".to_string(),
        )]))
        .to_yaml()
        .expect("yaml");
        assert!(read_as_written(&written).is_none());
        assert!(read_as_written("version: '1'\n").is_none());
    }

    proptest! {
        /// Whatever a file holds, the reader gives what YAML gives, or leaves it to YAML.
        #[test]
        fn the_reader_agrees_with_yaml(texts in prop::collection::vec("[a-z 本\n\t#:|-]{0,20}", 1..4)) {
            let files = texts
                .into_iter()
                .enumerate()
                .map(|(i, text)| (format!("content/pages/p{i}.md"), text))
                .collect();
            let written = record(files).to_yaml().expect("yaml");
            let yaml = serde_yaml::from_str::<Record>(&written).expect("yaml");
            if let Some(read) = read_as_written(&written) {
                prop_assert_eq!(read.files, yaml.files);
            }
        }
    }
}
