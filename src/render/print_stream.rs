//! The print view written piece by piece: at 10,000 pages it is some 27 MB of HTML
//! per language, and made as one string it was, with its template context and the
//! copies around it, the largest thing a build held. The page is rendered once with
//! a placeholder for each page's content ([`placeholder`]); the pages' contents are
//! then rendered a batch at a time and handed out in order between the frame's pieces.
//! The bytes are the same as rendering the whole view at once.
//!
//! A build makes one language's print views in one go, today's and then each recorded
//! version's, sharing their pages' contents ([`SharedContents`]): a version's page that
//! reads as in a view already made is taken from it, not rendered again.

use super::{language::LanguageRenderer, SiteRenderer};
use crate::diagnostics::Diagnostic;
use crate::digest::Digest;
use crate::model::Site;
use crate::routes::{print_prefix, PageKind, Routes};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Where the print view goes, one piece at a time, in order.
pub type Pieces<'a> = &'a mut dyn FnMut(&[u8]) -> Result<(), Diagnostic>;

/// Pages rendered at once: enough to keep both cores busy, few enough that a batch
/// of even long pages stays a few megabytes.
const BATCH: usize = 64;

/// Stands in the print view's frame for the content of its `index`th page. NUL
/// cannot come from content (Markdown and YAML text never carry it into HTML).
pub fn placeholder(index: usize) -> String {
    format!("\u{0}{index}\u{0}")
}

/// The contents of the Markdown pages of the print views of one language made so far,
/// by the fingerprint of what each was made of ([`markdown_inputs`]): its text, where
/// its links lead, its section's pages, the templates and the interface words. Most of
/// an earlier version's pages read as today's, so its print view takes them from
/// today's. Only the contents a view still to be made shows are kept (`wanted`): at
/// most some 30 MB at 10,000 pages, held for one language at a time.
#[derive(Debug, Default)]
pub struct SharedContents {
    wanted: HashSet<u64>,
    by_inputs: HashMap<u64, String>,
}

impl SharedContents {
    /// Contents to be kept for the print views whose pages' fingerprints these are
    /// ([`SiteRenderer::print_contents_inputs`]).
    pub fn wanting(inputs: impl IntoIterator<Item = u64>) -> Self {
        SharedContents {
            wanted: inputs.into_iter().collect(),
            by_inputs: HashMap::new(),
        }
    }
}

/// One page's content in a print view: rendered now (with its fingerprint, when the
/// contents are shared), or the same as one already made.
enum Content {
    Made(Option<u64>, String),
    Shared(u64),
}

/// The frame cut at its placeholders: the text before each, and the text after the last.
fn cut(frame: &str) -> Vec<&str> {
    frame.split('\u{0}').step_by(2).collect()
}

impl SiteRenderer {
    /// The path of the print view of the language at `l`, if the site has one.
    pub fn print_path(&self, routes: &Routes, l: usize) -> Option<String> {
        let print = routes.get("print")?;
        Some(format!(
            "{}/{}",
            self.languages[l],
            routes.route(print).path
        ))
    }

    /// Renders the print view of the language at `l` into `pieces` (nothing when the
    /// site has no print page).
    pub fn print_view_into(
        &self,
        site: &Site,
        routes: &Routes,
        l: usize,
        pieces: Pieces<'_>,
    ) -> Result<(), Diagnostic> {
        self.print_view_sharing(site, routes, l, (pieces, None))
    }

    /// The fingerprints of the Markdown pages' contents in the print view of the
    /// language at `l` (see [`SharedContents`]).
    pub fn print_contents_inputs(&self, site: &Site, routes: &Routes, l: usize) -> Vec<u64> {
        let Some(print) = routes.get("print") else {
            return Vec::new();
        };
        let common = common_inputs(site, &self.strings[l]);
        let printed: Vec<usize> = (0..routes.routes.len())
            .filter(|&r| routes.in_print_view(r))
            .collect();
        printed
            .par_iter()
            .filter_map(|&route| {
                let language = self.language(site, routes, l);
                markdown_inputs(&language, (print, route), common)
            })
            .collect()
    }

