//! What one party of a call says to the other over the data channel, as any bytes: reading it
//! never panics, a shared form within bounds is one the town hall may show, and the terminal
//! takes a fill only for an input its form has and of a length any form takes.
#![no_main]

use domain::assistance::InCall;
use domain::assistance::messages::{MAX_FILLED_CHARS, MAX_SHARED_INPUTS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(said) = serde_json::from_slice::<InCall>(data) else {
        return;
    };
    let again = serde_json::to_vec(&said).expect("what was read is written");
    assert_eq!(serde_json::from_slice::<InCall>(&again).ok().as_ref(), Some(&said));
    if let InCall::Form(form) = &said {
        if form.within_bounds() {
            assert!(form.inputs.len() <= MAX_SHARED_INPUTS);
        }
        for shared in &form.inputs {
            let fits = shared.value.chars().count() <= MAX_FILLED_CHARS;
            assert_eq!(form.may_fill(&shared.input, &shared.value), fits);
        }
        let stranger = "no input of the form";
        if form.inputs.iter().all(|shared| shared.input != stranger) {
            assert!(!form.may_fill(stranger, ""));
        }
    }
});
