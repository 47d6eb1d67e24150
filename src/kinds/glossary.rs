//! The glossary: its terms, each an anchor.

use super::{list_ids, Kind, STRUCTURED};
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "glossary",
    key: "glossary",
    content: "content/glossary.yaml",
    template: "body/glossary.html",
    present: |site| site.glossary.is_some(),
    ids: |site| list_ids(KIND.content, "terms", terms(site)),
    // Each term.
    anchors: |site, _, _| terms(site).map(str::to_string).collect(),
    inputs: |site, digest| {
        digest.add_debug(&site.glossary);
    },
    ..STRUCTURED
};

/// The ids of its terms.
fn terms(site: &Site) -> impl Iterator<Item = &str> {
    site.glossary
        .iter()
        .flat_map(|x| &x.terms)
        .map(|item| item.id.as_str())
}
