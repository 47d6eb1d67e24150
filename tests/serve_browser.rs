//! `policy-site serve` in a real browser (headless Chromium): an open page reloads by
//! itself after an edit, shows the error overlay in its own language for a broken file
//! (with the findings as text, never as HTML), and reloads once the file is fixed.
//!
//! `save_to_browser_latency` (ignored; run it on purpose) measures the time from a
//! file's write to the open page showing the change:
//!
//! ```text
//! cargo test --release --test serve_browser -- --ignored --nocapture save_to_browser_latency
//! ```

mod common;

use headless_chrome::Tab;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::browser::{eval, open, wait_until, wait_until_with};
use common::serve::{Serve, WAIT};

const OVERLAY_TEXT: &str = "(() => { const h = document.getElementById('policy-site-overlay'); \
    return h ? h.shadowRoot.querySelector('.box').innerText : null; })()";

fn overlay_text(tab: &Tab) -> Option<String> {
    eval(tab, OVERLAY_TEXT).and_then(|v| v.as_str().map(str::to_string))
}

#[test]
fn an_open_page_reloads_by_itself_after_an_edit() {
    let site = common::copy_site(&common::bundled_site());
    let server = Serve::start(site.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &format!("{}ja/introduction.html", server.url));
    eval(&tab, "window.__notReloaded = true; true");

    let page = site.path().join("content/pages/introduction.ja.md");
    let mut text = std::fs::read_to_string(&page).expect("read");
    text.push_str("\n保存するとブラウザに表示されます。\n");
    std::fs::write(&page, text).expect("write");

    wait_until_with(
        &tab,
        "!window.__notReloaded && document.body.innerText.includes('保存するとブラウザに表示されます。')",
        "the page reloading with the new text",
        || server.stderr(),
    );
    assert!(overlay_text(&tab).is_none());

    // And a YAML file: the English mindsets page, open in the same tab.
    open(&tab, &format!("{}en/mindsets.html", server.url));
    eval(&tab, "window.__notReloaded = true; true");
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = std::fs::read_to_string(&mindsets).expect("read");
    let edited = text.replacen(
        "en: Public-service mindset",
        "en: Public-service mindset (edited)",
        1,
    );
    assert_ne!(text, edited);
    std::fs::write(&mindsets, edited).expect("write");
    wait_until_with(
        &tab,
        "!window.__notReloaded && document.body.innerText.includes('Public-service mindset (edited)')",
        "the page reloading with the new YAML text",
        || server.stderr(),
    );
}

#[test]
fn a_broken_file_shows_the_overlay_in_the_page_language_and_fixing_it_reloads() {
    let site = common::copy_site(&common::bundled_site());
    let server = Serve::start(site.path());
    let browser = common::browser();
    let ja = browser.new_tab().expect("tab");
    open(&ja, &format!("{}ja/mindsets.html", server.url));
    let en = browser.new_tab().expect("tab");
    open(&en, &format!("{}en/mindsets.html", server.url));
    eval(&ja, "window.__notReloaded = true; true");

    // An unknown key whose name is HTML: the overlay must show it as text.
    let mindsets = site.path().join("content/mindsets.yaml");
    let evil = "<img src=x onerror=\"window.__injected=1\">";
    let mut text = std::fs::read_to_string(&mindsets).expect("read");
    text.push_str(&format!("\n'{evil}': 1\n"));
    std::fs::write(&mindsets, &text).expect("write");

    let shown = "document.getElementById('policy-site-overlay') !== null";
    wait_until_with(&ja, shown, "the overlay (ja)", || server.stderr());
    wait_until_with(&en, shown, "the overlay (en)", || server.stderr());
    let words_ja = overlay_text(&ja).expect("overlay text");
    let words_en = overlay_text(&en).expect("overlay text");
    assert!(words_ja.contains("サイトをビルドできません"), "{words_ja}");
    assert!(words_ja.contains("行目"), "{words_ja}");
    assert!(words_en.contains("The site cannot be built"), "{words_en}");
    assert!(words_en.contains("line "), "{words_en}");
    // The finding itself in the page's language, hint included.
    assert!(
        words_ja.contains("はここでは使えない項目です"),
        "{words_ja}"
    );
    assert!(words_ja.contains("ここで使える項目："), "{words_ja}");
    assert!(!words_ja.contains("is not a field"), "{words_ja}");
    assert!(
        words_en.contains("is not a field that can be used here"),
        "{words_en}"
    );
    assert!(words_en.contains("Fields allowed here:"), "{words_en}");
    assert!(!words_en.contains("使えない項目"), "{words_en}");
    for words in [&words_ja, &words_en] {
        assert!(words.contains("content/mindsets.yaml"), "{words}");
        assert!(words.contains(evil), "the key is shown as text: {words}");
    }
    let injected = "window.__injected === 1 || document.getElementById('policy-site-overlay').shadowRoot.querySelector('img') !== null";
    assert_eq!(eval(&ja, injected), Some(serde_json::Value::Bool(false)));
    // The last good page is still there underneath, not reloaded.
    assert_eq!(
        eval(&ja, "window.__notReloaded === true"),
        Some(serde_json::Value::Bool(true))
    );
    assert!(
        eval(&ja, "document.querySelector('main h1') !== null")
            == Some(serde_json::Value::Bool(true))
    );

    // The terminal says the same.
    assert!(server.stderr().contains("content/mindsets.yaml"));

    std::fs::write(&mindsets, text.replace(&format!("\n'{evil}': 1\n"), "\n")).expect("fix");
    wait_until_with(
        &ja,
        "!window.__notReloaded && document.getElementById('policy-site-overlay') === null",
        "the fixed page reloading",
        || server.stderr(),
    );
    wait_until_with(&en, "document.readyState === 'complete' && document.getElementById('policy-site-overlay') === null", "the overlay clearing (en)", || server.stderr());
}

