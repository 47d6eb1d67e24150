//! YAML typing mistakes explained the way a colleague would: when the parser fails,
//! find the line a person would point at (a tab, a full-width space or colon, an
//! unclosed quote, no space after a colon, text starting with a special character,
//! indentation that does not line up) and say the cause and the fix in both
//! languages. A suspected cause that is not certain is confirmed by fixing it in a
//! copy of the text and parsing again: it is the cause if the parser then gets past it.

use crate::diagnostics::{Diagnostic, Location};

/// One suspected mistake: where it is (1-based line and character column) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mistake {
    line: usize,
    column: usize,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Tab,
    FullWidthSpace,
    FullWidthColon {
        key: String,
    },
    UnclosedQuote {
        quote: char,
    },
    UnclosedBracket {
        open: char,
        close: char,
    },
    NoSpaceAfterColon {
        key: String,
        value: String,
    },
    SpecialFirst {
        first: char,
        key: Option<String>,
        value: String,
    },
    ColonInText {
        key: Option<String>,
        value: String,
    },
    Misaligned {
        indent: usize,
        expected: usize,
        with_line: usize,
    },
}

impl Kind {
    /// Always a mistake wherever the scan finds it (outside block scalars): reported
    /// without confirming by a second parse.
    fn is_certain(&self) -> bool {
        matches!(
            self,
            Kind::Tab | Kind::FullWidthSpace | Kind::FullWidthColon { .. }
        )
    }
}

/// The syntax error for `text`, whose parse failed with `error`. `line_offset` shifts
/// reported lines (front matter).
pub fn explain(
    file: &str,
    text: &str,
    line_offset: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let lines: Vec<&str> = text.lines().collect();
    if let Some(too_large) = huge_number(file, line_offset, error) {
        return too_large;
    }
    if let Some(twice) = duplicate_key(file, text, line_offset, error) {
        return twice;
    }
    let (parser_line, error_column) = error
        .location()
        .map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
    let error_line = parser_line.min(lines.len().max(1));
    let found = scan(&lines)
        .into_iter()
        .filter(|m| m.line <= error_line)
        .find(|m| m.kind.is_certain() || confirmed(text, &lines, m, parser_line));
    match found {
        Some(mistake) => reported(file, &lines, line_offset, &mistake),
        None => {
            let at_end = parser_line > lines.len() || is_end_of_stream(error);
            let source = lines.get(error_line - 1).copied().unwrap_or("");
            generic(error, at_end)
                .at(Location::at(file, error_line + line_offset, error_column))
                .with_excerpt(error_line + line_offset, source, error_column)
        }
    }
}

/// A mistake in text that parsed all the same, into something other than what was
/// meant: a field indented with full-width spaces or a tab becomes a field named
/// `　en`. Only lines that start with a field name count.
pub fn typing_mistake(file: &str, text: &str, line_offset: usize) -> Option<Diagnostic> {
    if !text.contains(['\t', '\u{3000}']) {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    // A full-width colon that parsed is text (`DX：…` on a wrapped line): not flagged.
    let mistake = scan(&lines).into_iter().find(|m| match m.kind {
        Kind::Tab | Kind::FullWidthSpace => {
            let (_, content) = split_indent(lines[m.line - 1]);
            let (item, _) = strip_dashes(content);
            field_name(item).is_some_and(|(_, rest)| rest.trim_start().starts_with([':', '：']))
        }
        _ => false,
    })?;
    Some(reported(file, &lines, line_offset, &mistake))
}

/// Lines where a field's value is only a comment (`ja: #1 の目標`): text that starts
/// with `#` and so became nothing. `line_offset` is added to each.
pub fn comment_values(text: &str, line_offset: usize) -> Vec<usize> {
    if !text.contains(" #") {
        return Vec::new();
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let (_, content) = split_indent(line);
            let (item, _) = strip_dashes(content);
            matches!(split_field(item), Ok((Some(_), value, _)) if value.starts_with('#'))
        })
        .map(|(index, _)| index + 1 + line_offset)
        .collect()
}

fn reported(file: &str, lines: &[&str], line_offset: usize, mistake: &Mistake) -> Diagnostic {
    let source = lines.get(mistake.line - 1).copied().unwrap_or("");
    let line = mistake.line + line_offset;
    described(mistake, lines)
        .at(Location::at(file, line, mistake.column))
        .with_excerpt(line, source, mistake.column)
}

