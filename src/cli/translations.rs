//! `translations`: what is missing, stale or current in each language, and
//! `--confirm` to record translations as checked (the lock file).

use super::{out, print_text, Format};
use crate::diagnostics::{closest, MessageLanguage};
use crate::load::{self, LoadOptions};
use crate::translation_status::{self, State, UnitStatus};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The arguments of `translations`.
#[derive(Debug, clap::Args)]
pub struct Arguments {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Record these units (as the report names them) as checked against today's source text.
    #[arg(long, num_args = 0.., value_name = "UNIT", conflicts_with_all = ["export", "import"])]
    pub confirm: Option<Vec<String>>,
    /// With --confirm: record every unit that has a translation. With --export: export every text.
    #[arg(long)]
    pub all: bool,
    /// Show only units that need work (missing, stale or not yet confirmed), each one listed.
    #[arg(long)]
    pub todo: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write what needs translating to FILE: XLIFF 1.2 (`.xlf`) for CAT tools, or a spreadsheet (`.xlsx`).
    #[arg(long, value_name = "FILE", conflicts_with = "import")]
    pub export: Option<PathBuf>,
    /// Write the translations in FILE (`.xlf` or `.xlsx`, as exported) back into the content.
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,
    /// The language to export or import [default: the site's second language].
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// With --import: show what would change, write nothing.
    #[arg(long, requires = "import")]
    pub dry_run: bool,
}

/// `translations`: an export, an import, a confirmation or the report.
pub fn command(arguments: Arguments, language: MessageLanguage) -> i32 {
    let Arguments {
        root,
        confirm,
        all,
        todo,
        format,
        export,
        import,
        lang,
        dry_run,
    } = arguments;
    if let Some(file) = export {
        return super::exchange::export(&root, &file, (lang.as_deref(), all), language);
    }
    if let Some(file) = import {
        return super::exchange::import(&root, &file, (lang.as_deref(), dry_run), language);
    }
    if all && confirm.is_none() {
        eprintln!(
            "{}",
            language.pick(
                "--all goes with --confirm or --export",
                "--all は --confirm か --export と一緒に使います"
            )
        );
        return 2;
    }
    let request = Request {
        confirm,
        all,
        todo,
        format,
    };
    run(&root, &request, language)
}

pub struct Request {
    /// `Some` when confirming: the units named (may be empty with `all`).
    pub confirm: Option<Vec<String>>,
    pub all: bool,
    pub todo: bool,
    pub format: Format,
}

pub fn run(root: &Path, request: &Request, language: MessageLanguage) -> i32 {
    let loaded = match load::load(
        root,
        &LoadOptions {
            drafts: true,
            ..LoadOptions::default()
        },
    ) {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            print_text(&diagnostics, language);
            return super::exit_code(&diagnostics).max(1);
        }
    };
    let site = SiteTexts {
        units: translation_status::units(&loaded),
        languages: loaded.site.config.language_list(),
        lock: loaded.lock,
    };
    match &request.confirm {
        Some(keys) => confirm(root, &site, (keys, request.all), language),
        None => {
            let statuses = translation_status::statuses(&site.units, &site.lock, &site.languages);
            report(&statuses, request, language);
            0
        }
    }
}

/// The site's translatable texts, its languages and its lock file.
struct SiteTexts {
    units: Vec<translation_status::TranslationUnit>,
    languages: Vec<String>,
    lock: translation_status::TranslationLock,
}