#[test]
fn a_yaml_typing_mistake_shows_its_line_and_a_caret_in_the_overlay_once() {
    let site = common::copy_site(&common::bundled_site());
    let server = Serve::start(site.path());
    let browser = common::browser();
    let ja = browser.new_tab().expect("tab");
    open(&ja, &format!("{}ja/mindsets.html", server.url));
    let mindsets = site.path().join("content/mindsets.yaml");
    let text = std::fs::read_to_string(&mindsets).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[10], "      ja: 公務意識");
    std::fs::write(&mindsets, text.replacen(lines[10], "      ja：公務意識", 1)).expect("write");
    let shown = "document.getElementById('policy-site-overlay') !== null";
    wait_until_with(&ja, shown, "the overlay", || server.stderr());
    let words = overlay_text(&ja).expect("overlay text");
    assert!(
        words.contains("エラー 1 件"),
        "one error, no follow-on: {words}"
    );
    assert!(
        words.contains("content/mindsets.yaml 11 行目 9 文字目"),
        "{words}"
    );
    assert!(words.contains("全角の「：」"), "{words}");
    let excerpt = eval(
        &ja,
        "document.getElementById('policy-site-overlay').shadowRoot.querySelector('pre.excerpt').textContent",
    );
    assert_eq!(
        excerpt
            .and_then(|v| v.as_str().map(str::to_string))
            .as_deref(),
        Some("11 |       ja：公務意識\n   |         ^")
    );
}

