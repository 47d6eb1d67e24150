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
                state_name(unit.state).to_string(),
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

/// Reads the spreadsheet back: each row's unit, source and translation. `Err` says
/// in words (English, Japanese) why it is not such a sheet.
pub fn read(
    bytes: &[u8],
    (source, target): (&str, &str),
) -> Result<Vec<Received>, (String, String)> {
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
    let expected = headers(source, target);
    if header.len() < 3 || header[..3] != expected[..3] {
        return Err(not_ours(
            &format!(
                "the first row must begin `{}`, `{}`, `{}` (another site language?)",
                expected[0], expected[1], expected[2]
            ),
            &format!(
                "1行目は `{}`、`{}`、`{}` で始まるはずです（別の言語の表ではありませんか）",
                expected[0], expected[1], expected[2]
            ),
        ));
    }
    Ok(rows
        .filter(|row| row.first().is_some_and(|c| !cell(c).is_empty()))
        .map(|row| {
            let text = |i: usize| row.get(i).map(cell).unwrap_or_default();
            let translation = text(2);
            Received {
                id: text(0),
                source: ReceivedText::Markdown(text(1)),
                target: (!translation.trim().is_empty())
                    .then_some(ReceivedText::Markdown(translation)),
            }
        })
        .collect())
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
            }],
        };
        let bytes = write(&[unit], ("ja", "en")).expect("written");
        let read = read(&bytes, ("ja", "en")).expect("read");
        assert_eq!(
            read,
            [Received {
                id: "content/a.yaml#title".into(),
                source: ReceivedText::Markdown("[公務](intro.md)".into()),
                target: Some(ReceivedText::Markdown("[Public service](intro.md)".into())),
            }]
        );
        let error = super::read(&bytes, ("ja", "fr")).expect_err("another language");
        assert!(error.0.contains("first row"), "{}", error.0);
    }
}
