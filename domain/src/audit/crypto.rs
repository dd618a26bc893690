//! Hashing, sealing and checking a case's record (SHA-256 and ECDSA P-256): only the server
//! compiles this (`audit` feature).

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
        super::EventKind::Resolved => "resolved".to_owned(),
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
        let by_terminal = evidence.terminals.contains(&event.device);
        if by_device && !by_terminal && !signed_by_its_device(case, event, evidence) {
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
