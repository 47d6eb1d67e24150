//! The index of the policy areas (04-1 … 04-4), each a link to its page.

use super::{no_anchors, no_ids, no_inputs, Kind, Place};

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
    items: super::no_items,
    ids: no_ids,
    // Its template writes no id per area: a link to an area goes to its own
    // page (`policies/growth`), so `policies#growth` is refused as leading nowhere.
    anchors: no_anchors,
    // Made of the policy areas, which the policy kind's inputs cover.
    inputs: no_inputs,
};
