//! `policy-site serve` over HTTP: the real binary on a free port, against a copy of the
//! bundled site in a temporary folder. Requests are raw `TcpStream`s, so paths reach the
//! server exactly as written. Every test stops its server (Drop) and is bounded in time.

mod common;

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::serve::{Serve, WAIT};

/// This file's ways of asking a running server.
impl Serve {
    fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (field, value) = line.split_once(':')?;
            field
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// Sends `raw` as is and reads the whole answer.
fn request(port: u16, raw: &[u8]) -> Reply {
    request_to(SocketAddr::from(([127, 0, 0, 1], port)), raw)
}

/// Sends `raw` as is to `address` and reads the whole answer.
fn request_to(address: SocketAddr, raw: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(raw).expect("send");
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer head: {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).to_string();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    Reply {
        status,
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

fn get(port: u16, path: &str) -> Reply {
    let raw = format!("GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n");
    request(port, raw.as_bytes())
}

/// The reload stream, read as raw bytes.
struct Events {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let raw = format!("GET /_policy-site/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n");
        stream.write_all(raw.as_bytes()).expect("send");
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        let mut events = Events {
            stream,
            buffer: Vec::new(),
        };
        let head = events.next_block(WAIT).expect("event stream head");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        events
    }

    /// The next block of text up to a blank line, if one comes within `wait`.
    fn next_block(&mut self, wait: Duration) -> Option<String> {
        let deadline = Instant::now() + wait;
        loop {
            let find = |needle: &[u8]| {
                self.buffer
                    .windows(needle.len())
                    .position(|w| w == needle)
                    .map(|at| (at, needle.len()))
            };
            if let Some((at, len)) = [find(b"\r\n\r\n"), find(b"\n\n")]
                .into_iter()
                .flatten()
                .min()
            {
                let block = String::from_utf8_lossy(&self.buffer[..at]).to_string();
                self.buffer.drain(..at + len);
                return Some(block);
            }
            if Instant::now() >= deadline {
                return None;
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
                Err(_) => {}
            }
        }
    }

    /// The next `status` event within `wait`.
    fn status_within(&mut self, wait: Duration) -> Option<Value> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let block = self.next_block(left)?;
            if let Some(data) = block
                .lines()
                .find_map(|line| line.strip_prefix("data: "))
                .filter(|_| block.contains("event: status"))
            {
                return Some(serde_json::from_str(data).expect("status JSON"));
            }
        }
    }

    fn status(&mut self) -> Value {
        self.status_within(WAIT).expect("a status event")
    }

    /// Skips statuses until one satisfies `ok`.
    fn status_where(&mut self, ok: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let status = self.status_within(left).expect("the expected status");
            if ok(&status) {
                return status;
            }
        }
    }
}

fn site() -> tempfile::TempDir {
    common::copy_site(&common::bundled_site())
}

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).expect("read");
    old.push_str(text);
    std::fs::write(path, old).expect("write");
}

fn replace(path: &Path, from: &str, to: &str) {
    let old = std::fs::read_to_string(path).expect("read");
    assert!(old.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, old.replacen(from, to, 1)).expect("write");
}

fn build_of(status: &Value) -> String {
    status["build"].as_str().expect("a build id").to_string()
}

#[test]
fn serves_pages_with_their_content_types_and_no_caching() {
    let dir = site();
    let server = Serve::start(dir.path());
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/ja/index.html", "text/html; charset=utf-8"),
        ("/en/ranks/shuji.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/search.js", "text/javascript; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            reply.header("Content-Type").as_deref(),
            Some(kind),
            "{path}"
        );
        assert_eq!(
            reply.header("Cache-Control").as_deref(),
            Some("no-store"),
            "{path}"
        );
    }
    let page = server.get("/ja/index.html").text();
    assert!(page.contains("<html lang=\"ja\">"));
    assert!(
        page.contains("/_policy-site/events"),
        "the reload script is injected"
    );
    let css = server.get("/static/style.css").text();
    assert!(!css.contains("_policy-site"), "only HTML gets the script");
    let head = request(
        server.port,
        format!(
            "HEAD /ja/index.html HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
            server.port
        )
        .as_bytes(),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let post = request(
        server.port,
        format!("POST /ja/index.html HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", server.port).as_bytes(),
    );
    assert_eq!(post.status, 405);
}

