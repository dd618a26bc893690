//! The receipt reader on arbitrary printer bytes: never panics, never reads past the end.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lines = devices::escpos::printed_lines(data);
    assert!(lines.iter().map(|l| l.chars().count()).sum::<usize>() <= data.len());
});
