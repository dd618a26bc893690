//! Barcode scanners in keyboard-wedge mode: they "type" the code fast and end with Enter. This
//! tells such bursts from a person typing, by the time between keys, and reads a scanner set to
//! a US layout correctly on a German (QWERTZ) laptop.

/// One key press as the browser reports it (`KeyboardEvent.key`, `.code`, `.shiftKey`), with the
/// time in milliseconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyStroke {
    pub key: String,
    pub code: String,
    pub shift: bool,
    pub at_ms: u64,
}

/// Which keyboard layout the scanner assumes when it "types".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScannerLayout {
    /// The scanner matches the laptop's layout: `key` is right.
    SameAsLaptop,
    /// The scanner types US-English key positions; on a German layout `key` would swap y/z and
    /// garble symbols, so the physical `code` is read instead.
    Us,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WedgeEvent {
    /// A complete scan.
    Scanned(String),
    /// Keys a person typed; the caller lets them through to the focused field.
    Typed(Vec<KeyStroke>),
}

#[derive(Debug, Clone)]
pub struct WedgeDetector {
    layout: ScannerLayout,
    /// Scanners send keys well under this apart; people rarely do, several times in a row.
    max_gap_ms: u64,
    /// Shorter bursts ending in Enter are taken for typing (e.g. a quick "ok⏎").
    min_length: usize,
    burst: Vec<KeyStroke>,
}

impl WedgeDetector {
    pub fn new(layout: ScannerLayout) -> Self {
        Self {
            layout,
            max_gap_ms: 30,
            min_length: 4,
            burst: Vec::new(),
        }
    }

    /// Feeds one key press; returns what it completes.
    pub fn handle(&mut self, stroke: KeyStroke) -> Vec<WedgeEvent> {
        let mut events = Vec::new();
        let too_slow = self
            .burst
            .last()
            .is_some_and(|last| stroke.at_ms.saturating_sub(last.at_ms) > self.max_gap_ms);
        if too_slow {
            events.push(WedgeEvent::Typed(std::mem::take(&mut self.burst)));
        }
        if stroke.key == "Enter" {
            let fast = self
                .burst
                .last()
                .is_some_and(|last| stroke.at_ms.saturating_sub(last.at_ms) <= self.max_gap_ms);
            let characters = self.burst.iter().filter(|s| !is_modifier(&s.key)).count();
            if fast && characters >= self.min_length {
                let text = self
                    .burst
                    .iter()
                    .filter(|s| !is_modifier(&s.key))
                    .map(|s| self.character(s))
                    .collect();
                self.burst.clear();
                events.push(WedgeEvent::Scanned(text));
            } else {
                let mut typed = std::mem::take(&mut self.burst);
                typed.push(stroke);
                events.push(WedgeEvent::Typed(typed));
            }
        } else if stroke.key.chars().count() == 1 || is_modifier(&stroke.key) {
            // A scanner presses Shift (or AltGr) before capitals and symbols like anyone else;
            // it belongs to the burst and yields no character of its own.
            self.burst.push(stroke);
        } else {
            // Tab, arrows, Backspace …: a person at work.
            let mut typed = std::mem::take(&mut self.burst);
            typed.push(stroke);
            events.push(WedgeEvent::Typed(typed));
        }
        events
    }

    /// Keys still waiting to be judged, e.g. after a pause: they were typed.
    pub fn flush(&mut self, now_ms: u64) -> Option<WedgeEvent> {
        let stale = self
            .burst
            .last()
            .is_some_and(|last| now_ms.saturating_sub(last.at_ms) > self.max_gap_ms);
        stale.then(|| WedgeEvent::Typed(std::mem::take(&mut self.burst)))
    }

    fn character(&self, stroke: &KeyStroke) -> char {
        let from_key = stroke.key.chars().next().unwrap_or('?');
        match self.layout {
            ScannerLayout::SameAsLaptop => from_key,
            ScannerLayout::Us => us_character(&stroke.code, stroke.shift).unwrap_or(from_key),
        }
    }
}

fn is_modifier(key: &str) -> bool {
    matches!(key, "Shift" | "AltGraph")
}