#[test]
fn folders_redirect_and_missing_pages_get_the_site_404_in_their_language() {
    let dir = site();
    let server = Serve::start(dir.path());
    let folder = server.get("/ja");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location").as_deref(), Some("/ja/"));
    let index = server.get("/ja/");
    assert_eq!(index.status, 200);
    assert!(index.text().contains("<html lang=\"ja\">"));

    let english = server.get("/en/no-such-page.html");
    assert_eq!(english.status, 404);
    assert_eq!(
        english.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(
        english.text().contains("<html lang=\"en\">"),
        "the English 404 page"
    );
    assert!(
        english.text().contains("<base href=\"/en/404.html\">"),
        "its links still work"
    );
    for path in [
        "/no-such-page.html",
        "/ja/deep/no/such.html",
        "/fr/index.html",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            reply.text().contains("<html lang=\"ja\">"),
            "{path}: the default language's 404 page"
        );
    }
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let dir = site();
    let out = tempfile::tempdir().expect("temp dir");
    common::build(dir.path(), out.path());
    for file in common::files_under(out.path()) {
        let bytes = std::fs::read(out.path().join(&file)).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("_policy-site"),
            "{} has the reload script",
            file.display()
        );
        assert!(!text.contains("EventSource"), "{}", file.display());
    }
}

#[test]
fn editing_a_markdown_page_reloads_open_pages_with_the_new_text() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut events = server.events();
    let first = build_of(&events.status());
    append(
        &dir.path().join("content/pages/introduction.ja.md"),
        "\n新しい段落マーカー。\n",
    );
    let status = events.status();
    assert_eq!(status["failed"], false, "{status}");
    assert_ne!(build_of(&status), first, "a new build");
    let page = server.get("/ja/introduction.html").text();
    assert!(page.contains("新しい段落マーカー"));
    assert!(
        page.contains(&format!("var page = \"{}\";", build_of(&status))),
        "the page knows its build"
    );
    // The terminal says so too (read by a thread of ours: wait for it, do not race it).
    server.wait_for_stderr("pages rendered again)", 1);
    // The print view and the search index, made on request, have the new text too.
    let print = server.get("/ja/print.html");
    assert_eq!(print.status, 200);
    assert!(print.text().contains("新しい段落マーカー"));
    let index = server.get("/ja/search-index.js");
    assert_eq!(index.status, 200);
    assert!(
        index.text().contains("マーカー"),
        "the index has the new words"
    );
    // Never written to disk.
    assert!(!dir.path().join("public").exists());
}

