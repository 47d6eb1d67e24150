//! The pages every site has, made of its settings and the other pages: home, the
//! print view (every page on one), search and the page for addresses that lead nowhere.

use super::{no_anchors, no_ids, no_inputs, no_items, Kind, Place};

/// A page of the site itself: no content file, ids, anchors or model inputs of
/// its own, not searched, not in the sitemap (each row below says otherwise).
pub const BUILT_IN: Kind = Kind {
    name: "",
    key: "",
    content: "",
    template: "",
    place: Place::Own,
    present: |_| true,
    deferred: false,
    searched: false,
    in_sitemap: false,
    items: no_items,
    ids: no_ids,
    anchors: no_anchors,
    inputs: no_inputs,
};

pub static HOME: Kind = Kind {
    name: "home",
    key: "home",
    content: "content/site.yaml",
    template: "body/home.html",
    searched: true,
    in_sitemap: true,
    ..BUILT_IN
};

pub static PRINT: Kind = Kind {
    name: "print",
    key: "print",
    template: "body/print.html",
    deferred: true,
    in_sitemap: true,
    ..BUILT_IN
};

pub static SEARCH: Kind = Kind {
    name: "search",
    key: "search",
    template: "body/search.html",
    ..BUILT_IN
};

pub static NOT_FOUND: Kind = Kind {
    name: "404",
    key: "404",
    template: "body/404.html",
    ..BUILT_IN
};
