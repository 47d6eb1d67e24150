//! `policy-site serve`: the live-reload preview HR editors work in.
//!
//! It builds the site in memory, serves it, watches the sources, rebuilds on every
//! save and tells every open page to reload, or to show what is wrong. It never writes
//! to disk (`public/` is left alone) and nothing it adds reaches `build`'s output.
//!
//! ```text
//! site        the built site in memory, swapped whole on each good rebuild
//! connection  the public socket: accept, places, timeouts, one request after another
//! slots       the open connections: separate budgets for pages and streams, who gives way
//! request     reading a request head: only HTTP/1 requests without a body, in time
//! paths       request target -> key of a file (refuses traversal in every form)
//! http        answers: Host check, files and content types, 404, reload stream
//! reload      the open pages and the build status they are told (Server-Sent Events)
//! overlay     what served HTML gets: the reload script (overlay.js, overlay.css), the
//!             error overlay, the no-build page
//! watch       notify on content/, themes/, templates/; scratch files ignored; debounce
//! ```

mod connection;
pub mod http;
pub mod overlay;
pub mod paths;
pub mod reload;
mod request;
pub mod site;
mod slots;
pub mod watch;

use crate::diagnostics::{io_reason_ja, Diagnostic, Diagnostics, MessageLanguage};
use crate::load::LoadOptions;
use crate::pipeline::{self, BuildCache};
use reload::{Hub, Status};
use site::{BuildIds, Snapshot};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, PoisonError, RwLock};
use std::thread;
use std::time::{Duration, Instant};
use watch::Signal;

/// The options of `policy-site serve`.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
    /// Show pages marked `draft: true` too.
    pub drafts: bool,
    /// When `port` is taken, listen on any free port instead of stopping (the
    /// double-click start: a second site, or a second window, still gets a preview).
    pub any_port_if_taken: bool,
}

/// How findings are printed in the terminal (the `build` command's way).
pub type Printer = fn(&Diagnostics);

/// Everything the threads of the server share.
pub struct ServeState {
    pub root: PathBuf,
    /// Bound to this loopback address: answer only requests addressed to a loopback
    /// name or to it (`None`: bound elsewhere, any name is answered).
    pub loopback: Option<IpAddr>,
    site: RwLock<Arc<Snapshot>>,
    pub hub: Hub,
    ids: BuildIds,
    /// What to build: with or without drafts.
    pub load: LoadOptions,
    /// Prints findings in the terminal (those found after a build, too).
    pub print: Printer,
}

impl ServeState {
    pub fn new(options: &Options, print: Printer) -> Self {
        let site = Snapshot::empty(&options.root);
        ServeState {
            root: options.root.clone(),
            loopback: Some(options.bind).filter(IpAddr::is_loopback),
            load: LoadOptions {
                drafts: options.drafts,
                ..LoadOptions::default()
            },
            print,
            site: RwLock::new(Arc::new(site)),
            hub: Hub::new(Status {
                build: None,
                failed: false,
                problems: Vec::new(),
            }),
            ids: BuildIds::new(),
        }
    }

    /// The site being served (the last good build).
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.site.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `snapshot` from now on; returns the one it replaces, for the caller to
    /// drop once the pages have been told (dropping a large site takes a while).
    fn swap(&self, snapshot: Snapshot) -> Arc<Snapshot> {
        let mut site = self.site.write().unwrap_or_else(PoisonError::into_inner);
        std::mem::replace(&mut *site, Arc::new(snapshot))
    }
}

