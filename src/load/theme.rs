//! The theme: templates, static files and interface words, from `themes/NAME/` in the
//! site (or the default theme built into the program), with the site's own
//! `templates/` overriding single files and `site.yaml`'s `strings` overriding words.

use super::files::SiteRoot;
use super::{is_scratch_file, translations, yaml};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{SiteConfig, Text, Theme};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embedded {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// The default theme, built in, so a site needs no `themes/` folder of its own.
const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "strings.yaml",
    "templates/layout.html",
    "templates/sidebar.html",
    "templates/redirect.html",
    "templates/sitemap.xml",
    "templates/body/page.html",
    "templates/body/home.html",
    "templates/body/positioning.html",
    "templates/body/ideal.html",
    "templates/body/mindsets.html",
    "templates/body/skills.html",
    "templates/body/rank.html",
    "templates/body/competencies.html",
    "templates/body/roles.html",
    "templates/body/policies.html",
    "templates/body/policy.html",
    "templates/body/survey.html",
    "templates/body/glossary.html",
    "templates/body/print.html",
    "templates/body/search.html",
    "templates/body/404.html",
    "templates/body/revisions.html",
    "templates/body/revision.html",
    "static/style.css",
    "static/search.js",
];

pub fn load_theme(root: &SiteRoot, config: &SiteConfig, diagnostics: &mut Diagnostics) -> Theme {
    let files = theme_files(root, config, diagnostics);
    let mut theme = Theme::default();
    for (path, bytes) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            let file = format!("themes/{}/{path}", config.theme);
            if let Err(error) = add_template(&mut theme, name, (&file, bytes)) {
                diagnostics.push(error);
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            theme.static_files.insert(name.to_string(), bytes);
        } else if path == "strings.yaml" {
            theme.strings = load_strings(
                &format!("themes/{}/strings.yaml", config.theme),
                bytes,
                config,
                diagnostics,
            );
        }
    }
    let overrides = root.join("templates");
    if root.is_dir(&overrides) {
        for (name, bytes) in read_tree(root, &overrides, diagnostics) {
            let file = format!("templates/{name}");
            if let Err(error) = add_template(&mut theme, &name, (&file, bytes)) {
                diagnostics.push(error);
            }
        }
    }
    for (key, text) in &config.strings {
        theme.strings.insert(key.clone(), text.clone());
    }
    theme
}

/// The theme's files, path -> bytes: its folder under themes/, or the built-in default
/// (always for a recorded version, which is shown in today's theme, not its own).
fn theme_files(
    root: &SiteRoot,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<u8>> {
    let theme_dir = root.join(&format!("themes/{}", config.theme));
    if root.is_dir(&theme_dir) {
        read_tree(root, &theme_dir, diagnostics)
    } else if config.theme == "default" || root.is_recorded() {
        DEFAULT_THEME
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect()
    } else {
        diagnostics.push(
            Diagnostic::error(
                "unknown-theme",
                format!("there is no theme folder themes/{}", config.theme),
                format!("テーマのフォルダ themes/{} がありません", config.theme),
            )
            .in_file("content/site.yaml")
            .hint(
                "use `theme: default`, or create the folder",
                "`theme: default` と書くか、そのフォルダを作ってください",
            ),
        );
        BTreeMap::new()
    }
}

/// Adds the template `name`, read from `file` as `bytes`, if it is UTF-8 text.
fn add_template(
    theme: &mut Theme,
    name: &str,
    (file, bytes): (&str, Vec<u8>),
) -> Result<(), Diagnostic> {
    let text = super::decode_text(file, bytes)?;
    theme.templates.insert(name.to_string(), text);
    Ok(())
}

fn load_strings(
    file: &str,
    bytes: Vec<u8>,
    config: &SiteConfig,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Text> {
    let languages = config.language_list();
    let parsed = super::decode_text(file, bytes).and_then(|text| yaml::parse(file, &text, 0));
    match parsed {
        Ok(doc) => {
            // A theme may know more languages than the site: only report real problems.
            let mut found = Diagnostics::new();
            translations::scan(&doc, &languages, &mut found);
            diagnostics.extend(
                found
                    .into_iter()
                    .filter(|d| d.code == "missing-default-language")
                    .collect(),
            );
            yaml::typed_or_report(&doc, diagnostics).unwrap_or_default()
        }
        Err(error) => {
            diagnostics.push(error);
            BTreeMap::new()
        }
    }
}

/// Every file under `dir` (relative path with `/` -> bytes), skipping editor scratch
/// files and anything that leads outside the site root.
fn read_tree(
    root: &SiteRoot,
    dir: &Path,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in root.walk(dir, diagnostics) {
        let name = entry.file_name();
        if is_scratch_file(&name) {
            continue;
        }
        let Ok(relative) = entry.path.strip_prefix(dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        match root.read_optional(&entry.path) {
            Ok(Some(bytes)) => {
                files.insert(relative, bytes);
            }
            Ok(None) => {}
            Err(error) => diagnostics.push(error),
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::DEFAULT_THEME;

    #[test]
    fn the_built_in_theme_has_every_kinds_template() {
        for (page, kind) in crate::kinds::KINDS {
            let path = format!("templates/{}", kind.template);
            assert!(
                DEFAULT_THEME.iter().any(|(name, _)| *name == path),
                "{page:?}: {path} is not in DEFAULT_THEME"
            );
        }
    }
}
