//! Barcode scanners in HID POS mode (usage page 0x8C): each input report carries the length of
//! its data, the AIM symbology identifier (`]Q1` QR code, `]C0` Code 128, `]E0` EAN-13) and up
//! to 56 data bytes; a flag says that more reports follow, for codes longer than one report.
//!
//! The byte positions are the layout Honeywell and Zebra scanners use in HID POS mode; a scanner
//! with another layout describes it in its report descriptor and gets its own `ReportLayout`.
//! Not yet checked against a real scanner.

use std::fmt;

/// WebHID filter: the bar code scanner usage page and its scanner usage.
pub const USAGE_PAGE: u16 = 0x8C;
pub const USAGE_BARCODE_SCANNER: u16 = 0x02;

/// Longest code accepted; a QR code holds at most 7,089 digits.
pub const MAX_CODE_BYTES: usize = 8 * 1024;

/// Where the fields sit in a report's data (without the report id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportLayout {
    pub length_at: usize,
    pub symbology_at: usize,
    pub data_at: usize,
    pub data_capacity: usize,
    pub continued_at: usize,
    pub continued_mask: u8,
}

impl ReportLayout {
    pub const COMMON: ReportLayout = ReportLayout {
        length_at: 0,
        symbology_at: 1,
        data_at: 4,
        data_capacity: 56,
        continued_at: 60,
        continued_mask: 0x01,
    };

    fn report_len(&self) -> usize {
        (self.data_at + self.data_capacity).max(self.continued_at + 1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// AIM symbology identifier, e.g. `]Q1`.
    pub symbology: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HidPosError {
    TooShort {
        needed: usize,
        got: usize,
    },
    /// The length byte claims more data than the report holds.
    LengthOverflow {
        claimed: usize,
        capacity: usize,
    },
    /// Continued reports without end.
    TooLong,
}

impl fmt::Display for HidPosError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { needed, got } => {
                write!(f, "scanner report too short ({got} of {needed} bytes)")
            }
            Self::LengthOverflow { claimed, capacity } => write!(
                f,
                "scanner report claims {claimed} characters, holds at most {capacity}"
            ),
            Self::TooLong => f.write_str("scanned code continues past its limit"),
        }
    }
}

impl std::error::Error for HidPosError {}

/// Joins a scanner's input reports into scans.
#[derive(Debug, Clone)]
pub struct HidPosReader {
    layout: ReportLayout,
    pending: Vec<u8>,
    symbology: Option<String>,
}

impl Default for HidPosReader {
    fn default() -> Self {
        Self::new(ReportLayout::COMMON)
    }
}

impl HidPosReader {
    pub fn new(layout: ReportLayout) -> Self {
        Self {
            layout,
            pending: Vec::new(),
            symbology: None,
        }
    }

    /// Takes one input report's data; returns the scan once its last report arrived. A broken
    /// report drops what was pending, so the next scan starts clean.
    pub fn handle(&mut self, data: &[u8]) -> Result<Option<Scan>, HidPosError> {
        let layout = self.layout;
        let needed = layout.report_len();
        if data.len() < needed {
            self.reset();
            return Err(HidPosError::TooShort {
                needed,
                got: data.len(),
            });
        }
        let claimed = usize::from(data[layout.length_at]);
        if claimed > layout.data_capacity {
            self.reset();
            return Err(HidPosError::LengthOverflow {
                claimed,
                capacity: layout.data_capacity,
            });
        }
        if self.pending.len() + claimed > MAX_CODE_BYTES {
            self.reset();
            return Err(HidPosError::TooLong);
        }
        if self.symbology.is_none() {
            let id = &data[layout.symbology_at..layout.symbology_at + 3];
            self.symbology = Some(
                id.iter()
                    .filter(|b| **b != 0)
                    .map(|&b| char::from(b))
                    .collect(),
            );
        }
        self.pending
            .extend_from_slice(&data[layout.data_at..layout.data_at + claimed]);
        if data[layout.continued_at] & layout.continued_mask != 0 {
            return Ok(None);
        }
        let bytes = std::mem::take(&mut self.pending);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            // Scanners that send ISO 8859-1 (umlauts in a Code 128 label).
            Err(error) => error.into_bytes().iter().map(|&b| char::from(b)).collect(),
        };
        Ok(Some(Scan {
            symbology: self.symbology.take().unwrap_or_default(),
            text,
        }))
    }

    fn reset(&mut self) {
        self.pending.clear();
        self.symbology = None;
    }
}

