//! Anything a terminal may answer during a payment: the session never panics, reports at most
//! one outcome, and the field reader accepts or refuses any APDU data without panicking.
#![no_main]

use devices::zvt::bitmaps::{StatusInformation, parse};
use devices::zvt::payment::{Payment, PaymentEvent, PaymentTiming};
use devices::zvt::{ACK, frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse(data);
    let info = StatusInformation::parse(data);
    if let Some(receipt) = &info.receipt_number {
        assert!(receipt.chars().all(|c| c.is_ascii_digit()));
    }

    let (mut payment, _) = Payment::start(1250, PaymentTiming::default(), 0);
    let mut outcomes = 0;
    let mut now = 0u64;
    for (i, chunk) in data.chunks(9).enumerate() {
        now += u64::from(chunk[0]) * 100;
        // Odd chunks arrive as well-framed APDUs after an ACK, so the session's own states are
        // reached, not only the frame reader's.
        let line = if chunk[0] & 1 == 1 {
            let mut line = vec![ACK];
            line.extend(frame(&chunk[1..]));
            line
        } else {
            chunk.to_vec()
        };
        let mut events = payment.handle_bytes(&line, now);
        if i % 3 == 2 {
            events.extend(payment.poll(now));
        }
        if i == 5 {
            events.extend(payment.cancel(now));
        }
        outcomes += events
            .iter()
            .filter(|e| matches!(e, PaymentEvent::Approved(_) | PaymentEvent::Failed(_)))
            .count();
    }
    outcomes += payment
        .poll(u64::MAX / 2)
        .iter()
        .filter(|e| matches!(e, PaymentEvent::Approved(_) | PaymentEvent::Failed(_)))
        .count();
    assert!(outcomes <= 1, "{outcomes} outcomes");
});
