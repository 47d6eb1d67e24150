//! A running `policy-site serve` (the real binary on a free port), for the tests of the
//! preview over HTTP (serve.rs) and in a browser (serve_browser.rs).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Long enough for a debug build of the bundled site on a busy machine; only a hang
/// takes longer.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running `policy-site serve --port 0`, in English; killed when dropped.
pub struct Serve {
    pub child: Child,
    /// The URL it printed: `http://127.0.0.1:PORT/`.
    pub url: String,
    /// The address in that URL.
    pub address: SocketAddr,
    pub port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    pub fn start(root: &Path) -> Serve {
        Serve::start_with(root, &[])
    }

    /// Starts it with `extra` arguments (`--drafts`, `--bind ADDRESS`, …).
    pub fn start_with(root: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policy-site"))
            .env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(["serve", "--root", super::path(root), "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start policy-site serve");
        let (lines, line) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        thread::spawn(move || {
            for text in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = lines.send(text);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&stderr);
        let errors = child.stderr.take().expect("stderr");
        thread::spawn(move || {
            for text in BufReader::new(errors).lines().map_while(Result::ok) {
                let mut all = sink.lock().expect("stderr lock");
                all.push_str(&text);
                all.push('\n');
            }
        });
        let mut server = Serve {
            child,
            url: String::new(),
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            port: 0,
            stderr,
        };
        server.url = server.wait_for_url(&line);
        server.address = server
            .url
            .strip_prefix("http://")
            .and_then(|rest| rest.split('/').next())
            .and_then(|address| address.parse().ok())
            .unwrap_or_else(|| panic!("no address in {:?}", server.url));
        server.port = server.address.port();
        server
    }

    /// The URL in the first line it prints.
    fn wait_for_url(&self, lines: &Receiver<String>) -> String {
        let first = lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("serve printed no address; stderr:\n{}", self.stderr()));
        first
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string()
    }

    /// What it has printed to its terminal (stderr) so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// Waits until the terminal output contains `needle` `count` times.
    pub fn wait_for_stderr(&self, needle: &str, count: usize) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let text = self.stderr();
            if text.matches(needle).count() >= count {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} x{count} in:\n{text}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
