//! The machine-readable zone of ID documents (ICAO 9303): the German ID card's three lines of 30
//! (TD1) and the passport's two lines of 44 (TD3). Parsing and check digits come from the `mrz`
//! crate; this module turns its result into what prefills a citizen, and refuses a zone whose
//! check digits disagree, saying which field.

/// What the zone tells about the holder and the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityDocument {
    pub kind: DocumentKind,
    /// As printed in the zone: capitals, umlauts transliterated (MÜLLER → MUELLER). The clerk
    /// confirms the spelling from the visual zone.
    pub surname: String,
    pub given_names: String,
    /// ISO 8601 (YYYY-MM-DD).
    pub birth_date: String,
    pub document_number: String,
    /// ISO 8601 (YYYY-MM-DD).
    pub expiry_date: String,
    /// ICAO code, `D` for Germany.
    pub nationality: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    IdCard,
    Passport,
}

/// Why a zone is not taken (the app says it in the clerk's words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzRefusal {
    /// Neither three lines of 30 (ID card) nor two of 44 (passport).
    Shape,
    /// The right shape, but not a zone the parser can read.
    Unreadable,
    /// The check digit of this field disagrees.
    CheckDigit(MrzField),
    /// The zone's digits disagree as a whole.
    Inconsistent,
}

/// A field of the zone that has its own check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzField {
    DocumentNumber,
    BirthDate,
    ExpiryDate,
    PersonalNumber,
    Composite,
}

/// Reads a zone given as its lines (separated by line breaks; surrounding spaces ignored).
pub fn read(zone: &str) -> Result<IdentityDocument, MrzRefusal> {
    let lines: Vec<String> = zone
        .lines()
        .map(|line| line.trim().to_uppercase())
        .filter(|line| !line.is_empty())
        .collect();
    let lengths: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    let (kind, parsed) = match lengths.as_slice() {
        [30, 30, 30] => (
            DocumentKind::IdCard,
            mrz::parse_td1(&lines[0], &lines[1], &lines[2]),
        ),
        [44, 44] => (DocumentKind::Passport, mrz::parse_td3(&lines[0], &lines[1])),
        _ => return Err(MrzRefusal::Shape),
    };
    let data = parsed.map_err(|_| MrzRefusal::Unreadable)?;
    let checks = [
        (data.checks.document_number, MrzField::DocumentNumber),
        (data.checks.date_of_birth, MrzField::BirthDate),
        (data.checks.date_of_expiry, MrzField::ExpiryDate),
        (data.checks.personal_number, MrzField::PersonalNumber),
        (data.checks.composite, MrzField::Composite),
    ];
    if let Some((_, field)) = checks.iter().find(|(check, _)| *check == Some(false)) {
        return Err(MrzRefusal::CheckDigit(*field));
    }
    if !data.valid() {
        return Err(MrzRefusal::Inconsistent);
    }
    Ok(IdentityDocument {
        kind,
        document_number: data.full_document_number().to_owned(),
        surname: data.surname,
        given_names: data.given_names,
        birth_date: data.date_of_birth.to_string(),
        expiry_date: data.date_of_expiry.to_string(),
        nationality: data.nationality,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ICAO 9303 specimens (Part 4 and Part 5).
    const PASSPORT: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    const ID_CARD: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";

    #[test]
    fn a_passport_zone_prefills_name_birth_date_and_expiry() {
        let document = read(PASSPORT).expect("valid");
        assert_eq!(document.kind, DocumentKind::Passport);
        assert_eq!(document.surname, "ERIKSSON");
        assert_eq!(document.given_names, "ANNA MARIA");
        assert_eq!(document.birth_date, "1974-08-12");
        assert_eq!(document.expiry_date, "2012-04-15");
        assert_eq!(document.document_number, "L898902C3");
    }

    #[test]
    fn an_id_card_zone_reads_with_surrounding_whitespace() {
        let document = read(&format!("  {}\n\n", ID_CARD.replace('\n', "  \n  "))).expect("valid");
        assert_eq!(document.kind, DocumentKind::IdCard);
        assert_eq!(document.document_number, "D23145890");
        assert_eq!(document.birth_date, "1974-08-12");
        assert_eq!(document.nationality, "UTO");
    }

    #[test]
    fn a_wrong_check_digit_is_refused_and_named() {
        // Birth date 740812 with check digit 3 instead of 2.
        let tampered = PASSPORT.replace("7408122F", "7408123F");
        assert_eq!(
            read(&tampered),
            Err(MrzRefusal::CheckDigit(MrzField::BirthDate))
        );
    }

    #[test]
    fn a_zone_of_the_wrong_shape_is_refused_plainly() {
        assert_eq!(read("P<D<<MUSTER"), Err(MrzRefusal::Shape));
        assert_eq!(
            read(&PASSPORT.replace('<', "#")),
            Err(MrzRefusal::Unreadable)
        );
    }
}
