//! policy-site: publishes a staff development policy, written as YAML and Markdown,
//! as a bilingual static site.
//!
//! Data flows one way; each module uses only those above it:
//!
//! ```text
//! diagnostics  errors and warnings as located values
//! fs           reads and writes that name the failing path, in both languages
//! diff         differences between texts (the similar crate, bounded for huge inputs)
//! digest       fingerprints of inputs, to tell what an edit changed
//! html         a reader of the HTML we render: tags, attributes, text (for toc, search, verify)
//! markdown     pulldown-cmark options, heading anchors, link rewriting
//! model        the typed site: Localized<T>, Rank, Mindset, Pillar, PolicyArea, …
//! kinds        the table of page kinds (KINDS): each kind's key, content file, template,
//!              place, and in one file per kind its ids, anchors and fingerprint inputs.
//!              It sits before load, which checks the ids; each kind's view, body and
//!              title need routes and a language context, so they are its render side,
//!              render/kinds/ (same file names). How to add one: docs/page-kinds.md
//! load         content/ + theme -> Site (parse, locate, validate)
//! revisions    recorded versions (content/revisions/), loaded and compared (新旧対照表)
//! routes       page keys, paths, sidebar tree, anchors, link resolution
//! links        every link written in content, checked against the routes
//! render       Site -> Vec<OutputFile> and each page's text (Tera templates fed typed views; no I/O)
//! render_cache serve's rendered pages kept between rebuilds, each with its fingerprint
//! search       each page's text in sections -> a search index per language (LANG/search-index.js)
//! translation_status  per text and language: missing, stale or current (the lock file)
//! exchange     what needs translating out as XLIFF 1.2 or xlsx, and translations back in
//! verify       checks on the rendered files (links and fragments)
//! pipeline     load -> routes -> links -> render -> search, in memory
//! output       staging folder filled as pages are rendered, then an atomic swap
//! serve        the live-reload preview: builds in memory, serves, watches, reloads
//! pdf          each language's print view printed to PDF by a Chromium-family browser
//! cli          the commands
//! ```

// Errors are rich values (file, line, field, hint) returned on the cold path; their
// size does not matter there, so boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod digest;
pub mod exchange;
pub mod fs;
pub mod html;
pub mod kinds;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod render;
pub mod render_cache;
pub mod revisions;
pub mod routes;
pub mod search;
pub mod serve;
pub mod translation_status;
pub mod verify;
