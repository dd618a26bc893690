//! The tamper-evident record of a case. Every stored change is an event that names the one before
//! it by its SHA-256 and the state of the case after it; the server seals the newest event of
//! every case a push or decision touched with its own ECDSA P-256 signature (one signature per
//! push, so the record costs a push almost nothing). Altering, dropping, reordering or
//! re-signing an event breaks a link or a seal, and a case changed without an event no longer
//! matches the state its newest event names.
//!
//! What a device files or edits it proposes under its own signature: one ECDSA P-256 signature
//! per push (made in WebCrypto with the key the device registered at enrolment) over a
//! `Proposal` per change — the case and the SHA-256 of the case as sent. The event the server
//! records names that content and signature, so neither the server nor anyone with the database
//! can claim a device filed what it did not.
//!
//! The events travel as wire types; hashing, signing and checking need the `audit` feature
//! (SHA-256 and P-256), which only the server turns on. The app builds the proposals' message
//! here and signs it with WebCrypto.

use crate::cases::CaseStatus;
use serde::{Deserialize, Serialize};

/// What a stored change was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A device filed the case (captured at the table; the server added "Übertragen").
    Filed,
    /// The device that filed it corrected parts of it.
    Edited,
    /// The back office set its status.
    Status(CaseStatus),
}

/// One entry of a case's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// 0 for the first event of a case, then one more each.
    pub seq: u64,
    pub kind: EventKind,
    /// The server's clock when it stored the change.
    pub at_ms: u64,
    /// The user name of the person signed in.
    pub by: String,
    /// The device they used.
    pub device: String,
    /// Lower-case hex SHA-256 of the case as stored after this change.
    pub state: String,
    /// The hash of the event before (64 zeros for the first).
    pub prev: String,
    /// The seal that covers this event (it, or a later event of the same case).
    pub seal: u64,
    /// For what a device filed or edited: what it signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Proposed>,
}

/// The content a device proposed and the device signature that covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposed {
    /// Lower-case hex SHA-256 of the case as the device sent it (`serde_json` of the `Case`).
    pub content: String,
    /// The id of the `DeviceSignature`.
    pub signature: u64,
}

/// One change of a push as the device signs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub mutation: u64,
    pub base_version: u64,
    /// `case_key` of the case.
    pub case: String,
    /// SHA-256 of the case as sent; `None` for a deletion.
    pub content: Option<String>,
}

/// A device's signature over the proposals of one push, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSignature {
    pub id: u64,
    pub device: String,
    pub proposals: Vec<Proposal>,
    /// Lower-case hex of the 64-byte ECDSA P-256 signature (r ‖ s, as WebCrypto makes it) over
    /// `proposal_message`.
    pub signature: String,
}

/// What a device signs for a push: its id and each proposal, length-prefixed where it is text.
pub fn proposal_message(device: &str, proposals: &[Proposal]) -> String {
    let mut message = format!("bk-proposal-v1\n{}:{device}\n", device.len());
    for proposal in proposals {
        message.push_str(&format!(
            "{} {} {}:{} {}\n",
            proposal.mutation,
            proposal.base_version,
            proposal.case.len(),
            proposal.case,
            proposal.content.as_deref().unwrap_or("-")
        ));
    }
    message
}

/// The server's signature over the newest event of each case one push or decision touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Seal {
    pub id: u64,
    pub heads: Vec<Head>,
    /// Lower-case hex of the 64-byte ECDSA P-256 signature (r ‖ s) over `seal_message`.
    pub signature: String,
}

/// A case (`<Regionalschlüssel>/<id>`) and the hash of its newest event when sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Head {
    pub case: String,
    pub event: String,
}

/// What names a case in seals.
pub fn case_key(municipality: &str, id: &str) -> String {
    format!("{municipality}/{id}")
}

/// The `prev` of a case's first event.
pub const NO_EVENT: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Where a record does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The case has no record.
    Empty,
    /// The event at this position is not the one the record expects there: one was dropped,
    /// moved or inserted.
    OutOfOrder { seq: u64 },
    /// This event does not name the one before it: that one was altered.
    Altered { seq: u64 },
    /// No seal by the server's key names this event (or a later one of its seal).
    Unsealed { seq: u64 },
    /// The case as stored is not the state its newest event records: changed without a record.
    StateChanged,
    /// A change by a device that no signature of that device's registered key covers.
    NotSignedByDevice { seq: u64 },
}

