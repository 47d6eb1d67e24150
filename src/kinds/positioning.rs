//! 位置づけ (positioning): where the policy sits among the city's plans.

use super::{id_list, IdSpace, Kind, STRUCTURED};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "positioning",
    key: "positioning",
    content: "content/positioning.yaml",
    template: "body/positioning.html",
    present: |site| site.positioning.is_some(),
    ids,
    anchors,
    inputs,
    ..STRUCTURED
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(p) = &site.positioning else {
        return Vec::new();
    };
    let mut ids = id_list("levels", p.levels.iter().map(|l| l.id.as_str()));
    if let Some(related) = &p.related_plans {
        ids.extend(id_list(
            "related_plans.plans",
            related.plans.iter().map(|r| r.id.as_str()),
        ));
    }
    vec![IdSpace {
        file: KIND.content,
        ids,
    }]
}

/// Each plan level and related plan, and the related plans' heading.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    let Some(p) = &site.positioning else {
        return Vec::new();
    };
    let mut anchors: Vec<String> = p.levels.iter().map(|l| l.id.clone()).collect();
    if let Some(r) = &p.related_plans {
        anchors.extend(r.plans.iter().map(|p| p.id.clone()));
        anchors.push("related-plans".into());
    }
    anchors
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.positioning);
}
