//! `build`, `check` and `new page`.

use super::{exit_code, print_json, print_text, Format};
use crate::diagnostics::{Diagnostic, Diagnostics, MessageLanguage, Severity};
use crate::load::{self, LoadOptions};
use crate::{output, pipeline, translation_status, verify};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn build(root: &Path, out: PathBuf, drafts: bool, language: MessageLanguage) -> i32 {
    let started = Instant::now();
    let built = match pipeline::build(
        root,
        &LoadOptions {
            drafts,
            ..LoadOptions::default()
        },
    ) {
        Ok(built) => built,
        Err(diagnostics) => {
            print_text(&diagnostics, language);
            let out = out.display();
            match language {
                MessageLanguage::En => {
                    eprintln!("build failed: nothing was written; {out} is unchanged")
                }
                MessageLanguage::Ja => eprintln!(
                    "ビルドできませんでした。何も書き込んでいません（{out} は元のままです）"
                ),
            }
            return exit_code(&diagnostics).max(1);
        }
    };
    if let Err(error) = output::write_site(&out, &built.files) {
        print_text(&Diagnostics::from_iter([error]), language);
        return 2;
    }
    print_text(&built.warnings, language);
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

/// `build`, with each language's whole policy printed to `LANG/policy.pdf` in the
/// output and every page linking to it. Exit 2 when no browser can print.
pub fn pdf(root: &Path, out: PathBuf, language: MessageLanguage) -> i32 {
    let options = LoadOptions {
        pdf: true,
        ..LoadOptions::default()
    };
    let built = match pipeline::build(root, &options) {
        Ok(built) => built,
        Err(diagnostics) => {
            print_text(&diagnostics, language);
            let out = out.display();
            eprintln!(
                "{}",
                language.pick(
                    &format!("pdf failed: nothing was written; {out} is unchanged"),
                    &format!(
                        "PDF を作れませんでした。何も書き込んでいません（{out} は元のままです）"
                    ),
                )
            );
            return exit_code(&diagnostics).max(1);
        }
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
    if let Err(error) = output::write_site(&out, &files) {
        print_text(&Diagnostics::from_iter([error]), language);
        return 2;
    }
    print_text(&built.warnings, language);
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

/// Everything `build` checks, plus the rendered links, scripts in Markdown and
/// translation status. `strict` makes missing and stale translations errors.
pub fn check(root: &Path, strict: bool, format: Format, language: MessageLanguage) -> i32 {
    let mut findings = match pipeline::build(root, &LoadOptions::default()) {
        Ok(built) => {
            let mut findings = built.warnings.clone();
            findings.extend(verify::check_links(&built.files));
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

/// Markdown is trusted, but a `<script>` in it is worth a second look.
fn script_warnings(site: &crate::model::Site) -> Diagnostics {
    site.pages
        .iter()
        .flat_map(|p| p.translations.values())
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
    let config = match load::load_config(root) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_text(&diagnostics, language);
            return 1;
        }
    };
    let paths: Vec<(String, PathBuf)> = config
        .language_codes()
        .map(|lang| {
            (
                lang.to_string(),
                root.join(format!("content/pages/{name}.{lang}.md")),
            )
        })
        .collect();
    if let Some((_, existing)) = paths.iter().find(|(_, p)| p.exists()) {
        let existing = existing.display();
        eprintln!(
            "{}",
            language.pick(
                &format!("error: {existing} already exists; nothing was written"),
                &format!("エラー: {existing} はすでにあります。何も書き込んでいません"),
            )
        );
        return 1;
    }
    for (lang, path) in &paths {
        let title = if lang == "ja" {
            "新しいページ"
        } else {
            "New page"
        };
        let text = format!("---\ntitle: {title}\nweight: 100\ndescription: \n---\n\n");
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(path, text));
        if let Err(error) = written {
            eprintln!("error: could not write {}: {error}", path.display());
            return 2;
        }
        println!(
            "{} {}",
            language.pick("wrote", "作成しました:"),
            path.display()
        );
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
