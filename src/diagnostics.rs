//! Diagnostics: every problem the generator finds, as a value with a place (file,
//! line, column, field path), a stable code, and words an HR editor understands.

use serde::Serialize;
use std::fmt;
use std::path::Path;

/// How serious a finding is. Errors stop a build; warnings never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding, located as precisely as the source allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, machine-readable code such as `unknown-field` or `broken-link`.
    pub code: &'static str,
    /// The file, relative to the site root, with `/` separators.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field path inside a YAML file, e.g. `ranks[3].weights.human`.
    pub field: Option<String>,
    /// What was expected and what was found, in English.
    pub message: String,
    /// The same in Japanese, for HR editors (`--messages ja`, a Japanese locale, and
    /// the serve overlay on Japanese pages).
    pub message_ja: String,
    /// What to do about it (a suggestion, the closest valid key, …), in English.
    pub hint: Option<String>,
    pub hint_ja: Option<String>,
    /// The source line and a caret under the column, as the terminal and the
    /// preview overlay show them (`   11 |     ja: x` then `      |     ^`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

/// The language findings are written in for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageLanguage {
    #[default]
    En,
    Ja,
}

impl MessageLanguage {
    /// The language of this computer, used when `--messages` is not given: the locale
    /// variables (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set) when there are any,
    /// else the operating system's own setting (the Windows display language, the macOS
    /// preferred language), so a Japanese Windows, which sets no such variable, gets
    /// Japanese. This is the one place the language is decided.
    pub fn of_this_computer() -> Self {
        Self::from_settings(|name| std::env::var(name).ok(), sys_locale::get_locale)
    }

    /// [`Self::of_this_computer`] with its two sources given: a locale variable by name,
    /// and the operating system's language tag (`ja-JP`, `en-US`, …).
    pub fn from_settings(
        variable: impl Fn(&str) -> Option<String>,
        system: impl FnOnce() -> Option<String>,
    ) -> Self {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| variable(name))
            .find(|value| !value.is_empty())
            .or_else(system)
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("ja") {
            MessageLanguage::Ja
        } else {
            MessageLanguage::En
        }
    }

    /// Picks the English or the Japanese of a pair.
    pub fn pick<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        match self {
            MessageLanguage::En => en,
            MessageLanguage::Ja => ja,
        }
    }
}

/// A place in a source file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<String>,
}

impl Location {
    pub fn file(file: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            ..Location::default()
        }
    }

    pub fn at(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            field: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        if !field.is_empty() && field != "." {
            self.field = Some(field);
        }
        self
    }
}

impl Diagnostic {
    /// An error, said in English and in Japanese.
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        message_ja: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            line: None,
            column: None,
            field: None,
            message: message.into(),
            message_ja: message_ja.into(),
            hint: None,
            hint_ja: None,
            excerpt: None,
        }
    }

    /// A warning, said in English and in Japanese.
    pub fn warning(
        code: &'static str,
        message: impl Into<String>,
        message_ja: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, message_ja)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.file = Some(location.file);
        self.line = location.line;
        self.column = location.column;
        if location.field.is_some() {
            self.field = location.field;
        }
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// What to do, in English and in Japanese.
    pub fn hint(mut self, hint: impl Into<String>, hint_ja: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self.hint_ja = Some(hint_ja.into());
        self
    }

    /// Shows `source` (line `line` of the file) with a caret under `column`
    /// (1-based, in characters): a tab stays a tab and a wide character takes two
    /// cells, so the caret lines up in a terminal and in a monospace font.
    pub fn with_excerpt(mut self, line: usize, source: &str, column: usize) -> Self {
        let number = line.to_string();
        let pad: String = source
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| match c {
                '\t' => '\t',
                c if is_wide(c) => '\u{3000}',
                _ => ' ',
            })
            .collect();
        let gutter = " ".repeat(number.len());
        self.excerpt = Some(format!("{number} | {source}\n{gutter} | {pad}^"));
        self
    }

    /// The finding as one or two lines of text in `language`.
    pub fn render(&self, language: MessageLanguage) -> String {
        let label = match (self.severity, language) {
            (Severity::Error, MessageLanguage::En) => "error",
            (Severity::Warning, MessageLanguage::En) => "warning",
            (Severity::Error, MessageLanguage::Ja) => "エラー",
            (Severity::Warning, MessageLanguage::Ja) => "警告",
        };
        let mut text = format!("{label}[{}]", self.code);
        if let Some(file) = &self.file {
            text.push_str(&format!(": {file}"));
            if let Some(line) = self.line {
                text.push_str(&format!(":{line}"));
                if let Some(column) = self.column {
                    text.push_str(&format!(":{column}"));
                }
            }
        }
        if let Some(field) = &self.field {
            text.push_str(&format!(": {field}"));
        }
        text.push_str(": ");
        text.push_str(language.pick(&self.message, &self.message_ja));
        if let Some(excerpt) = &self.excerpt {
            for line in excerpt.lines() {
                text.push_str(&format!("\n    {line}"));
            }
        }
        if let (Some(hint), Some(hint_ja)) = (&self.hint, &self.hint_ja) {
            let word = language.pick("hint", "ヒント");
            text.push_str(&format!("\n  {word}: {}", language.pick(hint, hint_ja)));
        }
        text
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A file that cannot be read or parsed at all: listed before everything else.
    pub fn is_root_cause(&self) -> bool {
        self.is_error()
            && matches!(
                self.code,
                "yaml-syntax"
                    | "not-utf8"
                    | "empty-file"
                    | "io"
                    | "unreadable"
                    | "outside-root"
                    | "special-file"
            )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(MessageLanguage::En))
    }
}

