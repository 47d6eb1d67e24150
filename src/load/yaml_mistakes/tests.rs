use super::super::yaml::parse;
use crate::diagnostics::Diagnostic;
use std::path::Path;

fn error_of(text: &str) -> Diagnostic {
    parse("x.yaml", text, 0).expect_err("a syntax error")
}

/// Japanese with no English parser words (a code like `ja:` in backquotes is fine).
fn assert_no_parser_english(ja: &str) {
    for word in [
        "found", "expected", "mapping", "scanning", "stream", "while",
    ] {
        assert!(!ja.contains(word), "English in Japanese: {ja}");
    }
}

const MINDSETS: &str = "mindsets:\n  - id: public\n    title:\n      ja: 公務意識\n      en: Public service\n  - id: citizen\n    title:\n      ja: 市民\n      en: Citizens\n";

fn with_line(text: &str, line: usize, new: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { new } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn the_issue_examples_name_the_cause_on_the_line() {
    let cases: &[(&str, usize, &str, &str)] = &[
        (
            "\tja: 公務意識",
            1,
            "a tab character",
            "タブ文字は使えません",
        ),
        (
            "\u{3000}\u{3000}\u{3000}ja: 公務意識",
            1,
            "full-width space",
            "全角スペース",
        ),
        ("      ja：公務意識", 9, "full-width colon", "全角の「：」"),
        (
            "      ja: \"公務意識",
            11,
            "never closed",
            "閉じられていません",
        ),
        (
            "      ja:公務意識",
            9,
            "no space after the colon",
            "半角スペースがありません",
        ),
        (
            "      ja: *公務*意識",
            11,
            "starts with `*`",
            "「*」で始まっています",
        ),
        (
            "      ja: 注意: 公務",
            13,
            "colon followed by a space",
            "「: 」",
        ),
    ];
    for (line, column, en, ja) in cases {
        let error = error_of(&with_line(MINDSETS, 4, line));
        assert_eq!(error.code, "yaml-syntax");
        assert_eq!(
            (error.line, error.column),
            (Some(4), Some(*column)),
            "{line}: {error}"
        );
        assert!(error.message.contains(en), "{line}: {}", error.message);
        assert!(
            error.message_ja.contains(ja),
            "{line}: {}",
            error.message_ja
        );
        assert_no_parser_english(&error.message_ja);
        assert!(error.excerpt.is_some());
    }
}

#[test]
fn a_dash_out_of_line_says_what_to_line_up_with() {
    let text = "ranks:\n  - id: a\n    weights: { x: 100 }\n   - id: b\n    weights: { x: 100 }\n";
    let error = error_of(text);
    assert_eq!((error.line, error.column), (Some(4), Some(4)), "{error}");
    assert!(error.message.contains("does not line up"));
    assert_eq!(
        error.hint.as_deref(),
        Some("indent it by 2 spaces, like line 2 (`- id: a`)")
    );
    assert!(error.hint_ja.as_deref().unwrap_or("").contains("2行目"));
}

#[test]
fn a_first_child_one_space_deeper_is_the_line_blamed() {
    let text = with_line(MINDSETS, 4, "       ja: 公務意識");
    let error = error_of(&text);
    assert_eq!(error.line, Some(4), "{error}");
    assert!(error.message.contains("does not line up"), "{error}");
}

#[test]
fn a_full_width_colon_in_wrapped_text_is_text() {
    let text = "a:\n  ja: 説明の\n    DX：デジタル変革\n";
    assert!(parse("x.yaml", text, 0).is_ok());
}

#[test]
fn legitimate_yaml_before_the_mistake_is_not_blamed() {
    let text =
        "a: [1, 2]\nb: \"two\n  lines\"\nc: |\n  x: y\n  *z\nd: &k v\ne: *k\nf:\tg\n\tbad: 1\n";
    let error = error_of(text);
    assert_eq!(error.line, Some(10), "{error}");
    assert!(error.message.contains("tab"), "{error}");
}

#[test]
fn no_known_cause_falls_back_to_the_parser_in_english_only() {
    let error = error_of("a: b\n? [x\n");
    assert_eq!(error.code, "yaml-syntax");
    assert!(error.message.contains("the parser says"), "{error}");
    assert_no_parser_english(&error.message_ja);
    assert!(error.line <= Some(2));
}

#[test]
fn the_caret_stands_under_the_column_counting_wide_characters() {
    let error = error_of("a:\n  b: 公務\n  c：x\n");
    assert_eq!(error.column, Some(4));
    assert_eq!(error.excerpt.as_deref(), Some("3 |   c：x\n  |    ^"));
    // Not a mistake: a quote inside text is fine.
    assert!(parse("x.yaml", &with_line(MINDSETS, 4, "      ja: 公務\"意識"), 0).is_ok());
}

/// Every `key: value` line of every bundled content file, made wrong in each way,
/// is reported at that line, with the cause, as one error.
#[test]
fn every_mistake_on_every_line_of_the_bundled_content_is_found_there() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("content")
        .chain(std::fs::read_dir(root.join("policies")).expect("policies"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut tried = 0;
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        // Every third line, so the test stays quick; which third turns with the file.
        let third = files.iter().position(|f| f == file).unwrap_or(0) % 3;
        for (index, line) in lines.iter().enumerate().skip(third).step_by(3) {
            for (mutated, column, ja) in mutations(line) {
                let changed = with_line(&text, index + 1, &mutated);
                tried += 1;
                match parse("f.yaml", &changed, 0) {
                    Err(e)
                        if e.line == Some(index + 1)
                            && e.column == Some(column)
                            && e.message_ja.contains(ja) => {}
                    Err(e) => failures.push(format!(
                        "{}:{}: `{mutated}` -> {e}",
                        file.display(),
                        index + 1
                    )),
                    Ok(_) => failures.push(format!(
                        "{}:{}: `{mutated}` parsed",
                        file.display(),
                        index + 1
                    )),
                }
            }
        }
    }
    assert!(tried > 800, "only {tried} cases");
    assert!(
        failures.is_empty(),
        "{} of {tried} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The wrong versions of one `key: plain text` line: (line, column, Japanese words).
fn mutations(line: &str) -> Vec<(String, usize, &'static str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let content = &line[indent..];
    let (dash, item) = match content.strip_prefix("- ") {
        Some(rest) => ("- ", rest),
        None => ("", content),
    };
    let Some((key, value)) = item.split_once(": ") else {
        return Vec::new();
    };
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#']);
    if !plain {
        return Vec::new();
    }
    let pad = " ".repeat(indent);
    let key_at = indent + dash.len();
    let value_column = key_at + key.len() + 3;
    let mut out = vec![
        (
            format!("{pad}{dash}{key}：{value}"),
            key_at + key.len() + 1,
            "全角の「：",
        ),
        (
            format!("{pad}{dash}{key}: \"{value}"),
            value_column,
            "閉じられていません",
        ),
        (
            format!("{pad}{dash}{key}:{value}"),
            key_at + key.len() + 1,
            "半角スペースがありません",
        ),
        (
            format!("{pad}{dash}{key}: *{value}"),
            value_column,
            "「*」で始まって",
        ),
        (
            format!("{pad}{dash}{key}: [{value}] x"),
            value_column,
            "「[」で始まって",
        ),
    ];
    if indent > 0 {
        out.push((
            format!("\t{}{dash}{key}: {value}", " ".repeat(indent - 1)),
            1,
            "タブ文字",
        ));
        out.push((
            format!("{}{dash}{key}: {value}", "\u{3000}".repeat(indent / 2)),
            1,
            "全角スペース",
        ));
    }
    out
}