/// A number too large for any field.
pub fn too_large(number: &str) -> Diagnostic {
    Diagnostic::error(
        "out-of-range",
        format!("the number {number} is too large for this field"),
        format!("数値 {number} は大きすぎて、この項目には使えません"),
    )
}

/// serde_yaml refuses integers beyond 64 bits while reading: not a syntax error.
fn huge_number(file: &str, line_offset: usize, error: &serde_yaml::Error) -> Option<Diagnostic> {
    let raw = error.to_string();
    let (field, rest) = raw.split_once(": invalid type: integer `")?;
    let (number, _) = rest.split_once("` as ")?;
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    Some(too_large(number).at(Location::at(file, line + line_offset, column).with_field(field)))
}

/// A field written twice in one group (often a copied line): said as such, at the
/// second one.
fn duplicate_key(
    file: &str,
    text: &str,
    line_offset: usize,
    error: &serde_yaml::Error,
) -> Option<Diagnostic> {
    let raw = error.to_string();
    let (field, rest) = raw.split_once(": duplicate entry with key \"")?;
    let key = rest.split('"').next()?;
    let lines: Vec<&str> = text.lines().collect();
    let start = error.location().map_or(1, |l| l.line()).max(1) - 1;
    let mut first: Option<(usize, usize)> = None;
    let mut second = None;
    for (index, line) in lines.iter().enumerate().skip(start) {
        let (blanks, content) = split_indent(line);
        let (item, dashes) = strip_dashes(content);
        let indent = blanks.len() + dashes;
        if field_name(item).is_some_and(|(k, rest)| k == key && rest.starts_with(':')) {
            match first {
                None => first = Some((index, indent)),
                Some((_, at)) if at == indent => {
                    second = Some(index);
                    break;
                }
                Some(_) => {}
            }
        }
    }
    let (first, _) = first?;
    let line = second.unwrap_or(first);
    let column = split_indent(lines[line]).0.len() + 1;
    Some(
        Diagnostic::error(
            "duplicate-key",
            format!(
                "`{key}` is written twice here (first on line {})",
                first + 1 + line_offset
            ),
            format!(
                "`{key}` が2回書かれています（1回目は{}行目）",
                first + 1 + line_offset
            ),
        )
        .hint(
            "keep one of them: delete the other, or rename it if it was meant to be another field",
            "どちらか一方を消すか、別の項目のつもりであれば名前を直してください",
        )
        .at(Location::at(file, line + 1 + line_offset, column).with_field(field))
        .with_excerpt(line + 1 + line_offset, lines[line], column),
    )
}

fn is_end_of_stream(error: &serde_yaml::Error) -> bool {
    error.to_string().contains("end of stream")
}

// ---------------------------------------------------------------- the scan

/// A line's leading run of blanks (spaces, tabs, full-width spaces) and the rest.
fn split_indent(line: &str) -> (&str, &str) {
    let rest = line.trim_start_matches([' ', '\t', '\u{3000}']);
    (&line[..line.len() - rest.len()], rest)
}

/// Whether `value` (after `key: ` or `- `) opens a block scalar (`|`, `>-`, `|2+`…).
fn opens_block(value: &str) -> bool {
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '+' || c == '-' || c.is_ascii_digit())
}

/// `key: value` at the start of `item`: the key if it is a plain field name.
fn field_name(item: &str) -> Option<(&str, &str)> {
    let end = item
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(item.len());
    if end == 0 {
        return None;
    }
    Some((&item[..end], &item[end..]))
}

/// The item after any `- ` list markers, and how many bytes they took.
fn strip_dashes(content: &str) -> (&str, usize) {
    let mut item = content;
    while let Some(rest) = item
        .strip_prefix("- ")
        .or(if item == "-" { Some("") } else { None })
    {
        item = rest.trim_start_matches(' ');
    }
    (item, content.len() - item.len())
}

/// 1-based character column of byte offset `at` in `line`.
fn column_of(line: &str, at: usize) -> usize {
    line[..at].chars().count() + 1
}

