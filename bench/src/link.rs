//! A TCP relay on loopback that breaks what passes through it on purpose, for the fault run: it
//! cuts a connection after some bytes of the request or of the answer (a village link dropping
//! mid-transfer), or drops every connection and refuses new ones for a while (a database that
//! goes away). It counts only the cuts that happened: a cut planned after more bytes than the
//! request or answer had is none.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What the relay does to one connection.
#[derive(Debug, Clone, Copy)]
pub enum Cut {
    Never,
    /// After this many bytes from the client.
    Request(usize),
    /// After this many bytes from the server.
    Answer(usize),
}

/// Counts of what the relay broke.
#[derive(Debug, Default)]
pub struct Broken {
    pub requests: AtomicU64,
    pub answers: AtomicU64,
    pub outages: AtomicU64,
}

struct Shared {
    upstream: u16,
    /// Connections opened before this generation are dropped.
    generation: AtomicU64,
    /// Until when new connections are refused (ms since `started`).
    down_until_ms: AtomicU64,
    started: Instant,
    stopped: AtomicBool,
    broken: Broken,
}

/// The relay: clients connect to `port()`, it connects to `upstream`.
pub struct Link {
    port: u16,
    shared: Arc<Shared>,
}

/// How often a waiting relay thread looks whether its connection is to be dropped.
const LOOK: Duration = Duration::from_millis(50);

impl Link {
    /// Relays 127.0.0.1:`port()` to 127.0.0.1:`upstream`, each connection cut as `plan` says.
    pub fn start(
        upstream: u16,
        plan: impl Fn() -> Cut + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            upstream,
            generation: AtomicU64::new(0),
            down_until_ms: AtomicU64::new(0),
            started: Instant::now(),
            stopped: AtomicBool::new(false),
            broken: Broken::default(),
        });
        let accepting = shared.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if accepting.stopped.load(Ordering::Acquire) {
                    return;
                }
                let Ok(client) = client else { continue };
                if accepting.is_down() {
                    drop(client);
                    continue;
                }
                let shared = accepting.clone();
                let cut = plan();
                std::thread::spawn(move || shared.relay(client, cut));
            }
        });
        Ok(Self { port, shared })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Drops every open connection and refuses new ones for `how_long`.
    pub fn outage(&self, how_long: Duration) {
        let until = self.shared.now_ms() + how_long.as_millis() as u64;
        self.shared.down_until_ms.store(until, Ordering::Release);
        self.shared.generation.fetch_add(1, Ordering::AcqRel);
        self.shared.broken.outages.fetch_add(1, Ordering::Relaxed);
    }

    /// Returns once an outage under way has passed.
    pub fn wait_until_up(&self) {
        while self.shared.is_down() {
            std::thread::sleep(LOOK);
        }
    }

    pub fn broken(&self) -> &Broken {
        &self.shared.broken
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::Release);
        self.shared.generation.fetch_add(1, Ordering::AcqRel);
        // Wakes the accepting thread so that it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Shared {
    fn now_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    fn is_down(&self) -> bool {
        self.now_ms() < self.down_until_ms.load(Ordering::Acquire)
    }

    fn relay(self: Arc<Self>, client: TcpStream, cut: Cut) {
        let Ok(server) = TcpStream::connect(("127.0.0.1", self.upstream)) else {
            return;
        };
        let generation = self.generation.load(Ordering::Acquire);
        let (Ok(client_copy), Ok(server_copy)) = (client.try_clone(), server.try_clone()) else {
            return;
        };
        let (to_server, to_client) = match cut {
            Cut::Never => (None, None),
            Cut::Request(after) => (Some(after), None),
            Cut::Answer(after) => (None, Some(after)),
        };
        let upward = self.clone();
        let up =
            std::thread::spawn(move || upward.pump(client, server, to_server, generation, true));
        self.pump(server_copy, client_copy, to_client, generation, false);
        let _ = up.join();
    }

    /// Copies `from` to `to` until either ends, the connection is to be dropped, or `budget`
    /// bytes have passed: then both connections are shut and the cut is counted.
    fn pump(
        &self,
        mut from: TcpStream,
        mut to: TcpStream,
        budget: Option<usize>,
        generation: u64,
        upward: bool,
    ) {
        let close = |from: &TcpStream, to: &TcpStream| {
            let _ = from.shutdown(Shutdown::Both);
            let _ = to.shutdown(Shutdown::Both);
        };
        if from.set_read_timeout(Some(LOOK)).is_err() {
            return close(&from, &to);
        }
        let mut buffer = [0u8; 8192];
        let mut passed = 0usize;
        loop {
            if self.generation.load(Ordering::Acquire) != generation {
                return close(&from, &to);
            }
            let read = match from.read(&mut buffer) {
                Ok(0) => {
                    let _ = to.shutdown(Shutdown::Write);
                    return;
                }
                Ok(read) => read,
                Err(error)
                    if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    continue;
                }
                Err(_) => return close(&from, &to),
            };
            let allowed = budget.map_or(read, |budget| read.min(budget - passed));
            if to.write_all(&buffer[..allowed]).is_err() {
                return close(&from, &to);
            }
            passed += allowed;
            if budget.is_some_and(|budget| passed >= budget) {
                let counter = if upward {
                    &self.broken.requests
                } else {
                    &self.broken.answers
                };
                counter.fetch_add(1, Ordering::Relaxed);
                return close(&from, &to);
            }
        }
    }
}