    /// [`Self::print_view_into`], taking from `shared` each Markdown page's content
    /// made of the same inputs in an earlier print view of this language, and adding
    /// to it those it renders. The bytes are the same as without it.
    pub fn print_view_sharing(
        &self,
        site: &Site,
        routes: &Routes,
        l: usize,
        (pieces, mut shared): (Pieces<'_>, Option<&mut SharedContents>),
    ) -> Result<(), Diagnostic> {
        let Some(print) = routes.get("print") else {
            return Ok(());
        };
        let mut frame_renderer = self.language(site, routes, l);
        frame_renderer.print_placeholders = true;
        let (frame, _) = frame_renderer.page(print)?;
        let frame = String::from_utf8_lossy(&frame.bytes).into_owned();
        let between = cut(&frame);
        let sections: Vec<usize> = routes
            .reading
            .iter()
            .copied()
            .filter(|&r| routes.in_print_view(r))
            .collect();
        if between.len() != sections.len() + 1 {
            // A theme whose print view does not show each page's content once, in
            // order: rendered whole, as any other page.
            let (file, _) = self.language(site, routes, l).page(print)?;
            return pieces(&file.bytes);
        }
        let view = View {
            renderer: self,
            site,
            routes,
            l,
            print,
            common: shared
                .is_some()
                .then(|| common_inputs(site, &self.strings[l])),
        };
        for (batch, frame) in sections.chunks(BATCH).zip(between.chunks(BATCH)) {
            let contents = view.contents(batch, shared.as_deref());
            for ((made, before), &route) in contents.into_iter().zip(frame).zip(batch) {
                pieces(before.as_bytes())?;
                view.write(made?, route, pieces, shared.as_deref_mut())?;
            }
        }
        pieces(between.last().unwrap_or(&"").as_bytes())
    }
}

/// One language's print view being written: what its pages' contents are made in.
struct View<'a> {
    renderer: &'a SiteRenderer,
    site: &'a Site,
    routes: &'a Routes,
    l: usize,
    print: usize,
    /// [`common_inputs`], when the contents are shared.
    common: Option<u64>,
}

impl View<'_> {
    fn language(&self) -> LanguageRenderer<'_> {
        self.renderer.language(self.site, self.routes, self.l)
    }

    /// The contents of a batch of pages, rendered side by side, or known already.
    fn contents(
        &self,
        batch: &[usize],
        known: Option<&SharedContents>,
    ) -> Vec<Result<Content, Diagnostic>> {
        batch
            .par_iter()
            .map(|&route| {
                let language = self.language();
                let inputs = (self.common)
                    .and_then(|common| markdown_inputs(&language, (self.print, route), common));
                match (inputs, known) {
                    (Some(i), Some(known)) if known.by_inputs.contains_key(&i) => {
                        Ok(Content::Shared(i))
                    }
                    _ => content(&language, self.print, route)
                        .map(|html| Content::Made(inputs, html)),
                }
            })
            .collect()
    }

    /// Writes the content of the page at `route` into `pieces`, and keeps it in
    /// `shared` when it was rendered now.
    fn write(
        &self,
        made: Content,
        route: usize,
        pieces: Pieces<'_>,
        shared: Option<&mut SharedContents>,
    ) -> Result<(), Diagnostic> {
        match (made, shared) {
            (Content::Made(Some(inputs), html), Some(shared))
                if shared.wanted.contains(&inputs) =>
            {
                pieces(html.as_bytes())?;
                shared.by_inputs.insert(inputs, html);
                Ok(())
            }
            (Content::Made(_, html), _) => pieces(html.as_bytes()),
            (Content::Shared(inputs), shared) => {
                match shared.and_then(|s| s.by_inputs.get(&inputs)) {
                    Some(html) => pieces(html.as_bytes()),
                    // Not reached: `Shared` comes only from what `shared` holds.
                    None => pieces(content(&self.language(), self.print, route)?.as_bytes()),
                }
            }
        }
    }
}

/// What every page's content in one language's print view is made with: the
/// templates and the interface words.
fn common_inputs(site: &Site, strings: &std::collections::BTreeMap<String, String>) -> u64 {
    Digest::new()
        .add(&site.theme.templates)
        .add(strings)
        .finish()
}