/// Every suspected mistake, in line order. Lines inside block scalars and comments
/// are skipped; indentation is followed to spot a line that does not line up.
fn scan(lines: &[&str]) -> Vec<Mistake> {
    let mut found = Vec::new();
    let mut levels: Vec<Level> = Vec::new();
    let mut block_above: Option<usize> = None; // a block scalar's parent indent
    let mut previous_has_value = false;
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        let (blanks, content) = split_indent(line);
        let indent = blanks.chars().count();
        if content.is_empty() {
            continue;
        }
        if let Some(parent) = block_above {
            if indent > parent && !blanks.contains('\t') {
                continue;
            }
            block_above = None;
        }
        if content.starts_with('#') || content.starts_with("---") || content.starts_with("...") {
            continue;
        }
        if let Some(at) = blanks.find(['\t', '\u{3000}']) {
            let kind = if blanks[at..].starts_with('\t') {
                Kind::Tab
            } else {
                Kind::FullWidthSpace
            };
            found.push(Mistake {
                line: number,
                column: column_of(line, at),
                kind,
            });
            continue;
        }
        found.extend(alignment(&mut levels, indent, number, previous_has_value));
        let (item, dashes) = strip_dashes(content);
        if dashes > 0 && !item.is_empty() {
            levels.push(Level {
                indent: indent + dashes,
                line: number,
                after_dash: true,
            });
        }
        let item_at = line.len() - item.len();
        let (mistakes, value) = in_item(line, item, item_at, number);
        found.extend(mistakes);
        previous_has_value = value.is_some_and(|v| !v.is_empty() && !opens_block(v));
        if value.is_some_and(opens_block) {
            block_above = Some(indent);
        }
    }
    found.sort_by_key(|m| m.line);
    found
}

/// An open indentation level: its column (0-based), the line that opened it, and
/// whether it is the text after a list dash (`- id: a` opens 2 and 4).
#[derive(Debug, Clone, Copy)]
struct Level {
    indent: usize,
    line: usize,
    after_dash: bool,
}

/// Follows indentation: `levels` holds the open levels above. A line that is between
/// two of them, or deeper than a field that already has its value, does not line up.
/// When the line is on the common two-space grid and the closed level it falls short
/// of is not, that level's first line is the one out of line.
fn alignment(
    levels: &mut Vec<Level>,
    indent: usize,
    number: usize,
    previous_has_value: bool,
) -> Option<Mistake> {
    let mut popped = None;
    while levels.last().is_some_and(|l| l.indent > indent) {
        popped = levels.pop();
    }
    let top = levels.last().copied();
    let misaligned = |line, indent, expected, with_line| Mistake {
        line,
        column: indent + 1,
        kind: Kind::Misaligned {
            indent,
            expected,
            with_line,
        },
    };
    let found = match (top, popped) {
        (Some(top), _) if top.indent == indent => None,
        (_, Some(deeper)) if deeper.indent % 2 == 1 && indent % 2 == 0 => {
            let shift = if deeper.after_dash { 2 } else { 0 };
            let wrong = deeper.indent - shift;
            Some(misaligned(
                deeper.line,
                wrong,
                indent.saturating_sub(shift),
                number,
            ))
        }
        (top, Some(deeper)) => {
            let to = match top {
                Some(top) if indent - top.indent < deeper.indent - indent => top,
                Some(top) if indent - top.indent == deeper.indent - indent && !top.after_dash => {
                    top
                }
                _ => deeper,
            };
            Some(misaligned(number, indent, to.indent, to.line))
        }
        // The line above went one deeper than its siblings (odd, where this is even).
        (Some(top), None) if previous_has_value && top.indent % 2 == 1 && indent % 2 == 0 => {
            Some(misaligned(top.line, top.indent, indent, number))
        }
        (Some(top), None) if previous_has_value => {
            Some(misaligned(number, indent, top.indent, top.line))
        }
        _ => None,
    };
    if levels.last().is_none_or(|l| l.indent < indent) {
        levels.push(Level {
            indent,
            line: number,
            after_dash: false,
        });
    }
    found
}

/// Mistakes inside one item (`key: value` or a list item's text), and its value.
fn in_item<'a>(
    line: &str,
    item: &'a str,
    item_at: usize,
    number: usize,
) -> (Vec<Mistake>, Option<&'a str>) {
    let mistake = |offset: usize, kind| Mistake {
        line: number,
        column: column_of(line, item_at + offset),
        kind,
    };
    match split_field(item) {
        Err((offset, kind)) => (vec![mistake(offset, kind)], None),
        Ok((key, value, value_at)) => {
            let found = in_value(key, value).map(|(offset, kind)| mistake(value_at + offset, kind));
            (found.into_iter().collect(), Some(value))
        }
    }
}