#[test]
fn drafts_are_previewed_only_when_asked_for() {
    let dir = site();
    std::fs::write(
        dir.path().join("content/pages/plan.ja.md"),
        "---\ntitle: 検討中の計画\ndraft: true\n---\n\n下書きの本文。\n",
    )
    .expect("write a draft");
    let plain = Serve::start(dir.path());
    plain.wait_for_stderr("built ", 1);
    assert_eq!(
        plain.get("/ja/plan.html").status,
        404,
        "not without --drafts"
    );
    drop(plain);
    let drafts = Serve::start_with(dir.path(), &["--drafts"]);
    drafts.wait_for_stderr("built ", 1);
    let page = drafts.get("/ja/plan.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("下書きの本文"));
}

#[test]
fn a_print_template_that_breaks_only_there_shows_its_error_when_the_print_view_is_asked_for() {
    let dir = site();
    let templates = dir.path().join("templates/body");
    std::fs::create_dir_all(&templates).expect("templates folder");
    std::fs::write(templates.join("print.html"), "{{ no_such_value.title }}\n").expect("write");
    let server = Serve::start(dir.path());
    server.wait_for_stderr("built ", 1);
    assert_eq!(server.get("/ja/introduction.html").status, 200);
    let print = server.get("/ja/print.html");
    assert_eq!(print.status, 500);
    let text = print.text();
    assert!(text.contains("print.html"), "names the template: {text}");
    assert!(text.contains("no_such_value"), "says what is wrong: {text}");
    let status = server.events().status();
    assert_eq!(status["failed"], true, "open pages are told: {status}");
    server.wait_for_stderr("no_such_value", 1);
}

#[test]
fn a_broken_yaml_file_shows_the_findings_while_the_old_page_is_served_then_recovers() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut events = server.events();
    let good = build_of(&events.status());
    let ranks = dir.path().join("content/ranks.yaml");
    let old_page = server.get("/ja/ranks/shuji.html").text();

    replace(
        &ranks,
        "weights: { conceptual: 10, human: 35, technical: 55 }",
        "weights: { conceptual: 10, human: 35, technical: 50 }",
    );
    let broken = events.status();
    assert_eq!(broken["failed"], true, "{broken}");
    assert_eq!(build_of(&broken), good, "still the last good build");
    let problem = &broken["problems"][0];
    assert_eq!(problem["file"], "content/ranks.yaml");
    assert!(problem["line"].as_u64().is_some(), "{problem}");
    assert_eq!(problem["field"], "ranks[0].weights");
    assert!(problem["hint"].is_string(), "what to do: {problem}");
    // Both languages, for the overlay on Japanese and on English pages.
    let message_ja = problem["message_ja"].as_str().expect("message_ja");
    assert!(message_ja.contains("合計が100になるように"), "{problem}");
    assert!(
        problem["hint_ja"].is_string(),
        "what to do, in Japanese: {problem}"
    );
    assert!(
        problem["text_ja"]
            .as_str()
            .is_some_and(|t| t.starts_with("エラー[weights-sum]")),
        "{problem}"
    );
    let terminal = server.wait_for_stderr("build failed", 1);
    let text = problem["text"].as_str().expect("terminal text");
    assert!(
        terminal.contains(text),
        "the overlay says what the terminal says:\n{text}\n---\n{terminal}"
    );

    let served = server.get("/ja/ranks/shuji.html");
    assert_eq!(served.status, 200, "the last good build is still served");
    assert_eq!(served.text(), old_page);

    replace(&ranks, "technical: 50 }", "technical: 55 }");
    let fixed = events.status();
    assert_eq!(fixed["failed"], false, "{fixed}");
    assert_ne!(build_of(&fixed), good, "a new build, so open pages reload");
    assert!(fixed["problems"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn an_atomic_save_is_picked_up_every_time() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut events = server.events();
    let mut build = build_of(&events.status());
    let target = dir.path().join("content/pages/introduction.en.md");
    for n in 0..3 {
        // What editors do: write a temporary file beside the real one, then rename it over.
        let temp = dir.path().join("content/pages/.introduction.en.md.swp");
        let mut text = std::fs::read_to_string(&target).expect("read");
        text.push_str(&format!("\nAtomic save number {n}.\n"));
        std::fs::write(&temp, text).expect("write temp");
        std::fs::rename(&temp, &target).expect("rename over");
        let status = events.status_where(|s| s["build"].as_str() != Some(build.as_str()));
        assert_eq!(status["failed"], false, "{status}");
        build = build_of(&status);
        assert!(server
            .get("/en/introduction.html")
            .text()
            .contains(&format!("Atomic save number {n}.")));
    }
}

#[test]
fn files_created_renamed_and_deleted_while_watching_are_picked_up() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut events = server.events();
    events.status();
    let pages = dir.path().join("content/pages");
    for lang in ["ja", "en"] {
        std::fs::write(
            pages.join(format!("created.{lang}.md")),
            "---\ntitle: Created\nweight: 90\ndescription: x\n---\n\nCreated while watching.\n",
        )
        .expect("write");
    }
    events.status_where(|_| server.get("/en/created.html").status == 200);
    assert!(server
        .get("/en/created.html")
        .text()
        .contains("Created while watching."));

    for lang in ["ja", "en"] {
        std::fs::rename(
            pages.join(format!("created.{lang}.md")),
            pages.join(format!("renamed.{lang}.md")),
        )
        .expect("rename");
    }
    events.status_where(|_| server.get("/en/renamed.html").status == 200);
    assert_eq!(server.get("/en/created.html").status, 404);

    for lang in ["ja", "en"] {
        std::fs::remove_file(pages.join(format!("renamed.{lang}.md"))).expect("delete");
    }
    events.status_where(|_| server.get("/en/renamed.html").status == 404);
    assert!(
        server.stderr().matches("build failed").count() == 0,
        "{}",
        server.stderr()
    );
}

#[test]
fn editor_scratch_files_do_not_rebuild() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut events = server.events();
    events.status();
    let content = dir.path().join("content");
    for name in [
        "pages/.introduction.ja.md.swp",
        "pages/introduction.ja.md~",
        "pages/4913",
        ".#ranks.yaml",
        "~$ranks.yaml",
        "ranks.yaml.tmp",
    ] {
        std::fs::write(content.join(name), "not: [valid").expect("write scratch");
    }
    assert!(
        events.status_within(Duration::from_millis(1500)).is_none(),
        "no rebuild for scratch files:\n{}",
        server.stderr()
    );
    assert!(!server.stderr().contains("rebuilt"));
}

