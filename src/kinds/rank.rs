//! One page per rank (`ranks/kakaricho`): its skill weights and what it must show
//! in each pillar of the competencies.

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "rank",
    key: "ranks",
    content: "content/ranks.yaml",
    template: "body/rank.html",
    place: Place::Under("skills"),
    present: |site| !site.rank_list().is_empty(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(r) = &site.ranks else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list("ranks", r.ranks.iter().map(|r| r.id.as_str())),
    }]
}

/// Each pillar of what the rank must show, its weights and its competencies.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    let mut anchors: Vec<String> = site.pillar_list().iter().map(|p| p.id.clone()).collect();
    anchors.extend(["weights".to_string(), "competencies".to_string()]);
    anchors
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.ranks);
}
