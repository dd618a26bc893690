//! The sentence for each way a case breaks its destination's schema
//! (`domain::handover::schema::Problem`), as the clerk reads it beside the input.

use super::{Language, Text, fill};
use domain::handover::schema::Problem;

pub fn destination_problem_text(problem: &Problem, language: Language) -> String {
    let (text, value): (Text, &dyn std::fmt::Display) = match problem {
        Problem::Missing(_) => (Text::DestinationMissing, &""),
        Problem::WrongType(kind) => (Text::DestinationWrongType, kind),
        Problem::NotAllowed => (Text::DestinationNotAllowed, &""),
        Problem::UnexpectedProperty(name) => (Text::DestinationUnexpected, name),
        Problem::TooShort(min) => (Text::DestinationTooShort, min),
        Problem::TooLong(max) => (Text::DestinationTooLong, max),
        Problem::TooSmall(min) => (Text::DestinationTooSmall, min),
        Problem::TooLarge(max) => (Text::DestinationTooLarge, max),
        Problem::TooFewItems(min) => (Text::DestinationTooFew, min),
        Problem::TooManyItems(max) => (Text::DestinationTooMany, max),
        Problem::NoAlternativeFits => (Text::DestinationNoForm, &""),
        Problem::Schema(_) => (Text::DestinationUnreadable, &""),
    };
    fill(text, language, &[value])
}
