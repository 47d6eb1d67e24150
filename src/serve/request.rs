//! Reading requests from a browser's connection: each request head is read whole
//! (within its time limits, up to `MAX_HEAD` bytes) and checked before anything answers
//! it. Only what the preview needs is accepted: an HTTP/1.0 or 1.1 request line, one
//! `Host` at most, and no body. Anything else (an HTTP/2 line or preface, HTTP/0.9,
//! TLS and other binary protocols, folded or nameless headers) is a [`Refusal`]: an
//! error status and text, then the connection closes.

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The largest request head accepted (browsers send well under 8 KiB).
const MAX_HEAD: usize = 16 * 1024;

/// A refusal: the status and its text, in English then Japanese.
pub type Refusal = (u16, &'static str);

const BODY: Refusal = (
    413,
    "requests with a body are not accepted\n本文のあるリクエストは受け付けません",
);
const NOT_HTTP_1: Refusal = (
    505,
    "only HTTP/1.0 and HTTP/1.1 are served here\nHTTP/1.0 と HTTP/1.1 のリクエストにだけ応答します",
);
const MALFORMED: Refusal = (
    400,
    "this is not an HTTP/1.1 request\nHTTP/1.1 のリクエストとして読めません",
);
const TOO_SLOW: Refusal = (
    408,
    "the request took too long to arrive\nリクエストの受信に時間がかかりすぎました",
);
const TOO_LARGE: Refusal = (
    431,
    "the request head is too large\nリクエストのヘッダーが大きすぎます",
);
const TWO_HOSTS: Refusal = (
    400,
    "the request names its host more than once\nリクエストにホスト名（Host）が二つ以上あります",
);

/// Why a connection stops before a complete request head.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// Closed by the client, idle too long between requests, or a read error: just close.
    Quietly,
    /// Answer with this status and text, then close.
    Refused(Refusal),
}

/// One request, as far as the preview reads it (it has no body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, … (case matters: `get` is not `GET`).
    pub method: String,
    /// The request target exactly as sent: `/ja/index.html?x`.
    pub target: String,
    /// The `Host` header's value, if the request has one.
    pub host: Option<String>,
    /// The client asked to close after this answer (or speaks HTTP/1.0 without
    /// keep-alive).
    pub closes: bool,
}

impl Request {
    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }

    /// A complete head (request line through its blank line), checked.
    pub fn from_head(head: &[u8]) -> Result<Request, Refusal> {
        let text = std::str::from_utf8(head).map_err(|_| MALFORMED)?;
        let mut lines = text.trim_end_matches("\r\n").split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut parts = request_line.split(' ');
        let (Some(method), Some(target), Some(version)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return Err(MALFORMED);
        };
        let mut connection = String::new();
        let mut hosts = Vec::new();
        for line in lines {
            let (name, value) = line.split_once(':').ok_or(MALFORMED)?;
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(MALFORMED);
            }
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "connection" => connection.push_str(&value.to_ascii_lowercase()),
                "transfer-encoding" => return Err(BODY),
                "content-length" if value != "0" => return Err(BODY),
                "host" => hosts.push(value.to_string()),
                _ => {}
            }
        }
        if hosts.len() > 1 {
            return Err(TWO_HOSTS);
        }
        let http_1_0 = version == "HTTP/1.0";
        Ok(Request {
            method: method.to_string(),
            target: target.to_string(),
            host: hosts.pop(),
            closes: connection.contains("close")
                || (http_1_0 && !connection.contains("keep-alive")),
        })
    }
}

/// Reads request heads from a client, keeping what follows a head for the next one.
#[derive(Debug)]
pub struct HeadReader {
    buffer: Vec<u8>,
    /// A head must be complete this long after its first byte (slowloris: else 408).
    head_timeout: Duration,
    /// A connection waiting this long for the next request is closed.
    idle_timeout: Duration,
}

impl HeadReader {
    pub fn new(head_timeout: Duration, idle_timeout: Duration) -> Self {
        HeadReader {
            buffer: Vec::new(),
            head_timeout,
            idle_timeout,
        }
    }

