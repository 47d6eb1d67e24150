//! `build`, `check` and `new page`.

use super::{exit_code, print_json, print_text, Format};
use crate::diagnostics::{Diagnostic, Diagnostics, MessageLanguage, Severity};
use crate::load::{self, LoadOptions};
use crate::{output, pipeline, translation_status, verify};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn build(root: &Path, out: PathBuf, drafts: bool, language: MessageLanguage) -> i32 {
    let started = Instant::now();
    let options = LoadOptions {
        drafts,
        ..LoadOptions::default()
    };
    let prepared = match pipeline::prepare(
        root,
        &options,
        &mut load::PageCache::default(),
        &mut crate::revisions::HistoryMemo::default(),
    ) {
        Ok(prepared) => prepared,
        Err(diagnostics) => return build_failed(&diagnostics, &out, language),
    };
    let plan = output::Plan {
        top_names: prepared.top_names(),
        language,
    };
    let staging = match output::Staging::begin(&out, &plan) {
        Ok(staging) => staging,
        Err(error) => return build_failed(&Diagnostics::from_iter([error]), &out, language),
    };
    let built = match prepared.render_into(&|file| staging.write(&file), &|path, fill| {
        staging.write_pieces(path, fill)
    }) {
        Ok(built) => built,
        Err(mut diagnostics) => {
            diagnostics.extend(staging.abandon().into_iter().collect());
            return build_failed(&diagnostics.sorted(), &out, language);
        }
    };
    let mut findings = built.warnings.clone();
    match staging.finish() {
        Ok(warnings) => findings.extend(warnings),
        Err(error) => return build_failed(&Diagnostics::from_iter([error]), &out, language),
    }
    print_text(&findings, language);
    let (pages, languages, seconds) = (
        built.page_count(),
        built.loaded.site.config.languages.len(),
        started.elapsed().as_secs_f64(),
    );
    let out = out.display();
    match language {
        MessageLanguage::En => {
            eprintln!("built {pages} pages in {languages} languages into {out} in {seconds:.2} s")
        }
        MessageLanguage::Ja => eprintln!(
            "{languages} 言語で {pages} ページを {out} に書き出しました（{seconds:.2} 秒）"
        ),
    }
    0
}

/// Says that nothing was written; returns the exit status (2 for a problem with
/// files or folders, else 1).
fn build_failed(diagnostics: &Diagnostics, out: &Path, language: MessageLanguage) -> i32 {
    print_text(diagnostics, language);
    let out = out.display();
    match language {
        MessageLanguage::En => eprintln!("build failed: nothing was written; {out} is unchanged"),
        MessageLanguage::Ja => {
            eprintln!("ビルドできませんでした。何も書き込んでいません（{out} は元のままです）")
        }
    }
    exit_code(diagnostics).max(1)
}

/// `build`, with each language's whole policy printed to `LANG/policy.pdf` in the
/// output and every page linking to it. Exit 2 when no browser can print.
pub fn pdf(root: &Path, out: PathBuf, language: MessageLanguage) -> i32 {
    let options = LoadOptions {
        pdf: true,
        ..LoadOptions::default()
    };
    let built = match pipeline::build(root, &options) {
        Ok(built) => built,
        Err(diagnostics) => return pdf_failed(&diagnostics, &out, language),
    };
    let pdfs = match crate::pdf::print_policy(&built.loaded.site, &built.files) {
        Ok(pdfs) => pdfs,
        Err(error) => {
            print_text(&Diagnostics::from_iter([error]), language);
            return 2;
        }
    };
    let names: Vec<String> = pdfs
        .iter()
        .map(|f| out.join(&f.path).display().to_string())
        .collect();
    let mut files = built.files.clone();
    files.extend(pdfs);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut findings = built.warnings.clone();
    match output::write_site(&out, &files) {
        Ok(warnings) => findings.extend(warnings),
        Err(error) => {
            print_text(&Diagnostics::from_iter([error]), language);
            return 2;
        }
    }
    print_text(&findings, language);
    let names = names.join(", ");
    eprintln!(
        "{}",
        language.pick(
            &format!(
                "built the site into {} with the PDFs {names}",
                out.display()
            ),
            &format!(
                "サイトを {} に書き出し、PDF を作りました：{names}",
                out.display()
            ),
        )
    );
    0
}

