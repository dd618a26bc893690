//! Wacom STU signature pads over WebHID (STU-540; the encrypting STU-541 is out of reach).
//!
//! Input report 0x01 carries one pen sample: the high nibble of the first byte holds the flags
//! (bit 7: pen in range, bit 4: pen touching), its low nibble and the second byte a 12-bit
//! pressure, then x and y as big-endian u16 in tablet units. Feature report 0x09 (capability)
//! gives tablet size, maximum pressure and the screen in pixels; feature reports 0x20 (clear),
//! 0x21 (ink on/off), 0x2A (writing area, little-endian u16s) and 0x2D (pen colour and width)
//! drive the pad. Layout after the Wacom STU SDK's report descriptions and pabloko/Wacom-STU-WebHID;
//! not yet checked against a real pad.

use std::fmt;

pub const VENDOR_ID: u16 = 0x056A;
pub const STU_540_PRODUCT_ID: u16 = 0x00A8;

pub const PEN_DATA: u8 = 0x01;
pub const INFORMATION: u8 = 0x08;
pub const CAPABILITY: u8 = 0x09;
pub const CLEAR_SCREEN: u8 = 0x20;
pub const INK_MODE: u8 = 0x21;
pub const WRITING_AREA: u8 = 0x2A;
pub const PEN_COLOUR_AND_WIDTH: u8 = 0x2D;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StuError {
    /// A report shorter than its layout.
    TooShort {
        report: u8,
        needed: usize,
        got: usize,
    },
    /// Not the report this parser reads.
    WrongReport { expected: u8, got: u8 },
    /// A capability that would divide by zero.
    ZeroSize,
}

impl fmt::Display for StuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort {
                report,
                needed,
                got,
            } => write!(
                f,
                "signature pad report 0x{report:02X} too short ({got} of {needed} bytes)"
            ),
            Self::WrongReport { expected, got } => write!(
                f,
                "unexpected signature pad report 0x{got:02X} (expected 0x{expected:02X})"
            ),
            Self::ZeroSize => f.write_str("signature pad reports a size of zero"),
        }
    }
}

impl std::error::Error for StuError {}

fn be16(bytes: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([bytes[at], bytes[at + 1]])
}

/// What the pad reports about itself (feature report 0x09).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capability {
    pub tablet_width: u16,
    pub tablet_height: u16,
    pub max_pressure: u16,
    pub screen_width: u16,
    pub screen_height: u16,
    pub report_rate: u8,
}

impl Capability {
    /// The STU-540's values, for tests and as a fallback description.
    pub const STU_540: Capability = Capability {
        tablet_width: 10_800,
        tablet_height: 6_480,
        max_pressure: 1_023,
        screen_width: 800,
        screen_height: 480,
        report_rate: 200,
    };

    /// Parses the feature report as WebHID's `receiveFeatureReport` returns it: report id first.
    pub fn parse(report: &[u8]) -> Result<Self, StuError> {
        const LEN: usize = 12;
        if report.len() < LEN {
            return Err(StuError::TooShort {
                report: CAPABILITY,
                needed: LEN,
                got: report.len(),
            });
        }
        if report[0] != CAPABILITY {
            return Err(StuError::WrongReport {
                expected: CAPABILITY,
                got: report[0],
            });
        }
        let capability = Self {
            tablet_width: be16(report, 1),
            tablet_height: be16(report, 3),
            max_pressure: be16(report, 5),
            screen_width: be16(report, 7),
            screen_height: be16(report, 9),
            report_rate: report[11],
        };
        let sizes = [
            capability.tablet_width,
            capability.tablet_height,
            capability.max_pressure,
            capability.screen_width,
            capability.screen_height,
        ];
        if sizes.contains(&0) {
            return Err(StuError::ZeroSize);
        }
        Ok(capability)
    }
}

/// One pen sample in tablet units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenSample {
    pub in_range: bool,
    pub touching: bool,
    pub pressure: u16,
    pub x: u16,
    pub y: u16,
}

/// Parses input report 0x01; `data` is the report without its id (as WebHID's `inputreport`
/// event gives it).
pub fn parse_pen_data(report_id: u8, data: &[u8]) -> Result<PenSample, StuError> {
    const LEN: usize = 6;
    if report_id != PEN_DATA {
        return Err(StuError::WrongReport {
            expected: PEN_DATA,
            got: report_id,
        });
    }
    if data.len() < LEN {
        return Err(StuError::TooShort {
            report: PEN_DATA,
            needed: LEN,
            got: data.len(),
        });
    }
    Ok(PenSample {
        in_range: data[0] & 0x80 != 0,
        touching: data[0] & 0x10 != 0,
        pressure: u16::from(data[0] & 0x0F) << 8 | u16::from(data[1]),
        x: be16(data, 2),
        y: be16(data, 4),
    })
}

