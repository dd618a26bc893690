//! A destination's data schema and a document, as any bytes: the schema is refused or checked,
//! the document checked against it, and neither panics nor runs on without end (a schema's
//! `$ref`s come from the operator's file, and the Koffer checks what the server hands it).
#![no_main]

use domain::handover::schema::{check, validate};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    // The schema first, the document after the first zero byte.
    let (schema, document) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &b"{}"[..]),
    };
    let (Ok(schema), Ok(document)) = (
        serde_json::from_slice::<Value>(schema),
        serde_json::from_slice::<Value>(document),
    ) else {
        return;
    };
    let found = validate(&schema, &document);
    if check(&schema).is_err() {
        assert_eq!(found.len(), 1, "an unusable schema is one finding");
    }
});
