//! The fields inside a ZVT APDU's data: a one-byte tag ("BMP") followed by a value whose length
//! the tag fixes, or that an LL / LLL prefix (digits as 0xF0 | d) or a BER length (TLV
//! container, tag 06) announces. An unknown tag ends the reading: its length is unknowable.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub tag: u8,
    pub value: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BitmapError {
    UnknownTag(u8),
    /// The value of this tag runs past the end of the data.
    Truncated(u8),
    /// An LL/LLL prefix that is not made of 0xF0 | digit.
    BadLength(u8),
}

impl fmt::Display for BitmapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownTag(tag) => write!(f, "unknown field {tag:02X}"),
            Self::Truncated(tag) => write!(f, "field {tag:02X} cut short"),
            Self::BadLength(tag) => write!(f, "field {tag:02X} has a malformed length"),
        }
    }
}

impl std::error::Error for BitmapError {}

enum Format {
    Fixed(usize),
    /// Two length digits.
    Ll,
    /// Three length digits.
    Lll,
    /// BER-TLV container.
    Tlv,
}

/// The value format of each tag, from the ZVT specification's list of bitmaps.
fn format(tag: u8) -> Option<Format> {
    use Format::*;
    Some(match tag {
        0x01 | 0x02 | 0x03 | 0x05 | 0x19 | 0x27 | 0x8A | 0x8C | 0xA0 | 0xD0 | 0xD2 | 0xD3
        | 0xE0 | 0xE9 | 0xEA | 0xF0 | 0xF9 | 0xFA | 0xFB | 0xFC => Fixed(1),
        0x0D | 0x0E | 0x17 | 0x3A | 0x49 | 0x87 => Fixed(2),
        0x0B | 0x0C | 0x37 | 0x3D | 0x88 | 0xAA => Fixed(3),
        0x29 => Fixed(4),
        0xBA => Fixed(5),
        0x04 => Fixed(6),
        0x3B | 0xEB => Fixed(8),
        0x2A => Fixed(15),
        0x22 | 0x23 | 0x2D | 0x8B | 0xA7 | 0xD1 | 0xE1..=0xE8 | 0xF1..=0xF8 => Ll,
        0x24 | 0x2E | 0x3C | 0x60 | 0x92 | 0x9A | 0xAF => Lll,
        0x06 => Tlv,
        _ => return None,
    })
}

/// Reads every field of `data`, in order.
pub fn parse(data: &[u8]) -> Result<Vec<Field>, BitmapError> {
    let mut fields = Vec::new();
    let mut rest = data;
    while let Some((field, after)) = parse_one(rest)? {
        fields.push(field);
        rest = after;
    }
    Ok(fields)
}

fn digits_length(tag: u8, bytes: &[u8], digits: usize) -> Result<usize, BitmapError> {
    let prefix = bytes.get(..digits).ok_or(BitmapError::Truncated(tag))?;
    prefix.iter().try_fold(0usize, |len, &b| {
        if b & 0xF0 == 0xF0 && b & 0x0F <= 9 {
            Ok(len * 10 + usize::from(b & 0x0F))
        } else {
            Err(BitmapError::BadLength(tag))
        }
    })
}

/// A BER length: one byte below 0x80, or 0x81 / 0x82 followed by one or two length bytes.
fn ber_length(tag: u8, bytes: &[u8]) -> Result<(usize, usize), BitmapError> {
    match bytes {
        [len, ..] if *len < 0x80 => Ok((usize::from(*len), 1)),
        [0x81, len, ..] => Ok((usize::from(*len), 2)),
        [0x82, high, low, ..] => Ok((usize::from(u16::from_be_bytes([*high, *low])), 3)),
        [] | [0x81] | [0x82] | [0x82, _] => Err(BitmapError::Truncated(tag)),
        _ => Err(BitmapError::BadLength(tag)),
    }
}

/// The decimal digits of packed BCD, or `None` if a nibble is no digit.
pub fn bcd_digits(bytes: &[u8]) -> Option<String> {
    let mut digits = String::with_capacity(bytes.len() * 2);
    for nibble in bytes.iter().flat_map(|b| [b >> 4, b & 0x0F]) {
        digits.push(char::from_digit(u32::from(nibble), 10)?);
    }
    Some(digits)
}

/// What a terminal reports about a payment (04 0F): its result, and what the receipt shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusInformation {
    /// 0 when the payment went through; otherwise why not (see `ResultCode`).
    pub result_code: Option<u8>,
    pub amount_cents: Option<u64>,
    /// The receipt number printed on the card slip ("Beleg-Nr.").
    pub receipt_number: Option<String>,
    pub trace_number: Option<String>,
    pub terminal_id: Option<String>,
    pub card_name: Option<String>,
    /// Fields after an unreadable one are lost; what came before is kept.
    pub unreadable: Option<BitmapError>,
}

impl StatusInformation {
    /// Reads the data of a status-information APDU. Never fails: a terminal that approved a
    /// payment must not be ignored because one field could not be read.
    pub fn parse(data: &[u8]) -> Self {
        let mut info = Self::default();
        let mut rest = data;
        loop {
            match parse_one(rest) {
                Ok(Some((field, after))) => {
                    info.take(&field);
                    rest = after;
                }
                Ok(None) => break,
                Err(error) => {
                    info.unreadable = Some(error);
                    break;
                }
            }
        }
        info
    }