    /// The next request, read from a client whose reads time out now and then (so the
    /// clocks are checked). Its request line is checked as soon as it is complete, so a
    /// request that cannot be answered (HTTP/2, HTTP/0.9, garbage) is refused at once
    /// instead of waiting for a blank line.
    pub fn next(&mut self, client: &TcpStream) -> Result<Request, Ended> {
        let head = self.next_head(client)?;
        Request::from_head(&head).map_err(Ended::Refused)
    }

    fn next_head(&mut self, mut client: &TcpStream) -> Result<Vec<u8>, Ended> {
        let waiting = Instant::now();
        let mut started = (!self.buffer.is_empty()).then(Instant::now);
        let mut chunk = [0u8; 4096];
        loop {
            self.check_so_far().map_err(Ended::Refused)?;
            if let Some(end) = head_end(&self.buffer) {
                return Ok(self.buffer.drain(..end).collect());
            }
            match client.read(&mut chunk) {
                Ok(0) => return Err(Ended::Quietly),
                Ok(n) => {
                    started.get_or_insert_with(Instant::now);
                    self.buffer.extend_from_slice(&chunk[..n]);
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    match started {
                        Some(first_byte) if first_byte.elapsed() > self.head_timeout => {
                            return Err(Ended::Refused(TOO_SLOW))
                        }
                        None if waiting.elapsed() > self.idle_timeout => {
                            return Err(Ended::Quietly)
                        }
                        _ => {}
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return Err(Ended::Quietly),
            }
        }
    }

    /// Whether what has arrived so far can still become a request head.
    fn check_so_far(&self) -> Result<(), Refusal> {
        match self.buffer.iter().position(|&b| b == b'\n') {
            Some(line_end) => check_request_line(&self.buffer[..=line_end])?,
            None if !plausible_method(&self.buffer) => return Err(MALFORMED),
            None => {}
        }
        if self.buffer.len() > MAX_HEAD && head_end(&self.buffer).is_none() {
            return Err(TOO_LARGE);
        }
        Ok(())
    }
}

/// Where the head in `buffer` ends (after its `\r\n\r\n`), if it is complete.
fn head_end(buffer: &[u8]) -> Option<usize> {
    buffer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| at + 4)
}

/// Whether the start of a request line (before its line end) can still become one:
/// a method is a few letters followed by a space (TLS and other binary protocols are
/// refused at their first bytes).
fn plausible_method(start: &[u8]) -> bool {
    const LONGEST: usize = 16;
    let method = start.split(|&b| b == b' ').next().unwrap_or_default();
    method.iter().all(u8::is_ascii_alphabetic) && method.len() <= LONGEST
}

/// A request line, with its line end: `GET /ja/ HTTP/1.1\r\n`.
fn check_request_line(line: &[u8]) -> Result<(), Refusal> {
    let line = line.strip_suffix(b"\r\n").ok_or(MALFORMED)?;
    let line = std::str::from_utf8(line).map_err(|_| MALFORMED)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(MALFORMED);
    };
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    let printable = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
    if !token(method) || !printable(target) {
        return Err(MALFORMED);
    }
    match version {
        "HTTP/1.0" | "HTTP/1.1" => Ok(()),
        v if v.starts_with("HTTP/") => Err(NOT_HTTP_1),
        _ => Err(MALFORMED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(head: &[u8]) -> Request {
        Request::from_head(head).expect("a request")
    }

    fn refused(head: &[u8]) -> Option<u16> {
        Request::from_head(head).err().map(|(status, _)| status)
    }

    #[test]
    fn heads_end_at_the_blank_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nGET /a"), Some(18));
    }

    #[test]
    fn a_head_gives_method_target_and_host() {
        let got = request(b"GET /ja/?q=1 HTTP/1.1\r\nHost: localhost:8000\r\nAccept: */*\r\n\r\n");
        assert_eq!(
            got,
            Request {
                method: "GET".into(),
                target: "/ja/?q=1".into(),
                host: Some("localhost:8000".into()),
                closes: false,
            }
        );
        assert!(!got.is_head());
        assert_eq!(request(b"HEAD / HTTP/1.1\r\n\r\n").host, None);
        assert!(request(b"HEAD / HTTP/1.1\r\n\r\n").is_head());
    }

    #[test]
    fn the_client_decides_whether_its_connection_stays_open() {
        let closes = |head: &[u8]| request(head).closes;
        assert!(closes(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assert!(closes(b"GET / HTTP/1.0\r\n\r\n"));
        assert!(!closes(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
        assert!(!closes(b"GET / HTTP/1.1\r\n\r\n"));
    }

    #[test]
    fn requests_with_a_body_are_refused() {
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"),
            Some(413)
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Some(413)
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
            None
        );
        assert_eq!(refused(b"GET /\xff HTTP/1.1\r\n\r\n"), Some(400));
    }

    #[test]
    fn only_http_1_request_lines_are_answered() {
        let status = |line: &[u8]| check_request_line(line).err().map(|(status, _)| status);
        assert_eq!(status(b"GET /ja/ HTTP/1.1\r\n"), None);
        assert_eq!(status(b"HEAD / HTTP/1.0\r\n"), None);
        assert_eq!(status(b"GET /ja/ HTTP/2.0\r\n"), Some(505));
        assert_eq!(status(b"PRI * HTTP/2.0\r\n"), Some(505));
        assert_eq!(status(b"GET /\r\n"), Some(400), "HTTP/0.9");
        assert_eq!(status(b"GET / HTTP/1.1\n"), Some(400), "bare line feed");
        assert_eq!(
            status(b"\x16\x03\x01\x02\x00\n"),
            Some(400),
            "TLS and other garbage"
        );
        assert_eq!(status(b"GET  / HTTP/1.1\r\n"), Some(400));
        assert_eq!(status(b"G\xc3\xa9T / HTTP/1.1\r\n"), Some(400));
    }

    #[test]
    fn binary_protocols_are_refused_at_their_first_bytes() {
        assert!(plausible_method(b""));
        assert!(plausible_method(b"GE"));
        assert!(plausible_method(b"GET /ja/ind"));
        assert!(!plausible_method(b"\x16\x03\x01"), "TLS");
        assert!(!plausible_method(b"G\0"));
        assert!(!plausible_method(b"AAAAAAAAAAAAAAAAAAAAAAAA"));
    }

    #[test]
    fn two_host_headers_are_refused() {
        let head = b"GET / HTTP/1.1\r\nHost: localhost\r\nhost: evil.example\r\n\r\n";
        assert_eq!(Request::from_head(head).err(), Some(TWO_HOSTS));
        let folded = b"GET / HTTP/1.1\r\nHost: localhost\r\n continued\r\n\r\n";
        assert_eq!(Request::from_head(folded).err(), Some(MALFORMED));
    }

    #[test]
    fn two_requests_sent_at_once_are_read_one_after_the_other() {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let mut client =
            TcpStream::connect(listener.local_addr().expect("address")).expect("connect");
        let (server, _) = listener.accept().expect("accept");
        server
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        client
            .write_all(b"GET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/2.0\r\n")
            .expect("send");
        let mut reader = HeadReader::new(Duration::from_secs(30), Duration::from_secs(30));
        assert_eq!(reader.next(&server).expect("first").target, "/a");
        assert_eq!(reader.next(&server).expect("second").target, "/b");
        assert_eq!(reader.next(&server), Err(Ended::Refused(NOT_HTTP_1)));
        drop(client);
    }

    #[test]
    fn a_head_larger_than_the_limit_is_refused_unfinished() {
        let mut reader = HeadReader::new(Duration::from_secs(5), Duration::from_secs(30));
        reader.buffer = b"GET / HTTP/1.1\r\nX: ".to_vec();
        reader.buffer.resize(MAX_HEAD + 1, b'a');
        assert_eq!(reader.check_so_far(), Err(TOO_LARGE));
    }
}
