//! Any text a clerk may type: encodes without control bytes, and what it prints reads back.
#![no_main]

use devices::cp858::{decode_byte, encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let encoded = encode(text);
    assert!(encoded.bytes.iter().all(|&b| b >= 0x20 && b != 0x7F));
    let printed: String = encoded.bytes.iter().map(|&b| decode_byte(b)).collect();
    assert_eq!(printed.chars().filter(|&c| c == '\u{FFFD}').count(), 0);
});
