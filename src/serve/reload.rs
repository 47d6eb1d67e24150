//! The reload channel: every open page holds a Server-Sent Events stream, and hears the
//! current build status when it connects and again after every rebuild. The page decides
//! from the status alone (see overlay.rs), so a missed event or a restarted server never
//! leaves it stale: `failed` shows the overlay; a build id other than the page's reloads.

use crate::diagnostics::{Diagnostic, Diagnostics, MessageLanguage};
use serde::Serialize;
use std::io::Write;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// What every open page needs to know.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// The build being served (the last good one), `None` before any build succeeded.
    pub build: Option<String>,
    /// The latest build failed; `problems` says why.
    pub failed: bool,
    /// Errors then warnings of the failed build, as the terminal shows them.
    pub problems: Vec<Problem>,
}

/// One finding: its fields for the overlay (`message`, `message_ja`, `hint`,
/// `hint_ja`, …), and its terminal text in both languages.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// Exactly what the terminal prints for it in English (`--messages en`).
    pub text: String,
    /// Exactly what the terminal prints for it in Japanese (`--messages ja`).
    pub text_ja: String,
}

impl Problem {
    /// The terminal text in the language of a page (`ja` or another).
    pub fn text_for(&self, lang: &str) -> &str {
        if lang == "ja" {
            &self.text_ja
        } else {
            &self.text
        }
    }
}

impl Status {
    pub fn good(build: String) -> Self {
        Status {
            build: Some(build),
            failed: false,
            problems: Vec::new(),
        }
    }

    pub fn failed(last_good: Option<String>, diagnostics: &Diagnostics) -> Self {
        let problems = diagnostics
            .errors()
            .chain(diagnostics.warnings())
            .map(|d| Problem {
                diagnostic: d.clone(),
                text: d.render(MessageLanguage::En),
                text_ja: d.render(MessageLanguage::Ja),
            })
            .collect();
        Status {
            build: last_good,
            failed: true,
            problems,
        }
    }

    /// The status as one SSE event.
    fn event(&self) -> String {
        let data = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string());
        format!("event: status\ndata: {data}\n\n")
    }
}

const HEADERS: &str = "HTTP/1.1 200 OK\r\n\
Content-Type: text/event-stream; charset=utf-8\r\n\
Cache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\n\
Connection: close\r\n\r\n\
retry: 500\n\n";

/// The most streams kept: twice the connections' budget (connection.rs), so a stream
/// the budget has closed but no ping has yet found dead never pushes out a live one.
const MAX_PAGES: usize = 128;

/// The open pages and the current status, under one lock so a page that connects
/// during a rebuild hears either the old status then the new one, or just the new one.
pub struct Hub {
    inner: Mutex<Inner>,
}

struct Inner {
    status: Status,
    pages: Vec<Box<dyn Write + Send>>,
}

impl Hub {
    pub fn new(status: Status) -> Self {
        Hub {
            inner: Mutex::new(Inner {
                status,
                pages: Vec::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn status(&self) -> Status {
        self.lock().status.clone()
    }

    /// Starts an event stream on a raw connection and tells it the current status.
    pub fn subscribe(&self, mut page: Box<dyn Write + Send>) {
        let mut inner = self.lock();
        let event = inner.status.event();
        let sent = page
            .write_all(HEADERS.as_bytes())
            .and_then(|()| page.write_all(event.as_bytes()))
            .and_then(|()| page.flush());
        if sent.is_ok() {
            if inner.pages.len() >= MAX_PAGES {
                inner.pages.remove(0);
            }
            inner.pages.push(page);
        }
    }

    /// Sets the status and tells every open page; forgets pages that have gone.
    pub fn publish(&self, status: Status) {
        let mut inner = self.lock();
        inner.status = status;
        let event = inner.status.event();
        send_all(&mut inner.pages, &event);
    }

    /// A comment line, so dead connections are noticed and live ones stay open.
    pub fn ping(&self) {
        send_all(&mut self.lock().pages, ": ping\n\n");
    }

    /// How many pages are listening.
    pub fn listeners(&self) -> usize {
        self.lock().pages.len()
    }
}

fn send_all(pages: &mut Vec<Box<dyn Write + Send>>, text: &str) {
    pages.retain_mut(|page| {
        page.write_all(text.as_bytes())
            .and_then(|()| page.flush())
            .is_ok()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .map_err(|_| std::io::ErrorKind::Other)?
                .extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    struct Gone;

    impl Write for Gone {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn text(sink: &Sink) -> String {
        String::from_utf8_lossy(&sink.0.lock().expect("lock")).to_string()
    }

    #[test]
    fn a_page_hears_the_current_status_then_each_new_one() {
        let hub = Hub::new(Status::good("a-1".into()));
        let sink = Sink::default();
        hub.subscribe(Box::new(sink.clone()));
        hub.publish(Status::good("a-2".into()));
        let got = text(&sink);
        assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
        assert!(got.contains("text/event-stream"));
        let first = got.find(r#""build":"a-1""#).expect("first status");
        let second = got.find(r#""build":"a-2""#).expect("second status");
        assert!(first < second);
    }

    #[test]
    fn failed_status_carries_the_terminal_text() {
        let diagnostics =
            Diagnostics::from_iter([Diagnostic::error("x", "broken <b>", "壊れています <b>")
                .in_file("content/ranks.yaml")
                .hint("fix it", "直してください")]);
        let status = Status::failed(Some("a-1".into()), &diagnostics);
        let event = status.event();
        assert!(event.starts_with("event: status\ndata: {"));
        assert_eq!(event.matches('\n').count(), 3, "one data line: {event}");
        assert!(event.contains(r#""file":"content/ranks.yaml""#));
        assert!(
            event.contains(r#""text":"error[x]: content/ranks.yaml: broken <b>\n  hint: fix it""#)
        );
        assert!(
            event.contains(r#""message_ja":"壊れています <b>""#),
            "{event}"
        );
        assert!(event.contains(r#""hint_ja":"直してください""#), "{event}");
        assert!(
            event.contains(
                r#""text_ja":"エラー[x]: content/ranks.yaml: 壊れています <b>\n  ヒント: 直してください""#
            ),
            "{event}"
        );
    }

    #[test]
    fn pages_that_have_gone_are_forgotten() {
        let hub = Hub::new(Status::good("a-1".into()));
        hub.subscribe(Box::new(Sink::default()));
        hub.pages_for_test(Box::new(Gone));
        hub.ping();
        assert_eq!(hub.listeners(), 1);
    }

    #[test]
    fn the_oldest_streams_give_way() {
        let hub = Hub::new(Status::good("a-1".into()));
        let first = Sink::default();
        hub.subscribe(Box::new(first.clone()));
        for _ in 0..MAX_PAGES {
            hub.subscribe(Box::new(Sink::default()));
        }
        assert_eq!(hub.listeners(), MAX_PAGES);
        hub.publish(Status::good("a-2".into()));
        assert!(!text(&first).contains("a-2"), "the first was dropped");
    }

    impl Hub {
        fn pages_for_test(&self, page: Box<dyn Write + Send>) {
            self.lock().pages.push(page);
        }
    }
}
