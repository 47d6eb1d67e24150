//! カッツ・モデル (the skills): the three skills and every rank's weights, charted.

use super::{list_ids, Kind, STRUCTURED};
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "skills",
    key: "skills",
    content: "content/skills.yaml",
    template: "body/skills.html",
    // The ranks' weights alone make the page too.
    present: |site| site.skills.is_some() || site.ranks.is_some(),
    ids: |site| list_ids(KIND.content, "skills", skills(site)),
    // Each skill, and the table of the ranks' weights.
    anchors: |site, _, _| skills(site).chain(["ranks"]).map(str::to_string).collect(),
    inputs: |site, digest| {
        digest.add_debug(&site.skills);
    },
    ..STRUCTURED
};

/// The ids of its skills.
fn skills(site: &Site) -> impl Iterator<Item = &str> {
    site.skills
        .iter()
        .flat_map(|x| &x.skills)
        .map(|item| item.id.as_str())
}
