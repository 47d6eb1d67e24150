//! 求められる職員像 (the staff ideal): its parts.

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "ideal",
    key: "ideal",
    content: "content/ideal.yaml",
    template: "body/ideal.html",
    place: Place::Top,
    present: |site| site.ideal.is_some(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    items: super::no_items,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(x) = &site.ideal else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list("parts", x.parts.iter().map(|item| item.id.as_str())),
    }]
}

/// Each of its items.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    site.ideal
        .iter()
        .flat_map(|x| x.parts.iter().map(|item| item.id.clone()))
        .collect()
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.ideal);
}
