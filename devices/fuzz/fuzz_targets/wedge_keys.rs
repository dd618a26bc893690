//! Any sequence of key presses: the wedge detector hands back every key it does not turn into a
//! scan (modifiers inside a scan yield no character of their own), and never panics.
#![no_main]

use devices::wedge::{KeyStroke, ScannerLayout, WedgeDetector, WedgeEvent};
use libfuzzer_sys::fuzz_target;

const KEYS: [(&str, &str); 8] = [
    ("a", "KeyA"),
    ("Z", "KeyY"),
    ("1", "Digit1"),
    ("ß", "Minus"),
    ("-", "Slash"),
    ("Enter", "Enter"),
    ("Shift", "ShiftLeft"),
    ("Ö", "Semicolon"),
];

fuzz_target!(|data: &[u8]| {
    let mut detector = WedgeDetector::new(if data.first() == Some(&0) {
        ScannerLayout::Us
    } else {
        ScannerLayout::SameAsLaptop
    });
    let mut at_ms = 0u64;
    let mut handed_back = 0usize;
    let mut scanned = 0usize;
    for pair in data.chunks(2) {
        let (key, code) = KEYS[usize::from(pair[0]) % KEYS.len()];
        at_ms += u64::from(*pair.get(1).unwrap_or(&0));
        for event in detector.handle(KeyStroke {
            key: key.into(),
            code: code.into(),
            shift: pair[0] & 0x80 != 0,
            at_ms,
        }) {
            match event {
                WedgeEvent::Typed(keys) => {
                    handed_back += keys.iter().filter(|k| k.key != "Shift").count()
                }
                WedgeEvent::Scanned(text) => scanned += text.chars().count() + 1,
            }
        }
    }
    if let Some(WedgeEvent::Typed(keys)) = detector.flush(u64::MAX) {
        handed_back += keys.iter().filter(|k| k.key != "Shift").count();
    }
    let pressed = data
        .chunks(2)
        .filter(|pair| KEYS[usize::from(pair[0]) % KEYS.len()].0 != "Shift")
        .count();
    assert_eq!(handed_back + scanned, pressed);
});