#[test]
fn a_burst_of_changes_is_one_rebuild() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut events = server.events();
    events.status();
    // Like a `git checkout`: 500 files written as fast as possible.
    let bulk = dir.path().join("content/pages/bulk");
    std::fs::create_dir_all(&bulk).expect("mkdir");
    for n in 0..250 {
        for lang in ["ja", "en"] {
            let text = format!(
                "---\ntitle: Bulk {n}\nweight: {n}\ndescription: x\n---\n\nBulk page {n}.\n"
            );
            std::fs::write(bulk.join(format!("p{n:03}.{lang}.md")), text).expect("write");
        }
    }
    // One rebuild for the burst; on a busy machine the first file can settle alone
    // before the rest arrive, which costs one early rebuild more, never one per file.
    // Wait for the event: a good build that serves the last page written.
    let mut reloads = 0;
    let status = loop {
        let status = events.status();
        reloads += 1;
        if status["failed"] == false && server.get("/en/bulk/p249.html").status == 200 {
            break status;
        }
    };
    let terminal = server.stderr();
    let rebuilds =
        terminal.matches("rebuilt in").count() + terminal.matches("build failed").count();
    assert!(
        reloads <= 2 && rebuilds <= 2,
        "500 files, {rebuilds} rebuilds:\n{terminal}"
    );
    assert_eq!(status["failed"], false, "{status}");
    assert_eq!(server.get("/en/bulk/p249.html").status, 200);
}

