use super::*;
use crate::audit::{EventKind, Proposal, Proposed};
use crate::cases::CaseStatus;

const CASE: &str = "145245118250/k1";
const DEVICE: &str = "device-1";

fn key(byte: u8) -> SealingKey {
    SealingKey::from_slice(&[byte; 32]).expect("key")
}

/// The device's signature (by `device`) over its proposal of the case, as seal 1's push
/// carried it.
fn device_signature(device: &SealingKey) -> DeviceSignature {
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

fn public_hex(device: &SealingKey) -> String {
    device_key_to_hex(device.verifying_key())
}

/// A record of four events in two seals: filed by the device (under its signature) and
/// in progress (first push and a decision sealed together), then ready and handed over.
fn record(server: &SealingKey) -> (Vec<Event>, Evidence, String) {
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
        terminals: Vec::new(),
    };
    (events, evidence, state)
}

/// The server's two seals over `events`, and the state the newest names.
fn sealed(events: &[Event], server: &SealingKey) -> (Vec<Seal>, String) {
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
    // A terminal signs nothing: its filing stands on the server's seal, and only a device the
    // evidence names a terminal is excused.
    let at_a_terminal = Evidence {
        terminals: vec![DEVICE.into()],
        ..unsigned
    };
    assert_eq!(check(&rewritten, &at_a_terminal, &state), Ok(()));
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
