//! Receipts for ESC/POS printers: a small command builder and the Koffer's receipt layout for
//! 80 mm and 58 mm paper. Produces the bytes a WebUSB bulk-OUT transfer (or a serial port) sends.

use crate::cp858;

const ESC: u8 = 0x1B;
const GS: u8 = 0x1D;
const LF: u8 = 0x0A;
/// `ESC t 19`: code table 19, CP858.
const CODE_PAGE_CP858: u8 = 19;

/// Paper width, in characters of the default font (12 × 24 dots).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    Mm80,
    Mm58,
}

impl Paper {
    pub fn columns(self) -> usize {
        match self {
            Self::Mm80 => 48,
            Self::Mm58 => 32,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left = 0,
    Center = 1,
    Right = 2,
}

/// Appends ESC/POS commands and CP858 text.
#[derive(Debug, Default)]
pub struct Commands {
    bytes: Vec<u8>,
}

impl Commands {
    /// Resets the printer and selects CP858, as every receipt must begin.
    pub fn new() -> Self {
        let mut commands = Self::default();
        commands
            .bytes
            .extend_from_slice(&[ESC, b'@', ESC, b't', CODE_PAGE_CP858]);
        commands
    }

    pub fn align(mut self, align: Align) -> Self {
        self.bytes.extend_from_slice(&[ESC, b'a', align as u8]);
        self
    }

    pub fn bold(mut self, on: bool) -> Self {
        self.bytes.extend_from_slice(&[ESC, b'E', u8::from(on)]);
        self
    }

    /// Double width and height, for headings.
    pub fn double_size(mut self, on: bool) -> Self {
        self.bytes
            .extend_from_slice(&[GS, b'!', if on { 0x11 } else { 0x00 }]);
        self
    }

    /// One line of text, encoded in CP858.
    pub fn line(mut self, text: &str) -> Self {
        self.bytes.extend_from_slice(&cp858::encode(text).bytes);
        self.bytes.push(LF);
        self
    }

    /// A line with `left` at the start and `right` at the end of `columns`.
    pub fn columns(self, left: &str, right: &str, columns: usize) -> Self {
        let used = left.chars().count() + right.chars().count();
        let gap = columns.saturating_sub(used).max(1);
        self.line(&format!("{left}{}{right}", " ".repeat(gap)))
    }

    /// A QR code (model 2, error correction M) holding `data`.
    pub fn qr(mut self, data: &str, module_size: u8) -> Self {
        let stored = u16::try_from(data.len() + 3)
            .unwrap_or(u16::MAX)
            .to_le_bytes();
        let function = |f: &[u8]| {
            let mut command = vec![GS, b'(', b'k'];
            command.extend_from_slice(&u16::try_from(f.len()).unwrap_or(0).to_le_bytes());
            command.extend_from_slice(f);
            command
        };
        self.bytes.extend(function(&[0x31, 0x41, 0x32, 0x00])); // model 2
        self.bytes
            .extend(function(&[0x31, 0x43, module_size.clamp(1, 16)])); // module size
        self.bytes.extend(function(&[0x31, 0x45, 0x31])); // error correction M
        self.bytes
            .extend_from_slice(&[GS, b'(', b'k', stored[0], stored[1], 0x31, 0x50, 0x30]);
        self.bytes
            .extend_from_slice(&data.as_bytes()[..data.len().min(7089)]);
        self.bytes.extend(function(&[0x31, 0x51, 0x30])); // print
        self.bytes.push(LF);
        self
    }

    /// Feeds the paper past the cutter and cuts, leaving a hinge.
    pub fn cut(mut self) -> Self {
        self.bytes.extend_from_slice(&[GS, b'V', 66, 3]);
        self
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// What a citizen's receipt shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub municipality: String,
    pub place: String,
    /// As printed, e.g. "22.11.2026".
    pub date: String,
    pub service: String,
    pub fee_cents: u32,
    /// How the fee was paid, e.g. "Karte, Beleg 0042"; empty when there is nothing to say.
    pub payment: String,
    pub case_number: String,
    /// Encoded in the QR code, e.g. a URN the town hall can scan.
    pub case_reference: String,
}

/// The receipt's fixed words, in the language it is printed in (the app's `messages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptLabels<'a> {
    pub fee: &'a str,
    pub paid: &'a str,
    pub case: &'a str,
    pub thanks: &'a str,
}

/// "12,50 €": German decimal comma, euro sign after the amount.
pub fn euro(cents: u32) -> String {
    format!("{},{:02} €", cents / 100, cents % 100)
}

/// Who, where and when, centred, above a rule: the top of every slip.
fn header((municipality, place, date): (&str, &str, &str), columns: usize) -> Commands {
    Commands::new()
        .align(Align::Center)
        .double_size(true)
        .line(municipality)
        .double_size(false)
        .line(place)
        .line(date)
        .align(Align::Left)
        .line(&"-".repeat(columns))
}

/// The receipt as bytes for the printer.
pub fn receipt(receipt: &Receipt, labels: &ReceiptLabels, paper: Paper) -> Vec<u8> {
    let columns = paper.columns();
    let rule = "-".repeat(columns);
    let mut commands = header(
        (&receipt.municipality, &receipt.place, &receipt.date),
        columns,
    )
    .bold(true)
    .line(&receipt.service)
    .bold(false)
    .columns(labels.fee, &euro(receipt.fee_cents), columns);
    if !receipt.payment.is_empty() {
        commands = commands.columns(labels.paid, &receipt.payment, columns);
    }
    commands
        .columns(labels.case, &receipt.case_number, columns)
        .line(&rule)
        .align(Align::Center)
        .qr(
            &receipt.case_reference,
            if paper == Paper::Mm80 { 6 } else { 4 },
        )
        .line(labels.thanks)
        .cut()
        .into_bytes()
}

/// A note printed for the citizen, e.g. at a Bürger-Terminal what the town hall wrote down in a
/// call: who and where at the top, the text wrapped to the paper.
pub struct Note {
    pub municipality: String,
    pub place: String,
    /// As printed, e.g. "22.11.2026, 10:15".
    pub date: String,
    pub heading: String,
    /// Paragraphs separated by line breaks; wrapped at spaces, longer words broken.
    pub text: String,
}

/// The note as bytes for the printer.
pub fn note(note: &Note, paper: Paper) -> Vec<u8> {
    let columns = paper.columns();
    let mut commands = header((&note.municipality, &note.place, &note.date), columns).bold(true);
    for line in wrapped(&note.heading, columns) {
        commands = commands.line(&line);
    }
    commands = commands.bold(false);
    for line in wrapped(&note.text, columns) {
        commands = commands.line(&line);
    }
    commands.line(&"-".repeat(columns)).cut().into_bytes()
}

/// `text` in lines of at most `columns` characters: its own line breaks kept, words moved to the
/// next line whole, a word longer than a line broken.
fn wrapped(text: &str, columns: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            loop {
                let used = line.chars().count();
                let room = if used == 0 {
                    columns
                } else {
                    columns.saturating_sub(used + 1)
                };
                if word.len() <= room {
                    if used > 0 {
                        line.push(' ');
                    }
                    line.extend(word);
                    break;
                }
                if used > 0 {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                let rest = word.split_off(columns);
                lines.push(word.into_iter().collect());
                word = rest;
            }
        }
        lines.push(line);
    }
    lines
}

/// The text a printer would print from `bytes`: commands skipped, CP858 decoded, one string per
/// line. For tests and previews; it knows exactly the commands this module writes.
pub fn printed_lines(bytes: &[u8]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            ESC => {
                i += if bytes.get(i + 1) == Some(&b'@') {
                    2
                } else {
                    3
                }
            }
            GS if bytes.get(i + 1) == Some(&b'(') => {
                let len = bytes
                    .get(i + 3..i + 5)
                    .map_or(0, |l| usize::from(u16::from_le_bytes([l[0], l[1]])));
                i += 5 + len;
            }
            GS if bytes.get(i + 1) == Some(&b'V') => i += 4,
            GS => i += 3,
            LF => {
                lines.push(std::mem::take(&mut line));
                i += 1;
            }
            byte => {
                line.push(cp858::decode_byte(byte));
                i += 1;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words the app prints (its `messages` in German).
    const LABELS: ReceiptLabels = ReceiptLabels {
        fee: "Gebühr",
        paid: "Bezahlt",
        case: "Vorgang",
        thanks: "Vielen Dank!",
    };

    fn example() -> Receipt {
        Receipt {
            municipality: "Gemeinde Schönberg".into(),
            place: "Gemeindeamt Schönberg".into(),
            date: "22.11.2026".into(),
            service: "Anmeldung Müller".into(),
            fee_cents: 1250,
            payment: "Karte, Beleg 0042".into(),
            case_number: "SB-2026-0042".into(),
            case_reference: "urn:buergerkoffer:case:SB-2026-0042".into(),
        }
    }

    #[test]
    fn a_note_is_wrapped_to_the_paper_and_prints_no_commands_of_its_own() {
        let bytes = note(
            &Note {
                municipality: "Meerane".into(),
                place: "Meerane, Seniorenwohnanlage".into(),
                date: "22.11.2026, 10:15".into(),
                heading: "Aus dem Gespräch mit Birgit Richter".into(),
                text: "Bitte bringen Sie den Ausweis am Dienstag mit.\nAktenzeichen: \u{1b}@MEE-2026-0815-Fundsache-Geldbörse-schwarz"
                    .into(),
            },
            Paper::Mm58,
        );
        let lines = printed_lines(&bytes);
        assert!(
            lines.iter().all(|line| line.chars().count() <= 32),
            "{lines:?}"
        );
        assert_eq!(
            &lines[4..],
            [
                "Aus dem Gespräch mit Birgit",
                "Richter",
                "Bitte bringen Sie den Ausweis am",
                "Dienstag mit.",
                "Aktenzeichen:",
                "?@MEE-2026-0815-Fundsache-Geldbö",
                "rse-schwarz",
                "--------------------------------",
            ]
        );
        let escapes = bytes.iter().filter(|&&b| b == ESC).count();
        assert_eq!(
            escapes,
            Commands::new()
                .align(Align::Center)
                .double_size(true)
                .double_size(false)
                .align(Align::Left)
                .bold(true)
                .bold(false)
                .into_bytes()
                .iter()
                .filter(|&&b| b == ESC)
                .count(),
            "an escape in the text is printed as ?, never sent"
        );
    }

    #[test]
    fn receipt_selects_cp858_and_encodes_umlauts_and_euro() {
        let bytes = receipt(&example(), &LABELS, Paper::Mm80);
        assert_eq!(&bytes[..5], &[0x1B, b'@', 0x1B, b't', 19]);
        let fee_line = b"Geb\x81hr";
        assert!(bytes.windows(fee_line.len()).any(|w| w == fee_line));
        let amount = b"12,50 \xD5";
        assert!(bytes.windows(amount.len()).any(|w| w == amount));
        assert!(
            !String::from_utf8_lossy(&bytes).contains("ü"),
            "no UTF-8 sent"
        );
        assert_eq!(
            &bytes[bytes.len() - 4..],
            &[0x1D, b'V', 66, 3],
            "ends with a cut"
        );
    }

    #[test]
    fn receipt_reads_back_as_text_on_80_and_58_mm() {
        for (paper, width) in [(Paper::Mm80, 48), (Paper::Mm58, 32)] {
            let lines = printed_lines(&receipt(&example(), &LABELS, paper));
            assert_eq!(lines[0], "Gemeinde Schönberg");
            let fee = lines
                .iter()
                .find(|l| l.starts_with("Gebühr"))
                .expect("fee line");
            assert!(fee.ends_with("12,50 €"), "{fee}");
            assert_eq!(fee.chars().count(), width);
            let case = lines
                .iter()
                .find(|l| l.starts_with("Vorgang"))
                .expect("case line");
            assert!(case.ends_with("SB-2026-0042"), "{case}");
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with("Bezahlt") && l.ends_with("Karte, Beleg 0042"))
            );
            assert!(lines.contains(&"Vielen Dank!".to_owned()));
        }
    }

    #[test]
    fn qr_code_carries_the_case_reference_with_its_length() {
        let bytes = Commands::new().qr("urn:x:1", 6).into_bytes();
        let store = [0x1D, b'(', b'k', 10, 0, 0x31, 0x50, 0x30];
        let at = bytes
            .windows(store.len())
            .position(|w| w == store)
            .expect("store command");
        assert_eq!(&bytes[at + 8..at + 15], b"urn:x:1");
    }

    #[test]
    fn euro_amounts_use_a_decimal_comma() {
        assert_eq!(euro(1250), "12,50 €");
        assert_eq!(euro(5), "0,05 €");
        assert_eq!(euro(0), "0,00 €");
    }
}
