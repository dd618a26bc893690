//! The sentence for each problem a form's validators find.

use super::{Language, Text, fill};
use domain::forms::Problem as FieldProblem;

/// Why a value was refused, as a specific sentence the clerk can act on.
pub fn problem_text(problem: &FieldProblem, language: Language) -> String {
    use FieldProblem as P;
    let text = match problem {
        P::Required => Text::FieldRequiredValue,
        P::TooLong { max_chars } => return fill(Text::FieldTooLong, language, &[max_chars]),
        P::NameCharacter { found } => return fill(Text::FieldNameCharacter, language, &[found]),
        P::NameShape => Text::FieldNameShape,
        P::DateFormat => Text::FieldDateFormat,
        P::DateDoesNotExist {
            day: 29,
            month: 2,
            year,
        } => return fill(Text::FieldNotLeapYear, language, &[year]),
        P::DateDoesNotExist { day, month, year } => {
            let date = format!("{day:02}.{month:02}.{year}");
            return fill(Text::FieldDateDoesNotExist, language, &[&date]);
        }
        P::BirthDateInFuture => Text::FieldBirthDateInFuture,
        P::BirthDateTooOld => Text::FieldBirthDateTooOld,
        P::PostcodeFormat => Text::FieldPostcode,
        P::HouseNumberFormat => Text::FieldHouseNumber,
        P::IbanFormat => Text::FieldIbanFormat,
        P::IbanLength {
            country,
            expected,
            found,
        } => return fill(Text::FieldIbanLength, language, &[country, expected, found]),
        P::IbanChecksum => Text::FieldIbanChecksum,
        P::NotAChoice => Text::FieldNotAChoice,
        P::YesNo => Text::FieldYesNo,
        P::NumberFormat => Text::FieldNumberFormat,
        P::NumberRange { min, max } => {
            return fill(Text::FieldNumberRange, language, &[min, max]);
        }
        P::DocumentsMissing { missing } => {
            return fill(Text::FieldDocumentsMissing, language, &[missing]);
        }
    };
    text.in_language(language).to_owned()
}