/// The fingerprint of everything a Markdown page's content in the print view is made
/// of, with `common` ([`common_inputs`]): the language, the page's key (its ids'
/// prefix), the text shown (file and fingerprint, in whichever language it is),
/// where each of its links leads from the print view, and its section's pages' titles
/// and links. `None` for the other kinds of page (a few, always rendered).
fn markdown_inputs(
    language: &LanguageRenderer,
    (print, route): (usize, usize),
    common: u64,
) -> Option<u64> {
    let here = language.routes.route(route);
    let PageKind::Markdown(index) = here.kind else {
        return None;
    };
    let prefix = print_prefix(&here.key);
    let mut lx = language.lx(print, route, &prefix);
    let mut digest = Digest::new();
    digest.add(&common).add(language.lang).add(&here.key);
    let site = language.site;
    if let Some((text, lang)) = site.pages[index].text(language.lang, site.default_language()) {
        digest.add(&text.file).add(&text.digest).add(lang);
        for (dest, _) in &text.outline.links {
            digest.add(&lx.href(dest, lang));
        }
    }
    for child in language.child_links(&mut lx, route) {
        digest.add(&child.title).add(&child.href);
    }
    Some(digest.finish())
}

/// One page's content as the print view shows it, its Japanese headings marked as
/// the whole page's are.
fn content(language: &LanguageRenderer, print: usize, route: usize) -> Result<String, Diagnostic> {
    let key = &language.routes.route(route).key;
    let html = language.body(route, print, &print_prefix(key))?.html;
    Ok(if super::phrases::marks_phrases(language.lang) {
        super::phrases::mark_headings(&html)
    } else {
        html
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_print_view_in_pieces_is_the_print_view_rendered_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load(root, &crate::load::LoadOptions::default())
            .unwrap_or_else(|e| panic!("the bundled site loads: {e:?}"));
        let site = &loaded.site;
        let routes = Routes::build(site);
        let renderer = SiteRenderer::new(site, &routes, None)
            .unwrap_or_else(|e| panic!("templates compile: {e:?}"));
        let print = routes.get("print").expect("a print route");
        for l in 0..renderer.languages.len() {
            let (whole, _) = renderer
                .language(site, &routes, l)
                .page(print)
                .expect("whole");
            let mut pieces = Vec::new();
            let mut count = 0;
            renderer
                .print_view_into(site, &routes, l, &mut |piece| {
                    pieces.extend_from_slice(piece);
                    count += 1;
                    Ok(())
                })
                .expect("in pieces");
            assert!(count > 10, "written in pieces, not whole ({count})");
            assert!(*whole.bytes == pieces, "language {l}: the same bytes");
        }
    }

    #[test]
    fn shared_contents_keep_only_what_a_later_view_shows_and_change_no_byte() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let loaded = crate::load::load(root, &crate::load::LoadOptions::default())
            .unwrap_or_else(|e| panic!("the bundled site loads: {e:?}"));
        let (site, routes) = (&loaded.site, Routes::build(&loaded.site));
        let renderer = SiteRenderer::new(site, &routes, None)
            .unwrap_or_else(|e| panic!("templates compile: {e:?}"));
        let view = |shared: &mut SharedContents| {
            let mut bytes = Vec::new();
            let mut pieces = |piece: &[u8]| {
                bytes.extend_from_slice(piece);
                Ok(())
            };
            renderer
                .print_view_sharing(site, &routes, 0, (&mut pieces, Some(shared)))
                .expect("print view");
            bytes
        };
        let mut alone = Vec::new();
        renderer
            .print_view_into(site, &routes, 0, &mut |piece| {
                alone.extend_from_slice(piece);
                Ok(())
            })
            .expect("print view");
        let mut nothing_wanted = SharedContents::wanting([]);
        assert_eq!(view(&mut nothing_wanted), alone);
        assert!(nothing_wanted.by_inputs.is_empty(), "nothing kept");
        let inputs = renderer.print_contents_inputs(site, &routes, 0);
        assert!(!inputs.is_empty(), "the bundled site has Markdown pages");
        let mut wanted = SharedContents::wanting(inputs.iter().copied());
        assert_eq!(view(&mut wanted), alone);
        assert_eq!(wanted.by_inputs.len(), wanted.wanted.len(), "each kept");
        assert_eq!(
            view(&mut wanted),
            alone,
            "the same view made from what was kept"
        );
    }

    #[test]
    fn the_frame_is_cut_at_its_placeholders() {
        let frame = format!("<a>{}<b>{}<c>", placeholder(0), placeholder(1));
        assert_eq!(cut(&frame), ["<a>", "<b>", "<c>"]);
        assert_eq!(cut("<a>"), ["<a>"]);
    }
}
