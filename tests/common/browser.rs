//! Headless Chromium for what only a browser shows, and the ways tests drive a tab:
//! open a page, evaluate a script, wait until a condition holds, type, click.
//!
//! Waiting is polling with a generous deadline ([`WAIT`]) that only catches a hang:
//! no test sleeps a fixed time for something to happen.

use headless_chrome::Tab;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a tab may take to show what a test waits for (a debug build on a busy
/// machine); only a hang takes longer.
pub const WAIT: Duration = Duration::from_secs(30);

/// The Chromium the tests drive. Browser tests never skip: without Chromium they
/// fail and say how to get it (`scripts/test` installs it).
pub fn chromium_path() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.exists(),
        "Chromium is needed for the browser tests but {} does not exist. Run scripts/test (it installs Debian's chromium), or set CHROMIUM=/path/to/chromium.",
        path.display()
    );
    path
}

/// A headless Chromium with the flags this sandbox needs (no network chatter, no GPU).
pub fn browser() -> headless_chrome::Browser {
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(chromium_path()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .args(
            [
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--allow-file-access-from-files",
            ]
            .iter()
            .map(std::ffi::OsStr::new)
            .collect(),
        )
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("browser options");
    headless_chrome::Browser::new(options).expect("launch chromium")
}

/// `file:///…/public/ja/index.html`
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().expect("exists").display())
}

/// The value of `script` in `tab`; `None` when it has no value or cannot be evaluated
/// now (the page is reloading: callers that expect that poll).
pub fn eval(tab: &Tab, script: &str) -> Option<Value> {
    tab.evaluate(script, false).ok().and_then(|r| r.value)
}

/// The value of `script` as text (a string as is, anything else as JSON, nothing as
/// ""); fails the test if the script cannot be evaluated.
pub fn eval_text(tab: &Tab, script: &str) -> String {
    let value = tab
        .evaluate(script, false)
        .unwrap_or_else(|e| panic!("evaluating {script}: {e}"))
        .value;
    match value {
        Some(Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// The value of `script` as a number; fails the test if it is not one.
pub fn number(tab: &Tab, script: &str) -> f64 {
    let value = tab.evaluate(script, false).expect("evaluate").value;
    value
        .and_then(|v| v.as_f64())
        .unwrap_or_else(|| panic!("no number from {script}"))
}

/// Waits until `condition` (a JavaScript expression) is true, or fails naming `what`.
pub fn wait_until(tab: &Tab, condition: &str, what: &str) {
    wait_until_with(tab, condition, what, String::new);
}

/// [`wait_until`], and a failure also shows `context()` (a server's terminal, say).
/// The condition may fail to evaluate meanwhile (a page reloading).
pub fn wait_until_with(tab: &Tab, condition: &str, what: &str, context: impl Fn() -> String) {
    let script = format!("Boolean({condition})");
    let deadline = Instant::now() + WAIT;
    loop {
        let last = match tab.evaluate(&script, false) {
            Ok(result) if result.value == Some(Value::Bool(true)) => return,
            Ok(result) => format!("{:?}", result.value),
            Err(error) => error.to_string(),
        };
        assert!(
            Instant::now() < deadline,
            "{what} did not happen within {WAIT:?} at {} (last: {last})\n{}",
            tab.get_url(),
            context()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Opens `url` and waits until the page has loaded.
pub fn open(tab: &Tab, url: &str) {
    tab.navigate_to(url).expect("navigate");
    tab.wait_until_navigated().expect("navigated");
    wait_until(tab, "document.readyState === 'complete'", "loading");
}

/// Opens a built file (`file://`) and waits until the page has loaded.
pub fn open_file(tab: &Tab, page: &Path) {
    open(tab, &file_url(page));
}

/// Waits until the tab's address ends with `ending`; the address.
pub fn wait_for_url(tab: &Tab, ending: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let url = tab.get_url();
        if url.ends_with(ending) {
            return url;
        }
        assert!(
            Instant::now() < deadline,
            "expected to reach …{ending}, but the browser is at {url}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Types `text` into the field `selector` (emptied first).
pub fn type_into(tab: &Tab, selector: &str, text: &str) {
    eval_text(
        tab,
        &format!("document.querySelector('{selector}').value = ''"),
    );
    tab.wait_for_element(selector)
        .expect("field")
        .type_into(text)
        .expect("type");
}

/// Clicks the element `selector` (waiting for it to appear).
pub fn click(tab: &Tab, selector: &str) {
    tab.wait_for_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .expect("click");
}

/// Makes the tab as wide as a phone (390 × 844 CSS pixels).
pub fn phone_width(tab: &Tab) {
    tab.set_bounds(headless_chrome::types::Bounds::Normal {
        left: None,
        top: None,
        width: Some(390.0),
        height: Some(844.0),
    })
    .expect("resize");
}
