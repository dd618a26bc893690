//! Any text typed or scanned as a machine-readable zone: read it or refuse it, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(document) = devices::mrz::read(&text) {
        assert!(!document.document_number.is_empty());
    }
});