/// Whether a character takes two cells in a terminal (CJK, kana, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0xA4CF | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F | 0x20000..=0x3FFFD)
}

/// Findings collected over a whole run, so one run shows every problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Pushes and returns the pushed diagnostic, to add a hint.
    pub fn push_mut(&mut self, diagnostic: Diagnostic) -> &mut Diagnostic {
        self.0.push(diagnostic);
        let last = self.0.len() - 1;
        &mut self.0[last]
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The files that have an error of their own (could not be read, parsed or
    /// typed): findings about other files that depend on them would only follow on.
    pub fn files_with_errors(&self) -> std::collections::BTreeSet<String> {
        self.errors().filter_map(|d| d.file.clone()).collect()
    }

    /// Sorts root causes first (a file that cannot be read or parsed), then by file,
    /// then line, errors first within a place, and drops exact repeats, so output is
    /// stable from run to run.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (
                !a.is_root_cause(),
                &a.file,
                a.line,
                a.column,
                a.severity,
                &a.field,
                &a.message,
            )
                .cmp(&(
                    !b.is_root_cause(),
                    &b.file,
                    b.line,
                    b.column,
                    b.severity,
                    &b.field,
                    &b.message,
                ))
        });
        self.0.dedup();
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// Turns a path under the site root into the `content/mindsets.yaml` form used in messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a
/// likely typo (at most a third of the word's length, and at least one edit allowed).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

/// Edit distance over characters (so Japanese keys count per character), where
/// swapping two neighbours counts as one edit (`titel` is one edit from `title`).
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// An I/O failure on a path (output, scratch folders), naming the path. `action` is
/// what could not be done, as an English verb phrase and a Japanese noun for the
/// operation: `("create the folder", "フォルダの作成")`.
pub fn io_error(path: &Path, action: (&str, &str), error: &std::io::Error) -> Diagnostic {
    let (action_en, action_ja) = action;
    Diagnostic::error(
        "io",
        format!("could not {action_en} {}: {error}", path.display()),
        format!(
            "{action_ja}に失敗しました：`{}`（{}）",
            path.display(),
            io_reason_ja(error)
        ),
    )
}

/// What an I/O error means, in plain Japanese, with the system's own text after it.
pub fn io_reason_ja(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let plain = match error.kind() {
        ErrorKind::NotFound => "見つかりません",
        ErrorKind::PermissionDenied => "アクセスする権限がありません",
        ErrorKind::AlreadyExists => "同じ名前のものがすでにあります",
        ErrorKind::InvalidData => "中身を読み取れません",
        ErrorKind::Interrupted => "途中で中断されました",
        ErrorKind::OutOfMemory => "メモリが足りません",
        ErrorKind::AddrInUse => "そのポートはすでに使われています",
        ErrorKind::AddrNotAvailable => "そのアドレスは使えません",
        _ => "",
    };
    if plain.is_empty() {
        format!("システムのメッセージ：{error}")
    } else {
        format!("{plain}。システムのメッセージ：{error}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key_for_a_typo() {
        let keys = ["id", "number", "title", "subtitle", "body"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("bdy", keys), Some("body"));
        assert_eq!(closest("colour", keys), None);
    }

    #[test]
    fn display_names_file_line_column_and_field() {
        let d = Diagnostic::error(
            "weights-sum",
            "the weights add up to 95; they must add up to 100",
            "割合の合計が95です。合計を100にしてください",
        )
        .at(Location::at("content/ranks.yaml", 12, 5).with_field("ranks[3].weights"))
        .hint(
            "change one of the numbers",
            "いずれかの数値を直してください",
        );
        assert_eq!(
            d.to_string(),
            "error[weights-sum]: content/ranks.yaml:12:5: ranks[3].weights: the weights add up to 95; they must add up to 100\n  hint: change one of the numbers"
        );
        assert_eq!(
            d.render(MessageLanguage::Ja),
            "エラー[weights-sum]: content/ranks.yaml:12:5: ranks[3].weights: 割合の合計が95です。合計を100にしてください\n  ヒント: いずれかの数値を直してください"
        );
    }

    #[test]
    fn the_language_follows_the_locale_variables_then_the_operating_system() {
        let choose = |variables: &[(&str, &str)], system: Option<&str>| {
            MessageLanguage::from_settings(
                |name| {
                    variables
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| v.to_string())
                },
                || system.map(str::to_string),
            )
        };
        // A Japanese Windows or Mac: no variables, the system says `ja-JP`.
        assert_eq!(choose(&[], Some("ja-JP")), MessageLanguage::Ja);
        assert_eq!(choose(&[], Some("en-US")), MessageLanguage::En);
        assert_eq!(choose(&[], None), MessageLanguage::En);
        // A variable that is set wins over the system, the first one set over the rest.
        assert_eq!(
            choose(&[("LANG", "C.UTF-8")], Some("ja-JP")),
            MessageLanguage::En
        );
        assert_eq!(
            choose(&[("LANG", "ja_JP.UTF-8")], Some("en-US")),
            MessageLanguage::Ja
        );
        assert_eq!(
            choose(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "ja_JP.UTF-8")], None),
            MessageLanguage::En
        );
        // An empty variable counts as unset.
        assert_eq!(
            choose(&[("LC_ALL", ""), ("LANG", "")], Some("ja")),
            MessageLanguage::Ja
        );
    }
}