/// Everything a case's record is checked against besides its events: the server's seals, the
/// devices' signatures the events name, and the public keys the devices registered (device id
/// and SEC1 hex).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub seals: Vec<Seal>,
    pub device_signatures: Vec<DeviceSignature>,
    pub device_keys: Vec<(String, String)>,
}

#[cfg(feature = "audit")]
pub use crypto::*;

#[cfg(feature = "audit")]
mod crypto {
    use super::{Break, DeviceSignature, Event, Evidence, Head, NO_EVENT, Seal, proposal_message};
    use crate::hex::{from_hex as unhex, to_hex as hex};
    use p256::ecdsa::signature::{Signer, Verifier};
    use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
    use sha2::{Digest, Sha256};

    pub use p256::ecdsa::{SigningKey as SealingKey, VerifyingKey as SealCheckingKey};

    /// Lower-case hex SHA-256 of `bytes` (a case's stored JSON, for an event's `state`).
    pub fn sha256_hex(bytes: &[u8]) -> String {
        hex(&Sha256::digest(bytes))
    }

    /// An event's hash: SHA-256 over its fields (not its seal), each length-prefixed where it
    /// is text, so no two events share one.
    pub fn event_hash(event: &Event) -> String {
        let kind = match event.kind {
            super::EventKind::Filed => "filed".to_owned(),
            super::EventKind::Edited => "edited".to_owned(),
            super::EventKind::Status(status) => format!("status:{}", status.name()),
        };
        let mut text = format!(
            "bk-audit-v1\n{}\n{kind}\n{}\n{}:{}\n{}:{}\n{}\n{}",
            event.seq,
            event.at_ms,
            event.by.len(),
            event.by,
            event.device.len(),
            event.device,
            event.state,
            event.prev
        );
        if let Some(proposed) = &event.proposed {
            text.push_str(&format!(
                "\nproposed {} {}",
                proposed.content, proposed.signature
            ));
        }
        sha256_hex(text.as_bytes())
    }

    /// The next event of a case whose newest event has `newest` (its seq and hash; `None`: the
    /// case has none yet). Its seal is set when the push or decision is sealed.
    pub fn next_event(
        newest: Option<(u64, &str)>,
        kind: super::EventKind,
        (at_ms, by, device): (u64, &str, &str),
        state: String,
    ) -> Event {
        Event {
            seq: newest.map_or(0, |(seq, _)| seq + 1),
            kind,
            at_ms,
            by: by.to_owned(),
            device: device.to_owned(),
            state,
            prev: newest.map_or(NO_EVENT, |(_, hash)| hash).to_owned(),
            seal: 0,
            proposed: None,
        }
    }

    fn seal_message(id: u64, heads: &[Head]) -> String {
        let mut message = format!("bk-seal-v1\n{id}\n");
        for head in heads {
            message.push_str(&format!(
                "{}:{}\n{}\n",
                head.case.len(),
                head.case,
                head.event
            ));
        }
        message
    }

    /// Seals `heads` as seal `id` (deterministic ECDSA, RFC 6979: no randomness needed).
    pub fn seal(id: u64, heads: Vec<Head>, key: &SigningKey) -> Seal {
        let signature: Signature = key.sign(seal_message(id, &heads).as_bytes());
        Seal {
            id,
            signature: hex(&signature.to_bytes()),
            heads,
        }
    }

    fn seal_holds(seal: &Seal, key: &VerifyingKey) -> bool {
        let Some(bytes) = unhex(&seal.signature) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(&bytes) else {
            return false;
        };
        key.verify(seal_message(seal.id, &seal.heads).as_bytes(), &signature)
            .is_ok()
    }

    /// A device's public key from its SEC1 bytes as hex (65 bytes uncompressed, as WebCrypto
    /// exports it raw).
    pub fn device_key_from_hex(text: &str) -> Option<VerifyingKey> {
        VerifyingKey::from_sec1_bytes(&unhex(text)?).ok()
    }

    /// Whether `signature` (hex r ‖ s) is `device`'s over `proposals`.
    pub fn proposals_signed(
        device: &str,
        proposals: &[super::Proposal],
        signature: &str,
        key: &VerifyingKey,
    ) -> bool {
        let Some(bytes) = unhex(signature) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(&bytes) else {
            return false;
        };
        key.verify(proposal_message(device, proposals).as_bytes(), &signature)
            .is_ok()
    }