#[test]
fn a_page_reconnects_after_the_server_restarts() {
    let site = common::copy_site(&common::bundled_site());
    let first = Serve::start(site.path());
    let port = first.url.clone();
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");
    open(&tab, &format!("{port}ja/index.html"));
    eval(&tab, "window.__notReloaded = true; true");
    drop(first);

    // Same port again; the page notices the new server (a different build) and reloads.
    let port_number = port
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .expect("port")
        .to_string();
    let mut second = None;
    let deadline = Instant::now() + WAIT;
    while second.is_none() {
        let child = Command::new(env!("CARGO_BIN_EXE_policy-site"))
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args([
                "serve",
                "--root",
                common::path(site.path()),
                "--port",
                &port_number,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("restart");
        let mut guard = Restarted(child);
        // Wait for either event: the server answers on the port, or it exits because
        // the port was not free yet (then try again).
        loop {
            assert!(Instant::now() < deadline, "could not restart on {port}");
            if guard.0.try_wait().expect("wait").is_some() {
                break;
            }
            if std::net::TcpStream::connect((
                "127.0.0.1",
                port_number.parse::<u16>().expect("port"),
            ))
            .is_ok()
            {
                second = Some(guard);
                break;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
    wait_until(
        &tab,
        "!window.__notReloaded && document.readyState === 'complete'",
        "the page reloading from the restarted server",
    );
}

struct Restarted(Child);

impl Drop for Restarted {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (p / 100.0 * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Milestones of the reloaded page, in ms since the epoch (the browser's clock is the
/// machine's clock: `performance.timeOrigin` is epoch-based): the reload starting, the
/// HTML received, and the first contentful paint (the page showing the change).
const MILESTONES: &str = "(() => { const n = performance.getEntriesByType('navigation')[0]; \
    const paint = performance.getEntriesByName('first-contentful-paint')[0]; \
    const t = performance.timeOrigin; \
    return JSON.stringify([t, t + n.responseEnd, t + (paint ? paint.startTime : n.domContentLoadedEventEnd)]); })()";

/// Saves `file` `saves` times (`edit(n)` gives the text) with `url` open; for each save,
/// ms from the write to each milestone.
fn series(
    tab: &Tab,
    server: &Serve,
    (file, url): (&Path, &str),
    saves: usize,
    edit: impl Fn(usize) -> (String, String),
) -> Vec<[f64; 3]> {
    open(tab, url);
    let original = std::fs::read_to_string(file).expect("read");
    let mut results = Vec::new();
    for n in 0..saves {
        let (text, marker) = edit(n);
        eval(tab, "window.__notReloaded = true; true");
        let written = epoch_ms();
        std::fs::write(file, text).expect("write");
        let check =
            format!("!window.__notReloaded && document.body.innerText.includes('{marker}')");
        wait_until_with(tab, &check, "the page showing the save", || server.stderr());
        let times: Vec<f64> = eval(tab, MILESTONES)
            .and_then(|v| serde_json::from_str(v.as_str()?).ok())
            .expect("timing");
        results.push([times[0] - written, times[1] - written, times[2] - written]);
        thread::sleep(Duration::from_millis(200));
    }
    std::fs::write(file, original).expect("restore");
    results
}

fn report(what: &str, results: &[[f64; 3]]) {
    let stage = |i: usize| results.iter().map(|r| r[i]).collect::<Vec<_>>();
    let shown = stage(2);
    println!(
        "{what}, {} saves: write -> page shown (first paint) p50 {:.0} ms, p90 {:.0} ms (min {:.0}, max {:.0}); \
         p50 write -> reload starts {:.0} ms, -> HTML received {:.0} ms",
        results.len(),
        percentile(&shown, 50.0),
        percentile(&shown, 90.0),
        percentile(&shown, 0.0),
        percentile(&shown, 100.0),
        percentile(&stage(0), 50.0),
        percentile(&stage(1), 50.0),
    );
    // The same as a row of bench/run.sh's table.
    println!(
        "| serve: save {what} to the page shown (p50 / p90, {} saves) | {:.0} ms / {:.0} ms |",
        results.len(),
        percentile(&shown, 50.0),
        percentile(&shown, 90.0),
    );
}

#[test]
#[ignore = "a measurement for the README; run with --ignored --nocapture (best with --release)"]
fn save_to_browser_latency() {
    // SERVE_LATENCY_SITE=DIR measures another site (e.g. a synthetic one from
    // examples/synth), SERVE_LATENCY_SAVES=N changes the number of saves.
    let saves: usize = std::env::var("SERVE_LATENCY_SAVES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let source = std::env::var_os("SERVE_LATENCY_SITE")
        .map_or_else(common::bundled_site, std::path::PathBuf::from);
    let site = common::copy_site(&source);
    let server = Serve::start(site.path());
    let browser = common::browser();
    let tab = browser.new_tab().expect("tab");

    let page = site.path().join("content/pages/introduction.ja.md");
    let text = std::fs::read_to_string(&page).expect("read");
    let url = format!("{}ja/introduction.html", server.url);
    let markdown = series(&tab, &server, (&page, &url), saves, |n| {
        let marker = format!("計測マーカー{n}番");
        (format!("{text}\n{marker}\n"), marker)
    });

    let yaml = site.path().join("content/mindsets.yaml");
    let text = std::fs::read_to_string(&yaml).expect("read");
    let url = format!("{}en/mindsets.html", server.url);
    let structured = series(&tab, &server, (&yaml, &url), saves, |n| {
        let marker = format!("Public-service mindset {n}");
        (
            text.replacen("en: Public-service mindset", &format!("en: {marker}"), 1),
            marker,
        )
    });

    report("a Markdown page (introduction.ja.md)", &markdown);
    report("a YAML file (mindsets.yaml)", &structured);
    let rebuilds: Vec<f64> = server
        .stderr()
        .lines()
        .filter_map(|l| {
            l.strip_prefix("rebuilt in ")?
                .split(' ')
                .next()?
                .parse()
                .ok()
        })
        .collect();
    println!(
        "in-memory rebuilds: p50 {:.0} ms, p90 {:.0} ms",
        percentile(&rebuilds, 50.0),
        percentile(&rebuilds, 90.0)
    );
    // One rebuild per save, plus the restores (the last one may not be printed yet).
    assert!(rebuilds.len() > 2 * saves, "{} rebuilds", rebuilds.len());
}
