//! Content loading: reads `content/`, the theme and the site's own templates, checks
//! them, and builds the typed [`Site`] model. Every problem becomes a located
//! [`Diagnostic`]; loading goes on past errors so one run reports them all.

mod copies;
mod files;
pub mod page_names;
mod pages;
#[cfg(test)]
mod property_tests;
mod theme;
pub mod translations;
mod validate;
pub mod yaml;
mod yaml_mistakes;

pub use files::{decode_text, SiteRoot};
pub use pages::{is_scratch_file, parse_page, PageCache};
pub use translations::TextUnit;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::kinds;
use crate::model::{PolicyArea, Site, SiteConfig, TranslationLock};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::Path;
use yaml::YamlDoc;

/// The name of each language's PDF of the whole policy, in the language folder.
pub const PDF_FILE: &str = "policy.pdf";

/// What to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Link every page to each language's PDF of the whole policy (`policy-site pdf`
    /// makes them beside the pages it builds).
    pub pdf: bool,
}

/// A loaded site with the warnings found on the way, and the translatable units.
#[derive(Debug)]
pub struct Loaded {
    pub site: Site,
    pub warnings: Diagnostics,
    pub text_units: Vec<TextUnit>,
    /// Each YAML file's tree and positions, to locate later findings (links).
    pub docs: BTreeMap<String, YamlDoc>,
    /// `content/translations.lock`, empty when there is none.
    pub lock: TranslationLock,
}

/// Loads and validates the site at `root`. On any error, returns every diagnostic
/// (errors and warnings) found.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Loaded, Diagnostics> {
    load_cached(root, options, &mut PageCache::default())
}

/// [`load`], reusing the Markdown files in `cache` that have not changed since it
/// was filled (serve keeps one between rebuilds), and filling it for the next time.
pub fn load_cached(
    root: &Path,
    options: &LoadOptions,
    cache: &mut PageCache,
) -> Result<Loaded, Diagnostics> {
    let root = SiteRoot::open(root).map_err(|e| Diagnostics::from_iter([e]))?;
    load_from(root, options, cache)
}

/// Loads a recorded version's content (`content/…` -> text) with the same loader,
/// from memory: no file is written or read. A page whose file and text are one that
/// `known` holds is taken from it, not parsed again ([`PageCache::knowing`]).
pub fn load_recorded(
    files: std::sync::Arc<BTreeMap<String, String>>,
    options: &LoadOptions,
    mut known: PageCache,
) -> Result<Loaded, Diagnostics> {
    load_from(SiteRoot::recorded(files), options, &mut known)
}

fn load_from(
    root: SiteRoot,
    options: &LoadOptions,
    cache: &mut PageCache,
) -> Result<Loaded, Diagnostics> {
    let mut loader = Loader::new(root);
    let config = loader
        .load_config()
        .ok_or_else(|| loader.diagnostics.clone().sorted())?;
    let site = loader.load_site(config, options, cache);
    let lock = loader.translation_lock();
    let broken = loader.diagnostics.files_with_errors();
    validate::validate(&site, &loader.docs, &broken, &mut loader.diagnostics);
    copies::duplicates(&site, &loader.docs, &mut loader.diagnostics);
    let copied = copies::untranslated_copies(&loader.text_units, &loader.languages, &loader.docs);
    loader.diagnostics.extend(copied);
    let diagnostics = loader.diagnostics.sorted();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(Loaded {
        site,
        warnings: diagnostics,
        text_units: loader.text_units,
        docs: loader.docs,
        lock,
    })
}

/// Reads only `content/site.yaml` (for commands that need the languages, not the site).
pub fn load_config(root: &Path) -> Result<SiteConfig, Diagnostics> {
    let mut loader = Loader::open(root)?;
    loader.load_config().ok_or(loader.diagnostics)
}

impl Loader {
    fn open(root: &Path) -> Result<Loader, Diagnostics> {
        let root = SiteRoot::open(root).map_err(|e| Diagnostics::from_iter([e]))?;
        Ok(Loader::new(root))
    }

    fn new(root: SiteRoot) -> Loader {
        Loader {
            root,
            languages: Vec::new(),
            diagnostics: Diagnostics::new(),
            text_units: Vec::new(),
            docs: BTreeMap::new(),
        }
    }
}

struct Loader {
    root: SiteRoot,
    languages: Vec<String>,
    diagnostics: Diagnostics,
    text_units: Vec<TextUnit>,
    docs: BTreeMap<String, YamlDoc>,
}