    /// A device's public key as SEC1 hex, uncompressed (as the app sends it).
    pub fn device_key_to_hex(key: &VerifyingKey) -> String {
        hex(key.to_encoded_point(false).as_bytes())
    }

    /// Signs `proposals` as `device` would. The app signs with WebCrypto; this is the same
    /// signature for native clients (the benchmarks and tests that push).
    pub fn sign_proposals(device: &str, proposals: &[super::Proposal], key: &SigningKey) -> String {
        let signature: Signature = key.sign(proposal_message(device, proposals).as_bytes());
        hex(&signature.to_bytes())
    }

    /// Whether a device signature the event names covers its proposed content for `case`.
    fn signed_by_its_device(case: &str, event: &Event, evidence: &Evidence) -> bool {
        let Some(proposed) = &event.proposed else {
            return false;
        };
        let Some(key) = evidence
            .device_keys
            .iter()
            .find(|(device, _)| *device == event.device)
            .and_then(|(_, key)| device_key_from_hex(key))
        else {
            return false;
        };
        evidence
            .device_signatures
            .iter()
            .filter(|signed: &&DeviceSignature| {
                signed.id == proposed.signature && signed.device == event.device
            })
            .any(|signed| {
                signed.proposals.iter().any(|proposal| {
                    proposal.case == case
                        && proposal.content.as_deref() == Some(proposed.content.as_str())
                }) && proposals_signed(&signed.device, &signed.proposals, &signed.signature, &key)
            })
    }

    /// Checks a case's record: each event in its place, naming the one before it, each sealed by
    /// the server's key (through the newest event of its seal), each filing or edit signed by the
    /// device that made it, and the newest naming the case as stored (`state`: the SHA-256 of
    /// its stored JSON).
    pub fn verify(
        case: &str,
        events: &[Event],
        evidence: &Evidence,
        key: &VerifyingKey,
        state: &str,
    ) -> Result<(), Break> {
        let seals = &evidence.seals;
        let Some(newest) = events.last() else {
            return Err(Break::Empty);
        };
        let hashes: Vec<String> = events.iter().map(event_hash).collect();
        for (position, event) in events.iter().enumerate() {
            if event.seq != position as u64 {
                return Err(Break::OutOfOrder {
                    seq: position as u64,
                });
            }
            let prev = position
                .checked_sub(1)
                .map_or(NO_EVENT, |before| hashes[before].as_str());
            if event.prev != prev {
                return Err(Break::Altered { seq: event.seq });
            }
        }
        // Each event is covered by the newest event of its own seal.
        for (position, event) in events.iter().enumerate() {
            let sealed_with = events[position..]
                .iter()
                .zip(&hashes[position..])
                .take_while(|(later, _)| later.seal == event.seal)
                .last()
                .map(|(_, hash)| hash);
            let covered = seals.iter().any(|seal| {
                seal.id == event.seal
                    && seal_holds(seal, key)
                    && seal
                        .heads
                        .iter()
                        .any(|head| head.case == case && Some(&head.event) == sealed_with)
            });
            if !covered {
                return Err(Break::Unsealed { seq: event.seq });
            }
        }
        for event in events {
            let by_device = matches!(
                event.kind,
                super::EventKind::Filed | super::EventKind::Edited
            );
            if by_device && !signed_by_its_device(case, event, evidence) {
                return Err(Break::NotSignedByDevice { seq: event.seq });
            }
        }
        if newest.state != state {
            return Err(Break::StateChanged);
        }
        Ok(())
    }

    /// A sealing key from its 32 secret bytes as hex (as the server keeps it in its data
    /// directory).
    pub fn sealing_key_from_hex(text: &str) -> Option<SigningKey> {
        SigningKey::from_slice(&unhex(text.trim())?).ok()
    }

    /// The 32 secret bytes of a sealing key as hex.
    pub fn sealing_key_to_hex(key: &SigningKey) -> String {
        hex(&key.to_bytes())
    }

    #[cfg(test)]
    mod tests {
        use super::super::{EventKind, Proposal, Proposed};
        use super::*;
        use crate::cases::CaseStatus;

