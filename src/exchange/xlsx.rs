//! The spreadsheet for reviewers without a CAT tool: one row per segment (unit,
//! Japanese, English, state, previous Japanese, what changed), only the English
//! column editable (the sheet is protected), wrapped text in readable widths. Written
//! with rust_xlsxwriter, read back with calamine.

use super::import::{Received, ReceivedText};
use super::ExchangeUnit;
use crate::translation_status::State;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

/// The header row; the Japanese and English headers carry the language codes.
fn headers(source: &str, target: &str) -> [String; 6] {
    [
        "unit / 単位".to_string(),
        format!("{source}: source / 原文"),
        format!("{target}: translation / 訳文 (edit here / ここに記入)"),
        "state / 状態".to_string(),
        "previous source / 以前の原文".to_string(),
        "what changed / 変更点".to_string(),
    ]
}

const WIDTHS: [f64; 6] = [36.0, 60.0, 60.0, 16.0, 50.0, 36.0];

/// The spreadsheet for `units`.
pub fn write(units: &[ExchangeUnit], (source, target): (&str, &str)) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("translations")?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let header = wrap.clone().set_bold().set_background_color("#DDDDDD");
    let editable = wrap.clone().set_unlocked().set_background_color("#FFFFE0");
    for (column, (title, width)) in headers(source, target).iter().zip(WIDTHS).enumerate() {
        let column = column as u16;
        sheet.set_column_width(column, width)?;
        sheet.write_string_with_format(0, column, title, &header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row = 1u32;
    for unit in units {
        for (index, segment) in unit.segments.iter().enumerate() {
            let first = index == 0;
            let cells = [
                segment.id.clone(),
                segment.source.markdown(),
                segment.target.clone().unwrap_or_default(),
                if unit.state == State::Stale && segment.unchanged {
                    "unchanged / 変更なし".to_string()
                } else {
                    state_name(unit.state).to_string()
                },
                if first {
                    unit.previous.clone().unwrap_or_default()
                } else {
                    String::new()
                },
                if first {
                    unit.change.clone().unwrap_or_default()
                } else {
                    String::new()
                },
            ];
            for (column, text) in cells.iter().enumerate() {
                let format = if column == 2 { &editable } else { &wrap };
                sheet.write_string_with_format(row, column as u16, text, format)?;
            }
            row += 1;
        }
    }
    sheet.protect();
    workbook.save_to_buffer()
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Missing => "missing / 未翻訳",
        State::Stale => "stale / 要見直し",
        State::Unconfirmed => "unconfirmed / 未確認",
        State::Current => "current / 最新",
    }
}

/// A spreadsheet read back: its language pair and each row.
pub struct Read {
    pub source_language: String,
    pub target_language: String,
    pub units: Vec<Received>,
}

/// Reads the spreadsheet back: the language pair (from the header) and each row's
/// unit, source and translation. `Err` says in words (English, Japanese) why it is
/// not such a sheet.
pub fn read(bytes: &[u8]) -> Result<Read, (String, String)> {
    let not_ours = |why: &str, why_ja: &str| {
        (
            format!("it is not a translation spreadsheet this program wrote: {why}"),
            format!("このプログラムが書き出した翻訳用の表ではありません：{why_ja}"),
        )
    };
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| {
        not_ours(
            &format!("not an .xlsx file ({e})"),
            &format!(".xlsx ファイルではありません（{e}）"),
        )
    })?;
    let range = workbook.worksheet_range("translations").map_err(|_| {
        not_ours(
            "there is no sheet named `translations`",
            "`translations` という名前のシートがありません",
        )
    })?;
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap_or_default().iter().map(cell).collect();
    let code = |i: usize| {
        header
            .get(i)
            .and_then(|h| h.split_once(':'))
            .map_or(String::new(), |(c, _)| c.to_string())
    };
    let (source, target) = (code(1), code(2));
    let expected = headers(&source, &target);
    if header.len() < 3 || header[..3] != expected[..3] {
        return Err(not_ours(
            "its first row is not the header it was exported with (unit, source, translation)",
            "1行目が書き出したときの見出し（単位、原文、訳文）ではありません",
        ));
    }
    let units = rows
        .filter(|row| row.first().is_some_and(|c| !cell(c).is_empty()))
        .map(|row| {
            let text = |i: usize| row.get(i).map(cell).unwrap_or_default();
            let translation = text(2);
            Received {
                id: text(0),
                source: ReceivedText::Markdown(text(1)),
                target: (!translation.trim().is_empty())
                    .then_some(ReceivedText::Markdown(translation)),
                reviewed: None,
            }
        })
        .collect();
    Ok(Read {
        source_language: source,
        target_language: target,
        units,
    })
}

fn cell(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::segments::mark;
    use crate::exchange::{Place, Segment};

    #[test]
    fn the_sheet_reads_back_with_the_translation_column() {
        let unit = ExchangeUnit {
            key: "content/a.yaml#title".into(),
            state: State::Missing,
            previous: None,
            change: None,
            place: Place::Yaml {
                file: "content/a.yaml".into(),
                field: "title".into(),
                list: false,
            },
            pieces: Vec::new(),
            segments: vec![Segment {
                id: "content/a.yaml#title".into(),
                source: mark("[公務](intro.md)"),
                target: Some("[Public service](intro.md)".into()),
                unchanged: false,
            }],
        };
        let bytes = write(&[unit], ("ja", "en")).expect("written");
        let read = read(&bytes).expect("read");
        assert_eq!(
            (read.source_language.as_str(), read.target_language.as_str()),
            ("ja", "en")
        );
        assert_eq!(
            read.units,
            [Received {
                id: "content/a.yaml#title".into(),
                source: ReceivedText::Markdown("[公務](intro.md)".into()),
                target: Some(ReceivedText::Markdown("[Public service](intro.md)".into())),
                reviewed: None,
            }]
        );
        assert!(super::read(b"PK not a zip").is_err());
    }
}
