//! The form engine: a declarative schema of fields (sent by the server inside the catalogue) and
//! the validators that know German data. The same code checks a form in the clerk's browser,
//! offline, and on the server.
//!
//! A form's values are a flat map from input id to text. Simple fields use their own id;
//! composite fields (address, person, document checklist) use `<field>.<part>` ids, so every
//! input — and every error — has exactly one id the UI can wire to its label and message.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the clerk typed, by input id.
pub type FormValues = BTreeMap<String, String>;

/// A text in both UI languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Label {
    pub de: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormSchema {
    pub fields: Vec<FieldSpec>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldSpec {
    pub id: String,
    pub label: Label,
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    /// The field is asked (and checked) only while another field has a given value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_if: Option<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Condition {
    pub field: String,
    pub equals: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Externally tagged ("date", {"choice": {...}}): internally tagged or flattened enums make serde
// buffer every value, which costs the wasm bundle tens of kilobytes.
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default = "default_max_chars")]
        max_chars: usize,
    },
    /// A person's name part: letters of any script, umlauts, ß, spaces, hyphens, apostrophes.
    Name,
    /// TT.MM.JJJJ.
    Date,
    /// TT.MM.JJJJ, not in the future, not more than 120 years ago.
    BirthDate,
    Choice {
        options: Vec<ChoiceOption>,
    },
    /// Street, house number, PLZ and place.
    Address,
    /// Family name, given names, birth date.
    Person,
    Iban,
    /// "ja" or "nein".
    YesNo,
    Number {
        min: i64,
        max: i64,
    },
    /// Documents the citizen showed; each item is ticked (`ja`) or not. Required means all.
    Documents {
        items: Vec<ChoiceOption>,
    },
}

fn default_max_chars() -> usize {
    200
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoiceOption {
    pub value: String,
    pub label: Label,
}

/// One input of a field as the UI renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Street,
    HouseNumber,
    Postcode,
    Place,
    FamilyName,
    GivenNames,
    BirthDate,
}

impl Part {
    pub const ADDRESS: [Part; 4] = [Part::Street, Part::HouseNumber, Part::Postcode, Part::Place];
    pub const PERSON: [Part; 3] = [Part::FamilyName, Part::GivenNames, Part::BirthDate];

    pub fn key(self) -> &'static str {
        match self {
            Self::Street => "street",
            Self::HouseNumber => "house_number",
            Self::Postcode => "postcode",
            Self::Place => "place",
            Self::FamilyName => "family_name",
            Self::GivenNames => "given_names",
            Self::BirthDate => "birth_date",
        }
    }

    /// The input id of this part of `field`.
    pub fn input_id(self, field: &str) -> String {
        format!("{field}.{}", self.key())
    }
}

/// Why a value was refused; the app turns it into a German (or English) sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooLong {
        max_chars: usize,
    },
    NameCharacter {
        found: char,
    },
    NameShape,
    DateFormat,
    /// The date is written correctly but does not exist (31.04., 29.02. of a common year).
    DateDoesNotExist {
        day: u8,
        month: u8,
        year: u16,
    },
    BirthDateInFuture,
    BirthDateTooOld,
    PostcodeFormat,
    HouseNumberFormat,
    IbanFormat,
    IbanLength {
        country: String,
        expected: usize,
        found: usize,
    },
    IbanChecksum,
    NotAChoice,
    YesNo,
    NumberFormat,
    NumberRange {
        min: i64,
        max: i64,
    },
    DocumentsMissing {
        missing: usize,
    },
}

/// A refused input: its id and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub input: String,
    pub problem: Problem,
}

