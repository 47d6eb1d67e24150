//! The glossary: its terms, each an anchor.

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "glossary",
    key: "glossary",
    content: "content/glossary.yaml",
    template: "body/glossary.html",
    place: Place::Top,
    present: |site| site.glossary.is_some(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    items: super::no_items,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(x) = &site.glossary else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list("terms", x.terms.iter().map(|item| item.id.as_str())),
    }]
}

/// Each of its items.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    site.glossary
        .iter()
        .flat_map(|x| x.terms.iter().map(|item| item.id.clone()))
        .collect()
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.glossary);
}
