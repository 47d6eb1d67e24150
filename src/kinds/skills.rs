//! カッツ・モデル (the skills): the three skills and every rank's weights, charted.

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "skills",
    key: "skills",
    content: "content/skills.yaml",
    template: "body/skills.html",
    place: Place::Top,
    // The ranks' weights alone make the page too.
    present: |site| site.skills.is_some() || site.ranks.is_some(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    items: super::no_items,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(s) = &site.skills else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list("skills", s.skills.iter().map(|s| s.id.as_str())),
    }]
}

/// Each skill, and the table of the ranks' weights.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    let mut anchors: Vec<String> = site.skill_list().iter().map(|s| s.id.clone()).collect();
    anchors.push("ranks".into());
    anchors
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.skills);
}
