//! Any bytes as a stream of HID POS reports of any length: scans or clear refusals, never a
//! panic, never a scan longer than the limit.
#![no_main]

use devices::hid_pos::{HidPosReader, MAX_CODE_BYTES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = HidPosReader::default();
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        let take = usize::from(len).min(tail.len());
        let (report, next) = tail.split_at(take);
        if let Ok(Some(scan)) = reader.handle(report) {
            assert!(scan.text.len() <= 2 * MAX_CODE_BYTES);
        }
        rest = next;
    }
});