    fn take(&mut self, field: &Field) {
        let digits = || bcd_digits(&field.value);
        match field.tag {
            0x27 => self.result_code = field.value.first().copied(),
            0x04 => self.amount_cents = digits().and_then(|d| d.parse().ok()),
            0x87 => self.receipt_number = digits(),
            0x0B => self.trace_number = digits(),
            0x29 => self.terminal_id = digits(),
            0x8B => {
                self.card_name = Some(
                    field
                        .value
                        .iter()
                        .filter(|b| b.is_ascii_graphic() || **b == b' ')
                        .map(|&b| char::from(b))
                        .collect(),
                )
            }
            _ => {}
        }
    }
}

fn parse_one(data: &[u8]) -> Result<Option<(Field, &[u8])>, BitmapError> {
    let Some(&tag) = data.first() else {
        return Ok(None);
    };
    let after = &data[1..];
    let (len, header) = match format(tag).ok_or(BitmapError::UnknownTag(tag))? {
        Format::Fixed(len) => (len, 0),
        Format::Ll => (digits_length(tag, after, 2)?, 2),
        Format::Lll => (digits_length(tag, after, 3)?, 3),
        Format::Tlv => ber_length(tag, after)?,
    };
    let value = after
        .get(header..header + len)
        .ok_or(BitmapError::Truncated(tag))?;
    Ok(Some((
        Field {
            tag,
            value: value.to_vec(),
        },
        &after[header + len..],
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A status information as a terminal sends it after an approved payment of 12,50 €.
    const APPROVED: [u8; 33] = [
        0x27, 0x00, // result code: success
        0x04, 0x00, 0x00, 0x00, 0x00, 0x12, 0x50, // amount
        0x0B, 0x00, 0x01, 0x23, // trace number
        0x0C, 0x10, 0x42, 0x07, // time 10:42:07
        0x87, 0x00, 0x42, // receipt number
        0x29, 0x52, 0x50, 0x00, 0x01, // terminal id
        0x8B, 0xF0, 0xF8, b'g', b'i', b'r', b'o', b'c', // card name (LL = 08)
    ];

    #[test]
    fn a_status_information_gives_result_amount_and_receipt_number() {
        let mut data = APPROVED.to_vec();
        data.extend_from_slice(b"ard");
        let info = StatusInformation::parse(&data);
        assert_eq!(
            info,
            StatusInformation {
                result_code: Some(0),
                amount_cents: Some(1250),
                receipt_number: Some("0042".into()),
                trace_number: Some("000123".into()),
                terminal_id: Some("52500001".into()),
                card_name: Some("girocard".into()),
                unreadable: None,
            }
        );
        assert_eq!(parse(&data).expect("fields").len(), 7);
    }

    #[test]
    fn lengths_of_every_kind_are_read() {
        let lll = [0x3C, 0xF0, 0xF0, 0xF3, b'a', b'b', b'c'];
        let tlv_short = [0x06, 0x02, 0x1F, 0x10];
        let tlv_long = {
            let mut bytes = vec![0x06, 0x82, 0x01, 0x00];
            bytes.extend_from_slice(&[0xAA; 256]);
            bytes
        };
        let mut data = lll.to_vec();
        data.extend_from_slice(&tlv_short);
        data.extend_from_slice(&tlv_long);
        let fields = parse(&data).expect("fields");
        assert_eq!(fields[0].value, b"abc");
        assert_eq!(fields[1].value, [0x1F, 0x10]);
        assert_eq!(fields[2].value.len(), 256);
    }

    #[test]
    fn broken_data_is_refused_and_keeps_what_came_before() {
        assert_eq!(parse(&[0x04, 0x00]), Err(BitmapError::Truncated(0x04)));
        assert_eq!(
            parse(&[0x8B, 0xF1, 0x3A]),
            Err(BitmapError::BadLength(0x8B))
        );
        assert_eq!(parse(&[0x8B, 0xF9]), Err(BitmapError::Truncated(0x8B)));
        assert_eq!(parse(&[0x55]), Err(BitmapError::UnknownTag(0x55)));
        assert_eq!(
            parse(&[0x06, 0x83, 0, 0, 1]),
            Err(BitmapError::BadLength(0x06))
        );

        let mut data = APPROVED[..20].to_vec(); // up to and with the receipt number
        data.extend_from_slice(&[0x55, 0x01]);
        let info = StatusInformation::parse(&data);
        assert_eq!(info.result_code, Some(0));
        assert_eq!(info.receipt_number.as_deref(), Some("0042"));
        assert_eq!(info.unreadable, Some(BitmapError::UnknownTag(0x55)));
    }

    #[test]
    fn bcd_with_a_nibble_beyond_nine_is_no_number() {
        assert_eq!(bcd_digits(&[0x01, 0x23]).as_deref(), Some("0123"));
        assert_eq!(bcd_digits(&[0x1A]), None);
        let info = StatusInformation::parse(&[0x04, 0, 0, 0, 0, 0x12, 0x5F]);
        assert_eq!(info.amount_cents, None);
    }
}
