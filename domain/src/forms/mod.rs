//! The form engine: a declarative schema of fields (sent by the server inside the catalogue) and
//! the validators that know German data. The same code checks a form in the clerk's browser,
//! offline, and on the server.
//!
//! A form's values are a flat map from input id to text. Simple fields use their own id;
//! composite fields (address, person, document checklist) use `<field>.<part>` ids, so every
//! input — and every error — has exactly one id the UI can wire to its label and message.

mod answers;
mod date;
mod german;
#[cfg(test)]
mod tests;

pub use answers::{Answer, answers};
pub use date::{Date, MAX_AGE_YEARS, check_birth_date, is_leap_year};
pub use german::{check_iban, check_name, check_postcode};

use german::check_house_number;
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
        #[cfg_attr(feature = "openapi", schema(maximum = 18446744073709551615_u64))]
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

impl FormSchema {
    /// The field `input` belongs to, and which part of it the input is where the field has
    /// parts (an address, a person).
    pub fn field_of_input(&self, input: &str) -> Option<(&FieldSpec, Option<Part>)> {
        self.fields.iter().find_map(|field| {
            let parts: &[Part] = match field.kind {
                FieldKind::Address => &Part::ADDRESS,
                FieldKind::Person => &Part::PERSON,
                _ => &[],
            };
            let part = parts
                .iter()
                .copied()
                .find(|p| p.input_id(&field.id) == input);
            (part.is_some() || field.input_ids().iter().any(|id| id == input))
                .then_some((field, part))
        })
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
