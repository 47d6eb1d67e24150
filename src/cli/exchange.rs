//! `translations --export FILE` and `--import FILE [--dry-run]`: what needs
//! translating out to an XLIFF file or a spreadsheet, and the translations back in.
//! Exit codes: 0 done, 1 the import refused (a unit named with the reason), 2 usage,
//! an unreadable or unrecognised file, or a failed write.

use super::print_text;
use crate::diagnostics::{Diagnostics, MessageLanguage};
use crate::exchange::import::{self, Plan, Received};
use crate::exchange::{self, xliff, xlsx};
use crate::load::{self, LoadOptions, Loaded};
use crate::translation_status::State;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xliff,
    Spreadsheet,
}

fn kind_of(file: &Path) -> Option<Kind> {
    let extension = file.extension()?.to_string_lossy().to_ascii_lowercase();
    match extension.as_str() {
        "xlf" | "xliff" => Some(Kind::Xliff),
        "xlsx" => Some(Kind::Spreadsheet),
        _ => None,
    }
}

fn say(language: MessageLanguage, en: &str, ja: &str) {
    eprintln!("{}", language.pick(en, ja));
}

fn unknown_kind(file: &Path, language: MessageLanguage) -> i32 {
    let name = file.display();
    say(
        language,
        &format!("error: {name}: name the file .xlf (XLIFF 1.2, for translation tools) or .xlsx (a spreadsheet)"),
        &format!("エラー: {name}: ファイル名の末尾を .xlf（翻訳ツール用の XLIFF 1.2）か .xlsx（表計算）にしてください"),
    );
    2
}

/// The site, loaded with drafts (they are translated too), and the language pair.
fn open(
    root: &Path,
    lang: Option<&str>,
    language: MessageLanguage,
) -> Result<(Loaded, String, String), i32> {
    let loaded = load::load(
        root,
        &LoadOptions {
            drafts: true,
            ..LoadOptions::default()
        },
    )
    .map_err(|diagnostics| {
        print_text(&diagnostics, language);
        1
    })?;
    let languages = loaded.site.config.language_list();
    let default = languages.first().cloned().unwrap_or_default();
    let others = &languages[1.min(languages.len())..];
    let Some(lang) = lang.map(str::to_string).or_else(|| others.first().cloned()) else {
        say(
            language,
            "error: the site has only one language; there is nothing to translate into",
            "エラー: このサイトの言語は一つだけなので、翻訳する先の言語がありません",
        );
        return Err(2);
    };
    if !others.contains(&lang) {
        let list = others.join(", ");
        say(
            language,
            &format!("error: `{lang}` is not a language this site is translated into ({list})"),
            &format!("エラー: `{lang}` はこのサイトの翻訳先の言語（{list}）ではありません"),
        );
        return Err(2);
    }
    Ok((loaded, default, lang))
}

/// `translations --export FILE [--lang L] [--all]`.
pub fn export(
    root: &Path,
    file: &Path,
    (lang, all): (Option<&str>, bool),
    language: MessageLanguage,
) -> i32 {
    let Some(kind) = kind_of(file) else {
        return unknown_kind(file, language);
    };
    if file.exists() {
        let name = file.display();
        say(
            language,
            &format!("error: {name} already exists; it is not overwritten (choose another name or remove it first)"),
            &format!("エラー: {name} はすでにあります。上書きはしません（別の名前にするか、先に削除してください）"),
        );
        return 2;
    }
    let (loaded, default, lang) = match open(root, lang, language) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let units = exchange::units(&loaded, &lang, all);
    if units.is_empty() {
        say(
            language,
            &format!("nothing needs translating into `{lang}`; no file was written (--all exports every text)"),
            &format!("`{lang}` に訳す必要のある文はありません。ファイルは書き出していません（--all ですべての文を書き出します）"),
        );
        return 0;
    }
    let bytes = match export_bytes(kind, &units, (&default, &lang)) {
        Ok(bytes) => bytes,
        Err(error) => {
            let name = file.display();
            say(
                language,
                &format!("error: could not write {name}: {error}"),
                &format!("エラー: {name} を書き出せませんでした（{error}）"),
            );
            return 2;
        }
    };
    // A new file whole: a temporary beside it, then a rename.
    if let Err(error) = crate::fs::replace(file, &bytes) {
        print_text(&Diagnostics::from_iter([error]), language);
        return 2;
    }
    summary(&units, file, language);
    0
}

fn summary(units: &[exchange::ExchangeUnit], file: &Path, language: MessageLanguage) {
    let count = |state| units.iter().filter(|u| u.state == state).count();
    let segments: usize = units.iter().map(|u| u.segments.len()).sum();
    let (missing, stale) = (count(State::Missing), count(State::Stale));
    let name = file.display();
    say(
        language,
        &format!("wrote {} text(s) in {segments} segment(s) to {name} ({missing} missing, {stale} stale)", units.len()),
        &format!("{} 件の文（{segments} 区切り）を {name} に書き出しました（未翻訳 {missing} 件、要見直し {stale} 件）", units.len()),
    );
}

/// The exported file's bytes in `kind`'s format, from `source` into `target`.
fn export_bytes(
    kind: Kind,
    units: &[exchange::ExchangeUnit],
    (source, target): (&str, &str),
) -> Result<Vec<u8>, String> {
    match kind {
        Kind::Xliff => Ok(xliff::write(units, &xliff::Languages { source, target })),
        Kind::Spreadsheet => xlsx::write(units, (source, target)).map_err(|e| e.to_string()),
    }
}