/// Builds the reports a scanner sends for `text` (what a test double of the scanner emits).
pub fn reports_for(layout: &ReportLayout, symbology: &str, text: &[u8]) -> Vec<Vec<u8>> {
    let chunks: Vec<&[u8]> = if text.is_empty() {
        vec![&[]]
    } else {
        text.chunks(layout.data_capacity).collect()
    };
    let last = chunks.len() - 1;
    chunks
        .iter()
        .enumerate()
        .map(|(index, chunk)| {
            let mut report = vec![0u8; layout.report_len()];
            report[layout.length_at] = u8::try_from(chunk.len()).unwrap_or(u8::MAX);
            for (offset, byte) in symbology.bytes().take(3).enumerate() {
                report[layout.symbology_at + offset] = byte;
            }
            report[layout.data_at..layout.data_at + chunk.len()].copy_from_slice(chunk);
            if index < last {
                report[layout.continued_at] |= layout.continued_mask;
            }
            report
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_qr_code_arrives_in_one_report() {
        let mut report = vec![0u8; 61];
        report[0] = 14;
        report[1..4].copy_from_slice(b"]Q1");
        report[4..18].copy_from_slice(b"2026-4A4E-0001");
        let mut reader = HidPosReader::default();
        assert_eq!(
            reader.handle(&report),
            Ok(Some(Scan {
                symbology: "]Q1".into(),
                text: "2026-4A4E-0001".into()
            }))
        );
    }

    #[test]
    fn long_codes_are_joined_across_continued_reports() {
        let text = "BK:145245118250:2026-4A4E-0001:".repeat(5);
        let reports = reports_for(&ReportLayout::COMMON, "]Q1", text.as_bytes());
        assert_eq!(reports.len(), 3);
        let mut reader = HidPosReader::default();
        assert_eq!(reader.handle(&reports[0]), Ok(None));
        assert_eq!(reader.handle(&reports[1]), Ok(None));
        assert_eq!(
            reader.handle(&reports[2]),
            Ok(Some(Scan {
                symbology: "]Q1".into(),
                text
            }))
        );
    }

    #[test]
    fn latin_1_umlauts_are_read_and_broken_reports_refused_without_leftovers() {
        let reports = reports_for(&ReportLayout::COMMON, "]C0", b"M\xFCller");
        let mut reader = HidPosReader::default();
        assert_eq!(
            reader
                .handle(&reports[0])
                .expect("scan")
                .expect("done")
                .text,
            "Müller"
        );

        let mut overflow = reports[0].clone();
        overflow[0] = 57;
        assert_eq!(
            reader.handle(&overflow),
            Err(HidPosError::LengthOverflow {
                claimed: 57,
                capacity: 56
            })
        );
        assert_eq!(
            reader.handle(&[1, 2, 3]),
            Err(HidPosError::TooShort { needed: 61, got: 3 })
        );
        // A half-sent code followed by garbage leaves nothing behind for the next scan.
        let long = reports_for(&ReportLayout::COMMON, "]Q1", &[b'x'; 100]);
        assert_eq!(reader.handle(&long[0]), Ok(None));
        assert!(reader.handle(&[0; 2]).is_err());
        let next = reports_for(&ReportLayout::COMMON, "]E0", b"4006381333931");
        assert_eq!(
            reader.handle(&next[0]),
            Ok(Some(Scan {
                symbology: "]E0".into(),
                text: "4006381333931".into()
            }))
        );
    }

    #[test]
    fn endless_continuation_is_cut_off() {
        let mut reader = HidPosReader::default();
        let mut report = reports_for(&ReportLayout::COMMON, "]Q1", &[b'7'; 56]).remove(0);
        report[60] = 1;
        let mut outcome = Ok(None);
        for _ in 0..200 {
            outcome = reader.handle(&report);
            if outcome.is_err() {
                break;
            }
        }
        assert_eq!(outcome, Err(HidPosError::TooLong));
    }
}
