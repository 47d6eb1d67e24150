//! Answers to requests (request.rs has read and checked them): the Host check, path
//! normalisation, files from the in-memory site with their content types, the reload
//! stream, redirects for folders, and the site's own 404 page.
//!
//! Each answer is written as one buffer, head and body together, so Nagle's algorithm
//! never holds a body back waiting for the ACK of its head (that added 40 ms to every
//! stylesheet a reloading page fetched).

use super::overlay;
use super::paths::{self, Target, EVENTS_PATH};
use super::reload::Status;
use super::request::Request;
use super::ServeState;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An answer: status, the headers that vary, the body.
pub struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn with(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// The whole answer as bytes: status line, headers, blank line, body (not for HEAD).
    /// `closes`: the connection closes after it (the client asked to).
    pub fn into_bytes(self, head_only: bool, closes: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        if closes {
            head.push_str("Connection: close\r\n");
        }
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
            self.body.len()
        ));
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

/// The reason phrase of a status this server answers with.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// What a request gets: an answer, or the reload stream (the hub answers that).
pub enum Answer {
    Events,
    Reply(Reply),
}

/// The answer to one request.
pub fn answer(state: &ServeState, request: &Request) -> Answer {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let reply = text(
            405,
            "only GET and HEAD are served here\nGET と HEAD のリクエストにだけ応答します\n",
        );
        return Answer::Reply(reply.with("Allow", "GET, HEAD"));
    }
    if let Some(bound) = state.loopback {
        if !host_allowed(request.host.as_deref(), bound) {
            return Answer::Reply(refused_host(bound));
        }
    }
    let target = match paths::normalise(&request.target) {
        Ok(target) => target,
        Err(refused) => {
            let body = format!(
                "bad request: {refused}\n不正なリクエストです：{}\n",
                refused.ja()
            );
            return Answer::Reply(text(400, &body));
        }
    };
    if !request.is_head() && request.target.split('?').next() == Some(EVENTS_PATH) {
        return Answer::Events;
    }
    Answer::Reply(site_file(state, &target))
}

fn refused_host(bound: IpAddr) -> Reply {
    let names = match bound {
        IpAddr::V4(ip) if ip == Ipv4Addr::LOCALHOST => String::new(),
        IpAddr::V6(ip) if ip == Ipv6Addr::LOCALHOST => String::new(),
        IpAddr::V4(ip) => format!("、{ip}"),
        IpAddr::V6(ip) => format!("、[{ip}]"),
    };
    let body = format!(
        "this preview answers only to localhost, 127.0.0.1, [::1]{}\n\
         このプレビューは localhost、127.0.0.1、[::1]{names} あてのリクエストにだけ応答します\n",
        names.replace('、', ", ")
    );
    text(403, &body)
}

/// Whether a `Host` header names this computer: `localhost`, `127.0.0.1`, `[::1]` or
/// the loopback address the preview is `bound` to, with or without a port. Anything
/// else may be a DNS-rebinding page.
pub fn host_allowed(host: Option<&str>, bound: IpAddr) -> bool {
    let Some(host) = host.map(str::trim) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inner, port)) if port_ok(port) => inner,
            _ => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
            Some(_) => return false,
            None => host,
        }
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<IpAddr>().is_ok_and(|ip| {
        ip == bound
            || ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
            || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
    })
}