/// `key: value` split into the key (if the item has one), the value and the value's
/// offset; or a mistake in the key's colon, with its offset.
fn split_field(item: &str) -> Result<(Option<&str>, &str, usize), (usize, Kind)> {
    let Some((key, rest)) = field_name(item) else {
        return Ok((None, item, 0));
    };
    let spaced = rest.trim_start_matches(' ');
    if spaced.starts_with('：') {
        let kind = Kind::FullWidthColon {
            key: key.to_string(),
        };
        return Err((item.len() - spaced.len(), kind));
    }
    let Some(after) = rest.strip_prefix(':') else {
        return Ok((None, item, 0));
    };
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        let kind = Kind::NoSpaceAfterColon {
            key: key.to_string(),
            value: after.to_string(),
        };
        return Err((key.len(), kind));
    }
    let value = after.trim_start_matches([' ', '\t']);
    Ok((Some(key), value, item.len() - value.len()))
}

/// A mistake in a value, with its offset in the value.
fn in_value(key: Option<&str>, value: &str) -> Option<(usize, Kind)> {
    let key = key.map(str::to_string);
    match value.chars().next()? {
        quote @ ('"' | '\'') if !closes(value, quote) => Some((0, Kind::UnclosedQuote { quote })),
        '"' | '\'' => None,
        open @ ('[' | '{') if flow_depth(value) > 0 => {
            let close = if open == '[' { ']' } else { '}' };
            Some((0, Kind::UnclosedBracket { open, close }))
        }
        first @ ('*' | '&' | '!' | '[' | '{' | '>' | '|' | '%' | '@' | '`')
            if !is_flow(value) && !opens_block(value) =>
        {
            let value = value.to_string();
            Some((0, Kind::SpecialFirst { first, key, value }))
        }
        '[' | '{' => None,
        _ => {
            let colon = value.find(": ").or(value.strip_suffix(':').map(str::len))?;
            let value = value.to_string();
            Some((colon, Kind::ColonInText { key, value }))
        }
    }
}

/// The flow brackets of `value` outside quotes, with their byte offsets: `+1` for
/// `[`/`{`, `-1` for `]`/`}`. A quote opens only where an item starts (after `[`,
/// `{`, `,` or `:`), so an apostrophe in plain text (`division's`) is text.
fn brackets(value: &str) -> Vec<(usize, i32)> {
    let mut found = Vec::new();
    let mut quote = None;
    let mut previous = None;
    for (at, c) in value.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if matches!(previous, None | Some('[' | '{' | ',' | ':')) => {
                quote = Some(c);
            }
            (None, '[' | '{') => found.push((at, 1)),
            (None, ']' | '}') => found.push((at, -1)),
            _ => {}
        }
        if quote.is_none() && c != ' ' {
            previous = Some(c);
        }
    }
    found
}

/// How many `[` and `{` are still open at the end of `value`.
fn flow_depth(value: &str) -> i32 {
    brackets(value).iter().map(|(_, d)| d).sum()
}

/// Whether `value` is one whole `[…]` or `{…}` on its line (a comment may follow).
fn is_flow(value: &str) -> bool {
    let value = value.split(" #").next().unwrap_or(value).trim_end();
    let mut depth = 0;
    for (at, step) in brackets(value) {
        depth += step;
        if depth == 0 {
            return at + 1 == value.len();
        }
    }
    false
}