/// The character a US layout puts on a physical key (`KeyboardEvent.code`).
fn us_character(code: &str, shift: bool) -> Option<char> {
    if let Some(letter) = code.strip_prefix("Key") {
        let c = letter.chars().next()?.to_ascii_lowercase();
        return Some(if shift { c.to_ascii_uppercase() } else { c });
    }
    if let Some(digit) = code.strip_prefix("Digit") {
        let d = digit.chars().next()?;
        return Some(if shift {
            ")!@#$%^&*(".chars().nth(d.to_digit(10)? as usize)?
        } else {
            d
        });
    }
    let (plain, shifted) = match code {
        "Minus" => ('-', '_'),
        "Equal" => ('=', '+'),
        "BracketLeft" => ('[', '{'),
        "BracketRight" => (']', '}'),
        "Backslash" => ('\\', '|'),
        "Semicolon" => (';', ':'),
        "Quote" => ('\'', '"'),
        "Backquote" => ('`', '~'),
        "Comma" => (',', '<'),
        "Period" => ('.', '>'),
        "Slash" => ('/', '?'),
        "Space" => (' ', ' '),
        _ => return None,
    };
    Some(if shift { shifted } else { plain })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stroke(key: &str, code: &str, shift: bool, at_ms: u64) -> KeyStroke {
        KeyStroke {
            key: key.into(),
            code: code.into(),
            shift,
            at_ms,
        }
    }

    /// What a US-layout scanner typing `text` produces on a German QWERTZ layout: the codes of
    /// US key positions, the keys as German Windows maps them, and a Shift press before every
    /// shifted key.
    fn us_scanner_on_german_layout(text: &str, start_ms: u64) -> Vec<KeyStroke> {
        let mut strokes: Vec<KeyStroke> = text
            .chars()
            .enumerate()
            .flat_map(|(i, c)| {
                let at = start_ms + 8 * i as u64;
                let key = match c {
                    'Z' => stroke("Y", "KeyZ", true, at),
                    'Y' => stroke("Z", "KeyY", true, at),
                    '-' => stroke("ß", "Minus", false, at),
                    '/' => stroke("-", "Slash", false, at),
                    ':' => stroke("Ö", "Semicolon", true, at),
                    d if d.is_ascii_digit() => {
                        stroke(&d.to_string(), &format!("Digit{d}"), false, at)
                    }
                    l => stroke(
                        &l.to_string(),
                        &format!("Key{}", l.to_ascii_uppercase()),
                        l.is_ascii_uppercase(),
                        at,
                    ),
                };
                let shift = key.shift.then(|| stroke("Shift", "ShiftLeft", true, at));
                shift.into_iter().chain([key])
            })
            .collect();
        let end = start_ms + 8 * text.len() as u64;
        strokes.push(stroke("Enter", "Enter", false, end));
        strokes
    }

    fn feed(detector: &mut WedgeDetector, strokes: Vec<KeyStroke>) -> Vec<WedgeEvent> {
        strokes
            .into_iter()
            .flat_map(|s| detector.handle(s))
            .collect()
    }

    #[test]
    fn a_us_scanner_on_a_german_laptop_reads_true() {
        let mut detector = WedgeDetector::new(ScannerLayout::Us);
        let events = feed(
            &mut detector,
            us_scanner_on_german_layout("SB-2026/ZY:42", 1000),
        );
        assert_eq!(events, [WedgeEvent::Scanned("SB-2026/ZY:42".into())]);
    }

    #[test]
    fn without_the_layout_setting_the_same_keys_read_as_german_would_type_them() {
        let mut detector = WedgeDetector::new(ScannerLayout::SameAsLaptop);
        let events = feed(&mut detector, us_scanner_on_german_layout("ZY-1/", 0));
        assert_eq!(events, [WedgeEvent::Scanned("YZß1-".into())]);
    }

    #[test]
    fn a_person_typing_is_handed_back_not_taken_for_a_scan() {
        let mut detector = WedgeDetector::new(ScannerLayout::SameAsLaptop);
        let typed: Vec<KeyStroke> = "1234"
            .chars()
            .enumerate()
            .map(|(i, c)| stroke(&c.to_string(), &format!("Digit{c}"), false, 150 * i as u64))
            .chain([stroke("Enter", "Enter", false, 700)])
            .collect();
        let events = feed(&mut detector, typed);
        assert!(
            events.iter().all(|e| matches!(e, WedgeEvent::Typed(_))),
            "{events:?}"
        );
        let keys: usize = events
            .iter()
            .map(|e| match e {
                WedgeEvent::Typed(strokes) => strokes.len(),
                WedgeEvent::Scanned(_) => 0,
            })
            .sum();
        assert_eq!(keys, 5, "every key is handed back");
    }

    #[test]
    fn shift_inside_a_scan_is_no_character_and_a_person_shifting_is_still_typing() {
        let mut detector = WedgeDetector::new(ScannerLayout::SameAsLaptop);
        let scan = vec![
            stroke("Shift", "ShiftLeft", true, 0),
            stroke("S", "KeyS", true, 3),
            stroke("Shift", "ShiftLeft", true, 6),
            stroke("B", "KeyB", true, 9),
            stroke("-", "Slash", false, 12),
            stroke("7", "Digit7", false, 15),
            stroke("Enter", "Enter", false, 18),
        ];
        assert_eq!(
            feed(&mut detector, scan),
            [WedgeEvent::Scanned("SB-7".into())]
        );

        let person = vec![
            stroke("Shift", "ShiftLeft", true, 1000),
            stroke("M", "KeyM", true, 1200),
            stroke("a", "KeyA", false, 1400),
        ];
        let events = feed(&mut detector, person);
        assert!(
            matches!(&events[..], [WedgeEvent::Typed(s), WedgeEvent::Typed(_)] if s[0].key == "Shift"),
            "{events:?}"
        );
    }

    #[test]
    fn a_short_fast_burst_is_typing_and_a_pause_flushes() {
        let mut detector = WedgeDetector::new(ScannerLayout::SameAsLaptop);
        let events = feed(
            &mut detector,
            vec![
                stroke("o", "KeyO", false, 0),
                stroke("k", "KeyK", false, 10),
                stroke("Enter", "Enter", false, 20),
            ],
        );
        assert!(matches!(&events[..], [WedgeEvent::Typed(s)] if s.len() == 3));
        detector.handle(stroke("a", "KeyA", false, 100));
        assert_eq!(detector.flush(120), None, "still within the gap");
        assert!(matches!(detector.flush(200), Some(WedgeEvent::Typed(s)) if s.len() == 1));
    }
}
