//! The print view written piece by piece: at 10,000 pages it is some 27 MB of HTML
//! per language, and made as one string it was, with its template context and the
//! copies around it, the largest thing a build held. The page is rendered once with
//! a placeholder for each page's content ([`placeholder`]); the pages' contents are
//! then rendered a batch at a time and handed out in order between the frame's pieces.
//! The bytes are the same as rendering the whole view at once.

use super::{language::LanguageRenderer, SiteRenderer};
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::routes::{print_prefix, Routes};
use rayon::prelude::*;

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
        for (batch, frame) in sections.chunks(BATCH).zip(between.chunks(BATCH)) {
            let contents: Vec<Result<String, Diagnostic>> = batch
                .par_iter()
                .map(|&route| content(&self.language(site, routes, l), print, route))
                .collect();
            for (html, before) in contents.into_iter().zip(frame) {
                pieces(before.as_bytes())?;
                pieces(html?.as_bytes())?;
            }
        }
        pieces(between.last().unwrap_or(&"").as_bytes())
    }
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
    fn the_frame_is_cut_at_its_placeholders() {
        let frame = format!("<a>{}<b>{}<c>", placeholder(0), placeholder(1));
        assert_eq!(cut(&frame), ["<a>", "<b>", "<c>"]);
        assert_eq!(cut("<a>"), ["<a>"]);
    }
}