impl Loader {
    fn load_config(&mut self) -> Option<SiteConfig> {
        let path = self.root.join("content/site.yaml");
        let file = self.root.display(&path);
        let text = match self.root.read_text_optional(&path) {
            Ok(Some(text)) => text,
            Ok(None) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "missing-file",
                        "there is no content/site.yaml, so this is not a policy site",
                        "content/site.yaml がありません。このフォルダは方針サイトではないようです",
                    )
                    .in_file(file)
                    .hint(
                        "run the command in the site's folder, or name it with --root DIR",
                        "サイトのフォルダの中でコマンドを実行するか、--root フォルダ名 でサイトのフォルダを指定してください",
                    ),
                );
                return None;
            }
            Err(error) => {
                self.diagnostics.push(error);
                return None;
            }
        };
        let doc = yaml::parse(&file, &text, 0)
            .map_err(|e| self.diagnostics.push(e))
            .ok()?;
        let config: SiteConfig = yaml::typed_or_report(&doc, &mut self.diagnostics)?;
        if !validate::languages(&config, &doc, &mut self.diagnostics) {
            return None;
        }
        self.languages = config.language_list();
        self.text_units.extend(translations::scan(
            &doc,
            &self.languages,
            &mut self.diagnostics,
        ));
        self.docs.insert(file, doc);
        Some(config)
    }

    fn load_site(
        &mut self,
        config: SiteConfig,
        options: &LoadOptions,
        cache: &mut PageCache,
    ) -> Site {
        let page_options = pages::PageOptions {
            languages: &self.languages,
            drafts: options.drafts,
        };
        let pages = pages::load_pages(&self.root, &page_options, cache, &mut self.diagnostics);
        let theme = theme::load_theme(&self.root, &config, &mut self.diagnostics);
        let mut config = config;
        config.pdf = options.pdf.then(|| PDF_FILE.to_string());
        Site {
            positioning: self.structured(kinds::positioning::KIND.content),
            ideal: self.structured(kinds::ideal::KIND.content),
            mindsets: self.structured(kinds::mindsets::KIND.content),
            skills: self.structured(kinds::skills::KIND.content),
            ranks: self.structured(kinds::rank::KIND.content),
            competencies: self.structured(kinds::competencies::KIND.content),
            roles: self.structured(kinds::roles::KIND.content),
            policies: self.policies(),
            survey: self.structured(kinds::survey::KIND.content),
            glossary: self.structured(kinds::glossary::KIND.content),
            pages,
            theme,
            config,
            stale: Default::default(),
        }
    }

    /// Reads and parses one YAML file; `None` if absent or broken (reported).
    fn read_yaml(&mut self, relative: &str) -> Option<YamlDoc> {
        let path = self.root.join(relative);
        let file = self.root.display(&path);
        let text = self
            .root
            .read_text_optional(&path)
            .map_err(|e| self.diagnostics.push(e))
            .ok()??;
        yaml::parse(&file, &text, 0)
            .map_err(|e| self.diagnostics.push(e))
            .ok()
    }

    /// Reads, scans and deserialises one structured file; `None` if absent or broken.
    fn structured<T: DeserializeOwned>(&mut self, relative: &str) -> Option<T> {
        let doc = self.read_yaml(relative)?;
        self.text_units.extend(translations::scan(
            &doc,
            &self.languages,
            &mut self.diagnostics,
        ));
        let value = yaml::typed_or_report(&doc, &mut self.diagnostics);
        self.docs.insert(doc.file.clone(), doc);
        value
    }

    /// `content/translations.lock`: not content, so not scanned for translations.
    /// `content/translations.lock`; empty for a recorded version, which is shown as it
    /// was, without the translation status the lock is for (at 10,000 pages the lock
    /// is some 20 MB of YAML).
    fn translation_lock(&mut self) -> TranslationLock {
        if self.root.is_recorded() {
            return TranslationLock::default();
        }
        self.read_yaml("content/translations.lock")
            .and_then(|doc| yaml::typed_or_report(&doc, &mut self.diagnostics))
            .unwrap_or_default()
    }

    /// One policy area per `content/policies/*.yaml`, ordered by `order` then id.
    fn policies(&mut self) -> Vec<PolicyArea> {
        let dir = self.root.join("content/policies");
        let names: Vec<String> = (self.root.file_names(&dir).into_iter())
            .filter(|name| name.ends_with(".yaml") && !is_scratch_file(name))
            .collect();
        let mut areas = Vec::new();
        for name in names {
            let relative = format!("content/policies/{name}");
            if let Some(mut area) = self.structured::<PolicyArea>(&relative) {
                area.id = name.trim_end_matches(".yaml").to_string();
                area.file = relative;
                areas.push(area);
            }
        }
        areas.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        areas
    }
}
