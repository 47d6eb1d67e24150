//! Markdown pages under `content/pages/`: one page per `NAME.LANG.md` group, folders
//! as sections (`_index.LANG.md`), front matter parsed and located.

use super::files::{Found, SiteRoot, Stamp};
use super::{page_names, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::{FrontMatter, Page, PageText};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// Whether an editor or the OS left this file behind (swap files, backups, lock files).
pub fn is_scratch_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

pub struct PageOptions<'a> {
    pub languages: &'a [String],
    pub drafts: bool,
}

/// The Markdown files the last load read, kept between rebuilds by serve: a file whose
/// size and modification time are unchanged is not read or parsed again, and one read
/// again whose text is unchanged is not parsed again. A recorded version is loaded
/// with one that knows the working content's pages ([`PageCache::knowing`]), so its
/// pages that read as today's are not parsed again.
#[derive(Debug, Default)]
pub struct PageCache {
    files: HashMap<String, CachedFile>,
    /// The languages and drafts setting the files were read with.
    settings: Option<(Vec<String>, bool)>,
}

#[derive(Debug, Clone)]
struct CachedFile {
    stamp: Option<Stamp>,
    read: Option<(String, String, Arc<PageText>)>,
    diagnostics: Diagnostics,
}

impl PageCache {
    /// A cache that knows these pages' texts, parsed, as files read by a load of these
    /// languages with no drafts: a file of the same name and text is taken from it.
    pub fn knowing<'t>(
        texts: impl Iterator<Item = &'t Arc<PageText>>,
        languages: &[String],
    ) -> Self {
        let files = texts
            .map(|text| {
                let known = CachedFile {
                    stamp: None,
                    read: Some((String::new(), String::new(), Arc::clone(text))),
                    diagnostics: Diagnostics::new(),
                };
                (text.file.clone(), known)
            })
            .collect();
        PageCache {
            files,
            settings: Some((languages.to_vec(), false)),
        }
    }

    /// Forgets files and folders (`content/pages/x.ja.md`, `content/pages/handbook`)
    /// so the next load reads them whatever their stamps say: a file system that
    /// keeps times to the second can save a same-length edit with the same stamp.
    pub fn forget(&mut self, changed: &[String]) {
        self.files.retain(|file, _| {
            !changed.iter().any(|c| {
                file.strip_prefix(c.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
        });
    }
}

/// Loads every page. Problems are collected; pages with errors are left out.
pub fn load_pages(
    root: &SiteRoot,
    options: &PageOptions,
    cache: &mut PageCache,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    let dir = root.join("content/pages");
    let settings = (options.languages.to_vec(), options.drafts);
    if cache.settings.as_ref() != Some(&settings) {
        *cache = PageCache {
            settings: Some(settings),
            ..PageCache::default()
        };
    }
    let previous = std::mem::take(&mut cache.files);
    if !root.is_dir(&dir) {
        return Vec::new();
    }
    let files: Vec<(String, CachedFile)> = markdown_files(root, &dir, diagnostics)
        .par_iter()
        .map(|entry| {
            let file = root.display(&entry.path);
            let stamp = entry.stamp;
            let cached = match previous.get(&file) {
                Some(cached) if stamp.is_some() && cached.stamp == stamp => cached.clone(),
                _ => {
                    let known = previous.get(&file).and_then(|c| c.read.as_ref());
                    let known = known.map(|(_, _, text)| text);
                    let read = read_page_file(root, (&dir, &entry.path), known, options);
                    let (read, found) = match read {
                        Ok(read) => (read, Diagnostics::new()),
                        Err(problem) => (None, Diagnostics::from_iter([problem])),
                    };
                    CachedFile {
                        stamp,
                        read,
                        diagnostics: found,
                    }
                }
            };
            (file, cached)
        })
        .collect();
    let mut pages: BTreeMap<String, Page> = BTreeMap::new();
    for (file, cached) in files {
        diagnostics.extend(cached.diagnostics.clone());
        if let Some((key, lang, text)) = &cached.read {
            add_translation(&mut pages, key.clone(), lang.clone(), Arc::clone(text));
        }
        cache.files.insert(file, cached);
    }
    finish_pages(pages, options.languages, diagnostics)
}

/// Every `.md` file under `dir`, in name order; folders that cannot be read and files
/// that are not Markdown are reported.
fn markdown_files(root: &SiteRoot, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<Found> {
    let mut found = Vec::new();
    for entry in root.walk(dir, diagnostics) {
        let name = entry.file_name();
        if is_scratch_file(&name) {
            continue;
        }
        if name.ends_with(".md") {
            found.push(entry);
        } else {
            diagnostics.push(
                Diagnostic::warning(
                    "ignored-file",
                    "only Markdown pages (NAME.LANG.md) are read from content/pages; this file is ignored",
                    "content/pages から読み込むのは Markdown のページ（名前.言語.md）だけです。このファイルは使われません",
                )
                .in_file(root.display(&entry.path)),
            );
        }
    }
    found
}

/// Reads one `NAME.LANG.md` file (under `content/pages`) into its page key, language
/// and text; `None` for a draft (unless drafts are built) or a file gone since the
/// folder was listed. The text is parsed unless it is `known`'s (same file, same text).
fn read_page_file(
    root: &SiteRoot,
    (pages_dir, path): (&Path, &Path),
    known: Option<&Arc<PageText>>,
    options: &PageOptions,
) -> Result<Option<(String, String, Arc<PageText>)>, Diagnostic> {
    let file = root.display(path);
    let Ok(relative) = path.strip_prefix(pages_dir) else {
        return Ok(None);
    };
    let relative = relative.to_string_lossy().replace('\\', "/");
    let stem = relative.trim_end_matches(".md");
    let (key, lang) = key_and_language(stem, options.languages).map_err(|e| e.in_file(&file))?;
    if let Some(problem) = name_problem(&key, &lang) {
        return Err(problem.in_file(file));
    }
    let Some(text) = root.read_text_optional(path)? else {
        return Ok(None);
    };
    let digest = crate::digest::of_str(&text);
    let page_text = match known {
        Some(known) if known.digest == digest && known.file == file => Arc::clone(known),
        _ => Arc::new(parse_page_digested(&file, &text, digest)?),
    };
    if page_text.front.draft && !options.drafts {
        return Ok(None);
    }
    let key = match key
        .strip_suffix("/_index")
        .or(if key == "_index" { Some("") } else { None })
    {
        Some(section) => format!("{section}/_index"),
        None => key,
    };
    Ok(Some((key, lang, page_text)))
}

/// The page key and language of a file named `stem.md` (`handbook/ojt.ja`).
fn key_and_language(stem: &str, languages: &[String]) -> Result<(String, String), Diagnostic> {
    match stem.rsplit_once('.') {
        Some((key, lang)) if languages.iter().any(|l| l == lang) => {
            Ok((key.to_string(), lang.to_string()))
        }
        _ => Err(Diagnostic::error(
            "page-name",
            format!(
                "a page's file name must end in the language, like `introduction.{}.md`",
                languages[0]
            ),
            format!(
                "ページのファイル名は `introduction.{}.md` のように、最後に言語を付けてください",
                languages[0]
            ),
        )
        .hint(
            format!("this site's languages are {}", languages.join(", ")),
            format!("このサイトの言語：{}", languages.join(", ")),
        )),
    }
}

/// Why a page's file name cannot be used, if it cannot: unsafe characters, a
/// reserved name, or `_index` directly in content/pages.
fn name_problem(key: &str, lang: &str) -> Option<Diagnostic> {
    if key == "_index" {
        return Some(
            Diagnostic::error(
                "page-name",
                format!("`_index.{lang}.md` directly in content/pages would replace the home page, which the site makes itself"),
                format!("content/pages の直下の `_index.{lang}.md` はトップページと重なります。トップページはサイトが自動で作ります"),
            )
            .hint(
                format!("a section's own page goes in its folder, e.g. content/pages/handbook/_index.{lang}.md"),
                format!("章（フォルダ）の最初のページは、そのフォルダの中に置いてください（例：content/pages/handbook/_index.{lang}.md）"),
            ),
        );
    }
    let suggestion = format!("{}.{lang}.md", page_names::suggest(key));
    match page_names::check(key).err()? {
        page_names::NameProblem::Unsafe => Some(
            Diagnostic::error(
                "page-name",
                format!("the page name `{key}` has characters that are not safe in web addresses and file names; use ASCII letters, digits, `-` and `_`, starting with a letter or digit"),
                format!("ページ名 `{key}` には、URL やファイル名で問題になる文字が含まれています。半角英数字と `-`、`_` だけを使い、英数字で始めてください"),
            )
            .hint(
                format!("rename the file, e.g. to `{suggestion}` (and the links to it)"),
                format!("ファイル名を、例えば `{suggestion}` に変えてください（そのページへのリンクも直してください）"),
            ),
        ),
        page_names::NameProblem::Reserved => Some(
            Diagnostic::error(
                "reserved-name",
                format!("`{key}` is the name of a page the site makes itself; a Markdown page cannot use it"),
                format!("`{key}` はサイトが自動で作るページの名前なので、Markdown のページには使えません"),
            )
            .hint(
                format!("rename the file, e.g. to `{suggestion}` (and the links to it)"),
                format!("ファイル名を、例えば `{suggestion}` に変えてください（そのページへのリンクも直してください）"),
            ),
        ),
    }
}

/// Splits front matter from the body and parses it.
pub fn parse_page(file: &str, text: &str) -> Result<PageText, Diagnostic> {
    parse_page_digested(file, text, crate::digest::of_str(text))
}

/// [`parse_page`] of a text whose fingerprint is known.
fn parse_page_digested(file: &str, text: &str, digest: u64) -> Result<PageText, Diagnostic> {
    let missing = || {
        Diagnostic::error(
            "front-matter",
            "the page must start with front matter between two `---` lines",
            "ページの先頭には、2本の `---` の行で挟んだ設定部分（フロントマター）が必要です",
        )
        .at(Location::at(file, 1, 1))
        .hint(
            "begin the file with:\n---\ntitle: The page title\nweight: 10\n---",
            "ファイルを次のように書き始めてください：\n---\ntitle: ページの題名\nweight: 10\n---",
        )
    };
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .ok_or_else(missing)?;
    let mut offset = 0;
    let mut front_end = None;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            front_end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let (front_len, body_start) = front_end.ok_or_else(|| {
        Diagnostic::error(
            "front-matter",
            "the front matter is not closed: a line `---` must follow it",
            "先頭の設定部分（フロントマター）が閉じられていません。設定の後ろに `---` だけの行を書いてください",
        )
        .at(Location::at(file, 1, 1))
    })?;
    let front_text = &rest[..front_len];
    let doc = yaml::parse(file, front_text, 1).map_err(|mut error| {
        if error.code == "empty-file" {
            error.code = "front-matter";
            error.message = "the front matter is empty; it needs at least a title".to_string();
            error.message_ja =
                "先頭の設定部分（フロントマター）が空です。少なくとも `title` が必要です"
                    .to_string();
        }
        error
    })?;
    let front: FrontMatter = yaml::typed(&doc)?;
    let body_line = front_text.matches('\n').count() + 3;
    let body = &rest[body_start..];
    Ok(PageText {
        file: file.to_string(),
        front,
        body: body.to_string(),
        body_line,
        outline: crate::markdown::Outline::of(body),
        digest,
    })
}

fn add_translation(
    pages: &mut BTreeMap<String, Page>,
    key: String,
    lang: String,
    text: Arc<PageText>,
) {
    let (key, is_section) = match key.strip_suffix("/_index") {
        Some(section) => (section.to_string(), true),
        None => (key, false),
    };
    let page = pages.entry(key.clone()).or_insert_with(|| Page {
        section: key.rsplit_once('/').map(|(parent, _)| parent.to_string()),
        key,
        is_section,
        weight: 0,
        translations: BTreeMap::new(),
    });
    page.translations.insert(lang, text);
}

/// Weights, the default-language requirement, reserved names and missing translations.
fn finish_pages(
    pages: BTreeMap<String, Page>,
    languages: &[String],
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    let default = &languages[0];
    let broken = diagnostics.files_with_errors();
    let mut result = Vec::new();
    let mut folded: BTreeMap<String, String> = BTreeMap::new();
    for (key, mut page) in pages {
        let Some(main) = page
            .translations
            .get(default)
            .or_else(|| page.translations.values().next())
        else {
            continue;
        };
        let main_file = main.file.clone();
        if let Some(other) = folded.insert(page_names::folded(&key), key.clone()) {
            diagnostics.push(name_clash(&other, &key).in_file(main_file));
            continue;
        }
        page.weight = main.front.weight.unwrap_or(0);
        // A sibling file that exists but has its own error (unreadable, not UTF-8, …)
        // is reported as that, not as missing.
        let missing = |lang: &str| !broken.contains(&sibling(&main_file, lang));
        if !page.translations.contains_key(default) {
            if missing(default) {
                diagnostics.push(missing_default(default, &main_file));
            }
            continue;
        }
        let first = key.split('/').next().unwrap_or(&key);
        if crate::kinds::is_reserved(first) || key.is_empty() {
            diagnostics.push(reserved_name(first).in_file(main_file));
            continue;
        }
        for lang in &languages[1..] {
            if !page.translations.contains_key(lang) && missing(lang) {
                diagnostics.push(missing_translation(lang, default).in_file(main_file.clone()));
            }
        }
        result.push(page);
    }
    result
}

/// The file of the same page in `lang`, beside `file` (`a/b.ja.md` -> `a/b.en.md`).
fn sibling(file: &str, lang: &str) -> String {
    let suffix = format!(".{}.md", lang_of(file));
    let stem = file.strip_suffix(&suffix).unwrap_or(file);
    format!("{stem}.{lang}.md")
}

fn name_clash(other: &str, key: &str) -> Diagnostic {
    Diagnostic::error(
        "page-name-clash",
        format!("the pages `{other}` and `{key}` differ only in capital letters; on Windows and Mac they would be one and the same file"),
        format!("ページ `{other}` と `{key}` は大文字・小文字の違いしかありません。Windows や Mac では同じファイルになってしまいます"),
    )
    .hint(
        "give one of them another name (in lower case)",
        "どちらかの名前を変えてください（小文字で）",
    )
}

/// A page with no file in the default language: which file to write, named beside it.
fn missing_default(default: &str, main_file: &str) -> Diagnostic {
    let expected = main_file.rsplit('/').next().unwrap_or("").replace(
        &format!(".{}.md", lang_of(main_file)),
        &format!(".{default}.md"),
    );
    Diagnostic::error(
        "missing-default-language",
        format!("this page has no `{default}` version"),
        format!("このページには `{default}` 版がありません"),
    )
    .in_file(main_file.to_string())
    .hint(
        format!("write `{expected}` next to it"),
        format!("同じフォルダに `{expected}` を作ってください"),
    )
}

fn reserved_name(first: &str) -> Diagnostic {
    Diagnostic::error(
        "reserved-name",
        format!("`{first}` is the name of a built-in page; a Markdown page cannot use it"),
        format!("`{first}` は組み込みのページの名前なので、Markdown のページには使えません"),
    )
    .hint(
        "rename the file (and the links to it)",
        "ファイルの名前を変えてください（そのページへのリンクも直してください）",
    )
}

fn missing_translation(lang: &str, default: &str) -> Diagnostic {
    Diagnostic::warning(
        "missing-translation",
        format!("this page is not yet translated into `{lang}`; that site shows the `{default}` text instead"),
        format!("このページはまだ `{lang}` に翻訳されていません。そちらのサイトでは代わりに `{default}` の文章を表示します"),
    )
}

fn lang_of(file: &str) -> &str {
    file.trim_end_matches(".md")
        .rsplit('.')
        .next()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split_with_the_body_line() {
        let page = parse_page("p.ja.md", "---\ntitle: はじめに\nweight: 10\n---\n\n本文\n")
            .expect("valid");
        assert_eq!(page.front.title, "はじめに");
        assert_eq!(page.front.weight, Some(10));
        assert_eq!(page.body, "\n本文\n");
        assert_eq!(page.body_line, 5);
    }

    #[test]
    fn crlf_front_matter_is_accepted() {
        let page = parse_page("p.ja.md", "---\r\ntitle: x\r\n---\r\nbody\r\n").expect("valid");
        assert_eq!(page.front.title, "x");
        assert_eq!(page.body, "body\r\n");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let error = parse_page("p.ja.md", "---\ntitle: x\nweigth: 3\n---\n").expect_err("typo");
        assert_eq!(error.code, "unknown-field");
        assert_eq!(error.line, Some(3));
        assert_eq!(
            error.hint.as_deref().map(|h| h.contains("`weight`")),
            Some(true)
        );
        let error = parse_page("p.ja.md", "no front matter").expect_err("missing");
        assert_eq!(error.code, "front-matter");
    }

    /// The pages of a site held in memory, `content/pages/NAME` -> text.
    fn load_in_memory(files: &[(&str, &str)], cache: &mut PageCache) -> Vec<Page> {
        let files = files
            .iter()
            .map(|(name, text)| (format!("content/pages/{name}"), text.to_string()))
            .collect();
        let root = SiteRoot::recorded(Arc::new(files));
        let languages = ["ja".to_string(), "en".to_string()];
        let options = PageOptions {
            languages: &languages,
            drafts: false,
        };
        let mut diagnostics = Diagnostics::new();
        let pages = load_pages(&root, &options, cache, &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        pages
    }

    #[test]
    fn a_version_takes_the_pages_that_read_as_today_from_today_and_parses_the_rest() {
        let page = |title: &str| format!("---\ntitle: {title}\nweight: 1\n---\n\n本文\n");
        let (a, b, b_then) = (page("前文"), page("研修"), page("研修（当時）"));
        let today = load_in_memory(
            &[("a.ja.md", &a), ("b.ja.md", &b)],
            &mut PageCache::default(),
        );
        let texts = today.iter().flat_map(|page| page.translations.values());
        let mut known = PageCache::knowing(texts, &["ja".to_string(), "en".to_string()]);
        let then = load_in_memory(&[("a.ja.md", &a), ("b.ja.md", &b_then)], &mut known);
        let text = |pages: &[Page], i: usize| Arc::clone(&pages[i].translations["ja"]);
        assert!(
            Arc::ptr_eq(&text(&then, 0), &text(&today, 0)),
            "the same text is today's, not parsed again"
        );
        assert_eq!(
            text(&then, 1).front.title,
            "研修（当時）",
            "a changed text is its own"
        );
        assert_eq!(text(&today, 1).front.title, "研修");
    }

    #[test]
    fn editor_scratch_files_are_recognised() {
        for name in [
            ".intro.ja.md.swp",
            "intro.ja.md~",
            "4913",
            ".#intro.ja.md",
            "~$intro.docx",
        ] {
            assert!(is_scratch_file(name), "{name}");
        }
        assert!(!is_scratch_file("intro.ja.md"));
    }
}
