//! The revision pages (改定履歴・新旧対照表), there when `history` records a version:
//! the history, one comparison per version after the first, and the comparison of
//! the working content with the last version (serve and `--drafts` only). Made
//! with the print views, from the recorded versions in `content/revisions/`.

use super::site_pages::BUILT_IN;
use super::Kind;
use crate::model::Site;

fn recorded(site: &Site) -> bool {
    !site.config.recorded_versions().is_empty()
}

/// What the three kinds share.
const REVISION: Kind = Kind {
    name: "revision",
    key: "revisions",
    content: "content/revisions/",
    template: "body/revision.html",
    present: recorded,
    deferred: true,
    in_sitemap: true,
    ..BUILT_IN
};

pub static HISTORY: Kind = Kind {
    name: "revisions",
    template: "body/revisions.html",
    ..REVISION
};

pub static COMPARISON: Kind = REVISION;

/// Not in the sitemap: it shows unrecorded work.
pub static DRAFT: Kind = Kind {
    in_sitemap: false,
    ..REVISION
};