#[test]
fn a_failed_first_build_shows_the_findings_at_the_root_escaped() {
    let dir = site();
    append(
        &dir.path().join("content/mindsets.yaml"),
        "\n<img src=x onerror=alert(1)>: 1\n",
    );
    let server = Serve::start(dir.path());
    server.wait_for_stderr("nothing to serve", 1);
    let root = server.get("/");
    assert_eq!(root.status, 503);
    assert_eq!(
        root.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let page = root.text();
    assert!(page.contains("content/mindsets.yaml"), "{page}");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "escaped: {page}"
    );
    assert!(!page.contains("<img"), "never HTML from content: {page}");
    assert!(
        page.contains("var page = null;"),
        "the page reloads once something builds"
    );
    assert_eq!(server.get("/ja/index.html").status, 503);
    assert_eq!(server.get("/static/style.css").status, 503);

    let mut events = server.events();
    let status = events.status();
    assert_eq!(status["failed"], true);
    assert!(status["build"].is_null());
    replace(
        &dir.path().join("content/mindsets.yaml"),
        "\n<img src=x onerror=alert(1)>: 1\n",
        "\n",
    );
    let fixed = events.status();
    assert_eq!(fixed["failed"], false, "{fixed}");
    assert!(fixed["build"].is_string());
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn every_form_of_path_traversal_is_refused() {
    let dir = site();
    let secret = "SECRET-OUTSIDE-THE-OUTPUT";
    std::fs::write(dir.path().join("secret.txt"), secret).expect("write secret");
    std::fs::create_dir_all(dir.path().join("public")).expect("public");
    std::fs::write(dir.path().join("public/secret.txt"), secret).expect("write secret");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.path().join("secret.txt"),
            dir.path().join("public/link.html"),
        )
        .expect("symlink");
    }
    let server = Serve::start(dir.path());
    let refused = [
        "/../secret.txt",
        "/ja/../../secret.txt",
        "/ja/../index.html",
        "/./secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/ja%2f..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/..%255csecret.txt",
        "/C:/secret.txt",
        "/c:%5csecret.txt",
        "/C%3A/secret.txt",
        "/secret.txt%00.html",
        "/ja/index.html%00",
        "//etc/passwd",
        "/%2F%2Fetc/passwd",
        "/%",
        "/%ff",
        "http://localhost/../secret.txt",
    ];
    for path in refused {
        let raw = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        let reply = request(server.port, raw.as_bytes());
        assert_eq!(reply.status, 400, "{path}: {}", reply.text());
        assert!(!reply.text().contains(secret), "{path}");
    }
    // Files beside or under the site folder, and symlinks there, are not the output.
    for path in [
        "/secret.txt",
        "/public/secret.txt",
        "/link.html",
        "/public/link.html",
        "/etc/passwd",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(
            !reply.text().contains(secret) && !reply.text().contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn foreign_hosts_are_refused_when_bound_to_loopback() {
    let dir = site();
    let server = Serve::start(dir.path());
    let port = server.port;
    let host = |host: Option<&str>| {
        let header = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        request(
            port,
            format!("GET /ja/index.html HTTP/1.1\r\n{header}Connection: close\r\n\r\n").as_bytes(),
        )
        .status
    };
    for allowed in [
        "localhost",
        "localhost:8000",
        "127.0.0.1",
        &format!("127.0.0.1:{port}"),
        "[::1]",
        "[::1]:8000",
    ] {
        assert_eq!(host(Some(allowed)), 200, "{allowed}");
    }
    for foreign in [
        "evil.example",
        "evil.example:8000",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "192.168.0.10",
    ] {
        assert_eq!(host(Some(foreign)), 403, "{foreign}");
    }
    assert_eq!(host(None), 403, "no Host at all");
    let stream = request(
        port,
        b"GET /_policy-site/events HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(stream.status, 403, "the reload stream too");
    let said = stream.text();
    assert!(
        said.contains("localhost") && said.contains("応答します"),
        "the refusal says why, in English and Japanese: {said}"
    );
}

#[test]
fn binding_elsewhere_warns_and_answers_any_host() {
    let dir = site();
    let server = Serve::start_with(dir.path(), &["--bind", "0.0.0.0"]);
    assert!(
        server
            .stderr()
            .contains("warning[public-preview]: listening on 0.0.0.0"),
        "{}",
        server.stderr()
    );
    let reply = request(
        server.port,
        b"GET /ja/index.html HTTP/1.1\r\nHost: my-pc.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(reply.status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_error_and_exit_2() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let dir = site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_policy-site"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["serve", "--root", common::path(dir.path()), "--port", &port])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve kept running on a port in use");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("port {port}")) && stderr.contains("already in use"),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "says what to do: {stderr}");
}

#[test]
fn a_folder_that_is_not_a_site_exits_2() {
    let empty = tempfile::tempdir().expect("temp dir");
    let output = common::run(&["serve", "--root", common::path(empty.path()), "--port", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("no content/ folder"));
}

/// Opens a connection and sends `raw`, leaving it open.
fn open_with(port: u16, raw: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.write_all(raw).expect("send");
    stream
}

/// Waits until the server closes `stream` (whatever it sent first); what it sent.
/// Panics if it is still open after `WAIT`.
fn wait_until_closed(stream: &mut TcpStream) -> String {
    let deadline = Instant::now() + WAIT;
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return String::from_utf8_lossy(&got).to_string(),
            Ok(n) => got.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return String::from_utf8_lossy(&got).to_string()
            }
            Err(_) => assert!(Instant::now() < deadline, "still open after {WAIT:?}"),
        }
    }
}

/// A reader's request while the server is under load: answered 200; prints how long
/// it took.
fn a_reader_is_answered(server: &Serve, under: &str) {
    let started = Instant::now();
    let reply = server.get("/ja/index.html");
    println!("a reader was answered in {:?} {under}", started.elapsed());
    assert_eq!(reply.status, 200, "{under}: {}", reply.text());
}

#[test]
fn slow_and_idle_clients_do_not_block_others_and_are_cut_off() {
    let dir = site();
    let server = Serve::start(dir.path());
    // Half a request head each, never finished (slowloris).
    let mut slow: Vec<TcpStream> = (0..20)
        .map(|_| open_with(server.port, b"GET /ja/index.html HTTP/1.1\r\nHost: local"))
        .collect();
    a_reader_is_answered(&server, "with 20 half-sent heads open");
    // The head timeout (5 s) closes them, with a 408.
    let started = Instant::now();
    let said = wait_until_closed(&mut slow[0]);
    println!("a half-sent head was cut off after {:?}", started.elapsed());
    assert!(said.starts_with("HTTP/1.1 408 "), "{said}");
}

#[test]
fn idle_connections_beyond_the_cap_give_way_to_a_reader() {
    let dir = site();
    let server = Serve::start(dir.path());
    // 64 connections that never send anything (idle keep-alives, or an attacker).
    let mut held: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    // Wait until the server has taken every one of them: a keep-alive request on the
    // last one is answered.
    let last = held.last_mut().expect("a connection");
    let raw = format!(
        "GET /ja/index.html HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        server.port
    );
    last.write_all(raw.as_bytes()).expect("send");
    last.set_read_timeout(Some(WAIT)).expect("timeout");
    let mut first = [0u8; 12];
    last.read_exact(&mut first).expect("an answer");
    assert_eq!(&first, b"HTTP/1.1 200");
    a_reader_is_answered(&server, "with 64 idle connections open");
    // The one that had waited longest made way for it.
    let said = wait_until_closed(&mut held[0]);
    assert!(said.is_empty(), "closed without an answer: {said}");
}

#[test]
fn slow_clients_sending_a_header_byte_by_byte_never_starve_a_reader() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut slow: Vec<TcpStream> = (0..200).map(|_| open_with(server.port, b"G")).collect();
    // One more byte on each, while the reader asks (a closed one just fails).
    for stream in &mut slow {
        let _ = stream.write_all(b"E");
    }
    a_reader_is_answered(&server, "with 200 clients sending a head byte by byte");
    for stream in &mut slow {
        let _ = stream.write_all(b"T");
    }
    // Those that gave way, and the others at the head timeout, are closed unanswered.
    let said = wait_until_closed(&mut slow[199]);
    assert!(!said.contains("200 OK"), "{said}");
}