        const CASE: &str = "145245118250/k1";
        const DEVICE: &str = "device-1";

        fn key(byte: u8) -> SigningKey {
            SigningKey::from_slice(&[byte; 32]).expect("key")
        }

        /// The device's signature (by `device`) over its proposal of the case, as seal 1's push
        /// carried it.
        fn device_signature(device: &SigningKey) -> DeviceSignature {
            let proposals = vec![Proposal {
                mutation: 1,
                base_version: 0,
                case: CASE.into(),
                content: Some(sha256_hex(b"case as sent")),
            }];
            DeviceSignature {
                id: 5,
                device: DEVICE.into(),
                signature: sign_proposals(DEVICE, &proposals, device),
                proposals,
            }
        }

        fn public_hex(device: &SigningKey) -> String {
            device_key_to_hex(device.verifying_key())
        }

        /// A record of four events in two seals: filed by the device (under its signature) and
        /// in progress (first push and a decision sealed together), then ready and handed over.
        fn record(server: &SigningKey) -> (Vec<Event>, Evidence, String) {
            let steps = [
                (EventKind::Filed, 1),
                (EventKind::Status(CaseStatus::InProgress), 1),
                (EventKind::Status(CaseStatus::ReadyForPickup), 2),
                (EventKind::Status(CaseStatus::HandedOver), 2),
            ];
            let mut events: Vec<Event> = Vec::new();
            for (n, (kind, seal)) in steps.into_iter().enumerate() {
                let newest = events.last().map(|e: &Event| (e.seq, event_hash(e)));
                let mut event = next_event(
                    newest.as_ref().map(|(seq, hash)| (*seq, hash.as_str())),
                    kind,
                    (1_800_000_000_000 + n as u64, "b.richter", DEVICE),
                    sha256_hex(format!("case as of step {n}").as_bytes()),
                );
                event.seal = seal;
                if kind == EventKind::Filed {
                    event.proposed = Some(Proposed {
                        content: sha256_hex(b"case as sent"),
                        signature: 5,
                    });
                }
                events.push(event);
            }
            let (seals, state) = sealed(&events, server);
            let evidence = Evidence {
                seals,
                device_signatures: vec![device_signature(&key(9))],
                device_keys: vec![(DEVICE.into(), public_hex(&key(9)))],
            };
            (events, evidence, state)
        }

        /// The server's two seals over `events`, and the state the newest names.
        fn sealed(events: &[Event], server: &SigningKey) -> (Vec<Seal>, String) {
            let head = |event: &Event| Head {
                case: CASE.into(),
                event: event_hash(event),
            };
            let other = Head {
                case: "145245118250/k2".into(),
                event: "ab".repeat(32),
            };
            let seals = vec![
                seal(1, vec![other, head(&events[1])], server),
                seal(2, vec![head(&events[3])], server),
            ];
            (seals, events[3].state.clone())
        }

        fn check(events: &[Event], evidence: &Evidence, state: &str) -> Result<(), Break> {
            verify(CASE, events, evidence, key(7).verifying_key(), state)
        }

        #[test]
        fn an_untouched_record_holds() {
            let (events, evidence, state) = record(&key(7));
            assert_eq!(check(&events, &evidence, &state), Ok(()));
        }

