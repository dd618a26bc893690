//! Every sentence the clerk or citizen reads, German first and English second, in one place so
//! that wording stays consistent and a translation is a diff of one file.

mod destination;
mod peripherals;
mod texts;

pub use destination::destination_problem_text;
pub use peripherals::mrz_refusal_text;
pub use texts::Text;
pub use ui::{Language, fill, pick, tr};

ui::status_texts!();

#[cfg(test)]
mod tests {
    use super::*;
    use domain::forms::Problem as FieldProblem;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_text_exists_in_both_languages() {
        assert_eq!(ui::missing_wordings(Text::ALL), Vec::<String>::new());
    }

    #[wasm_bindgen_test]
    fn both_languages_of_a_text_fill_the_same_placeholders() {
        let placeholders = |sentence: &str| -> Vec<String> {
            let mut found: Vec<String> = (0..4)
                .map(|n| format!("{{{n}}}"))
                .filter(|mark| sentence.contains(mark.as_str()))
                .collect();
            found.sort();
            found
        };
        for &text in Text::ALL {
            assert_eq!(
                placeholders(text.in_language(Language::German)),
                placeholders(text.in_language(Language::English)),
                "{text:?}"
            );
        }
        assert_eq!(
            fill(Text::FieldIbanLength, Language::German, &[&"AT", &20, &19]),
            "Eine IBAN aus AT hat 20 Zeichen, hier sind es 19."
        );
    }

    #[wasm_bindgen_test]
    fn field_problems_read_as_specific_sentences() {
        let leap = FieldProblem::DateDoesNotExist {
            day: 29,
            month: 2,
            year: 2023,
        };
        assert_eq!(
            ui::form_view::problem_text::<Text>(&leap, Language::German),
            "Den 29.02.2023 gibt es nicht: 2023 ist kein Schaltjahr."
        );
        let iban = FieldProblem::IbanLength {
            country: "DE".into(),
            expected: 22,
            found: 21,
        };
        assert_eq!(
            ui::form_view::problem_text::<Text>(&iban, Language::German),
            "Eine IBAN aus DE hat 22 Zeichen, hier sind es 21."
        );
    }

    #[wasm_bindgen_test]
    fn german_is_the_default_and_english_is_kept_once_chosen() {
        assert_eq!(Language::from_saved_choice(None), Language::German);
        assert_eq!(Language::from_saved_choice(Some("fr")), Language::German);
        assert_eq!(Language::from_saved_choice(Some("en")), Language::English);
        assert_eq!(Language::English.other().tag(), "de");
    }
}
