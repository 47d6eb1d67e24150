//! The socket browsers connect to. tiny_http does not face the network itself: it has
//! no read timeout and no connection limit, keeps one thread per connection for as
//! long as the connection lives, and waits for ever for the next request after one it
//! cannot answer (an `HTTP/2.0` line). So this guard accepts connections, and for each:
//!
//! - takes a place in [`Slots`]: page connections and live-reload streams have
//!   separate budgets, and a full budget closes the connection that has waited longest
//!   for a request (or the oldest stream) rather than refusing a reader;
//! - reads each request head itself, which must arrive within `head_timeout` of its
//!   first byte (slowloris: else 408), and closes a connection idle for `idle_timeout` between
//!   requests; answers anything that is not an HTTP/1.0 or 1.1 request (HTTP/2 lines
//!   and preface, HTTP/0.9, garbage, two `Host` headers, a body) with an error and
//!   closes;
//! - hands tiny_http one complete request per private loopback connection, marked
//!   `Connection: close`, so tiny_http's thread is done as soon as the head is parsed;
//! - relays the answer until tiny_http closes it (the reload stream stays open), to a
//!   client that must keep reading (`write_timeout`), and stops as soon as the client
//!   has gone or tiny_http is silent for `STALL`; then waits for the next request.

use super::paths::EVENTS_PATH;
use super::slots::{Slot, Slots};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Page connections open at once (idle and slow ones give way to new ones).
    pub max_connections: usize,
    /// Live-reload streams open at once (the oldest gives way to a new one).
    pub max_streams: usize,
    pub head_timeout: Duration,
    pub idle_timeout: Duration,
    pub write_timeout: Duration,
}

pub const LIMITS: Limits = Limits {
    max_connections: 64,
    max_streams: 64,
    head_timeout: Duration::from_secs(5),
    idle_timeout: Duration::from_secs(30),
    write_timeout: Duration::from_secs(10),
};

/// The largest request head accepted (browsers send well under 8 KiB).
const MAX_HEAD: usize = 16 * 1024;
/// How often a waiting read wakes up to check the clocks and the client.
const POLL: Duration = Duration::from_millis(250);
/// How long tiny_http may stay silent in the middle of an answer (the reload stream
/// hears a ping every 10 s).
const STALL: Duration = Duration::from_secs(30);

/// Accepts on `listener` for ever, relaying each connection to `backend`.
pub fn spawn(listener: TcpListener, backend: SocketAddr, limits: Limits) -> std::io::Result<()> {
    thread::Builder::new()
        .name("serve-accept".into())
        .spawn(move || accept(&listener, backend, limits))?;
    Ok(())
}

