//! Watching `content/`, `themes/` and the site's `templates/` for changes.
//!
//! Events are filtered (only writes, creations, deletions and renames, never the reads
//! a build itself makes; never editor scratch files), then gathered until the folder
//! has been quiet for a moment, so one save, or a `git checkout` of hundreds of files,
//! is one rebuild. The site root is watched too (not recursively), so a `templates/`
//! folder created later, or a `content/` folder moved away and back, is picked up.

use crate::diagnostics::Diagnostic;
use crate::load::is_scratch_file;
use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// The folders of a site that a build reads.
pub const WATCHED: [&str; 3] = ["content", "themes", "templates"];

/// Quiet time after a change whose file is not known to be complete yet (written but not
/// closed; and on systems that do not report closes): one editor save is a few events
/// within a millisecond or two.
const QUIET: Duration = Duration::from_millis(25);
/// Quiet time once every file written has been closed (or renamed into place): just
/// enough for the other files of the same save to be seen.
const SETTLE: Duration = Duration::from_millis(5);
/// Quiet time once a burst is under way (a checkout, a copy, a search-and-replace).
const QUIET_BURST: Duration = Duration::from_millis(300);
/// How many events make a burst.
const BURST: usize = 16;
/// How long to wait for a file being written to be closed, where closes are reported.
const UNCLOSED: Duration = Duration::from_secs(1);
/// Rebuild at the latest this long after the first change, even if changes go on.
const MAX_WAIT: Duration = Duration::from_secs(10);

/// What the main loop hears.
#[derive(Debug)]
pub enum Signal {
    /// Files changed (site-relative, `/`-separated); rebuild.
    Changed(Vec<String>),
    /// Ctrl-C: stop.
    Stop,
}

/// Starts watching `root` (canonical) and sends a `Signal::Changed` per quiet burst.
pub fn start(root: &Path, signals: Sender<Signal>) -> Result<(), Diagnostic> {
    let cannot_watch = |path: &Path, error: &dyn std::fmt::Display| {
        Diagnostic::error(
            "watch",
            format!("cannot watch {} for changes: {error}", path.display()),
            format!("{} の変更を見張ることができません（{error}）", path.display()),
        )
        .hint(
            "saved changes would not show; stop other programs that watch many files, or restart the computer, and try again",
            "このままでは保存しても表示が更新されません。たくさんのファイルを見張るほかのプログラムを止めるか、コンピュータを再起動してから、もう一度試してください",
        )
    };
    let (events, raw) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(events).map_err(|e| cannot_watch(root, &e))?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| cannot_watch(root, &e))?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| cannot_watch(&path, &e))?;
        }
    }
    let watched = root.to_path_buf();
    thread::Builder::new()
        .name("serve-watch".into())
        .spawn(move || debounce(watcher, &watched, &raw, &signals))
        .map_err(|e| cannot_watch(root, &e))?;
    Ok(())
}

type RawEvent = notify::Result<Event>;

