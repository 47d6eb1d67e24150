//! One page per policy area (`policies/growth`): its statement, definitions,
//! measures and tiers.

use super::{id_list, IdSpace, Kind, Place, STRUCTURED};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "policy",
    key: "policies",
    content: "content/policies/",
    template: "body/policy.html",
    place: Place::Under("policies"),
    present: |site| !site.policies.is_empty(),
    items: |site| site.policies.iter().map(|a| a.id.as_str()).collect(),
    ids,
    anchors,
    inputs,
    ..STRUCTURED
};

/// One anchor space per area file; the area's own id names it on the index.
fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    site.policies
        .iter()
        .map(|area| {
            let mut ids = id_list(
                "definitions",
                area.definitions.iter().map(|d| d.id.as_str()),
            );
            ids.extend(id_list(
                "measures",
                area.measures.iter().map(|m| m.id.as_str()),
            ));
            if let Some(tiers) = &area.tiers {
                ids.extend(id_list(
                    "tiers.groups",
                    tiers.groups.iter().map(|g| g.id.as_str()),
                ));
            }
            ids.push(("title".to_string(), area.id.as_str()));
            IdSpace {
                file: &area.file,
                ids,
            }
        })
        .collect()
}

/// Each definition, measure and tier group, the tiers and the statement.
fn anchors(site: &Site, index: usize, _: &str) -> Vec<String> {
    let area = &site.policies[index];
    let mut anchors: Vec<String> = area.definitions.iter().map(|d| d.id.clone()).collect();
    anchors.extend(area.measures.iter().map(|m| m.id.clone()));
    if let Some(t) = &area.tiers {
        anchors.extend(t.groups.iter().map(|g| g.id.clone()));
        anchors.push("tiers".into());
    }
    anchors.push("statement".into());
    anchors
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.policies);
}
