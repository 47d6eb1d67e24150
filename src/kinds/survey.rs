//! The staff survey: its facts and breakdowns, with charts.

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "survey",
    key: "survey",
    content: "content/survey.yaml",
    template: "body/survey.html",
    place: Place::Top,
    present: |site| site.survey.is_some(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    items: super::no_items,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(x) = &site.survey else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list(
            "breakdowns",
            x.breakdowns.iter().map(|item| item.id.as_str()),
        ),
    }]
}

/// Each of its items.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    site.survey
        .iter()
        .flat_map(|x| x.breakdowns.iter().map(|item| item.id.clone()))
        .collect()
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.survey);
}
