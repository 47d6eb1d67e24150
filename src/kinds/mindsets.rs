//! 職員に求められる意識 (the mindsets).

use super::{list_ids, Kind, STRUCTURED};
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "mindsets",
    key: "mindsets",
    content: "content/mindsets.yaml",
    template: "body/mindsets.html",
    present: |site| site.mindsets.is_some(),
    ids: |site| list_ids(KIND.content, "mindsets", mindsets(site)),
    // Each mindset.
    anchors: |site, _, _| mindsets(site).map(str::to_string).collect(),
    inputs: |site, digest| {
        digest.add_debug(&site.mindsets);
    },
    ..STRUCTURED
};

/// The ids of its mindsets.
fn mindsets(site: &Site) -> impl Iterator<Item = &str> {
    site.mindsets
        .iter()
        .flat_map(|x| &x.mindsets)
        .map(|item| item.id.as_str())
}
