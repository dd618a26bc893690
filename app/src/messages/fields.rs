//! The sentence for each problem a form's validators find.

use super::Language;
use domain::forms::Problem as FieldProblem;

/// Why a value was refused, as a specific sentence the clerk can act on.
pub fn problem_text(problem: &FieldProblem, language: Language) -> String {
    use FieldProblem as P;
    let german = language == Language::German;
    let say = |de: &str, en: &str| if german { de.to_owned() } else { en.to_owned() };
    match problem {
        P::Required => say("Bitte ausfüllen.", "Please fill in."),
        P::TooLong { max_chars } => {
            if german {
                format!("Höchstens {max_chars} Zeichen.")
            } else {
                format!("At most {max_chars} characters.")
            }
        }
        P::NameCharacter { found } => {
            if german {
                format!(
                    "„{found}“ gehört nicht in einen Namen. Erlaubt sind Buchstaben, Leerzeichen, Bindestrich und Apostroph."
                )
            } else {
                format!(
                    "\"{found}\" does not belong in a name. Letters, spaces, hyphens and apostrophes are allowed."
                )
            }
        }
        P::NameShape => say(
            "Bindestrich, Apostroph und Leerzeichen nur einzeln zwischen Buchstaben.",
            "Hyphens, apostrophes and spaces only singly between letters.",
        ),
        P::DateFormat => say(
            "Bitte als TT.MM.JJJJ eingeben, z. B. 01.11.2026.",
            "Please enter as DD.MM.YYYY, e.g. 01.11.2026.",
        ),
        P::DateDoesNotExist { day, month, year } => {
            let leap = *month == 2 && *day == 29;
            match (german, leap) {
                (true, true) => {
                    format!("Den 29.02.{year} gibt es nicht: {year} ist kein Schaltjahr.")
                }
                (true, false) => format!("Den {day:02}.{month:02}.{year} gibt es nicht."),
                (false, true) => format!("29.02.{year} does not exist: {year} is not a leap year."),
                (false, false) => format!("{day:02}.{month:02}.{year} does not exist."),
            }
        }
        P::BirthDateInFuture => say(
            "Das Geburtsdatum liegt in der Zukunft.",
            "The date of birth is in the future.",
        ),
        P::BirthDateTooOld => say(
            "Das Geburtsdatum liegt mehr als 120 Jahre zurück – bitte prüfen.",
            "The date of birth is more than 120 years ago – please check.",
        ),
        P::PostcodeFormat => say(
            "Die PLZ hat genau 5 Ziffern, z. B. 08393.",
            "The postcode has exactly 5 digits, e.g. 08393.",
        ),
        P::HouseNumberFormat => say(
            "Hausnummer beginnt mit einer Ziffer, z. B. 12 oder 12a.",
            "The house number starts with a digit, e.g. 12 or 12a.",
        ),
        P::IbanFormat => say(
            "Eine IBAN beginnt mit Ländercode und Prüfziffern, z. B. DE89 …",
            "An IBAN starts with a country code and check digits, e.g. DE89 …",
        ),
        P::IbanLength {
            country,
            expected,
            found,
        } => {
            if german {
                format!("Eine IBAN aus {country} hat {expected} Zeichen, hier sind es {found}.")
            } else {
                format!("An IBAN from {country} has {expected} characters, this one has {found}.")
            }
        }
        P::IbanChecksum => say(
            "Die Prüfziffern der IBAN stimmen nicht – bitte Zeichen für Zeichen vergleichen.",
            "The IBAN's check digits do not match – please compare character by character.",
        ),
        P::NotAChoice => say(
            "Bitte einen Eintrag aus der Liste wählen.",
            "Please choose an entry from the list.",
        ),
        P::YesNo => say("Bitte ja oder nein wählen.", "Please choose yes or no."),
        P::NumberFormat => say(
            "Bitte eine ganze Zahl eingeben.",
            "Please enter a whole number.",
        ),
        P::NumberRange { min, max } => {
            if german {
                format!("Bitte eine Zahl von {min} bis {max}.")
            } else {
                format!("Please a number from {min} to {max}.")
            }
        }
        P::DocumentsMissing { missing } => {
            if german {
                format!(
                    "Noch nicht vorgelegt: {missing} Unterlage(n). Ohne sie kann der Fall nicht abgeschlossen werden."
                )
            } else {
                format!(
                    "Not yet shown: {missing} document(s). The case cannot be finished without them."
                )
            }
        }
    }
}