/// `translations --import FILE [--lang L] [--dry-run]`.
pub fn import(
    root: &Path,
    file: &Path,
    (lang, dry_run): (Option<&str>, bool),
    language: MessageLanguage,
) -> i32 {
    let Some(kind) = kind_of(file) else {
        return unknown_kind(file, language);
    };
    let bytes = match crate::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            print_text(&Diagnostics::from_iter([error]), language);
            return 2;
        }
    };
    let received = match read_received(kind, &bytes, lang) {
        Ok(read) => read,
        Err((en, ja)) => return refuse_file(file, (&en, &ja), language),
    };
    let (loaded, default, lang) = match open(root, Some(&received.target_language), language) {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let source = &received.source_language;
    if *source != default {
        let (en, ja) = (
            format!("its source language is `{source}`, but this site's is `{default}`"),
            format!("原文の言語が `{source}` ですが、このサイトは `{default}` です"),
        );
        return refuse_file(file, (&en, &ja), language);
    }
    let plan = match import::plan(root, &loaded, &lang, &received.units) {
        Ok(plan) => plan,
        Err(refusals) => return refuse_units(&refusals, language),
    };
    report(&plan, dry_run, language);
    if dry_run {
        return 0;
    }
    match import::write(root, &plan) {
        Ok(()) => 0,
        Err(error) => {
            print_text(&Diagnostics::from_iter([error]), language);
            say(
                language,
                "nothing was imported; every file is as it was",
                "何も取り込んでいません。ファイルはすべて元のままです",
            );
            2
        }
    }
}

/// The file's language pair and its segments.
struct FromFile {
    source_language: String,
    target_language: String,
    units: Vec<Received>,
}

fn read_received(
    kind: Kind,
    bytes: &[u8],
    lang: Option<&str>,
) -> Result<FromFile, (String, String)> {
    let read = match kind {
        Kind::Xliff => {
            let text = std::str::from_utf8(bytes).map_err(|_| {
                (
                    "it is not UTF-8 text".to_string(),
                    "UTF-8 の文字ではありません".to_string(),
                )
            })?;
            let read = xliff::read(text)?;
            FromFile {
                source_language: read.source_language,
                target_language: read.target_language,
                units: read.units,
            }
        }
        Kind::Spreadsheet => {
            let read = xlsx::read(bytes)?;
            FromFile {
                source_language: read.source_language,
                target_language: read.target_language,
                units: read.units,
            }
        }
    };
    if let Some(lang) = lang.filter(|l| *l != read.target_language) {
        let found = &read.target_language;
        return Err((
            format!("it is a translation into `{found}`, not `{lang}`"),
            format!("`{lang}` ではなく `{found}` への翻訳のファイルです"),
        ));
    }
    Ok(read)
}

fn refuse_units(refusals: &[import::Refusal], language: MessageLanguage) -> i32 {
    for r in refusals {
        let reason = language.pick(&r.reason, &r.reason_ja);
        say(
            language,
            &format!("error: {}: {reason}", r.unit),
            &format!("エラー: {}: {reason}", r.unit),
        );
    }
    say(
        language,
        "nothing was imported; no file was changed",
        "何も取り込んでいません。ファイルは一つも変えていません",
    );
    1
}

fn refuse_file(file: &Path, (en, ja): (&str, &str), language: MessageLanguage) -> i32 {
    let name = file.display();
    say(
        language,
        &format!("error: {name}: {en}; nothing was imported"),
        &format!("エラー: {name}: {ja}。何も取り込んでいません"),
    );
    2
}

/// What the import writes (or would, with --dry-run): each file's changed lines.
fn report(plan: &Plan, dry_run: bool, language: MessageLanguage) {
    for change in &plan.files {
        let path = &change.path;
        let (en, ja) = match (&change.before, dry_run) {
            (None, true) => ("would create", "作成予定"),
            (None, false) => ("created", "作成"),
            (Some(_), true) => ("would change", "変更予定"),
            (Some(_), false) => ("changed", "変更"),
        };
        println!(
            "{}",
            language.pick(&format!("{en} {path}"), &format!("{ja}: {path}"))
        );
        if dry_run {
            print_changed_lines(change.before.as_deref().unwrap_or(""), &change.after);
        }
    }
    for (unit, missing, total) in &plan.untranslated {
        tell(
            language,
            &format!("left as it was: {unit} ({missing} of {total} segment(s) have no translation)"),
            &format!("そのままにしました: {unit}（{total} 区切りのうち {missing} 区切りに訳がありません）"),
        );
    }
    let count = plan.confirmed.len();
    let (en, ja) = if dry_run {
        (
            format!("would confirm {count} unit(s) in content/translations.lock"),
            format!("{count} 件を content/translations.lock で確認済みにする予定です"),
        )
    } else {
        (
            format!("confirmed {count} unit(s) in content/translations.lock"),
            format!("{count} 件を content/translations.lock で確認済みにしました"),
        )
    };
    tell(language, &en, &ja);
}

fn tell(language: MessageLanguage, en: &str, ja: &str) {
    println!("{}", language.pick(en, ja));
}

/// The lines between the common beginning and end of two texts, as `-`/`+` lines.
fn print_changed_lines(before: &str, after: &str) {
    let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    for line in &a[prefix..a.len() - suffix] {
        println!("  - {line}");
    }
    for line in &b[prefix..b.len() - suffix] {
        println!("  + {line}");
    }
}
