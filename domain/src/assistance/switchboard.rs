//! The switchboard: who is connected, which calls wait, who talks to whom. The server proves
//! each party before it joins and carries out what an `Outcome` says; the switchboard never
//! lets a message reach anyone but the other party of the sender's own call, nor a call reach
//! anyone who may not act for the terminal's municipality.

use super::messages::{
    AssistanceRefusal, CallId, EndReason, FromParty, Signal, ToParty, WaitingCall,
};
use std::collections::BTreeMap;

/// A connection's number, given by the server.
pub type ConnectionId = u64;

/// Who holds a connection, as the server proved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// Someone signed in to the town hall's app, on duty while connected.
    Staff {
        name: String,
        /// The regional keys of the municipalities they may act for: their own and those it
        /// serves.
        municipalities: Vec<String>,
    },
    Terminal {
        device_id: String,
        municipality: String,
        municipality_name: String,
        place: String,
    },
}

impl Party {
    fn may_act_for(&self, municipality: &str) -> bool {
        matches!(self, Self::Staff { municipalities, .. } if municipalities.iter().any(|m| m == municipality))
    }
}

/// What the server is to do: send each message to its connection, then close these
/// connections.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub sends: Vec<(ConnectionId, ToParty)>,
    pub closes: Vec<ConnectionId>,
}

impl Outcome {
    fn send(&mut self, to: ConnectionId, message: impl Into<ToParty>) {
        self.sends.push((to, message.into()));
    }

    fn refused(to: ConnectionId, refusal: AssistanceRefusal) -> Self {
        let mut outcome = Self::default();
        outcome.send(to, refusal);
        outcome
    }
}

#[derive(Debug, Clone)]
struct Call {
    terminal: ConnectionId,
    /// The terminal's municipality: whose staff see the call.
    municipality: String,
    taken_by: Option<ConnectionId>,
    since: u64,
}

#[derive(Debug, Default)]
pub struct Switchboard {
    parties: BTreeMap<ConnectionId, Party>,
    calls: BTreeMap<CallId, Call>,
    last_call: CallId,
}

impl Switchboard {
    pub fn new() -> Self {
        Self::default()
    }

    /// A proved party connects: staff learn the queue, a terminal whether anyone is on duty;
    /// staff joining may staff terminals that were not.
    pub fn join(&mut self, id: ConnectionId, party: Party) -> Outcome {
        let mut outcome = Outcome::default();
        let municipalities = self.municipalities_of(&party);
        self.parties.insert(id, party);
        for municipality in &municipalities {
            self.tell_duty(municipality, &mut outcome);
        }
        if let Some(Party::Staff { .. }) = self.parties.get(&id) {
            outcome.send(id, self.queue_for(id));
        }
        outcome
    }

    /// A connection is gone: its call ends for the other party, and duty and queues change.
    pub fn leave(&mut self, id: ConnectionId) -> Outcome {
        let mut outcome = Outcome::default();
        let party = self.parties.remove(&id);
        self.end_call_of(id, EndReason::PeerLeft, &mut outcome);
        for municipality in party.iter().flat_map(|party| self.municipalities_of(party)) {
            self.tell_duty(&municipality, &mut outcome);
        }
        outcome
    }

    /// A terminal was revoked: its connections are told and closed at once, their calls end.
    pub fn revoke_terminal(&mut self, device_id: &str) -> Outcome {
        let mut outcome = Outcome::default();
        let connections: Vec<ConnectionId> = self
            .parties
            .iter()
            .filter(|(_, party)| matches!(party, Party::Terminal { device_id: d, .. } if d == device_id))
            .map(|(id, _)| *id)
            .collect();
        for id in connections {
            self.parties.remove(&id);
            self.end_call_of(id, EndReason::Revoked, &mut outcome);
            outcome.send(
                id,
                ToParty::Ended {
                    reason: EndReason::Revoked,
                },
            );
            outcome.closes.push(id);
        }
        outcome
    }

    /// A connection's message, at `now` (seconds since the epoch).
    pub fn receive(&mut self, from: ConnectionId, message: FromParty, now: u64) -> Outcome {
        let Some(party) = self.parties.get(&from).cloned() else {
            return Outcome::default();
        };
        match message {
            FromParty::Call => self.call(from, &party, now),
            FromParty::Accept { call } => self.accept(from, &party, call),
            FromParty::Signal(signal) => self.relay(from, signal),
            FromParty::HangUp => {
                let mut outcome = Outcome::default();
                self.end_call_of(from, EndReason::HungUp, &mut outcome);
                outcome
            }
        }
    }

