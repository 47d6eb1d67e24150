//! Who does what (top management, managers, HR, staff): groups of roles.

use super::{id_list, IdSpace, Kind, STRUCTURED};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "roles",
    key: "roles",
    content: "content/roles.yaml",
    template: "body/roles.html",
    present: |site| site.roles.is_some(),
    ids,
    anchors,
    inputs,
    ..STRUCTURED
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(roles) = &site.roles else {
        return Vec::new();
    };
    let mut ids = id_list("groups", roles.groups.iter().map(|g| g.id.as_str()));
    for (g, group) in roles.groups.iter().enumerate() {
        ids.extend(id_list(
            &format!("groups[{g}].roles"),
            group.roles.iter().map(|r| r.id.as_str()),
        ));
    }
    vec![IdSpace {
        file: KIND.content,
        ids,
    }]
}

/// Each group and each role in it.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    let mut anchors = Vec::new();
    for group in site.roles.iter().flat_map(|r| &r.groups) {
        anchors.push(group.id.clone());
        anchors.extend(group.roles.iter().map(|r| r.id.clone()));
    }
    anchors
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.roles);
}
