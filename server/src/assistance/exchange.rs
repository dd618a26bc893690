//! The exchange: `domain::assistance::Switchboard` with what it needs on a server: tickets,
//! and an outlet per connection that its socket task writes out. One lock around all of it,
//! held only to decide and queue, never across a wait.
//!
//! It lives in this instance's memory: the terminal and whoever takes its call must reach the
//! same instance (see README, "Video-Beratung").

use domain::assistance::{ConnectionId, FromParty, Outcome, Party, Switchboard, ToParty};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::mpsc;

/// How long a ticket opens the socket: the browser uses it at once.
pub const TICKET_SECS: u64 = 30;
/// Messages waiting for a connection before it counts as stuck and is closed: a call's
/// negotiation is a few dozen.
const OUTLET_CAPACITY: usize = 64;

/// What a connection's task writes out.
#[derive(Debug)]
pub enum Outgoing {
    Message(ToParty),
    /// Close the socket (revoked, signed out, stuck).
    Close,
}

/// Who a ticket admits, and until when a person's sign-in holds.
#[derive(Debug, Clone)]
pub struct Admission {
    pub party: Party,
    /// The session's digest and expiry for a person, `None` for a terminal.
    pub session: Option<(Vec<u8>, u64)>,
}

struct Ticket {
    admission: Admission,
    expires_at: u64,
}

struct Connection {
    outlet: mpsc::Sender<Outgoing>,
    session_digest: Option<Vec<u8>>,
}

#[derive(Default)]
struct Inner {
    board: Switchboard,
    connections: HashMap<ConnectionId, Connection>,
    tickets: HashMap<String, Ticket>,
    last_connection: ConnectionId,
}

#[derive(Default)]
pub struct Exchange {
    inner: Mutex<Inner>,
}

impl Exchange {
    /// Keeps a ticket for `admission`; expired ones go.
    pub fn issue(&self, ticket: String, admission: Admission, now: u64) -> u64 {
        let expires_at = now + TICKET_SECS;
        let mut inner = self.lock();
        inner.tickets.retain(|_, kept| kept.expires_at > now);
        inner.tickets.insert(
            ticket,
            Ticket {
                admission,
                expires_at,
            },
        );
        expires_at
    }

    /// Whom `ticket` admits, once, while it holds.
    pub fn redeem(&self, ticket: &str, now: u64) -> Option<Admission> {
        let kept = self.lock().tickets.remove(ticket)?;
        (kept.expires_at > now).then_some(kept.admission)
    }

    /// Puts an admitted party through to the switchboard; its messages arrive on the receiver.
    pub fn connect(&self, admission: Admission) -> (ConnectionId, mpsc::Receiver<Outgoing>) {
        let (outlet, messages) = mpsc::channel(OUTLET_CAPACITY);
        let mut inner = self.lock();
        inner.last_connection += 1;
        let id = inner.last_connection;
        inner.connections.insert(
            id,
            Connection {
                outlet,
                session_digest: admission.session.map(|(digest, _)| digest),
            },
        );
        let outcome = inner.board.join(id, admission.party);
        inner.carry_out(outcome);
        (id, messages)
    }

    pub fn receive(&self, from: ConnectionId, message: FromParty, now: u64) {
        let mut inner = self.lock();
        let outcome = inner.board.receive(from, message, now);
        inner.carry_out(outcome);
    }

    /// Tells only `to`, e.g. that what it sent cannot be read.
    pub fn tell(&self, to: ConnectionId, message: ToParty) {
        let mut inner = self.lock();
        inner.carry_out(Outcome {
            sends: vec![(to, message)],
            closes: Vec::new(),
        });
    }

    pub fn disconnect(&self, id: ConnectionId) {
        let mut inner = self.lock();
        inner.connections.remove(&id);
        let outcome = inner.board.leave(id);
        inner.carry_out(outcome);
    }

    /// A terminal was revoked: its sockets close now, not at its next contact.
    pub fn revoke_terminal(&self, device_id: &str) {
        let mut inner = self.lock();
        let outcome = inner.board.revoke_terminal(device_id);
        inner.carry_out(outcome);
    }

    /// A person signed out: their sockets close.
    pub fn sign_out(&self, session_digest: &[u8]) {
        let mut inner = self.lock();
        let theirs: Vec<ConnectionId> = inner
            .connections
            .iter()
            .filter(|(_, connection)| connection.session_digest.as_deref() == Some(session_digest))
            .map(|(id, _)| *id)
            .collect();
        for id in theirs {
            if let Some(connection) = inner.connections.remove(&id) {
                // Full or gone: the task ends either way once the outlet is dropped.
                let _ = connection.outlet.try_send(Outgoing::Close);
            }
            let outcome = inner.board.leave(id);
            inner.carry_out(outcome);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves the switchboard as it was between two whole
        // outcomes, so it stays usable.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Inner {
    fn carry_out(&mut self, mut outcome: Outcome) {
        // Work through the sends in order; a stuck connection leaves, which may send more.
        let mut index = 0;
        while index < outcome.sends.len() {
            let (to, message) = outcome.sends[index].clone();
            index += 1;
            let Some(connection) = self.connections.get(&to) else {
                continue;
            };
            if connection
                .outlet
                .try_send(Outgoing::Message(message))
                .is_err()
            {
                tracing::warn!(connection = to, "assistance connection stuck, closed");
                self.connections.remove(&to);
                let left = self.board.leave(to);
                outcome.sends.extend(left.sends);
            }
        }
        for id in outcome.closes {
            if let Some(connection) = self.connections.remove(&id) {
                let _ = connection.outlet.try_send(Outgoing::Close);
            }
        }
    }
}