/// Whether a quoted value that starts with `quote` closes on the same line.
fn closes(value: &str, quote: char) -> bool {
    let mut chars = value.chars().skip(1).peekable();
    while let Some(c) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

// ---------------------------------------------------------------- confirming

/// The line of the first syntax error in `text`, `None` if it parses.
fn first_error_line(text: &str) -> Option<usize> {
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .err()
        .map(|e| e.location().map_or(1, |l| l.line()))
}

/// Whether fixing `mistake` in a copy lets the parser get past `error_line`.
fn confirmed(text: &str, lines: &[&str], mistake: &Mistake, error_line: usize) -> bool {
    fixes(lines, mistake).iter().any(|fixed_line| {
        let mut copy: Vec<&str> = lines.to_vec();
        copy[mistake.line - 1] = fixed_line;
        let mut fixed = copy.join("\n");
        if text.ends_with('\n') {
            fixed.push('\n');
        }
        first_error_line(&fixed).is_none_or(|line| line > error_line)
    })
}

/// Quotes `value` for YAML, in double quotes.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The corrected line(s) to try for a mistake.
fn fixes(lines: &[&str], mistake: &Mistake) -> Vec<String> {
    let line = lines[mistake.line - 1];
    let (blanks, content) = split_indent(line);
    let value_at = |value: &str| line.len() - value.len();
    match &mistake.kind {
        Kind::UnclosedQuote { quote } => vec![format!("{}{quote}", line.trim_end())],
        Kind::UnclosedBracket { close, .. } => vec![format!("{} {close}", line.trim_end())],
        Kind::NoSpaceAfterColon { key, value } => {
            vec![format!(
                "{}{key}: {value}",
                &line[..value_at(value) - key.len() - 1]
            )]
        }
        Kind::SpecialFirst { value, .. } | Kind::ColonInText { value, .. } => {
            vec![format!("{}{}", &line[..value_at(value)], quoted(value))]
        }
        Kind::Misaligned { expected, .. } => {
            vec![format!("{}{content}", " ".repeat(*expected))]
        }
        Kind::Tab | Kind::FullWidthSpace | Kind::FullWidthColon { .. } => {
            vec![format!("{}{content}", " ".repeat(blanks.chars().count()))]
        }
    }
}

// ---------------------------------------------------------------- the words

/// The field and value as the editor should write them: `ja: "*公務*意識"`.
fn written(key: &Option<String>, value: &str) -> String {
    match key {
        Some(key) => format!("{key}: {}", quoted(value)),
        None => format!("- {}", quoted(value)),
    }
}

fn described(mistake: &Mistake, lines: &[&str]) -> Diagnostic {
    let column = mistake.column;
    let error = |en: String, ja: String| Diagnostic::error("yaml-syntax", en, ja);
    match &mistake.kind {
        Kind::Tab => error(
            format!("a tab character (column {column}) is used to indent this line; YAML accepts only spaces for indentation"),
            format!("{column}文字目にタブ文字があります。タブ文字は使えません。半角スペースで字下げしてください"),
        )
        .hint(
            "replace the tab with spaces, lined up with the lines above; most editors can be set to type spaces for the Tab key",
            "タブを半角スペースに置き換えて、上の行と字下げをそろえてください。エディタの設定で、Tab キーで半角スペースが入るようにもできます",
        ),
        Kind::FullWidthSpace => error(
            format!("a full-width space (\u{3000}, U+3000, as a Japanese input method types it) at column {column} is used to indent this line; YAML accepts only ordinary half-width spaces"),
            format!("{column}文字目に全角スペース（「\u{3000}」）があります。字下げには半角スペースを使ってください"),
        )
        .hint(
            "delete the full-width spaces and type half-width spaces with the Japanese input turned off",
            "全角スペースを消して、日本語入力をオフにしてから半角スペースで打ち直してください",
        ),
        Kind::FullWidthColon { key } => error(
            format!("`{key}：` has a full-width colon `：` (column {column}); after a field name write a half-width colon and a space: `{key}: `"),
            format!("{column}文字目のコロンが全角の「：」です。項目名の後ろは半角のコロンと半角スペースにしてください（`{key}: `）"),
        )
        .hint(
            format!("replace `{key}：` with `{key}: `"),
            format!("`{key}：` を `{key}: ` に書き換えてください"),
        ),
        Kind::UnclosedQuote { quote } => error(
            format!("the quote {quote} that opens the text at column {column} is never closed"),
            format!("{column}文字目で始まる引用符 {quote} が閉じられていません"),
        )
        .hint(
            format!("add the closing {quote} at the end of the text on this line"),
            format!("この行の文字列の最後にも {quote} を書いてください"),
        ),
        Kind::UnclosedBracket { open, close } => error(
            format!("the `{open}` at column {column} is never closed with `{close}`"),
            format!("{column}文字目の「{open}」が「{close}」で閉じられていません"),
        )
        .hint(
            format!("add `{close}` at the end, or, if the text itself starts with `{open}`, put the whole text in double quotes"),
            format!("最後に「{close}」を書き足してください。文字列そのものが「{open}」で始まるのであれば、文字列全体を半角の引用符（\"）で囲んでください"),
        ),
        Kind::NoSpaceAfterColon { key, value } => error(
            format!("there is no space after the colon of `{key}:` (column {column}); YAML needs `{key}: ` with a space"),
            format!("`{key}:` のコロン（{column}文字目）の後ろに半角スペースがありません"),
        )
        .hint(
            format!("write `{key}: {value}`"),
            format!("`{key}: {value}` のように、コロンの後ろに半角スペースを入れてください"),
        ),
        Kind::SpecialFirst { .. } | Kind::ColonInText { .. } | Kind::Misaligned { .. } => {
            described_text(mistake, lines)
        }
    }
}

/// [`described`] for mistakes in a value's text and in indentation.
fn described_text(mistake: &Mistake, lines: &[&str]) -> Diagnostic {
    let column = mistake.column;
    let error = |en: String, ja: String| Diagnostic::error("yaml-syntax", en, ja);
    match &mistake.kind {
        Kind::SpecialFirst { first, key, value } => error(
            format!("the text starts with `{first}`, which has a special meaning in YAML"),
            format!("文字列が「{first}」で始まっています。YAMLではこの文字は特別な意味を持ちます"),
        )
        .hint(
            format!("put the whole text in double quotes: `{}`", written(key, value)),
            format!("文字列全体を半角の引用符（\"）で囲んでください：`{}`", written(key, value)),
        ),
        Kind::ColonInText { key, value } => error(
            format!("the text contains a colon followed by a space (column {column}), which YAML reads as the start of a new field"),
            format!("文字列の中に「: 」（コロンと空白、{column}文字目）があるため、新しい項目の始まりと読まれてしまいます"),
        )
        .hint(
            format!("put the whole text in double quotes: `{}`", written(key, value)),
            format!("文字列全体を半角の引用符（\"）で囲んでください：`{}`", written(key, value)),
        ),
        Kind::Misaligned { indent, expected, with_line } => {
            let example = lines
                .get(with_line - 1)
                .map_or(String::new(), |l| l.trim().to_string());
            let spaces = |n: usize| if n == 1 { "1 space".to_string() } else { format!("{n} spaces") };
            let (hint, hint_ja) = if *expected == 0 {
                (
                    format!("start it at the beginning of the line, like line {with_line} (`{example}`)"),
                    format!("{with_line}行目（`{example}`）と同じく、行の先頭から書いてください（字下げなし）"),
                )
            } else {
                (
                    format!("indent it by {}, like line {with_line} (`{example}`)", spaces(*expected)),
                    format!("{with_line}行目（`{example}`）と同じく、半角スペース{expected}個で字下げしてください"),
                )
            };
            error(
                format!("this line is indented by {}, which does not line up with the lines above", spaces(*indent)),
                format!("この行の字下げ（半角スペース{indent}個）が、上の行とそろっていません"),
            )
            .hint(hint, hint_ja)
        }
        _ => error(
            "this line cannot be read as YAML".to_string(),
            "この行はYAMLとして読み取れません".to_string(),
        ),
    }
}

/// No known mistake found: the parser's own words, in English only as a detail.
fn generic(error: &serde_yaml::Error, at_end: bool) -> Diagnostic {
    let raw = error.to_string();
    let raw = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    if raw.contains("repetition limit") || raw.contains("recursion limit") {
        return Diagnostic::error(
            "yaml-syntax",
            format!("this is not valid YAML: {raw}"),
            "入れ子や繰り返しが深すぎて読み取れません",
        )
        .hint(
            "the file nests or repeats too deeply (YAML anchors and aliases); write the values out plainly",
            "入れ子や繰り返しが深すぎます（YAMLのアンカー `&` とエイリアス `*`）。値をそのまま書き出してください",
        );
    }
    let (en, ja) = if at_end {
        (
            "the file ends while something is still open (a quote, a `[` or a `{`)",
            "ファイルの終わりまでに、引用符や `[`、`{` が閉じられていません",
        )
    } else {
        (
            "this line cannot be read as YAML",
            "この行はYAMLとして読み取れません",
        )
    };
    Diagnostic::error("yaml-syntax", format!("{en} (the parser says: {raw})"), ja).hint(
        "check the indentation and that every `key: value` has a space after the colon; text containing `: ` or starting with `*`, `&`, `!`, `[`, `{` or `#` must be in quotes",
        "字下げ（行頭の空白）がそろっているか、`キー: 値` のコロンの後ろに空白があるかを確かめてください。`: ` を含む文字列や、`*` `&` `!` `[` `{` `#` で始まる文字列は引用符（\"）で囲んでください",
    )
}

#[cfg(test)]
mod tests;
