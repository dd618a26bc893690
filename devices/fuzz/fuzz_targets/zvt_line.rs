//! Anything a payment terminal (or a broken cable) may send: the frame reader, the APDU decoder
//! and the link never panic, and every frame they accept re-frames to the same bytes.
#![no_main]

use devices::zvt::{Apdu, FrameReader, LineEvent, Link, LinkTiming, frame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut reader = FrameReader::new();
    for event in reader.push_all(data) {
        if let LineEvent::Frame(apdu) = event {
            let mut again = FrameReader::new();
            assert_eq!(
                again.push_all(&frame(&apdu)),
                [LineEvent::Frame(apdu.clone())]
            );
        }
    }
    if let Ok((apdu, used)) = Apdu::decode(data) {
        assert!(used <= data.len());
        // Re-encoding gives the same bytes, unless the sender used the long length form for a
        // short APDU (legal, but we always write the short form).
        if data[2] != 0xFF || apdu.data.len() >= 255 {
            assert_eq!(apdu.encode().ok().as_deref(), Some(&data[..used]));
        }
    }
    let mut link = Link::new(LinkTiming::default());
    let _ = link.send(&Apdu::ack(), 0);
    for (i, chunk) in data.chunks(7).enumerate() {
        let now = i as u64 * 1000;
        let _ = link.handle_bytes(chunk, now);
        let _ = link.poll(now);
    }
});
