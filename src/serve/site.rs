//! The built site in memory: one immutable snapshot per good build, swapped whole, so a
//! request sees either the old site or the new one and never half of each.

use crate::diagnostics::Diagnostics;
use crate::load;
use crate::pipeline::{Built, Deferred as Kind};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// A good build (or, before the first good build, an empty site).
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Which build this is; `None` until a build has succeeded.
    pub id: Option<String>,
    /// Output path (`ja/index.html`, `static/style.css`) to bytes, exactly as `build`
    /// writes them; shared with the build before when unchanged.
    files: BTreeMap<String, Arc<Vec<u8>>>,
    /// The site's languages, default first.
    pub languages: Vec<String>,
    /// The print views and the search index, made on first request.
    deferred: Option<DeferredFiles>,
}

/// Output path -> bytes.
type Files = HashMap<String, Arc<Vec<u8>>>;

/// The files a build leaves until they are asked for, each kind made on the first
/// request for one of its files, and what makes them.
struct DeferredFiles {
    built: Built,
    /// By [`Kind`].
    made: [OnceLock<Result<Files, Diagnostics>>; Kind::ALL.len()],
}

impl std::fmt::Debug for DeferredFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let made: Vec<bool> = self.made.iter().map(|m| m.get().is_some()).collect();
        f.debug_struct("DeferredFiles")
            .field("made", &made)
            .finish_non_exhaustive()
    }
}

impl Snapshot {
    /// The site before anything has built: no files, and the languages from
    /// `content/site.yaml` when at least that file can be read.
    pub fn empty(root: &Path) -> Self {
        let languages = load::load_config(root)
            .map(|config| config.language_list())
            .unwrap_or_default();
        Snapshot {
            languages,
            ..Snapshot::default()
        }
    }

    pub fn from_built(id: String, mut built: Built) -> Self {
        let languages = built.loaded.site.config.language_list();
        let files = std::mem::take(&mut built.files)
            .into_iter()
            .map(|file| (file.path, file.bytes))
            .collect();
        Snapshot {
            id: Some(id),
            files,
            languages,
            deferred: Some(DeferredFiles {
                built,
                made: Default::default(),
            }),
        }
    }

    /// The file at `key`, making its kind of deferred files first if it is one of
    /// them (the first request for one waits; later ones do not). `Err` when they
    /// cannot be made (a broken print template).
    pub fn file(&self, key: &str) -> Result<Option<Arc<Vec<u8>>>, &Diagnostics> {
        if let Some(bytes) = self.files.get(key) {
            return Ok(Some(Arc::clone(bytes)));
        }
        let Some(deferred) = &self.deferred else {
            return Ok(None);
        };
        let Some(kind) = deferred.built.deferred_kind(key) else {
            return Ok(None);
        };
        let made = deferred.made[kind as usize].get_or_init(|| {
            deferred.built.deferred(kind).map(|files| {
                files
                    .into_iter()
                    .map(|file| (file.path, file.bytes))
                    .collect()
            })
        });
        match made {
            Ok(files) => Ok(files.get(key).cloned()),
            Err(problems) => Err(problems),
        }
    }

    /// Whether `key` is a file of this build that is made with it (not deferred).
    pub fn has(&self, key: &str) -> bool {
        self.files.contains_key(key)
    }

    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("ja", String::as_str)
    }

    /// The language a request is in: its first path segment when that is one of the
    /// site's languages (`en/ranks/shuji.html`), the default language otherwise.
    pub fn language_of(&self, key: &str) -> &str {
        let first = key.split('/').next().unwrap_or_default();
        self.languages
            .iter()
            .find(|lang| lang.as_str() == first)
            .map_or_else(|| self.default_language(), String::as_str)
    }
}

/// Build ids, different from one run of `serve` to the next, so a page left open while
/// the server restarts notices that it is out of date and reloads.
#[derive(Debug)]
pub struct BuildIds {
    run: String,
    next: AtomicU64,
}

impl BuildIds {
    pub fn new() -> Self {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        BuildIds {
            run: format!("{started:x}"),
            next: AtomicU64::new(1),
        }
    }

    pub fn next(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", self.run)
    }
}

impl Default for BuildIds {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_in_the_language_of_its_first_segment() {
        let site = Snapshot {
            languages: vec!["ja".into(), "en".into()],
            ..Snapshot::default()
        };
        assert_eq!(site.language_of("en/ranks/shuji.html"), "en");
        assert_eq!(site.language_of("ja/nope.html"), "ja");
        assert_eq!(site.language_of("fr/index.html"), "ja");
        assert_eq!(site.language_of("nope.html"), "ja");
    }

    #[test]
    fn build_ids_are_distinct() {
        let ids = BuildIds::new();
        assert_ne!(ids.next(), ids.next());
    }
}