fn port_ok(rest: &str) -> bool {
    rest.is_empty()
        || rest
            .strip_prefix(':')
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// A file of the current build, a redirect to a folder's index, or the 404 page.
fn site_file(state: &ServeState, target: &Target) -> Reply {
    let site = state.snapshot();
    let Some(build) = site.id.as_deref() else {
        return nothing_built(state, &target.key);
    };
    match site.file(&target.key) {
        Ok(Some(bytes)) => return file(200, &target.key, &bytes, build),
        Ok(None) => {}
        Err(problems) => {
            // Only a broken template stops the print view; the terminal and every
            // open page are told.
            (state.print)(problems);
            let status = Status::failed(Some(build.to_string()), problems);
            state.hub.publish(status.clone());
            let page = overlay::nothing_built_page(site.language_of(&target.key), &status);
            return bytes(500, page.into_bytes(), "text/html; charset=utf-8");
        }
    }
    let index = format!("{}/index.html", target.key);
    if !target.directory && site.has(&index) {
        let location = format!("/{}/", paths::encode(&target.key));
        return text(301, &format!("see {location}\n")).with("Location", &location);
    }
    let lang = site.language_of(&target.key);
    let page = [lang, site.default_language()]
        .iter()
        .map(|lang| format!("{lang}/404.html"))
        .find_map(|key| site.file(&key).ok().flatten().map(|bytes| (key, bytes)));
    match page {
        Some((key, bytes)) => {
            let based = overlay::with_base(&bytes, &format!("/{}", paths::encode(&key)));
            file(404, &key, &based, build)
        }
        None => text(404, "not found\nページが見つかりません\n"),
    }
}

/// Before any build has succeeded: pages show the findings, everything else is a 503.
fn nothing_built(state: &ServeState, key: &str) -> Reply {
    let status = 503;
    if content_type(key).starts_with("text/html")
        || !key.rsplit('/').next().unwrap_or(key).contains('.')
    {
        let site = state.snapshot();
        let page = overlay::nothing_built_page(site.language_of(key), &state.hub.status());
        return bytes(status, page.into_bytes(), "text/html; charset=utf-8");
    }
    text(
        status,
        "the site has not been built yet; see the terminal\n\
         サイトはまだできていません。ターミナルの表示を見てください\n",
    )
}

/// A file of the site; HTML gets the live-reload script.
fn file(status: u16, key: &str, body: &[u8], build: &str) -> Reply {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        overlay::inject(body, &overlay::script(Some(build)))
    } else {
        body.to_vec()
    };
    bytes(status, body, kind)
}

fn text(status: u16, body: &str) -> Reply {
    bytes(
        status,
        body.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

fn bytes(status: u16, body: Vec<u8>, kind: &str) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body,
    }
    .with("Content-Type", kind)
}

/// The `Content-Type` of a file by its extension; text types say UTF-8.
pub fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "webmanifest" => "application/manifest+json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_or_without_port_are_allowed() {
        for host in [
            "localhost",
            "localhost:8000",
            "LOCALHOST:8000",
            "127.0.0.1",
            "127.0.0.1:8000",
            "[::1]",
            "[::1]:8000",
            "localhost:",
        ] {
            assert!(host_allowed(Some(host), LOOPBACK), "{host}");
        }
    }

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    #[test]
    fn the_bound_address_is_allowed_too() {
        let bound: IpAddr = "127.0.0.2".parse().expect("address");
        assert!(host_allowed(Some("127.0.0.2:8000"), bound));
        assert!(host_allowed(Some("localhost:8000"), bound));
        assert!(!host_allowed(Some("127.0.0.3:8000"), bound));
        let v6: IpAddr = "::1".parse().expect("address");
        assert!(host_allowed(Some("[::1]:8000"), v6));
        assert!(!host_allowed(Some("[::2]:8000"), v6));
    }

    #[test]
    fn other_hosts_are_refused() {
        for host in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "localhost:80:80",
            "localhost:8000x",
            "[::1]x",
            "[::2]:8000",
            "192.168.1.10:8000",
            "",
        ] {
            assert!(!host_allowed(Some(host), LOOPBACK), "{host}");
        }
        assert!(!host_allowed(None, LOOPBACK));
    }

    #[test]
    fn an_answer_is_one_buffer_and_says_when_the_connection_closes() {
        let bytes = |head_only, closes| {
            let reply = text(404, "not found\n").with("X-Test", "1");
            String::from_utf8(reply.into_bytes(head_only, closes)).expect("utf-8")
        };
        let kept = bytes(false, false);
        assert!(kept.starts_with("HTTP/1.1 404 Not Found\r\n"), "{kept}");
        assert!(kept.contains("\r\nContent-Length: 10\r\n"), "{kept}");
        assert!(kept.contains("\r\nX-Test: 1\r\n"), "{kept}");
        assert!(!kept.contains("Connection:"), "{kept}");
        assert!(kept.ends_with("\r\n\r\nnot found\n"), "{kept}");
        let closing = bytes(false, true);
        assert!(closing.contains("\r\nConnection: close\r\n"), "{closing}");
        let head = bytes(true, false);
        assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head}");
        assert!(head.contains("Content-Length: 10\r\n"), "{head}");
    }

    #[test]
    fn content_types_say_utf_8_for_text() {
        assert_eq!(content_type("ja/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("ja/search-index.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("sitemap.xml"),
            "application/xml; charset=utf-8"
        );
        assert_eq!(
            content_type("static/logo.SVG"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(content_type("static/a.png"), "image/png");
        assert_eq!(content_type("data.json"), "application/json; charset=utf-8");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
