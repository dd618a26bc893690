//! What a party sends over the assistance socket, as any bytes, one message per line, from any of
//! three connections (a terminal, someone on duty for it, someone of another municipality): the
//! switchboard never panics, never relays to anyone outside the sender's call, and never lets a
//! call reach the stranger.
#![no_main]

use domain::assistance::{FromParty, Party, Switchboard, ToParty};
use libfuzzer_sys::fuzz_target;

const KIOSK: u64 = 1;
const DESK: u64 = 2;
const STRANGER: u64 = 3;

fuzz_target!(|data: &[u8]| {
    let mut board = Switchboard::new();
    board.join(
        KIOSK,
        Party::Terminal {
            device_id: "t".into(),
            municipality: "145245118180".into(),
            municipality_name: "Meerane".into(),
            place: "Meerane, Rathaus".into(),
        },
    );
    let staff = |municipality: &str| Party::Staff {
        name: "S".into(),
        municipalities: vec![municipality.into()],
    };
    board.join(DESK, staff("145245118180"));
    board.join(STRANGER, staff("145235118300"));
    for (at, line) in data.split(|&b| b == b'\n').enumerate() {
        let Some((&who, text)) = line.split_first() else {
            continue;
        };
        let from = u64::from(who % 3) + 1;
        let Ok(message) = serde_json::from_slice::<FromParty>(text) else {
            continue;
        };
        let relayed = matches!(message, FromParty::Signal(_));
        let outcome = board.receive(from, message, at as u64);
        for (to, said) in &outcome.sends {
            if *to == STRANGER {
                assert!(
                    matches!(said, ToParty::Refused { .. }) && from == STRANGER,
                    "the stranger hears only its own refusals: {said:?}"
                );
            }
            if relayed && matches!(said, ToParty::Signal(_)) {
                assert_ne!(*to, from, "a signal goes to the other party");
                assert_ne!(*to, STRANGER);
            }
        }
    }
});