/// Runs the preview until Ctrl-C; returns the exit code. `print` prints the findings
/// of each build; serve's own lines (its address, build times, and the problems that
/// stop it from starting) are said in `language`.
pub fn run(options: &Options, print: Printer, language: MessageLanguage) -> i32 {
    let say = |en: &str, ja: &str| language.pick(en, ja).to_string();
    if !options.root.join("content").is_dir() {
        let root = options.root.display();
        let error = Diagnostic::error(
            "missing-file",
            format!("{root} has no content/ folder, so it is not a policy site"),
            format!("{root} に content/ フォルダがありません。このフォルダは方針サイトではないようです"),
        )
        .hint(
            "run the command in the site's folder, or name it with --root DIR",
            "サイトのフォルダの中でコマンドを実行するか、--root フォルダ名 でサイトのフォルダを指定してください",
        );
        eprintln!("{}", error.render(language));
        return 2;
    }
    let listener = match bind(options, language) {
        Ok(listener) => listener,
        Err(code) => return code,
    };
    let address = listener
        .local_addr()
        .unwrap_or(SocketAddr::new(options.bind, options.port));
    let state = Arc::new(ServeState::new(options, print));
    let mut report = Report::new(print, language);
    let mut memory = BuildCache::default();
    rebuild(&state, &[], &mut report, &mut memory);
    let (signals, heard) = mpsc::channel();
    let started = start_server(&state, listener)
        .and_then(|()| watch::start(&watch::canonical_root(&options.root), signals.clone()));
    if let Err(error) = started {
        eprintln!("{}", error.render(language));
        return 2;
    }
    stop_on_ctrl_c(signals, language);
    let url = url(address);
    println!(
        "{}",
        say(
            &format!("Serving {url}  (open it in a browser; Ctrl-C stops)"),
            &format!(
                "{url} でプレビューしています（ブラウザで開いてください。Ctrl-C で止まります）"
            ),
        )
    );
    if options.open {
        open_browser(&url, language);
    }
    main_loop(&state, &heard, &mut report, &mut memory);
    eprintln!("{}", say("stopped", "止めました"));
    0
}

/// Ctrl-C ends the main loop (a warning when that cannot be arranged).
fn stop_on_ctrl_c(signals: mpsc::Sender<Signal>, language: MessageLanguage) {
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = signals.send(Signal::Stop);
    }) {
        let warning = Diagnostic::warning(
            "ctrl-c",
            format!("Ctrl-C will not stop the server cleanly: {error}"),
            format!("Ctrl-C でサーバーをきれいに止められない可能性があります（{error}）"),
        );
        eprintln!("{}", warning.render(language));
    }
}

/// Binds the public socket; a clear message and exit code 2 when that fails.
fn bind(options: &Options, language: MessageLanguage) -> Result<TcpListener, i32> {
    let address = SocketAddr::new(options.bind, options.port);
    match TcpListener::bind(address) {
        Ok(listener) => {
            if !options.bind.is_loopback() {
                let warning = Diagnostic::warning(
                    "public-preview",
                    format!("listening on {address}: other computers that can reach this one can read the preview, and requests for any host name are answered"),
                    format!("{address} で待ち受けています。このコンピュータにつながるほかのコンピュータからもプレビューを見ることができ、どのホスト名あてのリクエストにも応答します"),
                )
                .hint(
                    "leave out --bind to keep the preview on this computer (127.0.0.1)",
                    "--bind を付けなければ、プレビューはこのコンピュータの中（127.0.0.1）だけで見られます",
                );
                eprintln!("{}", warning.render(language));
            }
            Ok(listener)
        }
        Err(error) if error.kind() == ErrorKind::AddrInUse && options.any_port_if_taken => bind(
            &Options {
                port: 0,
                any_port_if_taken: false,
                ..options.clone()
            },
            language,
        ),
        Err(error) if error.kind() == ErrorKind::AddrInUse => {
            let (port, bind, next) = (options.port, options.bind, options.port.saturating_add(1));
            let error = Diagnostic::error(
                "port-in-use",
                format!("port {port} on {bind} is already in use (is another `policy-site serve` running?)"),
                format!("{bind} のポート {port} はすでに使われています（別の `policy-site serve` が動いていませんか？）"),
            )
            .hint(
                format!("stop the other program, or choose another port with --port {next}"),
                format!("もう一方のプログラムを止めるか、--port {next} のように別のポートを指定してください"),
            );
            eprintln!("{}", error.render(language));
            Err(2)
        }
        Err(error) => {
            let error = Diagnostic::error(
                "io",
                format!("cannot listen on {address}: {error}"),
                format!("{address} で待ち受けできません（{}）", io_reason_ja(&error)),
            );
            eprintln!("{}", error.render(language));
            Err(2)
        }
    }
}