/// A calendar date; `Ord` compares chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Parses `TT.MM.JJJJ` (one-digit day or month accepted, as people write them).
    pub fn parse_german(text: &str) -> Result<Self, Problem> {
        let mut parts = text.trim().split('.');
        let (Some(day), Some(month), Some(year), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Problem::DateFormat);
        };
        let digits = |s: &str, min: usize, max: usize| {
            (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
        };
        let (Some(day), Some(month), Some(year)) =
            (digits(day, 1, 2), digits(month, 1, 2), digits(year, 4, 4))
        else {
            return Err(Problem::DateFormat);
        };
        let (day, month) = (day as u8, month as u8);
        if !(1..=12).contains(&month) || day == 0 || day > 31 {
            return Err(Problem::DateFormat);
        }
        Self::new(year, month, day).ok_or(Problem::DateDoesNotExist { day, month, year })
    }

    /// The date as `TT.MM.JJJJ`.
    pub fn german(self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    /// The date as ISO 8601 `JJJJ-MM-TT`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn parse_iso(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }

    /// The civil date of a Unix time (UTC), for turning the browser's clock into "today".
    pub fn from_unix_days(days: i64) -> Self {
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Self { year, month, day }
    }
}

pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The oldest birth date taken as plausible: older people exist, but a typo is likelier.
pub const MAX_AGE_YEARS: u16 = 120;

pub fn check_birth_date(text: &str, today: Date) -> Result<Date, Problem> {
    let date = Date::parse_german(text)?;
    if date > today {
        return Err(Problem::BirthDateInFuture);
    }
    let oldest = Date {
        year: today.year.saturating_sub(MAX_AGE_YEARS),
        ..today
    };
    if date < oldest {
        return Err(Problem::BirthDateTooOld);
    }
    Ok(date)
}

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
fn check_house_number(text: &str) -> Result<(), Problem> {
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

impl FieldSpec {
    /// Whether the field is asked, given the other answers.
    pub fn is_shown(&self, values: &FormValues) -> bool {
        self.shown_if.as_ref().is_none_or(|condition| {
            values.get(&condition.field).map(String::as_str) == Some(condition.equals.as_str())
        })
    }

    /// The ids of this field's inputs, in the order the UI shows them.
    pub fn input_ids(&self) -> Vec<String> {
        match &self.kind {
            FieldKind::Address => Part::ADDRESS.map(|p| p.input_id(&self.id)).to_vec(),
            FieldKind::Person => Part::PERSON.map(|p| p.input_id(&self.id)).to_vec(),
            FieldKind::Documents { items } => items
                .iter()
                .map(|item| format!("{}.{}", self.id, item.value))
                .collect(),
            _ => vec![self.id.clone()],
        }
    }
}

/// Checks every shown field; the errors come in the order of the form, so the first one is
/// where the clerk's focus goes.
pub fn validate(schema: &FormSchema, values: &FormValues, today: Date) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for field in schema.fields.iter().filter(|f| f.is_shown(values)) {
        check_field(field, values, today, &mut errors);
    }
    errors
}

fn check_field(field: &FieldSpec, values: &FormValues, today: Date, errors: &mut Vec<FieldError>) {
    let value = |id: &str| values.get(id).map(|v| v.trim()).unwrap_or("");
    let mut refuse = |input: String, problem: Problem| errors.push(FieldError { input, problem });
    match &field.kind {
        FieldKind::Address | FieldKind::Person => {
            let parts: &[Part] = if field.kind == FieldKind::Address {
                &Part::ADDRESS
            } else {
                &Part::PERSON
            };
            let given: Vec<_> = parts
                .iter()
                .filter(|p| !value(&p.input_id(&field.id)).is_empty())
                .collect();
            for &part in parts {
                let input = part.input_id(&field.id);
                let text = value(&input);
                if text.is_empty() {
                    if field.required || !given.is_empty() {
                        refuse(input, Problem::Required);
                    }
                    continue;
                }
                let checked = match part {
                    Part::Street | Part::Place => check_length(text, 100),
                    Part::HouseNumber => check_house_number(text),
                    Part::Postcode => check_postcode(text),
                    Part::FamilyName | Part::GivenNames => {
                        check_length(text, 100).and_then(|()| check_name(text))
                    }
                    Part::BirthDate => check_birth_date(text, today).map(drop),
                };
                if let Err(problem) = checked {
                    refuse(input, problem);
                }
            }
        }
        FieldKind::Documents { .. } => {
            // The error sits at the first unticked document, where the clerk's focus goes.
            let unticked: Vec<String> = field
                .input_ids()
                .into_iter()
                .filter(|input| value(input) != "ja")
                .collect();
            if field.required && !unticked.is_empty() {
                let missing = unticked.len();
                refuse(unticked[0].clone(), Problem::DocumentsMissing { missing });
            }
        }
        kind => {
            let text = value(&field.id);
            if text.is_empty() {
                if field.required {
                    refuse(field.id.clone(), Problem::Required);
                }
                return;
            }
            let checked = match kind {
                FieldKind::Text { max_chars } => check_length(text, *max_chars),
                FieldKind::Name => check_length(text, 100).and_then(|()| check_name(text)),
                FieldKind::Date => Date::parse_german(text).map(drop),
                FieldKind::BirthDate => check_birth_date(text, today).map(drop),
                FieldKind::Choice { options } => options
                    .iter()
                    .any(|o| o.value == text)
                    .then_some(())
                    .ok_or(Problem::NotAChoice),
                FieldKind::Iban => check_iban(text).map(drop),
                FieldKind::YesNo => matches!(text, "ja" | "nein")
                    .then_some(())
                    .ok_or(Problem::YesNo),
                FieldKind::Number { min, max } => match text.parse::<i64>() {
                    Ok(n) if (*min..=*max).contains(&n) => Ok(()),
                    Ok(_) => Err(Problem::NumberRange {
                        min: *min,
                        max: *max,
                    }),
                    Err(_) => Err(Problem::NumberFormat),
                },
                FieldKind::Address | FieldKind::Person | FieldKind::Documents { .. } => Ok(()),
            };
            if let Err(problem) = checked {
                refuse(field.id.clone(), problem);
            }
        }
    }
}

