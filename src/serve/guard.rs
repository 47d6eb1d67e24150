//! The socket browsers connect to. tiny_http does not face the network itself: it has
//! no read timeout and no connection limit, and its thread pool keeps one thread per
//! connection for as long as the connection lives, and can leave a new connection
//! waiting behind long-lived ones (idle keep-alives, reload streams). So this guard
//! accepts connections, and for each one:
//!
//! - refuses it with `503` when `max_connections` are already open;
//! - reads each request head itself, which must arrive within `head_timeout` of its
//!   first byte (slowloris), and closes a connection idle for `idle_timeout` between
//!   requests; refuses heads over `MAX_HEAD` bytes and requests with a body;
//! - hands tiny_http one complete request per private loopback connection, marked
//!   `Connection: close`, so tiny_http's thread is done as soon as the head is parsed;
//! - relays the answer until tiny_http closes it (the reload stream stays open), to a
//!   client that must keep reading (`write_timeout`), then waits for the next request.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub head_timeout: Duration,
    pub idle_timeout: Duration,
    pub write_timeout: Duration,
}

pub const LIMITS: Limits = Limits {
    max_connections: 64,
    head_timeout: Duration::from_secs(5),
    idle_timeout: Duration::from_secs(30),
    write_timeout: Duration::from_secs(10),
};

/// The largest request head accepted (browsers send well under 8 KiB).
const MAX_HEAD: usize = 16 * 1024;
/// How often a waiting read wakes up to check the clocks.
const POLL: Duration = Duration::from_millis(250);

/// Accepts on `listener` for ever, relaying each connection to `backend`.
pub fn spawn(listener: TcpListener, backend: SocketAddr, limits: Limits) -> std::io::Result<()> {
    thread::Builder::new()
        .name("serve-accept".into())
        .spawn(move || accept(&listener, backend, limits))?;
    Ok(())
}

fn accept(listener: &TcpListener, backend: SocketAddr, limits: Limits) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors or similar: wait instead of spinning.
            thread::sleep(Duration::from_millis(50));
            continue;
        };
        if open.load(Ordering::Acquire) >= limits.max_connections {
            refuse(stream, 503, "too many connections; try again soon");
            continue;
        }
        let slot = Slot::take(&open);
        let spawned = thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                let _slot = slot;
                connection(&stream, backend, &limits);
                let _ = stream.shutdown(Shutdown::Both);
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
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    };
    let answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n\
Cache-Control: no-store\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{text}\n",
        text.len() + 1
    );
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(answer.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
}

/// One open connection, counted while it lives.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Self {
        open.fetch_add(1, Ordering::AcqRel);
        Slot(Arc::clone(open))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves the requests of one client connection, one after the other.
fn connection(client: &TcpStream, backend: SocketAddr, limits: &Limits) {
    let _ = client.set_nodelay(true);
    let configured = client
        .set_read_timeout(Some(POLL))
        .and_then(|()| client.set_write_timeout(Some(limits.write_timeout)));
    if configured.is_err() {
        return;
    }
    let mut heads = HeadReader::default();
    loop {
        let head = match heads.next(client, limits) {
            Ok(head) => head,
            Err(Ended::Quietly) => return,
            Err(Ended::Refused(status, text)) => {
                if let Ok(stream) = client.try_clone() {
                    refuse(stream, status, text);
                }
                return;
            }
        };
        let request = match Forwarded::from_head(&head) {
            Ok(request) => request,
            Err((status, text)) => {
                if let Ok(stream) = client.try_clone() {
                    refuse(stream, status, text);
                }
                return;
            }
        };
        if !relay(&request.head, client, backend) || request.client_closes {
            return;
        }
    }
}

/// Sends one request to tiny_http and copies its answer to the client until tiny_http
/// closes the connection. Whether the client can take another request.
fn relay(head: &[u8], mut client: &TcpStream, backend: SocketAddr) -> bool {
    let Ok(mut server) = TcpStream::connect(backend) else {
        return false;
    };
    let _ = server.set_nodelay(true);
    if server.write_all(head).is_err() {
        return false;
    }
    let mut buf = [0u8; 16 * 1024];
    loop {
        match server.read(&mut buf) {
            Ok(0) => return true,
            Ok(n) => {
                if client.write_all(&buf[..n]).is_err() {
                    let _ = server.shutdown(Shutdown::Both);
                    return false;
                }
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Why a connection stops before a complete request head.
#[derive(Debug, PartialEq, Eq)]
enum Ended {
    /// Closed by the client, idle too long, too slow, or a read error: just close.
    Quietly,
    /// Answer with this status and text, then close.
    Refused(u16, &'static str),
}

/// Reads request heads from a client, keeping what follows a head for the next one.
#[derive(Debug, Default)]
struct HeadReader {
    buffer: Vec<u8>,
}

impl HeadReader {
    /// The next request head, through its blank line.
    fn next(&mut self, mut client: &TcpStream, limits: &Limits) -> Result<Vec<u8>, Ended> {
        let waiting = Instant::now();
        let mut started = (!self.buffer.is_empty()).then(Instant::now);
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = head_end(&self.buffer) {
                return Ok(self.buffer.drain(..end).collect());
            }
            if self.buffer.len() > MAX_HEAD {
                return Err(Ended::Refused(431, "the request head is too large"));
            }
            match client.read(&mut chunk) {
                Ok(0) => return Err(Ended::Quietly),
                Ok(n) => {
                    started.get_or_insert_with(Instant::now);
                    self.buffer.extend_from_slice(&chunk[..n]);
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    let late = match started {
                        Some(first_byte) => first_byte.elapsed() > limits.head_timeout,
                        None => waiting.elapsed() > limits.idle_timeout,
                    };
                    if late {
                        return Err(Ended::Quietly);
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

/// A request head as passed to tiny_http: the client's own, with `Connection: close`.
#[derive(Debug)]
struct Forwarded {
    head: Vec<u8>,
    /// The client asked to close after this answer (or speaks HTTP/1.0 without keep-alive).
    client_closes: bool,
}

impl Forwarded {
    fn from_head(head: &[u8]) -> Result<Forwarded, (u16, &'static str)> {
        let text = std::str::from_utf8(head).map_err(|_| (400, "the request head is not text"))?;
        let mut lines = text.trim_end_matches("\r\n").split("\r\n");
        let request_line = lines.next().unwrap_or_default();
        let mut out = format!("{request_line}\r\n");
        let mut connection = String::new();
        for line in lines {
            let name = line
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let value = line.split_once(':').map_or("", |(_, v)| v.trim());
            match name.as_str() {
                "connection" => connection.push_str(&value.to_ascii_lowercase()),
                "keep-alive" | "proxy-connection" => {}
                "transfer-encoding" => return Err((413, "requests with a body are not accepted")),
                "content-length" if value != "0" => {
                    return Err((413, "requests with a body are not accepted"))
                }
                _ => {
                    out.push_str(line);
                    out.push_str("\r\n");
                }
            }
        }
        out.push_str("Connection: close\r\n\r\n");
        let http_1_0 = request_line.ends_with("HTTP/1.0");
        let client_closes =
            connection.contains("close") || (http_1_0 && !connection.contains("keep-alive"));
        Ok(Forwarded {
            head: out.into_bytes(),
            client_closes,
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
}
