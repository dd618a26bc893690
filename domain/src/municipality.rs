//! Municipalities, identified by their Amtlicher Regionalschlüssel (ARS).

use std::fmt;

/// The 12-digit Amtlicher Regionalschlüssel of a German municipality: Land (2), Regierungsbezirk
/// (1), Kreis (2), Gemeindeverband (4), Gemeinde (3). Every municipality's data lives apart under
/// this key, so it is parsed strictly: a mistyped key must never address another town's citizens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionalKey([u8; 12]);

/// Why a text is not a valid Regionalschlüssel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionalKeyError {
    WrongLength { found: usize },
    NotDigits,
    UnknownLand { code: u8 },
}

impl fmt::Display for RegionalKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongLength { found } => write!(
                f,
                "Ein Regionalschlüssel hat 12 Ziffern, eingegeben wurden {found}."
            ),
            Self::NotDigits => write!(f, "Ein Regionalschlüssel besteht nur aus Ziffern."),
            Self::UnknownLand { code } => write!(
                f,
                "Die ersten zwei Ziffern ({code:02}) bezeichnen kein Bundesland (01 bis 16)."
            ),
        }
    }
}

impl std::error::Error for RegionalKeyError {}

impl RegionalKey {
    /// Parses the key as officials write it: 12 digits, spaces between groups allowed.
    /// (A sync push names a key per case, so this allocates nothing.)
    pub fn parse(text: &str) -> Result<Self, RegionalKeyError> {
        let mut digits = [0u8; 12];
        let mut found = 0;
        let mut only_digits = true;
        for c in text.chars().filter(|c| *c != ' ') {
            match (digits.get_mut(found), c.to_digit(10)) {
                (Some(slot), Some(digit)) => *slot = u8::try_from(digit).unwrap_or(0),
                (Some(_), None) => only_digits = false,
                (None, _) => {}
            }
            found += 1;
        }
        if found != 12 {
            return Err(RegionalKeyError::WrongLength { found });
        }
        if !only_digits {
            return Err(RegionalKeyError::NotDigits);
        }
        let land = digits[0] * 10 + digits[1];
        if !(1..=16).contains(&land) {
            return Err(RegionalKeyError::UnknownLand { code: land });
        }
        Ok(Self(digits))
    }

    /// The Land (01 Schleswig-Holstein … 14 Sachsen … 16 Thüringen).
    pub fn land_code(&self) -> u8 {
        self.0[0] * 10 + self.0[1]
    }

    /// The 8-digit Amtlicher Gemeindeschlüssel (AGS) contained in the key: Land, Regierungsbezirk,
    /// Kreis and the last three digits (Gemeinde).
    pub fn municipality_code(&self) -> String {
        self.0[..5]
            .iter()
            .chain(&self.0[9..])
            .map(|d| char::from(b'0' + d))
            .collect()
    }
}

impl fmt::Display for RegionalKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.map(|d| b'0' + d);
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_with_group_spaces_is_accepted_and_printed_compact() {
        let key = RegionalKey::parse("14 5 24 0330 190").expect("valid key");
        assert_eq!(key.to_string(), "145240330190");
        assert_eq!(key.land_code(), 14);
        assert_eq!(key.municipality_code(), "14524190");
    }

    #[test]
    fn short_key_names_the_count() {
        assert_eq!(
            RegionalKey::parse("14524"),
            Err(RegionalKeyError::WrongLength { found: 5 })
        );
    }

    #[test]
    fn letters_are_refused() {
        assert_eq!(
            RegionalKey::parse("14524O330190"),
            Err(RegionalKeyError::NotDigits)
        );
    }

    #[test]
    fn land_outside_01_to_16_is_refused() {
        assert_eq!(
            RegionalKey::parse("175240330190"),
            Err(RegionalKeyError::UnknownLand { code: 17 })
        );
        assert_eq!(
            RegionalKey::parse("005240330190"),
            Err(RegionalKeyError::UnknownLand { code: 0 })
        );
    }

    #[test]
    fn errors_read_as_german_sentences() {
        let message = RegionalKey::parse("1").unwrap_err().to_string();
        assert_eq!(
            message,
            "Ein Regionalschlüssel hat 12 Ziffern, eingegeben wurden 1."
        );
    }
}