fn accept(listener: &TcpListener, backend: SocketAddr, limits: Limits) {
    let slots = Slots::new(limits.max_connections, limits.max_streams);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors or similar: wait instead of spinning.
            thread::sleep(Duration::from_millis(50));
            continue;
        };
        let slot = stream.try_clone().ok().and_then(|kept| slots.admit(kept));
        let Some(slot) = slot else {
            refuse(
                stream,
                503,
                "too many connections; try again soon\n接続が多すぎます。少し待ってからもう一度開いてください",
            );
            continue;
        };
        let spawned = thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                connection(&stream, &slot, backend, &limits);
                let _ = stream.shutdown(Shutdown::Both);
                drop(slot);
            });
        if spawned.is_err() {
            // The closure, and with it the slot and the stream, has been dropped.
            thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Answers with a short plain-text error and closes.
fn refuse(mut stream: TcpStream, status: u16, text: &str) {
    let reason = match status {
        400 => "Bad Request",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        505 => "HTTP Version Not Supported",
        _ => "Service Unavailable",
    };
    let retry = if status == 503 {
        "Retry-After: 1\r\n"
    } else {
        ""
    };
    let answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
Cache-Control: no-store\r\n{retry}Connection: close\r\nContent-Length: {}\r\n\r\n{text}\n",
        text.len() + 1
    );
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(answer.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
}

/// Serves the requests of one client connection, one after the other.
fn connection(client: &TcpStream, slot: &Slot, backend: SocketAddr, limits: &Limits) {
    let _ = client.set_nodelay(true);
    let configured = client
        .set_read_timeout(Some(POLL))
        .and_then(|()| client.set_write_timeout(Some(limits.write_timeout)));
    if configured.is_err() {
        return;
    }
    let mut heads = HeadReader::default();
    // Waiting since it was accepted (slots.rs), then since each answer.
    loop {
        let request = heads
            .next(client, limits)
            .and_then(|head| Forwarded::from_head(&head).map_err(Ended::Refused));
        let request = match request {
            Ok(request) => request,
            Err(Ended::Quietly) => return,
            Err(Ended::Refused((status, text))) => {
                if let Ok(stream) = client.try_clone() {
                    refuse(stream, status, text);
                }
                return;
            }
        };
        slot.answering();
        let Ok(server) = TcpStream::connect(backend) else {
            return;
        };
        if request.stream {
            slot.streaming(server.try_clone().ok());
        }
        if !relay(&request.head, client, server) || request.client_closes || request.stream {
            return;
        }
        slot.waiting();
    }
}

/// Sends one request to tiny_http and copies its answer to the client until tiny_http
/// closes the connection. Whether the client can take another request.
fn relay(head: &[u8], mut client: &TcpStream, mut server: TcpStream) -> bool {
    let _ = server.set_nodelay(true);
    if server.set_read_timeout(Some(POLL)).is_err() || server.write_all(head).is_err() {
        return false;
    }
    let mut buf = [0u8; 16 * 1024];
    let mut heard = Instant::now();
    loop {
        match server.read(&mut buf) {
            Ok(0) => return true,
            Ok(n) => {
                heard = Instant::now();
                if client.write_all(&buf[..n]).is_err() {
                    let _ = server.shutdown(Shutdown::Both);
                    return false;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if heard.elapsed() > STALL || gone(client) {
                    let _ = server.shutdown(Shutdown::Both);
                    return false;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Whether the client has closed its side (or its connection has failed).
fn gone(client: &TcpStream) -> bool {
    if client.set_nonblocking(true).is_err() {
        return true;
    }
    let peeked = client.peek(&mut [0u8; 1]);
    let _ = client.set_nonblocking(false);
    match peeked {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted),
    }
}

/// A refusal: the status and its text, in English then Japanese.
type Refusal = (u16, &'static str);

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
const TWO_HOSTS: Refusal = (
    400,
    "the request names its host more than once\nリクエストにホスト名（Host）が二つ以上あります",
);

/// Why a connection stops before a complete request head.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    /// Closed by the client, idle too long between requests, or a read error: just close.
    Quietly,
    /// Answer with this status and text, then close.
    Refused(Refusal),
}

/// Reads request heads from a client, keeping what follows a head for the next one.
#[derive(Debug, Default)]
struct HeadReader {
    buffer: Vec<u8>,
}

impl HeadReader {
    /// The next request head, through its blank line. Its request line is checked as
    /// soon as it is complete, so a request that cannot be answered (HTTP/2, HTTP/0.9,
    /// garbage) is refused at once instead of waiting for a blank line.
    fn next(&mut self, mut client: &TcpStream, limits: &Limits) -> Result<Vec<u8>, Ended> {
        let waiting = Instant::now();
        let mut started = (!self.buffer.is_empty()).then(Instant::now);
        let mut chunk = [0u8; 4096];
        loop {
            match self.buffer.iter().position(|&b| b == b'\n') {
                Some(line_end) => {
                    check_request_line(&self.buffer[..=line_end]).map_err(Ended::Refused)?
                }
                None if !plausible_method(&self.buffer) => return Err(Ended::Refused(MALFORMED)),
                None => {}
            }
            if let Some(end) = head_end(&self.buffer) {
                return Ok(self.buffer.drain(..end).collect());
            }
            if self.buffer.len() > MAX_HEAD {
                return Err(Ended::Refused((
                    431,
                    "the request head is too large\nリクエストのヘッダーが大きすぎます",
                )));
            }
            match client.read(&mut chunk) {
                Ok(0) => return Err(Ended::Quietly),
                Ok(n) => {
                    started.get_or_insert_with(Instant::now);
                    self.buffer.extend_from_slice(&chunk[..n]);
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    match started {
                        Some(first_byte) if first_byte.elapsed() > limits.head_timeout => {
                            return Err(Ended::Refused(TOO_SLOW))
                        }
                        None if waiting.elapsed() > limits.idle_timeout => {
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

/// A request head as passed to tiny_http: the client's own, with `Connection: close`.
#[derive(Debug)]
struct Forwarded {
    head: Vec<u8>,
    /// The client asked to close after this answer (or speaks HTTP/1.0 without keep-alive).
    client_closes: bool,
    /// A request for the live-reload stream.
    stream: bool,
}

impl Forwarded {
    fn from_head(head: &[u8]) -> Result<Forwarded, Refusal> {
        let text = std::str::from_utf8(head).map_err(|_| MALFORMED)?;
        let mut lines = text.trim_end_matches("\r\n").split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut out = format!("{request_line}\r\n");
        let mut connection = String::new();
        let mut hosts = 0;
        for line in lines {
            let (name, value) = line.split_once(':').ok_or(MALFORMED)?;
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(MALFORMED);
            }
            let value = value.trim();
            match name.to_ascii_lowercase().as_str() {
                "connection" => connection.push_str(&value.to_ascii_lowercase()),
                "keep-alive" | "proxy-connection" => {}
                "transfer-encoding" => return Err(BODY),
                "content-length" if value != "0" => return Err(BODY),
                other => {
                    hosts += usize::from(other == "host");
                    out.push_str(line);
                    out.push_str("\r\n");
                }
            }
        }
        if hosts > 1 {
            return Err(TWO_HOSTS);
        }
        out.push_str("Connection: close\r\n\r\n");
        let http_1_0 = request_line.ends_with("HTTP/1.0");
        let client_closes =
            connection.contains("close") || (http_1_0 && !connection.contains("keep-alive"));
        let mut parts = request_line.split(' ');
        let (method, target) = (parts.next(), parts.next().unwrap_or_default());
        let stream = method == Some("GET") && target.split('?').next() == Some(EVENTS_PATH);
        Ok(Forwarded {
            head: out.into_bytes(),
            client_closes,
            stream,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_end_at_the_blank_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n\r\nGET /a"), Some(18));
    }

    #[test]
    fn forwarded_heads_close_after_one_answer() {
        let head = b"GET /ja/ HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nKeep-Alive: 5\r\n\r\n";
        let forwarded = Forwarded::from_head(head).expect("forwarded");
        assert_eq!(
            String::from_utf8(forwarded.head).expect("utf-8"),
            "GET /ja/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        );
        assert!(!forwarded.client_closes);
    }

    #[test]
    fn the_client_decides_whether_its_connection_stays_open() {
        let closes = |head: &[u8]| Forwarded::from_head(head).expect("forwarded").client_closes;
        assert!(closes(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assert!(closes(b"GET / HTTP/1.0\r\n\r\n"));
        assert!(!closes(b"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
        assert!(!closes(b"GET / HTTP/1.1\r\n\r\n"));
    }

    #[test]
    fn requests_with_a_body_are_refused() {
        let refused = |head: &[u8]| Forwarded::from_head(head).err().map(|(status, _)| status);
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
        assert_eq!(Forwarded::from_head(head).err(), Some(TWO_HOSTS));
        let folded = b"GET / HTTP/1.1\r\nHost: localhost\r\n continued\r\n\r\n";
        assert_eq!(Forwarded::from_head(folded).err(), Some(MALFORMED));
    }

    #[test]
    fn the_reload_stream_is_recognised() {
        let stream = |head: &[u8]| Forwarded::from_head(head).expect("forwarded").stream;
        assert!(stream(b"GET /_policy-site/events HTTP/1.1\r\n\r\n"));
        assert!(stream(b"GET /_policy-site/events?x=1 HTTP/1.1\r\n\r\n"));
        assert!(!stream(b"HEAD /_policy-site/events HTTP/1.1\r\n\r\n"));
        assert!(!stream(b"GET /ja/ HTTP/1.1\r\n\r\n"));
    }
}
