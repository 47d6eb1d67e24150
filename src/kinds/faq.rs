//! Questions and answers (a toy kind, following docs/page-kinds.md).

use super::{id_list, IdSpace, Kind, Place};
use crate::digest::Digest;
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "faq",
    key: "faq",
    content: "content/faq.yaml",
    template: "body/faq.html",
    place: Place::Top,
    present: |site| site.faq.is_some(),
    deferred: false,
    searched: true,
    in_sitemap: true,
    ids,
    anchors,
    inputs,
};

fn ids(site: &Site) -> Vec<IdSpace<'_>> {
    let Some(x) = &site.faq else {
        return Vec::new();
    };
    vec![IdSpace {
        file: KIND.content,
        ids: id_list("questions", x.questions.iter().map(|item| item.id.as_str())),
    }]
}

/// Each of its items.
fn anchors(site: &Site, _: usize, _: &str) -> Vec<String> {
    site.faq
        .iter()
        .flat_map(|x| x.questions.iter().map(|item| item.id.clone()))
        .collect()
}

fn inputs(site: &Site, digest: &mut Digest) {
    digest.add_debug(&site.faq);
}