/// Says that the site did not build, so nothing was written; returns the exit status.
fn pdf_failed(diagnostics: &Diagnostics, out: &Path, language: MessageLanguage) -> i32 {
    print_text(diagnostics, language);
    let out = out.display();
    eprintln!(
        "{}",
        language.pick(
            &format!("pdf failed: nothing was written; {out} is unchanged"),
            &format!("PDF を作れませんでした。何も書き込んでいません（{out} は元のままです）"),
        )
    );
    exit_code(diagnostics).max(1)
}

/// Everything `build` checks, plus the rendered links, scripts in Markdown and
/// translation status. `strict` makes missing and stale translations errors.
pub fn check(root: &Path, strict: bool, format: Format, language: MessageLanguage) -> i32 {
    let links = verify::LinkCheck::default();
    let mut findings = match rendered_into(root, &links) {
        Ok(built) => {
            let mut findings = built.warnings.clone();
            findings.extend(links.problems());
            findings.extend(script_warnings(&built.loaded.site));
            let units = translation_status::units(&built.loaded);
            let languages: Vec<String> = built.loaded.site.config.language_list();
            let statuses = translation_status::statuses(&units, &built.loaded.lock, &languages);
            findings.extend(translation_status::diagnostics(&statuses));
            findings
        }
        Err(diagnostics) => diagnostics,
    };
    if strict {
        findings = findings
            .into_iter()
            .map(|mut d| {
                if matches!(d.code, "missing-translation" | "stale-translation") {
                    d.severity = Severity::Error;
                }
                d
            })
            .collect();
    }
    let findings = findings.sorted();
    match format {
        Format::Text => {
            print_text(&findings, language);
            if !findings.has_errors() {
                eprintln!(
                    "{}",
                    language.pick("check passed", "チェックに合格しました")
                );
            }
        }
        Format::Json => print_json(&findings),
    }
    exit_code(&findings)
}

/// Builds the site as `build` does, each file handed to the link check as it is
/// rendered and then dropped, so checking a large site holds no more than building it.
fn rendered_into(root: &Path, links: &verify::LinkCheck) -> Result<pipeline::Built, Diagnostics> {
    let prepared = pipeline::prepare(
        root,
        &LoadOptions::default(),
        &mut load::PageCache::default(),
        &mut crate::revisions::HistoryMemo::default(),
    )?;
    prepared.render_into(
        &|file| {
            links.add(&file.path, &file.bytes);
            Ok(())
        },
        &|path, fill| {
            let mut bytes = Vec::new();
            fill(&mut |piece| {
                bytes.extend_from_slice(piece);
                Ok(())
            })?;
            links.add(path, &bytes);
            Ok(())
        },
    )
}

/// Markdown is trusted, but a `<script>` in it is worth a second look.
fn script_warnings(site: &crate::model::Site) -> Diagnostics {
    site.page_texts()
        .filter(|t| t.body.to_ascii_lowercase().contains("<script"))
        .map(|t| {
            Diagnostic::warning(
                "script-in-markdown",
                "this page contains a <script>; scripts in content run in every reader's browser",
                "このページには <script> が含まれています。本文中のスクリプトはすべての閲覧者のブラウザで実行されます",
            )
            .in_file(t.file.clone())
        })
        .collect()
}

fn valid_page_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('/')
        && !name.ends_with(".md")
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// The name `new page` writes: `name` itself when it is safe, else its safe form when
/// that keeps the words (`Training Plan` -> `training-plan`); `Err` with a suggestion
/// when it does not (a Japanese name, a reserved one).
fn safe_page_name(name: &str) -> Result<String, String> {
    use crate::load::page_names::{check, suggest, NameProblem};
    let suggestion = suggest(name);
    match check(name) {
        Ok(()) => Ok(name.to_string()),
        Err(NameProblem::Reserved) => Err(suggestion),
        Err(NameProblem::Unsafe) if name.chars().any(|c| c.is_ascii_alphanumeric()) => {
            Ok(suggestion)
        }
        Err(NameProblem::Unsafe) => Err(suggestion),
    }
}