        #[test]
        fn a_filing_its_device_did_not_sign_breaks_the_record_even_when_the_server_sealed_it() {
            let (events, evidence, state) = record(&key(7));
            // Signed by another key than the one the device registered.
            let mut foreign = evidence.clone();
            foreign.device_signatures = vec![device_signature(&key(10))];
            assert_eq!(
                check(&events, &foreign, &state),
                Err(Break::NotSignedByDevice { seq: 0 })
            );
            // The signed proposal edited afterwards.
            let mut edited = evidence.clone();
            edited.device_signatures[0].proposals[0].content = Some(sha256_hex(b"other"));
            assert_eq!(
                check(&events, &edited, &state),
                Err(Break::NotSignedByDevice { seq: 0 })
            );
            // Another device's key.
            let mut other_device = evidence.clone();
            other_device.device_keys = vec![("device-2".into(), public_hex(&key(9)))];
            assert_eq!(
                check(&events, &other_device, &state),
                Err(Break::NotSignedByDevice { seq: 0 })
            );
            // Whoever holds the server's key rewrites the record as if the device had filed
            // other content: chain and seals hold, the device's signature does not.
            let mut rewritten = events.clone();
            rewritten[0].proposed = Some(Proposed {
                content: sha256_hex(b"what the device never sent"),
                signature: 5,
            });
            for position in 1..rewritten.len() {
                rewritten[position].prev = event_hash(&rewritten[position - 1]);
            }
            let (seals, state) = sealed(&rewritten, &key(7));
            let resealed = Evidence {
                seals,
                ..evidence.clone()
            };
            assert_eq!(
                check(&rewritten, &resealed, &state),
                Err(Break::NotSignedByDevice { seq: 0 })
            );
            rewritten[0].proposed = None;
            for position in 1..rewritten.len() {
                rewritten[position].prev = event_hash(&rewritten[position - 1]);
            }
            let (seals, state) = sealed(&rewritten, &key(7));
            let unsigned = Evidence { seals, ..evidence };
            assert_eq!(
                check(&rewritten, &unsigned, &state),
                Err(Break::NotSignedByDevice { seq: 0 })
            );
        }

        #[test]
        fn an_altered_event_breaks_the_link_to_it_or_its_seal() {
            let (events, evidence, state) = record(&key(7));
            let mut altered = events.clone();
            altered[1].by = "m.schreiber".into();
            assert_eq!(
                check(&altered, &evidence, &state),
                Err(Break::Altered { seq: 2 })
            );
            // Its successors re-linked as well: the seal no longer names the newest.
            for position in 2..altered.len() {
                altered[position].prev = event_hash(&altered[position - 1]);
            }
            assert_eq!(
                check(&altered, &evidence, &state),
                Err(Break::Unsealed { seq: 0 })
            );
            // The newest event altered: its seal no longer names it.
            let mut last = events.clone();
            last[3].at_ms += 1;
            assert_eq!(
                check(&last, &evidence, &state),
                Err(Break::Unsealed { seq: 2 })
            );
        }

        #[test]
        fn a_dropped_or_reordered_event_is_out_of_order() {
            let (events, evidence, state) = record(&key(7));
            let mut dropped = events.clone();
            dropped.remove(1);
            assert_eq!(
                check(&dropped, &evidence, &state),
                Err(Break::OutOfOrder { seq: 1 })
            );
            let mut swapped = events.clone();
            swapped.swap(1, 2);
            assert_eq!(
                check(&swapped, &evidence, &state),
                Err(Break::OutOfOrder { seq: 1 })
            );
            let mut renumbered = events.clone();
            renumbered.swap(1, 2);
            renumbered[1].seq = 1;
            renumbered[2].seq = 2;
            assert_eq!(
                check(&renumbered, &evidence, &state),
                Err(Break::Altered { seq: 1 })
            );
            let mut cut = events.clone();
            cut.truncate(2);
            assert_eq!(
                check(&cut, &evidence, &state),
                Err(Break::StateChanged),
                "the newest events dropped: the case no longer matches"
            );
        }

        #[test]
        fn a_record_resigned_with_another_key_is_not_the_servers() {
            let (events, evidence, state) = record(&key(7));
            let (_, forged, _) = record(&key(8));
            assert_eq!(
                check(&events, &forged, &state),
                Err(Break::Unsealed { seq: 0 })
            );
            // A seal whose list was edited after signing.
            let mut edited = evidence.clone();
            edited.seals[1].heads[0].case = "145245118250/k9".into();
            assert_eq!(
                check(&events, &edited, &state),
                Err(Break::Unsealed { seq: 2 })
            );
            assert_eq!(check(&[], &evidence, &state), Err(Break::Empty));
        }

        #[test]
        fn a_case_changed_without_an_event_no_longer_matches() {
            let (events, evidence, _) = record(&key(7));
            assert_eq!(
                check(
                    &events,
                    &evidence,
                    &sha256_hex(b"changed behind the record")
                ),
                Err(Break::StateChanged)
            );
        }

        #[test]
        fn a_sealing_key_round_trips_through_hex() {
            let hex = sealing_key_to_hex(&key(7));
            assert_eq!(hex.len(), 64);
            assert_eq!(sealing_key_from_hex(&hex), Some(key(7)));
            assert_eq!(sealing_key_from_hex("zz"), None);
        }
    }
}
