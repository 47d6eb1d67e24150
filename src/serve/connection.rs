//! The socket browsers connect to, and every connection on it, from accept to close.
//! No client can hold what a reader needs, whatever it sends or fails to send:
//!
//! - each connection takes a place in [`Slots`]: page connections and live-reload
//!   streams have separate budgets, and a full budget closes the connection that has
//!   waited longest for a request (or the oldest stream) rather than refusing a reader;
//! - each request head must arrive within `head_timeout` of its first byte (slowloris:
//!   else 408), and a connection idle for `idle_timeout` between requests is closed;
//!   anything that is not an HTTP/1.0 or 1.1 request without a body is answered with an
//!   error and closed (request.rs);
//! - answers come from memory (http.rs) and are written to a client that must keep
//!   reading (`write_timeout`); the connection then waits for its next request, unless
//!   the client asked to close;
//! - a reload stream is handed to the [`Hub`](super::reload::Hub), which writes the
//!   events; the connection's thread only waits for the client to leave or the stream
//!   to be closed, and then frees its place.
//!
//! tiny_http is not used: see the README's "Departures" for why.

use super::http::{self, Answer};
use super::request::{Ended, HeadReader, Refusal, Request};
use super::slots::{Slot, Slots};
use super::ServeState;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

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

/// How often a waiting read wakes up to check the clocks.
const POLL: Duration = Duration::from_millis(250);
/// A reload stream whose page does not take an event within this long is dropped, so
/// one stuck page never holds up the news for the others.
const STREAM_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

const TOO_MANY: Refusal = (
    503,
    "too many connections; try again soon\n接続が多すぎます。少し待ってからもう一度開いてください",
);

/// Accepts on `listener` for ever, answering from `state`.
pub fn spawn(
    listener: TcpListener,
    state: &Arc<ServeState>,
    limits: Limits,
) -> std::io::Result<()> {
    let state = Arc::clone(state);
    thread::Builder::new()
        .name("serve-accept".into())
        .spawn(move || accept(&listener, &state, limits))?;
    Ok(())
}

fn accept(listener: &TcpListener, state: &Arc<ServeState>, limits: Limits) {
    let slots = Slots::new(limits.max_connections, limits.max_streams);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors or similar: wait instead of spinning.
            thread::sleep(Duration::from_millis(50));
            continue;
        };
        let slot = stream.try_clone().ok().and_then(|kept| slots.admit(kept));
        let Some(slot) = slot else {
            refuse(stream, TOO_MANY);
            continue;
        };
        let state = Arc::clone(state);
        let spawned = thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                serve(&stream, &slot, &state, &limits);
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
fn refuse(mut stream: TcpStream, (status, text): Refusal) {
    let retry = if status == 503 {
        "Retry-After: 1\r\n"
    } else {
        ""
    };
    let answer = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\n\
Cache-Control: no-store\r\n{retry}Connection: close\r\nContent-Length: {}\r\n\r\n{text}\n",
        http::reason(status),
        text.len() + 1
    );
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(answer.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
}

/// Serves the requests of one client connection, one after the other.
fn serve(client: &TcpStream, slot: &Slot, state: &ServeState, limits: &Limits) {
    let _ = client.set_nodelay(true);
    let configured = client
        .set_read_timeout(Some(POLL))
        .and_then(|()| client.set_write_timeout(Some(limits.write_timeout)));
    if configured.is_err() {
        return;
    }
    let mut heads = HeadReader::new(limits.head_timeout, limits.idle_timeout);
    // Waiting since it was accepted (slots.rs), then since each answer.
    loop {
        let request = match heads.next(client) {
            Ok(request) => request,
            Err(Ended::Quietly) => return,
            Err(Ended::Refused(refusal)) => {
                if let Ok(stream) = client.try_clone() {
                    refuse(stream, refusal);
                }
                return;
            }
        };
        slot.answering();
        if !answer(client, slot, state, &request) || request.closes {
            return;
        }
        slot.waiting();
    }
}

/// Answers one request; whether the connection can take another.
fn answer(mut client: &TcpStream, slot: &Slot, state: &ServeState, request: &Request) -> bool {
    match http::answer(state, request) {
        Answer::Reply(reply) => {
            let bytes = reply.into_bytes(request.is_head(), request.closes);
            client
                .write_all(&bytes)
                .and_then(|()| client.flush())
                .is_ok()
        }
        Answer::Events => {
            stream_events(client, slot, state);
            false
        }
    }
}

/// Makes the connection a reload stream, and holds its place until the client leaves
/// or the stream is closed (by the stream budget, or by the hub when the page stops
/// taking events).
fn stream_events(client: &TcpStream, slot: &Slot, state: &ServeState) {
    slot.streaming();
    let Ok(page) = client.try_clone() else {
        return;
    };
    if page.set_write_timeout(Some(STREAM_WRITE_TIMEOUT)).is_err() {
        return;
    }
    state.hub.subscribe(Box::new(Stream(page)));
    let mut ignored = [0u8; 512];
    loop {
        match (&*client).read(&mut ignored) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// A reload stream as the hub holds it: forgetting it closes the connection, which
/// ends the thread holding its place.
struct Stream(TcpStream);

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        let _ = self.0.shutdown(Shutdown::Both);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_the_hub_forgets_closes_its_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let mut page =
            TcpStream::connect(listener.local_addr().expect("address")).expect("connect");
        // The connection's thread keeps its own handle, as serve does.
        let (held, _) = listener.accept().expect("accept");
        let mut stream = Stream(held.try_clone().expect("clone"));
        stream.write_all(b"event\n").expect("write");
        drop(stream);
        page.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let mut heard = Vec::new();
        page.read_to_end(&mut heard).expect("closed, not timed out");
        assert_eq!(heard, b"event\n");
    }
}
