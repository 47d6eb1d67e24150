//! Pages written in Markdown (`content/pages/NAME.LANG.md`): their anchors are
//! their headings' ids. Their fingerprint is their own text (serve's render cache
//! adds it), not the structured content.

use super::{Kind, Place, STRUCTURED};
use crate::markdown::Heading;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "page",
    key: "",
    content: "content/pages/",
    template: "body/page.html",
    place: Place::Own,
    present: |site| !site.pages.is_empty(),
    anchors,
    ..STRUCTURED
};

fn anchors(site: &Site, page: usize, lang: &str) -> Vec<String> {
    page_headings(site, page, lang)
        .into_iter()
        .map(|h| h.id)
        .collect()
}

/// The heading anchors of a Markdown page in one language (falling back to the
/// default language's text when the page is not translated).
pub fn page_headings(site: &Site, page: usize, lang: &str) -> Vec<Heading> {
    site.pages[page]
        .text(lang, site.default_language())
        .map(|(t, _)| t.outline.headings.clone())
        .unwrap_or_default()
}
