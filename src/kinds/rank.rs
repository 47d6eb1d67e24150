//! One page per rank (`ranks/kakaricho`): its skill weights and what it must show
//! in each pillar of the competencies.

use super::{id_list, IdSpace, Kind, Place, STRUCTURED};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "rank",
    key: "ranks",
    content: "content/ranks.yaml",
    template: "body/rank.html",
    place: Place::Under("skills"),
    present: |site| !site.rank_list().is_empty(),
    items: |site| site.rank_list().iter().map(|r| r.id.as_str()).collect(),
    ids,
    anchors,
    inputs,
    ..STRUCTURED
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

/// Its weights (when skills.yaml names skills), and what it must show (when a
/// pillar applies to it), with each such pillar.
fn anchors(site: &Site, index: usize, _: &str) -> Vec<String> {
    let rank = &site.rank_list()[index].id;
    let pillars: Vec<String> = site
        .pillar_list()
        .iter()
        .filter(|p| p.applies_to(rank))
        .map(|p| p.id.clone())
        .collect();
    let mut anchors = Vec::new();
    if !site.skill_list().is_empty() {
        anchors.push("weights".to_string());
    }
    if !pillars.is_empty() {
        anchors.push("competencies".to_string());
    }
    anchors.extend(pillars);
    anchors
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.ranks);
}