/// A feature report to send: WebHID's `sendFeatureReport(id, data)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureReport {
    pub id: u8,
    pub data: Vec<u8>,
}

pub fn clear_screen() -> FeatureReport {
    FeatureReport {
        id: CLEAR_SCREEN,
        data: vec![0],
    }
}

pub fn ink(on: bool) -> FeatureReport {
    FeatureReport {
        id: INK_MODE,
        data: vec![u8::from(on)],
    }
}

/// The area the pen may write in, in screen pixels, clamped to the screen.
pub fn writing_area(
    capability: &Capability,
    left: u16,
    top: u16,
    right: u16,
    bottom: u16,
) -> FeatureReport {
    let right = right.min(capability.screen_width.saturating_sub(1));
    let bottom = bottom.min(capability.screen_height.saturating_sub(1));
    let mut data = Vec::with_capacity(8);
    for value in [left.min(right), top.min(bottom), right, bottom] {
        data.extend_from_slice(&value.to_le_bytes());
    }
    FeatureReport {
        id: WRITING_AREA,
        data,
    }
}

/// Ink colour (RGB) and width 0–5.
pub fn pen_colour_and_width(red: u8, green: u8, blue: u8, width: u8) -> FeatureReport {
    FeatureReport {
        id: PEN_COLOUR_AND_WIDTH,
        data: vec![red, green, blue, width.min(5)],
    }
}

/// What the pad needs before the citizen signs: blank screen, whole screen writable, dark ink.
pub fn prepare(capability: &Capability) -> Vec<FeatureReport> {
    vec![
        clear_screen(),
        writing_area(
            capability,
            0,
            0,
            capability.screen_width,
            capability.screen_height,
        ),
        pen_colour_and_width(0x10, 0x23, 0x3A, 2),
        ink(true),
    ]
}

/// A point of a stroke in the pad's screen pixels, pressure scaled to 0–1000.
pub type Point = [u16; 3];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StrokeEvent {
    Started(Point),
    Continued(Point),
    Ended,
}

/// Turns pen samples into strokes: a stroke runs while the pen touches, scaled from tablet units
/// to the pad's screen as its capability says.
#[derive(Debug, Clone)]
pub struct StrokeRecorder {
    capability: Capability,
    touching: bool,
    strokes: Vec<Vec<Point>>,
}

impl StrokeRecorder {
    pub fn new(capability: Capability) -> Self {
        Self {
            capability,
            touching: false,
            strokes: Vec::new(),
        }
    }

    pub fn scale(&self, sample: &PenSample) -> Point {
        let c = &self.capability;
        let scale = |value: u16, from: u16, to: u16| {
            let scaled = u32::from(value.min(from)) * u32::from(to) / u32::from(from.max(1));
            u16::try_from(scaled).unwrap_or(u16::MAX)
        };
        [
            scale(sample.x, c.tablet_width, c.screen_width),
            scale(sample.y, c.tablet_height, c.screen_height),
            scale(sample.pressure, c.max_pressure, 1000),
        ]
    }

    pub fn handle(&mut self, sample: &PenSample) -> Option<StrokeEvent> {
        let touching = sample.touching && sample.pressure > 0;
        match (self.touching, touching) {
            (false, true) => {
                let point = self.scale(sample);
                self.strokes.push(vec![point]);
                self.touching = true;
                Some(StrokeEvent::Started(point))
            }
            (true, true) => {
                let point = self.scale(sample);
                if let Some(stroke) = self.strokes.last_mut() {
                    stroke.push(point);
                }
                Some(StrokeEvent::Continued(point))
            }
            (true, false) => {
                self.touching = false;
                Some(StrokeEvent::Ended)
            }
            (false, false) => None,
        }
    }

    /// The pad's screen in pixels, the space the strokes are in.
    pub fn screen(&self) -> [u16; 2] {
        [self.capability.screen_width, self.capability.screen_height]
    }

    pub fn strokes(&self) -> &[Vec<Point>] {
        &self.strokes
    }

