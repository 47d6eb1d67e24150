//! The connections open now and what each is doing, so that no client can hold a slot
//! a reader needs. Page connections and live-reload streams have separate budgets:
//!
//! - a new page connection beyond `max_connections` closes the page connection that
//!   has waited longest for a request head (idle keep-alives, slow or stalled heads),
//!   or else the oldest answer that has taken over `STALLED` (a client that does not
//!   read: an answer from memory to this computer takes milliseconds); only when
//!   every page connection is busy with a fresh answer is the newcomer refused;
//! - a stream beyond `max_streams` closes the oldest stream (a page long since closed,
//!   or one that will reconnect by itself).
//!
//! Closing means shutting the socket down: the thread serving the connection wakes
//! at once (its read or write fails) and leaves.

use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// An answer still being written after this long is stalled: its client is not reading.
const STALLED: Duration = Duration::from_secs(2);

/// What a connection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Waiting for (the rest of) a request head: may give way to a newcomer.
    Waiting,
    /// A request is being answered.
    Answering,
    /// A live-reload stream.
    Streaming,
}

struct Entry {
    id: u64,
    stage: Stage,
    since: Instant,
    socket: TcpStream,
}

impl Entry {
    fn close(&self) {
        let _ = self.socket.shutdown(Shutdown::Both);
    }
}

#[derive(Default)]
struct Inner {
    next: u64,
    entries: Vec<Entry>,
}

/// Every open connection, under one lock.
#[derive(Clone)]
pub struct Slots {
    inner: Arc<Mutex<Inner>>,
    max_connections: usize,
    max_streams: usize,
}

/// One connection's place; dropping it frees the place.
pub struct Slot {
    slots: Slots,
    id: u64,
}

impl Slots {
    pub fn new(max_connections: usize, max_streams: usize) -> Self {
        Slots {
            inner: Arc::default(),
            max_connections,
            max_streams,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A place for a new page connection, closing the longest-waiting one when all
    /// are taken; `None` when every page connection is busy answering.
    pub fn admit(&self, client: TcpStream) -> Option<Slot> {
        let mut inner = self.lock();
        let pages = inner
            .entries
            .iter()
            .filter(|e| e.stage != Stage::Streaming)
            .count();
        if pages >= self.max_connections
            && !close_oldest(&mut inner.entries, Stage::Waiting, Duration::ZERO)
            && !close_oldest(&mut inner.entries, Stage::Answering, STALLED)
        {
            return None;
        }
        inner.next += 1;
        let id = inner.next;
        inner.entries.push(Entry {
            id,
            stage: Stage::Waiting,
            since: Instant::now(),
            socket: client,
        });
        Some(Slot {
            slots: self.clone(),
            id,
        })
    }

    /// How many connections are open: (page connections, streams).
    #[cfg(test)]
    fn counts(&self) -> (usize, usize) {
        let inner = self.lock();
        let streams = inner
            .entries
            .iter()
            .filter(|e| e.stage == Stage::Streaming)
            .count();
        (inner.entries.len() - streams, streams)
    }
}

/// Closes and forgets the entry that has been at `stage` longest, if for at least
/// `over`.
fn close_oldest(entries: &mut Vec<Entry>, stage: Stage, over: Duration) -> bool {
    let oldest = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.stage == stage && e.since.elapsed() >= over)
        .min_by_key(|(_, e)| e.since)
        .map(|(at, _)| at);
    match oldest {
        Some(at) => {
            entries.swap_remove(at).close();
            true
        }
        None => false,
    }
}

impl Slot {
    fn set(&self, stage: Stage) {
        let mut inner = self.slots.lock();
        if let Some(entry) = inner.entries.iter_mut().find(|e| e.id == self.id) {
            entry.stage = stage;
            entry.since = Instant::now();
        }
    }

    /// The connection waits for its next request head.
    pub fn waiting(&self) {
        self.set(Stage::Waiting);
    }

    /// A request head has arrived and is being answered.
    pub fn answering(&self) {
        self.set(Stage::Answering);
    }

    /// The connection has become a live-reload stream; the oldest stream is closed
    /// when there are too many.
    pub fn streaming(&self) {
        self.set(Stage::Streaming);
        let mut inner = self.slots.lock();
        let streams = inner
            .entries
            .iter()
            .filter(|e| e.stage == Stage::Streaming)
            .count();
        if streams > self.slots.max_streams {
            close_oldest(&mut inner.entries, Stage::Streaming, Duration::ZERO);
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut inner = self.slots.lock();
        inner.entries.retain(|e| e.id != self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// A connected pair: (our end kept by the registry, the peer's end).
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let peer = TcpStream::connect(listener.local_addr().expect("address")).expect("connect");
        let (ours, _) = listener.accept().expect("accept");
        (ours, peer)
    }

    fn closed(mut peer: &TcpStream) -> bool {
        peer.set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .expect("timeout");
        matches!(peer.read(&mut [0u8; 1]), Ok(0) | Err(_))
    }

    #[test]
    fn a_newcomer_closes_the_longest_waiting_connection() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let slots = Slots::new(2, 2);
        let (a, a_peer) = pair(&listener);
        let (b, _b_peer) = pair(&listener);
        let (c, _c_peer) = pair(&listener);
        let _a = slots.admit(a).expect("a");
        let b = slots.admit(b).expect("b");
        b.answering();
        let _c = slots.admit(c).expect("c, in place of a");
        assert!(closed(&a_peer));
        assert_eq!(slots.counts(), (2, 0));
    }

    #[test]
    fn a_newcomer_is_refused_only_when_every_connection_is_answering() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let slots = Slots::new(1, 1);
        let (a, _a_peer) = pair(&listener);
        let (b, _b_peer) = pair(&listener);
        let a = slots.admit(a).expect("a");
        a.answering();
        assert!(slots.admit(b).is_none());
        drop(a);
        assert_eq!(slots.counts(), (0, 0));
    }

    #[test]
    fn an_answer_its_client_does_not_read_gives_way_once_stalled() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let slots = Slots::new(1, 1);
        let (a, a_peer) = pair(&listener);
        let (b, _b_peer) = pair(&listener);
        let (c, _c_peer) = pair(&listener);
        let a = slots.admit(a).expect("a");
        a.answering();
        assert!(slots.admit(b).is_none(), "a fresh answer is not cut short");
        for entry in &mut slots.lock().entries {
            entry.since -= STALLED;
        }
        let _c = slots.admit(c).expect("c, in place of the stalled answer");
        assert!(closed(&a_peer));
    }

    #[test]
    fn streams_have_their_own_budget_and_the_oldest_goes_first() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let slots = Slots::new(1, 2);
        let mut peers = Vec::new();
        let mut held = Vec::new();
        for _ in 0..3 {
            let (ours, peer) = pair(&listener);
            let slot = slots.admit(ours).expect("a place");
            slot.streaming();
            peers.push(peer);
            held.push(slot);
        }
        assert!(closed(&peers[0]), "the oldest stream is closed");
        assert_eq!(slots.counts(), (0, 2));
        let (page, _peer) = pair(&listener);
        assert!(slots.admit(page).is_some(), "pages still have their place");
    }
}
