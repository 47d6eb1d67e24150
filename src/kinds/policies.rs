//! The index of the policy areas (04-1 … 04-4), each an anchor.

use super::{no_ids, no_inputs, Kind, Place};
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "policies",
    key: "policies",
    content: "content/policies/",
    template: "body/policies.html",
    place: Place::Top,
    present: |site| !site.policies.is_empty(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    ids: no_ids,
    anchors,
    // Made of the policy areas, which the policy kind's inputs cover.
    inputs: no_inputs,
};

/// Each policy area.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    site.policies.iter().map(|p| p.id.clone()).collect()
}