fn start_server(state: &Arc<ServeState>, listener: TcpListener) -> Result<(), Diagnostic> {
    let cannot_start = |reason: String| {
        Diagnostic::error(
            "serve-start",
            format!("the preview server cannot start: {reason}"),
            format!("プレビューのサーバーを起動できません（{reason}）"),
        )
    };
    connection::spawn(listener, state, connection::LIMITS)
        .map_err(|e| cannot_start(e.to_string()))?;
    let pinger = Arc::clone(state);
    thread::Builder::new()
        .name("serve-ping".into())
        .spawn(move || loop {
            thread::sleep(Duration::from_secs(10));
            pinger.hub.ping();
        })
        .map_err(|e| cannot_start(e.to_string()))?;
    Ok(())
}

fn url(address: SocketAddr) -> String {
    let host = match address.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
        ip if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", address.port())
}

/// Rebuilds on every burst of changes (those that arrived during a rebuild make one
/// more), until Ctrl-C.
fn main_loop(
    state: &ServeState,
    heard: &Receiver<Signal>,
    report: &mut Report,
    memory: &mut BuildCache,
) {
    while let Ok(signal) = heard.recv() {
        let Signal::Changed(mut changed) = signal else {
            return;
        };
        while let Ok(more) = heard.try_recv() {
            match more {
                Signal::Changed(more) => changed.extend(more),
                Signal::Stop => return,
            }
        }
        changed.sort();
        changed.dedup();
        rebuild(state, &changed, report, memory);
    }
}

/// Builds in memory, reading and rendering only what `changed` reaches (and what
/// else has a new size or time); on success swaps the site and reloads every page,
/// on failure keeps the last good site and shows the findings on every page and in
/// the terminal.
fn rebuild(state: &ServeState, changed: &[String], report: &mut Report, memory: &mut BuildCache) {
    let started = Instant::now();
    memory.pages.forget(changed);
    let result = pipeline::build_incremental(&state.root, &state.load, memory);
    let elapsed = started.elapsed();
    match result {
        Ok(mut built) => {
            // The preview always offers the comparison of unrecorded changes.
            built.draft_comparison = true;
            let id = state.ids.next();
            report.built(&built, changed, elapsed);
            let old = state.swap(Snapshot::from_built(id.clone(), built));
            state.hub.publish(Status::good(id));
            drop(old);
        }
        Err(diagnostics) => {
            let last_good = state.snapshot().id.clone();
            report.failed(&diagnostics, changed, last_good.is_some());
            state.hub.publish(Status::failed(last_good, &diagnostics));
        }
    }
}

/// How much memory serve holds: the rendered pages it keeps (print views, search
/// index and sitemap come on request) and the whole process (where the system says).
fn memory_note(built: &pipeline::Built) -> (String, String) {
    let mb = |bytes: usize| bytes as f64 / 1_048_576.0;
    let pages = mb(built.files.iter().map(|f| f.bytes.len()).sum());
    match resident_bytes() {
        Some(resident) => {
            let resident = mb(resident);
            (
                format!("memory: {pages:.0} MB of pages, {resident:.0} MB in all"),
                format!("メモリ：ページ {pages:.0} MB、全体 {resident:.0} MB"),
            )
        }
        None => (
            format!("memory: {pages:.0} MB of pages"),
            format!("メモリ：ページ {pages:.0} MB"),
        ),
    }
}

/// The process's resident memory, from `/proc/self/status` (Linux only).
fn resident_bytes() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// What the terminal shows after each build.
struct Report {
    print: Printer,
    language: MessageLanguage,
    warnings: Option<Diagnostics>,
}

impl Report {
    fn new(print: Printer, language: MessageLanguage) -> Self {
        Report {
            print,
            language,
            warnings: None,
        }
    }

    fn say(&self, en: &str, ja: &str) {
        eprintln!("{}", self.language.pick(en, ja));
    }