/// Records the named units (or `all`) as confirmed; `which` is (unit keys, all).
fn confirm(
    root: &Path,
    site: &SiteTexts,
    which: (&[String], bool),
    language: MessageLanguage,
) -> i32 {
    let (keys, all) = which;
    let (lock, units, languages) = (&site.lock, &site.units[..], &site.languages[..]);
    if keys.is_empty() && !all {
        eprintln!(
            "{}",
            language.pick(
                "name the units to confirm, or give --all",
                "確認済みにする単位を指定するか、--all を付けてください"
            )
        );
        return 2;
    }
    let (new_lock, unknown) = translation_status::confirm(
        lock,
        units,
        languages,
        translation_status::Confirming { keys, all },
    );
    if !unknown.is_empty() {
        say_unknown(&unknown, units, language);
        return 1;
    }
    let path = root.join("content/translations.lock");
    if let Err(error) = crate::fs::replace(&path, translation_status::lock_text(&new_lock)) {
        print_text(
            &crate::diagnostics::Diagnostics::from_iter([error]),
            language,
        );
        return 2;
    }
    let count = if all { units.len() } else { keys.len() };
    match language {
        MessageLanguage::En => eprintln!("confirmed {count} unit(s) in {}", path.display()),
        MessageLanguage::Ja => eprintln!(
            "{count} 件を確認済みとして {} に記録しました",
            path.display()
        ),
    }
    0
}

/// Says which keys name no unit (with the nearest key), and that nothing was confirmed.
fn say_unknown(
    unknown: &[String],
    units: &[translation_status::TranslationUnit],
    language: MessageLanguage,
) {
    for key in unknown {
        let near = closest(key, units.iter().map(|u| u.key.as_str()));
        let hint = near
            .map(|n| format!(" ({} `{n}`?)", language.pick("did you mean", "もしかして")))
            .unwrap_or_default();
        eprintln!(
            "{} `{key}`{hint}",
            language.pick(
                "error: there is no translatable unit",
                "エラー: 次の翻訳単位はありません:"
            )
        );
    }
    eprintln!(
        "{}",
        language.pick("nothing was confirmed", "何も確認済みにしていません")
    );
}

#[derive(Serialize)]
struct JsonStatus<'a> {
    unit: &'a str,
    language: &'a str,
    state: State,
    change: Option<&'a str>,
    file: &'a str,
    line: Option<usize>,
}

fn report(statuses: &[UnitStatus], request: &Request, language: MessageLanguage) {
    let shown: Vec<&UnitStatus> = statuses
        .iter()
        .filter(|s| !request.todo || s.state != State::Current)
        .collect();
    if request.format == Format::Json {
        for s in shown {
            let line = JsonStatus {
                unit: &s.unit,
                language: &s.language,
                state: s.state,
                change: s.change.as_deref(),
                file: &s.place.file,
                line: s.place.line,
            };
            out(&serde_json::to_string(&line).unwrap_or_default());
        }
        return;
    }
    for s in &shown {
        let place = match s.place.line {
            Some(line) => format!("{}:{line}", s.place.file),
            None => s.place.file.clone(),
        };
        out(&format!(
            "{:<12} {:<3} {}  ({place})",
            state_word(s.state, language),
            s.language,
            s.unit
        ));
        if let Some(change) = &s.change {
            out(&format!(
                "{:<16} {}: {change}",
                "",
                language.pick("source changed", "原文の変更")
            ));
        }
    }
    summary(statuses, language);
}

fn state_word(state: State, language: MessageLanguage) -> &'static str {
    match state {
        State::Missing => language.pick("missing", "未翻訳"),
        State::Stale => language.pick("stale", "要見直し"),
        State::Unconfirmed => language.pick("unconfirmed", "未確認"),
        State::Current => language.pick("current", "最新"),
    }
}

fn summary(statuses: &[UnitStatus], language: MessageLanguage) {
    let mut languages: Vec<&str> = statuses.iter().map(|s| s.language.as_str()).collect();
    languages.dedup();
    for lang in languages {
        let count = |state| {
            statuses
                .iter()
                .filter(|s| s.language == lang && s.state == state)
                .count()
        };
        let (m, s, u, c) = (
            count(State::Missing),
            count(State::Stale),
            count(State::Unconfirmed),
            count(State::Current),
        );
        match language {
            MessageLanguage::En => out(&format!(
                "{lang}: {m} missing, {s} stale, {u} unconfirmed, {c} current"
            )),
            MessageLanguage::Ja => out(&format!(
                "{lang}: 未翻訳 {m} 件、要見直し {s} 件、未確認 {u} 件、最新 {c} 件"
            )),
        }
    }
}
