//! 標準職務遂行能力 (the competencies): the pillars and what each rank must show.

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "competencies",
    key: "competencies",
    content: "content/competencies.yaml",
    template: "body/competencies.html",
    place: Place::Top,
    present: |site| site.competencies.is_some(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    items: super::no_items,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(c) = &site.competencies else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list("pillars", c.pillars.iter().map(|p| p.id.as_str())),
    }]
}

/// Each pillar, and the matrix of ranks and pillars.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    let mut anchors: Vec<String> = site.pillar_list().iter().map(|p| p.id.clone()).collect();
    anchors.push("matrix".into());
    anchors
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.competencies);
}