/// A file in `dir` whose name equals `file` but for case (a clash on Windows and Mac).
fn same_but_for_case(dir: &Path, file: &str) -> Option<PathBuf> {
    let wanted = file.to_lowercase();
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().to_lowercase() == wanted)
        .map(|e| e.path())
}

/// The name `new page` will write, said when it differs from `name`; `None` (said
/// too) when `name` cannot be used.
fn written_page_name(name: &str, language: MessageLanguage) -> Option<String> {
    match safe_page_name(name) {
        Ok(safe) if safe == name => Some(safe),
        Ok(safe) => {
            eprintln!(
                "{}",
                language.pick(
                    &format!("the name `{name}` is written as `{safe}` (lower-case letters, digits and `-` are safe in web addresses and on every computer)"),
                    &format!("ページ名 `{name}` は `{safe}` として作ります（URL やどのパソコンでも安全な、半角の小文字・数字・`-` にしました）"),
                )
            );
            Some(safe)
        }
        Err(suggestion) => {
            eprintln!(
                "{}",
                language.pick(
                    &format!("error: `{name}` cannot be a page's file name (it must be ASCII letters, digits and `-`, and not a name the site uses itself); try `{suggestion}`. Nothing was written"),
                    &format!("エラー: `{name}` はページのファイル名に使えません（半角英数字と `-` だけで、サイトが自動で作るページと重ならない名前にしてください）。例えば `{suggestion}` はどうでしょう。何も書き込んでいません"),
                )
            );
            None
        }
    }
}

/// The files `new page` writes for `name`, one per language of the site, as
/// `(language, path)`; `Err` with the exit status (said) when the site's settings
/// cannot be read or one of the files is already there.
fn new_page_files(
    root: &Path,
    name: &str,
    language: MessageLanguage,
) -> Result<Vec<(String, PathBuf)>, i32> {
    let config = load::load_config(root).map_err(|diagnostics| {
        print_text(&diagnostics, language);
        exit_code(&diagnostics).max(1)
    })?;
    let paths: Vec<(String, PathBuf)> = config
        .language_codes()
        .map(|lang| {
            (
                lang.to_string(),
                root.join(format!("content/pages/{name}.{lang}.md")),
            )
        })
        .collect();
    let clash = paths.iter().find_map(|(_, p)| {
        let file = p.file_name()?.to_string_lossy().to_string();
        same_but_for_case(p.parent()?, &file)
    });
    if let Some(existing) = clash {
        let existing = existing.display();
        eprintln!(
            "{}",
            language.pick(
                &format!("error: {existing} already exists; nothing was written"),
                &format!("エラー: {existing} はすでにあります。何も書き込んでいません"),
            )
        );
        return Err(1);
    }
    Ok(paths)
}

pub fn new_page(root: &Path, name: &str, language: MessageLanguage) -> i32 {
    if !valid_page_name(name) {
        eprintln!(
            "{}",
            language.pick(
                &format!("error: `{name}` is not a page name; use letters, digits and `-`, with --section for a folder (e.g. `ojt --section handbook`)"),
                &format!("エラー: `{name}` はページ名として使えません。英数字と `-` を使い、フォルダは --section で指定してください（例: `ojt --section handbook`）"),
            )
        );
        return 2;
    }
    let name = match written_page_name(name, language) {
        Some(name) => name,
        None => return 2,
    };
    let paths = match new_page_files(root, &name, language) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    for (lang, path) in &paths {
        let title = if lang == "ja" {
            "新しいページ"
        } else {
            "New page"
        };
        let text = format!("---\ntitle: {title}\nweight: 100\ndescription: \n---\n\n");
        if let Err(error) = crate::fs::write(path, text) {
            print_text(&Diagnostics::from_iter([error]), language);
            return 2;
        }
        super::out(&format!(
            "{} {}",
            language.pick("wrote", "作成しました:"),
            path.display()
        ));
    }
    0
}

#[cfg(test)]
mod tests {
    use super::valid_page_name;

    #[test]
    fn page_names_stay_inside_content_pages() {
        assert!(valid_page_name("training"));
        assert!(valid_page_name("handbook/ojt"));
        for bad in ["", "/etc", "../escape", "a//b", "a/./b", "x.md", "a\\b"] {
            assert!(!valid_page_name(bad), "{bad}");
        }
    }
}
