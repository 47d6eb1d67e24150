//! 職員に求められる意識 (the mindsets).

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "mindsets",
    key: "mindsets",
    content: "content/mindsets.yaml",
    template: "body/mindsets.html",
    place: Place::Top,
    present: |site| site.mindsets.is_some(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    items: super::no_items,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(x) = &site.mindsets else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list("mindsets", x.mindsets.iter().map(|item| item.id.as_str())),
    }]
}

/// Each of its items.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    site.mindsets
        .iter()
        .flat_map(|x| x.mindsets.iter().map(|item| item.id.clone()))
        .collect()
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.mindsets);
}