    fn call(&mut self, from: ConnectionId, party: &Party, now: u64) -> Outcome {
        let Party::Terminal { municipality, .. } = party else {
            return Outcome::refused(from, AssistanceRefusal::OnlyTerminalsCall);
        };
        if self.call_of(from).is_some() {
            return Outcome::refused(from, AssistanceRefusal::AlreadyCalling);
        }
        if !self.staffed(municipality) {
            return Outcome::refused(from, AssistanceRefusal::NoOneOnDuty);
        }
        self.last_call += 1;
        let call = self.last_call;
        self.calls.insert(
            call,
            Call {
                terminal: from,
                municipality: municipality.clone(),
                taken_by: None,
                since: now,
            },
        );
        let mut outcome = Outcome::default();
        outcome.send(from, ToParty::Ringing { call });
        self.tell_queues(municipality, &mut outcome);
        outcome
    }

    fn accept(&mut self, from: ConnectionId, party: &Party, call: CallId) -> Outcome {
        let Party::Staff { name, .. } = party else {
            return Outcome::refused(from, AssistanceRefusal::OnlyStaffAccept);
        };
        if self.call_of(from).is_some() {
            return Outcome::refused(from, AssistanceRefusal::AlreadyInCall);
        }
        let Some(waiting) = self.calls.get(&call).filter(|c| c.taken_by.is_none()) else {
            return Outcome::refused(from, AssistanceRefusal::NoSuchCall);
        };
        let terminal = waiting.terminal;
        let Some(Party::Terminal {
            municipality,
            municipality_name,
            place,
            ..
        }) = self.parties.get(&terminal).cloned()
        else {
            return Outcome::refused(from, AssistanceRefusal::NoSuchCall);
        };
        if !party.may_act_for(&municipality) {
            return Outcome::refused(from, AssistanceRefusal::NotYourMunicipality);
        }
        if let Some(taken) = self.calls.get_mut(&call) {
            taken.taken_by = Some(from);
        }
        let mut outcome = Outcome::default();
        outcome.send(
            terminal,
            ToParty::Connected {
                call,
                peer: name.clone(),
                makes_offer: true,
            },
        );
        outcome.send(
            from,
            ToParty::Connected {
                call,
                peer: format!("{place} ({municipality_name})"),
                makes_offer: false,
            },
        );
        self.tell_queues(&municipality, &mut outcome);
        outcome
    }

    fn relay(&mut self, from: ConnectionId, signal: Signal) -> Outcome {
        if !signal.within_bounds() {
            return Outcome::refused(from, AssistanceRefusal::SignalTooLarge);
        }
        let other = self.call_of(from).and_then(|(_, call)| {
            let taken_by = call.taken_by?;
            Some(if call.terminal == from {
                taken_by
            } else {
                call.terminal
            })
        });
        let Some(other) = other else {
            return Outcome::refused(from, AssistanceRefusal::NotInCall);
        };
        let mut outcome = Outcome::default();
        outcome.send(other, ToParty::Signal(signal));
        outcome
    }

    /// Ends the call `id` takes part in, if any, telling the other party why.
    fn end_call_of(&mut self, id: ConnectionId, reason: EndReason, outcome: &mut Outcome) {
        let Some((number, call)) = self.call_of(id).map(|(n, c)| (n, c.clone())) else {
            return;
        };
        self.calls.remove(&number);
        let other = if call.terminal == id {
            call.taken_by
        } else {
            Some(call.terminal)
        };
        if let Some(other) = other.filter(|other| self.parties.contains_key(other)) {
            outcome.send(other, ToParty::Ended { reason });
        }
        self.tell_queues(&call.municipality, outcome);
    }

    fn call_of(&self, id: ConnectionId) -> Option<(CallId, &Call)> {
        self.calls
            .iter()
            .find(|(_, call)| call.terminal == id || call.taken_by == Some(id))
            .map(|(number, call)| (*number, call))
    }

    fn staffed(&self, municipality: &str) -> bool {
        self.parties
            .values()
            .any(|party| party.may_act_for(municipality))
    }

    fn municipalities_of(&self, party: &Party) -> Vec<String> {
        match party {
            Party::Staff { municipalities, .. } => municipalities.clone(),
            Party::Terminal { municipality, .. } => vec![municipality.clone()],
        }
    }