#[test]
fn requests_it_cannot_answer_get_an_error_and_leave_no_connection_behind() {
    let dir = site();
    let server = Serve::start(dir.path());
    let port = server.port;
    let cannot: [(&[u8], u16); 6] = [
        (b"\x16\x03\x01\x00\xa5\x01\x00", 400),
        (b"GET /ja/ HTTP/2.0\r\nHost: localhost\r\n\r\n", 505),
        (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
        (b"GET /ja/\r\n", 400),
        (
            b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\n\r\n\r\n",
            400,
        ),
        (
            b"GET /ja/ HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
            400,
        ),
    ];
    for (raw, status) in cannot {
        let mut stream = open_with(port, raw);
        let said = wait_until_closed(&mut stream);
        let shown = String::from_utf8_lossy(raw);
        assert!(
            said.starts_with(&format!("HTTP/1.1 {status} ")),
            "{shown:?}: {said}"
        );
    }
    // More than the connection cap of HTTP/2 lines, each sent and dropped at once.
    for _ in 0..100 {
        drop(open_with(
            port,
            b"GET /ja/ HTTP/2.0\r\nHost: localhost\r\n\r\n",
        ));
    }
    a_reader_is_answered(&server, "after 100 HTTP/2 request lines");
}

#[test]
fn reload_streams_have_their_own_budget_and_the_oldest_gives_way() {
    let dir = site();
    let server = Serve::start(dir.path());
    let mut streams: Vec<Events> = (0..200).map(|_| server.events()).collect();
    a_reader_is_answered(&server, "with 200 reload streams opened");
    let said = wait_until_closed(&mut streams[0].stream);
    assert!(!said.contains("HTTP/1.1"), "already past its head: {said}");
    // The newest still hears the builds.
    append(
        &dir.path().join("content/pages/introduction.ja.md"),
        "\n追記しました。\n",
    );
    let status = streams[199].status_where(|s| s["build"] != Value::Null);
    assert!(status["build"].is_string());
}

#[test]
fn a_reader_is_answered_while_slow_clients_streams_and_http2_lines_are_connected() {
    let dir = site();
    let server = Serve::start(dir.path());
    let port = server.port;
    let _slow: Vec<TcpStream> = (0..200)
        .map(|_| open_with(port, b"GET /ja/index.html HTTP/1.1\r\nHo"))
        .collect();
    let _streams: Vec<Events> = (0..200).map(|_| server.events()).collect();
    let _http2: Vec<TcpStream> = (0..200)
        .map(|i| {
            let raw: &[u8] = if i % 2 == 0 {
                b"GET /ja/ HTTP/2.0\r\nHost: localhost\r\n\r\n"
            } else {
                b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
            };
            open_with(port, raw)
        })
        .collect();
    a_reader_is_answered(
        &server,
        "with 200 slow clients, 200 reload streams and 200 HTTP/2 lines connected",
    );
}

#[test]
fn a_loopback_address_other_than_127_0_0_1_answers_at_the_url_it_prints() {
    let dir = site();
    let mut binds = vec!["127.0.0.2"];
    if TcpListener::bind("[::1]:0").is_ok() {
        binds.push("::1");
    } else {
        println!("no IPv6 loopback here: ::1 not tried");
    }
    for bind in binds {
        let server = Serve::start_with(dir.path(), &["--bind", bind]);
        let address = server.address;
        let host = match address {
            SocketAddr::V4(v4) => v4.to_string(),
            SocketAddr::V6(v6) => format!("[{}]:{}", v6.ip(), v6.port()),
        };
        let raw =
            format!("GET /ja/index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let reply = request_to(address, raw.as_bytes());
        assert_eq!(reply.status, 200, "{bind}: {}", reply.text());
        let foreign = request_to(
            address,
            b"GET /ja/index.html HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        );
        assert_eq!(foreign.status, 403, "{bind}");
        assert!(
            foreign
                .text()
                .contains(&host[..host.rfind(':').unwrap_or(0)]),
            "{}",
            foreign.text()
        );
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let dir = site();
    let mut server = Serve::start(dir.path());
    let pid = server.child.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill -INT");
    assert!(sent.success());
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    server.wait_for_stderr("stopped", 1);
    assert!(!dir.path().join("public").exists(), "nothing written");
}

#[test]
fn the_draft_comparison_is_made_on_request_and_follows_each_save() {
    let dir = common::copy_site(&common::fixture("revisions"));
    let server = Serve::start(dir.path());
    let mut events = server.events();
    let first = build_of(&events.status());
    let next = server.get("/ja/revisions/next.html");
    assert_eq!(next.status, 200);
    assert!(next.text().contains("変更はありません"), "{}", next.text());
    replace(
        &dir.path().join("content/glossary.yaml"),
        "職場で仕事を通じて行う研修です。",
        "職場で日々の仕事を通じて行う研修です。",
    );
    let status = events.status_where(|s| s["failed"] == false && build_of(s) != first);
    assert_ne!(build_of(&status), first);
    let next = server.get("/ja/revisions/next.html").text();
    assert!(
        next.contains("職場で<ins>日々の</ins>仕事を通じて"),
        "{next}"
    );
    assert!(next.contains("content/glossary.yaml") || next.contains("terms[ojt].definition"));
    let history = server.get("/en/revisions.html");
    assert_eq!(history.status, 200);
    assert!(history.text().contains("Revision history"));
    assert!(
        history.text().contains("<a href=\"revisions/next.html\">"),
        "the preview's history links to the unrecorded changes"
    );
    assert!(!dir.path().join("public").exists(), "never written to disk");
}