fn check_length(text: &str, max_chars: usize) -> Result<(), Problem> {
    (text.chars().count() <= max_chars)
        .then_some(())
        .ok_or(Problem::TooLong { max_chars })
}

/// Mistakes in a schema itself (found when the catalogue is loaded, never at the citizen's table).
pub fn schema_mistakes(schema: &FormSchema) -> Vec<String> {
    let mut mistakes = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for field in &schema.fields {
        if field.id.is_empty() || field.id.contains('.') || !seen.insert(field.id.as_str()) {
            mistakes.push(format!(
                "field id {:?} is empty, has a dot or repeats",
                field.id
            ));
        }
        if let Some(condition) = &field.shown_if
            && !schema
                .fields
                .iter()
                .any(|f| f.id == condition.field && f.id != field.id)
        {
            mistakes.push(format!(
                "{} depends on unknown field {}",
                field.id, condition.field
            ));
        }
        if let FieldKind::Choice { options } | FieldKind::Documents { items: options } = &field.kind
            && options.is_empty()
        {
            mistakes.push(format!("{} offers nothing to choose", field.id));
        }
    }
    mistakes
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date {
        year: 2026,
        month: 11,
        day: 22,
    };

    fn label(text: &str) -> Label {
        Label {
            de: text.to_owned(),
            en: text.to_owned(),
        }
    }

    fn field(id: &str, kind: FieldKind, required: bool) -> FieldSpec {
        FieldSpec {
            id: id.to_owned(),
            label: label(id),
            kind,
            required,
            shown_if: None,
        }
    }

    fn values(pairs: &[(&str, &str)]) -> FormValues {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn names_with_umlauts_particles_hyphens_and_apostrophes_pass() {
        for name in [
            "Müller-Lüdenscheidt",
            "von der Heide",
            "Straßburger",
            "O'Brien",
            "Zoë",
            "Ørsted",
            "St. Clair",
            "Nguyễn",
            "Jürgen Hans-Peter",
        ] {
            assert_eq!(check_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn names_with_digits_or_stray_signs_are_refused_naming_the_sign() {
        assert_eq!(
            check_name("Müller2"),
            Err(Problem::NameCharacter { found: '2' })
        );
        assert_eq!(
            check_name("Anna_Lena"),
            Err(Problem::NameCharacter { found: '_' })
        );
        for shape in [
            "-Müller",
            "Müller-",
            "Müller--Lüdenscheidt",
            "von  der Heide",
            "'",
        ] {
            assert_eq!(check_name(shape), Err(Problem::NameShape), "{shape}");
        }
    }

    #[test]
    fn dates_are_day_month_year_and_must_exist() {
        assert_eq!(
            Date::parse_german("01.03.2024"),
            Ok(Date {
                year: 2024,
                month: 3,
                day: 1
            })
        );
        assert_eq!(
            Date::parse_german("1.3.2024"),
            Ok(Date {
                year: 2024,
                month: 3,
                day: 1
            })
        );
        assert_eq!(
            Date::parse_german("29.02.2024").map(Date::german),
            Ok("29.02.2024".into())
        );
        assert_eq!(
            Date::parse_german("29.02.2023"),
            Err(Problem::DateDoesNotExist {
                day: 29,
                month: 2,
                year: 2023
            })
        );
        assert_eq!(
            Date::parse_german("31.04.2020"),
            Err(Problem::DateDoesNotExist {
                day: 31,
                month: 4,
                year: 2020
            })
        );
        assert!(Date::parse_german("29.02.1900").is_err());
        assert!(Date::parse_german("29.02.2000").is_ok());
        for wrong in [
            "2024-03-01",
            "01/03/2024",
            "01.13.2024",
            "32.01.2024",
            "1.3.24",
            "",
            "01.03.2024.",
        ] {
            assert_eq!(
                Date::parse_german(wrong),
                Err(Problem::DateFormat),
                "{wrong}"
            );
        }
    }

    #[test]
    fn birth_dates_are_not_in_the_future_nor_older_than_120_years() {
        assert!(check_birth_date("22.11.2026", TODAY).is_ok());
        assert_eq!(
            check_birth_date("23.11.2026", TODAY),
            Err(Problem::BirthDateInFuture)
        );
        assert!(check_birth_date("22.11.1906", TODAY).is_ok());
        assert_eq!(
            check_birth_date("21.11.1906", TODAY),
            Err(Problem::BirthDateTooOld)
        );
    }

    #[test]
    fn postcodes_are_five_digits_in_the_german_range() {
        assert_eq!(check_postcode("08393"), Ok(()));
        assert_eq!(check_postcode(" 01067 "), Ok(()));
        for wrong in ["8393", "083930", "0839a", "00999", "99999", ""] {
            assert_eq!(
                check_postcode(wrong),
                Err(Problem::PostcodeFormat),
                "{wrong}"
            );
        }
    }

    #[test]
    fn ibans_are_checked_by_length_and_mod_97() {
        // The standard example IBAN of the German banking industry.
        assert_eq!(
            check_iban("DE89 3704 0044 0532 0130 00"),
            Ok("DE89370400440532013000".into())
        );
        assert_eq!(
            check_iban("de89370400440532013000"),
            Ok("DE89370400440532013000".into())
        );
        assert_eq!(
            check_iban("DE88 3704 0044 0532 0130 00"),
            Err(Problem::IbanChecksum)
        );
        assert_eq!(
            check_iban("DE89 3704 0044 0532 0103 00"),
            Err(Problem::IbanChecksum)
        );
        assert_eq!(
            check_iban("DE89 3704 0044 0532 0130 0"),
            Err(Problem::IbanLength {
                country: "DE".into(),
                expected: 22,
                found: 21
            })
        );
        assert_eq!(
            check_iban("AT61 1904 3002 3457 3201"),
            Ok("AT611904300234573201".into())
        );
        assert_eq!(
            check_iban("3704 0044 0532 0130 00"),
            Err(Problem::IbanFormat)
        );
        assert_eq!(
            check_iban("DE89-3704-0044-0532-0130-00"),
            Err(Problem::IbanFormat)
        );
    }

    #[test]
    fn unix_days_become_civil_dates() {
        assert_eq!(
            Date::from_unix_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(Date::from_unix_days(20_779), TODAY);
        assert_eq!(
            Date::from_unix_days(19_782),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
        assert_eq!(Date::parse_iso("2026-11-22"), Some(TODAY));
        assert_eq!(TODAY.iso(), "2026-11-22");
    }

    #[test]
    fn a_form_reports_every_problem_in_order_with_its_input_id() {
        let schema = FormSchema {
            fields: vec![
                field("person", FieldKind::Person, true),
                field("address", FieldKind::Address, true),
                field("moved_in", FieldKind::Date, true),
                field("others", FieldKind::YesNo, true),
                FieldSpec {
                    shown_if: Some(Condition {
                        field: "others".into(),
                        equals: "ja".into(),
                    }),
                    ..field("how_many", FieldKind::Number { min: 1, max: 20 }, true)
                },
            ],
        };
        let typed = values(&[
            ("person.family_name", "von der Heide"),
            ("person.given_names", "Jörg"),
            ("person.birth_date", "29.02.2023"),
            ("address.street", "Hauptstraße"),
            ("address.house_number", "12a"),
            ("address.postcode", "0839"),
            ("address.place", "Schönberg"),
            ("moved_in", "2026-11-01"),
            ("others", "nein"),
        ]);
        let errors = validate(&schema, &typed, TODAY);
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e.input.as_str(), e.problem.clone()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "person.birth_date",
                    Problem::DateDoesNotExist {
                        day: 29,
                        month: 2,
                        year: 2023
                    }
                ),
                ("address.postcode", Problem::PostcodeFormat),
                ("moved_in", Problem::DateFormat),
            ]
        );

        let mut corrected = typed.clone();
        corrected.insert("person.birth_date".into(), "28.02.1950".into());
        corrected.insert("address.postcode".into(), "08393".into());
        corrected.insert("moved_in".into(), "01.11.2026".into());
        assert_eq!(validate(&schema, &corrected, TODAY), vec![]);

        // A conditional field is checked only while shown.
        corrected.insert("others".into(), "ja".into());
        assert_eq!(
            validate(&schema, &corrected, TODAY),
            vec![FieldError {
                input: "how_many".into(),
                problem: Problem::Required
            }]
        );
        corrected.insert("how_many".into(), "21".into());
        assert_eq!(
            validate(&schema, &corrected, TODAY)[0].problem,
            Problem::NumberRange { min: 1, max: 20 }
        );
    }

    #[test]
    fn optional_composites_are_all_or_nothing_and_checklists_count_missing_documents() {
        let item = |v: &str| ChoiceOption {
            value: v.into(),
            label: label(v),
        };
        let schema = FormSchema {
            fields: vec![
                field("previous", FieldKind::Address, false),
                field(
                    "docs",
                    FieldKind::Documents {
                        items: vec![item("ausweis"), item("wgb")],
                    },
                    true,
                ),
            ],
        };
        assert_eq!(
            validate(&schema, &values(&[("docs.ausweis", "ja")]), TODAY),
            vec![FieldError {
                input: "docs.wgb".into(),
                problem: Problem::DocumentsMissing { missing: 1 }
            }]
        );
        let half = values(&[
            ("previous.place", "Meerane"),
            ("docs.ausweis", "ja"),
            ("docs.wgb", "ja"),
        ]);
        let inputs: Vec<_> = validate(&schema, &half, TODAY)
            .into_iter()
            .map(|e| e.input)
            .collect();
        assert_eq!(
            inputs,
            [
                "previous.street",
                "previous.house_number",
                "previous.postcode"
            ]
        );
    }

    #[test]
    fn schemas_round_trip_as_json_and_mistakes_are_found() {
        let json = r#"{"fields":[
            {"id":"reason","label":{"de":"Grund","en":"Reason"},"required":true,
             "kind":{"choice":{"options":[{"value":"a","label":{"de":"A","en":"A"}}]}}},
            {"id":"note","label":{"de":"Notiz","en":"Note"},"kind":{"text":{}},"shown_if":{"field":"reason","equals":"a"}},
            {"id":"note","label":{"de":"x","en":"x"},"kind":"iban"},
            {"id":"late","label":{"de":"x","en":"x"},"kind":"yes_no","shown_if":{"field":"nope","equals":"ja"}}
        ]}"#;
        let schema: FormSchema = serde_json::from_str(json).expect("parses");
        assert_eq!(schema.fields[1].kind, FieldKind::Text { max_chars: 200 });
        assert_eq!(schema_mistakes(&schema).len(), 2);
        let again: FormSchema =
            serde_json::from_str(&serde_json::to_string(&schema).expect("serializes"))
                .expect("parses");
        assert_eq!(again, schema);
    }
}
