//! The staff survey: its facts and breakdowns, with charts.

use super::{list_ids, Kind, STRUCTURED};
use crate::model::Site;

pub static KIND: Kind = Kind {
    name: "survey",
    key: "survey",
    content: "content/survey.yaml",
    template: "body/survey.html",
    present: |site| site.survey.is_some(),
    ids: |site| list_ids(KIND.content, "breakdowns", breakdowns(site)),
    // Each breakdown.
    anchors: |site, _, _| breakdowns(site).map(str::to_string).collect(),
    inputs: |site, digest| {
        digest.add_debug(&site.survey);
    },
    ..STRUCTURED
};

/// The ids of its breakdowns.
fn breakdowns(site: &Site) -> impl Iterator<Item = &str> {
    site.survey
        .iter()
        .flat_map(|x| &x.breakdowns)
        .map(|item| item.id.as_str())
}
