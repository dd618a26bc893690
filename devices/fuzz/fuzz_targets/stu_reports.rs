//! Any bytes as pen reports and capability reports: parsed or refused, never a panic, and every
//! stroke point stays on the pad's screen.
#![no_main]

use devices::stu::{Capability, PEN_DATA, StrokeRecorder, parse_pen_data};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let capability = Capability::parse(data).unwrap_or(Capability::STU_540);
    let mut recorder = StrokeRecorder::new(capability);
    for report in data.chunks(6) {
        if let Ok(sample) = parse_pen_data(PEN_DATA, report) {
            recorder.handle(&sample);
        }
    }
    for point in recorder.strokes().iter().flatten() {
        assert!(point[0] <= capability.screen_width && point[1] <= capability.screen_height);
        assert!(point[2] <= 1000);
    }
});
