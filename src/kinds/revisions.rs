//! The revision pages (改定履歴・新旧対照表), there when `history` records a version:
//! the history, one comparison per version after the first, and the comparison of
//! the working content with the last version (serve and `--drafts` only). Made
//! with the print views, from the recorded versions in `content/revisions/`.

use super::{no_anchors, no_ids, no_inputs, Kind, Place};
use crate::model::Site;

fn recorded(site: &Site) -> bool {
    !site.config.recorded_versions().is_empty()
}

pub static HISTORY: Kind = Kind {
    name: "revisions",
    key: "revisions",
    content: "content/revisions/",
    template: "body/revisions.html",
    place: Place::Own,
    present: recorded,
    deferred: true,
    searched: false,
    in_sitemap: true,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};

pub static COMPARISON: Kind = Kind {
    name: "revision",
    key: "revisions",
    content: "content/revisions/",
    template: "body/revision.html",
    place: Place::Own,
    present: recorded,
    deferred: true,
    searched: false,
    in_sitemap: true,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};

pub static DRAFT: Kind = Kind {
    name: "revision",
    key: "revisions",
    content: "content/revisions/",
    template: "body/revision.html",
    place: Place::Own,
    present: recorded,
    deferred: true,
    searched: false,
    in_sitemap: false,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};