    fn built(&mut self, built: &pipeline::Built, changed: &[String], elapsed: Duration) {
        if self.warnings.as_ref() != Some(&built.warnings) {
            (self.print)(&built.warnings);
            self.warnings = Some(built.warnings.clone());
        }
        let ms = elapsed.as_secs_f64() * 1000.0;
        let (memory, memory_ja) = memory_note(built);
        if changed.is_empty() {
            let pages = built.page_count();
            let languages = built.loaded.site.config.languages.len();
            self.say(
                &format!("built {pages} pages in {languages} languages in {ms:.0} ms; {memory}"),
                &format!(
                    "{languages} 言語で {pages} ページを作りました（{ms:.0} ミリ秒）。{memory_ja}"
                ),
            );
        } else {
            let (again, pages) = (built.rendered, built.page_count());
            self.say(
                &format!(
                    "rebuilt in {ms:.0} ms ({again} of {pages} pages rendered again): {}; {memory}",
                    summary(changed, MessageLanguage::En)
                ),
                &format!(
                    "作り直しました（{ms:.0} ミリ秒、{pages} ページのうち {again} ページを再作成）：{}。{memory_ja}",
                    summary(changed, MessageLanguage::Ja)
                ),
            );
        }
    }

    fn failed(&mut self, diagnostics: &Diagnostics, changed: &[String], serving: bool) {
        self.warnings = None;
        if !changed.is_empty() {
            self.say(
                &format!("changed: {}", summary(changed, MessageLanguage::En)),
                &format!("変更：{}", summary(changed, MessageLanguage::Ja)),
            );
        }
        (self.print)(diagnostics);
        if serving {
            self.say(
                "build failed: open pages show these errors; still serving the last good build",
                "ビルドできませんでした。開いているページにこのエラーを表示しています（最後にビルドできたサイトを表示し続けます）",
            );
        } else {
            self.say(
                "build failed: open pages show these errors; nothing to serve until they are fixed",
                "ビルドできませんでした。開いているページにこのエラーを表示しています（直すまで表示できるサイトはありません）",
            );
        }
    }
}

/// `content/ranks.yaml, content/pages/a.ja.md and 3 more`
fn summary(changed: &[String], language: MessageLanguage) -> String {
    const SHOWN: usize = 3;
    let mut text = changed
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if changed.len() > SHOWN {
        let more = changed.len() - SHOWN;
        text.push_str(&match language {
            MessageLanguage::En => format!(" and {more} more"),
            MessageLanguage::Ja => format!(" ほか {more} 件"),
        });
    }
    text
}

/// `--open`: best effort; says so when no browser could be started (the preview
/// goes on, and its address is already printed). `BROWSER`, when set, names the
/// program to start instead of the system's default browser.
fn open_browser(url: &str, language: MessageLanguage) {
    let mut command = match std::env::var_os("BROWSER").filter(|b| !b.is_empty()) {
        Some(browser) => std::process::Command::new(browser),
        None if cfg!(target_os = "macos") => std::process::Command::new("open"),
        None if cfg!(windows) => {
            let mut command = std::process::Command::new("cmd");
            command.args(["/C", "start", ""]);
            command
        }
        None => std::process::Command::new("xdg-open"),
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            let _ = thread::Builder::new().spawn(move || child.wait());
        }
        Err(error) => eprintln!(
            "{}",
            language.pick(
                &format!("could not open a browser ({error}); the preview is running: open {url} in a browser yourself"),
                &format!("ブラウザを開けませんでした（{}）。プレビューは動いています。ブラウザで {url} を開いてください", io_reason_ja(&error)),
            )
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_reachable_address() {
        let v4 = |s: &str| s.parse::<SocketAddr>().expect("address");
        assert_eq!(url(v4("127.0.0.1:8000")), "http://127.0.0.1:8000/");
        assert_eq!(url(v4("0.0.0.0:8000")), "http://127.0.0.1:8000/");
        assert_eq!(url(v4("[::]:8000")), "http://[::1]:8000/");
        assert_eq!(url(v4("[::1]:8000")), "http://[::1]:8000/");
    }

    #[test]
    fn summaries_stay_short() {
        let changed: Vec<String> = (0..5).map(|i| format!("content/{i}.yaml")).collect();
        assert_eq!(
            summary(&changed, MessageLanguage::En),
            "content/0.yaml, content/1.yaml, content/2.yaml and 2 more"
        );
        assert_eq!(
            summary(&changed, MessageLanguage::Ja),
            "content/0.yaml, content/1.yaml, content/2.yaml ほか 2 件"
        );
    }
}
