//! The index of the policy areas (04-1 … 04-4), each a link to its page.

use super::{no_anchors, Kind, STRUCTURED};

pub static KIND: Kind = Kind {
    name: "policies",
    key: "policies",
    content: "content/policies/",
    template: "body/policies.html",
    present: |site| !site.policies.is_empty(),
    // Its template writes no id per area: a link to an area goes to its own
    // page (`policies/growth`), so `policies#growth` is refused as leading nowhere.
    anchors: no_anchors,
    // Made of the policy areas, which the policy kind's inputs cover.
    ..STRUCTURED
};
