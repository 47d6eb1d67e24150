//! 求められる職員像 (the staff ideal): its parts.

use super::{list_ids, Kind, STRUCTURED};
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "ideal",
    key: "ideal",
    content: "content/ideal.yaml",
    template: "body/ideal.html",
    present: |site| site.ideal.is_some(),
    ids: |site| list_ids(KIND.content, "parts", parts(site)),
    // Each part.
    anchors: |site, _, _| parts(site).map(str::to_string).collect(),
    inputs: |site, digest| {
        digest.add_debug(&site.ideal);
    },
    ..STRUCTURED
};

/// The ids of its parts.
fn parts(site: &Site) -> impl Iterator<Item = &str> {
    site.ideal
        .iter()
        .flat_map(|x| &x.parts)
        .map(|item| item.id.as_str())
}
