//! Code page 858 (CP850 with € at 0xD5), which `ESC t 19` selects on ESC/POS printers. UTF-8
//! sent to such a printer prints garbage, so every text is encoded here first.

/// (Unicode, CP858) for everything above ASCII that German and other Latin-script names need.
const TABLE: &[(char, u8)] = &[
    ('Ç', 0x80),
    ('ü', 0x81),
    ('é', 0x82),
    ('â', 0x83),
    ('ä', 0x84),
    ('à', 0x85),
    ('å', 0x86),
    ('ç', 0x87),
    ('ê', 0x88),
    ('ë', 0x89),
    ('è', 0x8A),
    ('ï', 0x8B),
    ('î', 0x8C),
    ('ì', 0x8D),
    ('Ä', 0x8E),
    ('Å', 0x8F),
    ('É', 0x90),
    ('æ', 0x91),
    ('Æ', 0x92),
    ('ô', 0x93),
    ('ö', 0x94),
    ('ò', 0x95),
    ('û', 0x96),
    ('ù', 0x97),
    ('ÿ', 0x98),
    ('Ö', 0x99),
    ('Ü', 0x9A),
    ('ø', 0x9B),
    ('£', 0x9C),
    ('Ø', 0x9D),
    ('×', 0x9E),
    ('á', 0xA0),
    ('í', 0xA1),
    ('ó', 0xA2),
    ('ú', 0xA3),
    ('ñ', 0xA4),
    ('Ñ', 0xA5),
    ('ª', 0xA6),
    ('º', 0xA7),
    ('¿', 0xA8),
    ('®', 0xA9),
    ('¬', 0xAA),
    ('½', 0xAB),
    ('¼', 0xAC),
    ('¡', 0xAD),
    ('«', 0xAE),
    ('»', 0xAF),
    ('Á', 0xB5),
    ('Â', 0xB6),
    ('À', 0xB7),
    ('©', 0xB8),
    ('¢', 0xBD),
    ('¥', 0xBE),
    ('ã', 0xC6),
    ('Ã', 0xC7),
    ('¤', 0xCF),
    ('ð', 0xD0),
    ('Ð', 0xD1),
    ('Ê', 0xD2),
    ('Ë', 0xD3),
    ('È', 0xD4),
    ('€', 0xD5),
    ('Í', 0xD6),
    ('Î', 0xD7),
    ('Ï', 0xD8),
    ('¦', 0xDD),
    ('Ì', 0xDE),
    ('Ó', 0xE0),
    ('ß', 0xE1),
    ('Ô', 0xE2),
    ('Ò', 0xE3),
    ('õ', 0xE4),
    ('Õ', 0xE5),
    ('µ', 0xE6),
    ('þ', 0xE7),
    ('Þ', 0xE8),
    ('Ú', 0xE9),
    ('Û', 0xEA),
    ('Ù', 0xEB),
    ('ý', 0xEC),
    ('Ý', 0xED),
    ('¯', 0xEE),
    ('´', 0xEF),
    ('±', 0xF1),
    ('¾', 0xF3),
    ('¶', 0xF4),
    ('§', 0xF5),
    ('÷', 0xF6),
    ('¸', 0xF7),
    ('°', 0xF8),
    ('¨', 0xF9),
    ('·', 0xFA),
    ('¹', 0xFB),
    ('³', 0xFC),
    ('²', 0xFD),
    ('\u{A0}', 0xFF),
];

/// Typography the code page lacks, written the way a typewriter would.
fn fallback(c: char) -> Option<&'static str> {
    Some(match c {
        '–' | '—' | '‐' | '−' => "-",
        '„' | '“' | '”' => "\"",
        '‚' | '‘' | '’' => "'",
        '…' => "...",
        _ => return None,
    })
}

/// Encodes `text` for the printer. Characters the code page cannot show become `?`, so a receipt
/// is always printed, and `unprintable` says which ones were replaced.
pub fn encode(text: &str) -> Encoded {
    let mut bytes = Vec::with_capacity(text.len());
    let mut unprintable = Vec::new();
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            bytes.push(c as u8);
        } else if let Some(&(_, byte)) = TABLE.iter().find(|(u, _)| *u == c) {
            bytes.push(byte);
        } else if let Some(text) = fallback(c) {
            bytes.extend_from_slice(text.as_bytes());
        } else {
            bytes.push(b'?');
            unprintable.push(c);
        }
    }
    Encoded { bytes, unprintable }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub unprintable: Vec<char>,
}

/// The character a CP858 byte prints as (for reading receipts back in tests and previews).
pub fn decode_byte(byte: u8) -> char {
    if byte.is_ascii() {
        return char::from(byte);
    }
    TABLE
        .iter()
        .find(|(_, b)| *b == byte)
        .map_or('\u{FFFD}', |(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_letters_and_euro_have_their_cp858_bytes() {
        let encoded = encode("Müller, Gebühr 12,50 €");
        assert!(encoded.unprintable.is_empty());
        assert_eq!(encoded.bytes[1], 0x81, "ü");
        assert_eq!(*encoded.bytes.last().expect("byte"), 0xD5, "€");
        assert_eq!(
            encode("ÄÖÜäöüß§").bytes,
            [0x8E, 0x99, 0x9A, 0x84, 0x94, 0x81, 0xE1, 0xF5]
        );
    }

    #[test]
    fn every_table_entry_decodes_back() {
        for &(c, byte) in TABLE {
            assert_eq!(decode_byte(byte), c);
            assert_eq!(encode(&c.to_string()).bytes, [byte]);
        }
        let mut bytes: Vec<u8> = TABLE.iter().map(|(_, b)| *b).collect();
        bytes.sort_unstable();
        bytes.dedup();
        assert_eq!(bytes.len(), TABLE.len(), "no byte twice");
    }

    #[test]
    fn typography_is_replaced_and_the_rest_marked() {
        let encoded = encode("„Wohnsitz“ – 1…2 😀");
        assert_eq!(encoded.bytes, b"\"Wohnsitz\" - 1...2 ?");
        assert_eq!(encoded.unprintable, ['😀']);
    }

    #[test]
    fn control_characters_never_reach_the_printer() {
        // A name containing ESC must not switch printer modes.
        assert_eq!(encode("A\u{1B}@B").bytes, b"A?@B");
    }
}
