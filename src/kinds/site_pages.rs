//! The pages every site has, made of its settings and the other pages: home, the
//! print view (every page on one), search and the page for addresses that lead nowhere.

use super::{no_anchors, no_ids, no_inputs, Kind, Place};

pub static HOME: Kind = Kind {
    name: "home",
    key: "home",
    content: "content/site.yaml",
    template: "body/home.html",
    place: Place::Own,
    present: |_| true,
    deferred: false,
    searched: true,
    in_sitemap: true,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};

pub static PRINT: Kind = Kind {
    name: "print",
    key: "print",
    content: "",
    template: "body/print.html",
    place: Place::Own,
    present: |_| true,
    deferred: true,
    searched: false,
    in_sitemap: true,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};

pub static SEARCH: Kind = Kind {
    name: "search",
    key: "search",
    content: "",
    template: "body/search.html",
    place: Place::Own,
    present: |_| true,
    deferred: false,
    searched: false,
    in_sitemap: false,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};

pub static NOT_FOUND: Kind = Kind {
    name: "404",
    key: "404",
    content: "",
    template: "body/404.html",
    place: Place::Own,
    present: |_| true,
    deferred: false,
    searched: false,
    in_sitemap: false,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};