    pub fn clear(&mut self) {
        self.strokes.clear();
        self.touching = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pen(in_range: bool, touching: bool, pressure: u16, x: u16, y: u16) -> Vec<u8> {
        let flags = if in_range { 0x80 } else { 0 } | if touching { 0x10 } else { 0 };
        let mut data = vec![flags | (pressure >> 8) as u8 & 0x0F, pressure as u8];
        data.extend_from_slice(&x.to_be_bytes());
        data.extend_from_slice(&y.to_be_bytes());
        data
    }

    #[test]
    fn pen_reports_give_flags_12_bit_pressure_and_position() {
        let sample =
            parse_pen_data(PEN_DATA, &[0x93, 0xFF, 0x2A, 0x30, 0x19, 0x50]).expect("parses");
        assert_eq!(
            sample,
            PenSample {
                in_range: true,
                touching: true,
                pressure: 0x3FF,
                x: 10_800,
                y: 6_480
            }
        );
        let hovering =
            parse_pen_data(PEN_DATA, &[0x80, 0x00, 0x00, 0x10, 0x00, 0x20]).expect("parses");
        assert!(hovering.in_range && !hovering.touching);
        assert_eq!(
            parse_pen_data(PEN_DATA, &[0x90, 0x01]),
            Err(StuError::TooShort {
                report: PEN_DATA,
                needed: 6,
                got: 2
            })
        );
        assert_eq!(
            parse_pen_data(0x34, &[0; 10]),
            Err(StuError::WrongReport {
                expected: PEN_DATA,
                got: 0x34
            })
        );
    }

    #[test]
    fn the_capability_report_describes_an_stu_540() {
        let report = [
            0x09, 0x2A, 0x30, 0x19, 0x50, 0x03, 0xFF, 0x03, 0x20, 0x01, 0xE0, 200, 0, 0,
        ];
        assert_eq!(Capability::parse(&report), Ok(Capability::STU_540));
        let mut zero = report;
        zero[8] = 0;
        zero[7] = 0;
        assert_eq!(Capability::parse(&zero), Err(StuError::ZeroSize));
        assert!(matches!(
            Capability::parse(&report[..5]),
            Err(StuError::TooShort { .. })
        ));
        assert!(
            Capability::parse(&report[..5])
                .unwrap_err()
                .to_string()
                .contains("too short")
        );
    }

    #[test]
    fn feature_reports_have_the_documented_bytes() {
        assert_eq!(
            clear_screen(),
            FeatureReport {
                id: 0x20,
                data: vec![0]
            }
        );
        assert_eq!(
            ink(true),
            FeatureReport {
                id: 0x21,
                data: vec![1]
            }
        );
        assert_eq!(
            writing_area(&Capability::STU_540, 0, 0, 800, 480),
            FeatureReport {
                id: 0x2A,
                data: vec![0, 0, 0, 0, 0x1F, 0x03, 0xDF, 0x01]
            }
        );
        assert_eq!(pen_colour_and_width(1, 2, 3, 9).data, [1, 2, 3, 5]);
        let prepared: Vec<u8> = prepare(&Capability::STU_540).iter().map(|r| r.id).collect();
        assert_eq!(prepared, [0x20, 0x2A, 0x2D, 0x21]);
    }

    #[test]
    fn samples_become_strokes_scaled_to_the_screen() {
        let mut recorder = StrokeRecorder::new(Capability::STU_540);
        let reports = [
            pen(true, false, 0, 1_000, 1_000),
            pen(true, true, 512, 1_350, 1_350),
            pen(true, true, 1_023, 2_700, 2_700),
            pen(true, false, 0, 2_700, 2_700),
            pen(true, true, 300, 10_800, 6_480),
            pen(false, false, 0, 0, 0),
        ];
        let events: Vec<_> = reports
            .iter()
            .filter_map(|data| recorder.handle(&parse_pen_data(PEN_DATA, data).expect("parses")))
            .collect();
        assert_eq!(
            events,
            [
                StrokeEvent::Started([100, 100, 500]),
                StrokeEvent::Continued([200, 200, 1000]),
                StrokeEvent::Ended,
                StrokeEvent::Started([800, 480, 293]),
                StrokeEvent::Ended,
            ]
        );
        assert_eq!(recorder.strokes().len(), 2);
        assert_eq!(recorder.strokes()[0], [[100, 100, 500], [200, 200, 1000]]);
    }
}