/// Gathers relevant events into bursts; ends when the main loop has gone.
fn debounce(
    mut watcher: RecommendedWatcher,
    root: &Path,
    raw: &Receiver<RawEvent>,
    signals: &Sender<Signal>,
) {
    // Whether this system reports files being closed after writing (inotify does).
    let mut closes_reported = false;
    while let Ok(event) = raw.recv() {
        let mut burst = Burst::new(closes_reported);
        if !burst.add(root, &event) {
            continue;
        }
        rewatch(&mut watcher, root, &event);
        loop {
            let wait = burst.deadline().saturating_duration_since(Instant::now());
            match raw.recv_timeout(wait) {
                Ok(event) => {
                    if burst.add(root, &event) {
                        rewatch(&mut watcher, root, &event);
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        closes_reported = burst.closes_reported;
        if signals.send(Signal::Changed(burst.changed())).is_err() {
            return;
        }
    }
}

/// The changes gathered since the first one, and which files are still being written.
struct Burst {
    first: Instant,
    last: Instant,
    events: usize,
    changed: BTreeSet<String>,
    /// Written to and not yet closed, renamed into place or deleted.
    writing: BTreeSet<String>,
    /// A close after writing has been seen, so every write will be followed by one.
    closes_reported: bool,
}

impl Burst {
    fn new(closes_reported: bool) -> Self {
        let now = Instant::now();
        Burst {
            first: now,
            last: now,
            events: 0,
            changed: BTreeSet::new(),
            writing: BTreeSet::new(),
            closes_reported,
        }
    }

    /// Adds an event; whether it changed anything a build reads.
    fn add(&mut self, root: &Path, event: &RawEvent) -> bool {
        let paths = changes(root, event);
        if paths.is_empty() {
            return false;
        }
        if let Ok(event) = event {
            self.closes_reported |=
                event.kind == EventKind::Access(AccessKind::Close(AccessMode::Write));
        }
        let complete = match event {
            Ok(event) => matches!(
                event.kind,
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                    | EventKind::Create(CreateKind::Folder)
                    | EventKind::Modify(ModifyKind::Name(_))
                    | EventKind::Remove(_)
            ),
            Err(_) => true,
        };
        for path in paths {
            if complete {
                self.writing.remove(&path);
            } else {
                self.writing.insert(path.clone());
            }
            self.changed.insert(path);
        }
        self.events += 1;
        self.last = Instant::now();
        true
    }

    /// When to stop gathering and rebuild: soon after the last change once every file
    /// written has been closed; later during a burst, or while a file is still open.
    fn deadline(&self) -> Instant {
        let mut quiet = if self.events >= BURST {
            QUIET_BURST
        } else if self.writing.is_empty() {
            SETTLE
        } else {
            QUIET
        };
        if self.closes_reported && !self.writing.is_empty() {
            quiet = quiet.max(UNCLOSED);
        }
        (self.last + quiet).min(self.first + MAX_WAIT)
    }

    fn changed(self) -> Vec<String> {
        self.changed.into_iter().collect()
    }
}

/// The site files an event changes; empty when it changes nothing a build reads.
pub fn changes(root: &Path, event: &RawEvent) -> Vec<String> {
    let event = match event {
        Ok(event) => event,
        // The watcher lost events (queue overflow, a watch removed): rebuild to be sure.
        Err(error) => return vec![format!("(watcher: {error})")],
    };
    if !is_change(&event.kind) {
        return Vec::new();
    }
    event
        .paths
        .iter()
        .filter_map(|path| relevant(root, path))
        .collect()
}

/// Writes, creations, deletions, renames; not opens, reads or attribute changes
/// (the build itself opens every file).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

/// `content/pages/x.ja.md` for a path under a watched folder that is not an editor's
/// scratch file (nor inside a hidden folder).
pub fn relevant(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first()?;
    if !WATCHED.contains(&first.as_str()) || parts[1..].iter().any(|p| is_scratch_file(p)) {
        return None;
    }
    Some(parts.join("/"))
}

/// Watches a top-level folder again when it (re)appears.
fn rewatch(watcher: &mut RecommendedWatcher, root: &Path, event: &RawEvent) {
    let Ok(event) = event else {
        return;
    };
    for path in &event.paths {
        let top_level = path.parent() == Some(root)
            && path
                .file_name()
                .is_some_and(|name| WATCHED.iter().any(|w| name == *w));
        if top_level && path.is_dir() {
            // Watching an already-watched folder again is harmless.
            let _ = watcher.watch(path, RecursiveMode::Recursive);
        }
    }
}

/// The root as the watcher reports it (symlinks resolved).
pub fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, MetadataKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> RawEvent {
        Ok(Event {
            kind,
            paths: paths.iter().map(PathBuf::from).collect(),
            attrs: Default::default(),
        })
    }

    #[test]
    fn keeps_changes_under_watched_folders() {
        let root = Path::new("/site");
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert_eq!(
            changes(root, &event(write, &["/site/content/pages/a.ja.md"])),
            ["content/pages/a.ja.md"]
        );
        assert_eq!(
            changes(root, &event(write, &["/site/templates/layout.html"])),
            ["templates/layout.html"]
        );
        assert!(changes(root, &event(write, &["/site/public/ja/index.html"])).is_empty());
        assert!(changes(root, &event(write, &["/elsewhere/content/a.yaml"])).is_empty());
    }

    #[test]
    fn ignores_scratch_files_reads_and_attributes() {
        let root = Path::new("/site");
        let create = EventKind::Create(CreateKind::File);
        for scratch in [
            "/site/content/pages/.a.ja.md.swp",
            "/site/content/pages/a.ja.md~",
            "/site/content/pages/4913",
            "/site/content/.#ranks.yaml",
            "/site/content/~$ranks.yaml",
            "/site/content/.git/index",
        ] {
            assert!(
                changes(root, &event(create, &[scratch])).is_empty(),
                "{scratch}"
            );
        }
        let path = ["/site/content/ranks.yaml"];
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let attrs = EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any));
        for kind in [open, read, attrs] {
            assert!(changes(root, &event(kind, &path)).is_empty(), "{kind:?}");
        }
    }

    #[test]
    fn a_burst_waits_longer_while_a_file_is_still_being_written() {
        let root = Path::new("/site");
        let file = ["/site/content/ranks.yaml"];
        let mut burst = Burst::new(false);
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(burst.add(root, &event(write, &file)));
        assert_eq!(burst.deadline(), burst.last + QUIET, "no close seen yet");
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        assert!(burst.add(root, &event(close, &file)));
        assert_eq!(burst.deadline(), burst.last + SETTLE);
        assert!(burst.add(root, &event(write, &file)));
        assert_eq!(
            burst.deadline(),
            burst.last + UNCLOSED,
            "closes are reported here"
        );
        for _ in 0..BURST {
            burst.add(root, &event(close, &file));
        }
        assert_eq!(burst.deadline(), burst.last + QUIET_BURST);
        assert_eq!(burst.changed(), ["content/ranks.yaml"]);
    }

    #[test]
    fn a_rename_over_a_file_counts_by_its_new_name() {
        let root = Path::new("/site");
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert_eq!(
            changes(
                root,
                &event(
                    rename,
                    &["/site/content/.ranks.yaml.tmp", "/site/content/ranks.yaml"]
                )
            ),
            ["content/ranks.yaml"]
        );
    }
}
