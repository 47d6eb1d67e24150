//! 標準職務遂行能力 (the competencies): the pillars and what each rank must show.

use super::{list_ids, Kind, STRUCTURED};
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "competencies",
    key: "competencies",
    content: "content/competencies.yaml",
    template: "body/competencies.html",
    present: |site| site.competencies.is_some(),
    ids: |site| list_ids(KIND.content, "pillars", pillars(site)),
    // Each pillar, and the matrix of ranks and pillars.
    anchors: |site, _, _| {
        pillars(site)
            .chain(["matrix"])
            .map(str::to_string)
            .collect()
    },
    inputs: |site, digest| {
        digest.add_debug(&site.competencies);
    },
    ..STRUCTURED
};

/// The ids of its pillars.
fn pillars(site: &Site) -> impl Iterator<Item = &str> {
    site.competencies
        .iter()
        .flat_map(|x| &x.pillars)
        .map(|item| item.id.as_str())
}