    /// Tells each terminal of `municipality` whether anyone is on duty for it.
    fn tell_duty(&self, municipality: &str, outcome: &mut Outcome) {
        let staffed = self.staffed(municipality);
        for (id, party) in &self.parties {
            if matches!(party, Party::Terminal { municipality: m, .. } if m == municipality) {
                outcome.send(*id, ToParty::Duty { staffed });
            }
        }
    }

    /// Sends each person on duty for `municipality` their queue anew.
    fn tell_queues(&self, municipality: &str, outcome: &mut Outcome) {
        for (id, party) in &self.parties {
            if party.may_act_for(municipality) {
                outcome.send(*id, self.queue_for(*id));
            }
        }
    }

    /// The waiting calls `staff` may take, oldest first.
    fn queue_for(&self, staff: ConnectionId) -> ToParty {
        let Some(person) = self.parties.get(&staff) else {
            return ToParty::Queue { calls: Vec::new() };
        };
        let calls = self
            .calls
            .iter()
            .filter(|(_, call)| call.taken_by.is_none())
            .filter_map(|(number, call)| match self.parties.get(&call.terminal) {
                Some(Party::Terminal {
                    municipality,
                    municipality_name,
                    place,
                    ..
                }) if person.may_act_for(municipality) => Some(WaitingCall {
                    call: *number,
                    municipality_name: municipality_name.clone(),
                    place: place.clone(),
                    since: call.since,
                }),
                _ => None,
            })
            .collect();
        ToParty::Queue { calls }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEERANE: &str = "145245118180";
    const SCHOENBERG: &str = "145245118250";
    const TREUEN: &str = "145235118300";

    fn staff(name: &str, municipalities: &[&str]) -> Party {
        Party::Staff {
            name: name.into(),
            municipalities: municipalities.iter().map(|m| (*m).into()).collect(),
        }
    }

    fn terminal(device_id: &str, municipality: &str) -> Party {
        Party::Terminal {
            device_id: device_id.into(),
            municipality: municipality.into(),
            municipality_name: "Schönberg".into(),
            place: "Schönberg, Gemeindeamt".into(),
        }
    }

    fn to(outcome: &Outcome, id: ConnectionId) -> Vec<ToParty> {
        outcome
            .sends
            .iter()
            .filter(|(to, _)| *to == id)
            .map(|(_, message)| message.clone())
            .collect()
    }

    fn offer() -> Signal {
        Signal::Offer {
            sdp: "v=0\r\n".into(),
        }
    }

    #[test]
    fn a_call_rings_for_everyone_on_duty_for_the_place_and_one_takes_it() {
        let mut board = Switchboard::new();
        let kiosk = 1;
        let joined = board.join(kiosk, terminal("t-1", SCHOENBERG));
        assert_eq!(to(&joined, kiosk), [ToParty::Duty { staffed: false }]);
        assert_eq!(
            to(&board.receive(kiosk, FromParty::Call, 100), kiosk),
            [ToParty::from(AssistanceRefusal::NoOneOnDuty)],
            "nobody on duty: the terminal offers a call-back instead"
        );

        // Meerane serves Schönberg; Treuen does not.
        let joined = board.join(2, staff("Bernd Richter", &[MEERANE, SCHOENBERG]));
        assert_eq!(to(&joined, kiosk), [ToParty::Duty { staffed: true }]);
        board.join(3, staff("Petra Vogel", &[MEERANE, SCHOENBERG]));
        let stranger = board.join(4, staff("Uwe Treu", &[TREUEN]));
        assert_eq!(
            to(&stranger, kiosk),
            [],
            "Treuen's staff do not staff Schönberg"
        );

        let rung = board.receive(kiosk, FromParty::Call, 100);
        assert_eq!(to(&rung, kiosk), [ToParty::Ringing { call: 1 }]);
        let waiting = ToParty::Queue {
            calls: vec![WaitingCall {
                call: 1,
                municipality_name: "Schönberg".into(),
                place: "Schönberg, Gemeindeamt".into(),
                since: 100,
            }],
        };
        assert_eq!(to(&rung, 2), std::slice::from_ref(&waiting));
        assert_eq!(to(&rung, 3), [waiting]);
        assert_eq!(to(&rung, 4), [], "nothing of Schönberg reaches Treuen");
        assert_eq!(
            to(&board.receive(kiosk, FromParty::Call, 101), kiosk),
            [ToParty::from(AssistanceRefusal::AlreadyCalling)]
        );

        assert_eq!(
            to(&board.receive(4, FromParty::Accept { call: 1 }, 102), 4),
            [ToParty::from(AssistanceRefusal::NotYourMunicipality)]
        );
        let taken = board.receive(3, FromParty::Accept { call: 1 }, 102);
        assert_eq!(
            to(&taken, kiosk),
            [ToParty::Connected {
                call: 1,
                peer: "Petra Vogel".into(),
                makes_offer: true
            }]
        );
        assert_eq!(
            to(&taken, 3),
            [
                ToParty::Connected {
                    call: 1,
                    peer: "Schönberg, Gemeindeamt (Schönberg)".into(),
                    makes_offer: false
                },
                ToParty::Queue { calls: vec![] }
            ]
        );
        assert_eq!(to(&taken, 2), [ToParty::Queue { calls: vec![] }]);
        assert_eq!(
            to(&board.receive(2, FromParty::Accept { call: 1 }, 103), 2),
            [ToParty::from(AssistanceRefusal::NoSuchCall)],
            "a call is taken once"
        );
    }

    #[test]
    fn signals_reach_only_the_other_party_of_the_senders_call() {
        let mut board = Switchboard::new();
        board.join(1, terminal("t-1", SCHOENBERG));
        board.join(2, staff("Bernd Richter", &[MEERANE, SCHOENBERG]));
        board.join(3, staff("Petra Vogel", &[MEERANE, SCHOENBERG]));
        board.receive(1, FromParty::Call, 100);
        assert_eq!(
            board.receive(1, FromParty::Signal(offer()), 100),
            Outcome::refused(1, AssistanceRefusal::NotInCall),
            "a waiting call has nobody to signal to"
        );
        board.receive(2, FromParty::Accept { call: 1 }, 101);

        let relayed = board.receive(1, FromParty::Signal(offer()), 101);
        assert_eq!(relayed.sends, [(2, ToParty::Signal(offer()))]);
        let answer = Signal::Answer { sdp: "v=0".into() };
        let relayed = board.receive(2, FromParty::Signal(answer.clone()), 101);
        assert_eq!(relayed.sends, [(1, ToParty::Signal(answer))]);
        assert_eq!(
            board.receive(3, FromParty::Signal(offer()), 101),
            Outcome::refused(3, AssistanceRefusal::NotInCall),
            "someone else on duty cannot speak into the call"
        );
        let huge = Signal::Offer {
            sdp: "a".repeat(super::super::messages::MAX_SDP_BYTES + 1),
        };
        assert_eq!(
            board.receive(1, FromParty::Signal(huge), 101),
            Outcome::refused(1, AssistanceRefusal::SignalTooLarge)
        );
        assert_eq!(
            to(&board.receive(2, FromParty::Call, 101), 2),
            [ToParty::from(AssistanceRefusal::OnlyTerminalsCall)]
        );
    }

    #[test]
    fn hanging_up_leaving_and_revocation_end_the_call_for_the_other_side() {
        let mut board = Switchboard::new();
        board.join(1, terminal("t-1", SCHOENBERG));
        board.join(2, staff("Bernd Richter", &[MEERANE, SCHOENBERG]));
        board.receive(1, FromParty::Call, 100);
        board.receive(2, FromParty::Accept { call: 1 }, 101);
        let hung_up = board.receive(2, FromParty::HangUp, 102);
        assert_eq!(
            to(&hung_up, 1),
            [ToParty::Ended {
                reason: EndReason::HungUp
            }]
        );

        board.receive(1, FromParty::Call, 103);
        board.receive(2, FromParty::Accept { call: 2 }, 104);
        let revoked = board.revoke_terminal("t-1");
        assert_eq!(
            to(&revoked, 2),
            [
                ToParty::Ended {
                    reason: EndReason::Revoked
                },
                ToParty::Queue { calls: vec![] }
            ]
        );
        assert_eq!(
            to(&revoked, 1),
            [ToParty::Ended {
                reason: EndReason::Revoked
            }]
        );
        assert_eq!(revoked.closes, [1]);
        assert_eq!(
            board.receive(1, FromParty::Call, 105),
            Outcome::default(),
            "a revoked terminal's connection is no party any more"
        );

        board.join(5, terminal("t-2", SCHOENBERG));
        board.receive(5, FromParty::Call, 106);
        let gone = board.leave(5);
        assert_eq!(to(&gone, 2), [ToParty::Queue { calls: vec![] }]);
        let off_duty = board.leave(2);
        assert!(off_duty.sends.is_empty(), "{off_duty:?}");
        let kiosk = board.join(6, terminal("t-3", SCHOENBERG));
        assert_eq!(to(&kiosk, 6), [ToParty::Duty { staffed: false }]);
    }
}
