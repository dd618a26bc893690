//! Validators that know German data: names as the register writes them, postcodes, house
//! numbers, IBANs.

use super::Problem;

/// A name as the register writes it: "Müller-Lüdenscheidt", "von der Heide", "O'Brien",
/// "Straßburger", "Zoë". Letters of any script; single spaces, hyphens or apostrophes between
/// letters; a full stop only after a letter ("St. Clair").
pub fn check_name(text: &str) -> Result<(), Problem> {
    let name = text.trim();
    if let Some(found) = name
        .chars()
        .find(|c| !(c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.')))
    {
        return Err(Problem::NameCharacter { found });
    }
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let separator = !c.is_alphabetic();
        let after_separator = previous.is_none_or(|p| !p.is_alphabetic() && p != '.');
        if separator && after_separator && !(c == ' ' && previous == Some('.')) {
            return Err(Problem::NameShape);
        }
        previous = Some(c);
    }
    match previous {
        Some(last) if last.is_alphabetic() || last == '.' => Ok(()),
        _ => Err(Problem::NameShape),
    }
}

/// A German postcode: five digits, 01001 to 99998.
pub fn check_postcode(text: &str) -> Result<(), Problem> {
    let code = text.trim();
    let ok = code.len() == 5
        && code.bytes().all(|b| b.is_ascii_digit())
        && ("01001"..="99998").contains(&code);
    ok.then_some(()).ok_or(Problem::PostcodeFormat)
}

/// "12", "12a", "12 a", "12-14".
pub(super) fn check_house_number(text: &str) -> Result<(), Problem> {
    let number = text.trim();
    let ok = number.starts_with(|c: char| c.is_ascii_digit())
        && number.len() <= 10
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '/'));
    ok.then_some(()).ok_or(Problem::HouseNumberFormat)
}

/// Lengths of IBANs in the SEPA countries a German municipality meets most.
fn iban_length(country: &str) -> Option<usize> {
    Some(match country {
        "DE" => 22,
        "AT" => 20,
        "CH" | "LI" => 21,
        "NL" => 18,
        "BE" => 16,
        "FR" | "IT" | "MC" => 27,
        "PL" => 28,
        "CZ" | "SK" | "ES" | "SE" => 24,
        "DK" | "FI" => 18,
        "LU" => 20,
        "GB" => 22,
        _ => return None,
    })
}

/// An IBAN with spaces anywhere, checked by length (for known countries) and ISO 7064 mod 97.
pub fn check_iban(text: &str) -> Result<String, Problem> {
    let iban: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let well_formed = iban.len() >= 15
        && iban.len() <= 34
        && iban.bytes().all(|b| b.is_ascii_alphanumeric())
        && iban[..2].bytes().all(|b| b.is_ascii_uppercase())
        && iban[2..4].bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(Problem::IbanFormat);
    }
    let country = &iban[..2];
    if let Some(expected) = iban_length(country).filter(|&n| n != iban.len()) {
        return Err(Problem::IbanLength {
            country: country.to_owned(),
            expected,
            found: iban.len(),
        });
    }
    let rearranged = iban[4..].chars().chain(iban[..4].chars());
    let remainder = rearranged.fold(0u32, |acc, c| {
        let value = c.to_digit(36).unwrap_or(0);
        if value >= 10 {
            (acc * 100 + value) % 97
        } else {
            (acc * 10 + value) % 97
        }
    });
    if remainder == 1 {
        Ok(iban)
    } else {
        Err(Problem::IbanChecksum)
    }
}
