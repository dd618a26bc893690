//! The languages of the UI, German first and English second, and how a text is shown in the one
//! chosen.

use domain::forms::Label;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    German,
    English,
}

impl Language {
    /// German unless the clerk chose English on this device before.
    pub fn from_saved_choice(saved: Option<&str>) -> Self {
        match saved {
            Some("en") => Self::English,
            _ => Self::German,
        }
    }

    /// The BCP 47 tag for `<html lang>` and for saving the choice.
    pub fn tag(self) -> &'static str {
        match self {
            Self::German => "de",
            Self::English => "en",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::German => Self::English,
            Self::English => Self::German,
        }
    }
}

/// A table of texts with a wording per language (each app's `Text`, declared by `texts!`).
pub trait Wording: Copy + Send + Sync + 'static {
    fn in_language(self, language: Language) -> &'static str;
}

/// The text in the language chosen, as a reactive closure for `view!`.
pub fn tr<T: Wording>(text: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let language = expect_context::<RwSignal<Language>>();
    move || text.in_language(language.get())
}

/// `text` in `language` with its placeholders `{0}`, `{1}`, … filled with `values`.
pub fn fill<T: Wording>(text: T, language: Language, values: &[&dyn std::fmt::Display]) -> String {
    let mut sentence = text.in_language(language).to_owned();
    for (n, value) in values.iter().enumerate() {
        sentence = sentence.replace(&format!("{{{n}}}"), &value.to_string());
    }
    sentence
}

/// `bytes` in megabytes with one decimal, written as `language` writes decimals ("1,5" / "1.5").
/// Counted in tenths as integers: formatting a float would add its whole machinery to the wasm.
pub fn megabytes(bytes: u64, language: Language) -> String {
    let tenths = (bytes + 50_000) / 100_000;
    let point = match language {
        Language::German => ',',
        Language::English => '.',
    };
    format!("{}{point}{}", tenths / 10, tenths % 10)
}

/// Provides the language to every screen: the one chosen on this device before (German
/// otherwise), remembered and set on `<html lang>` whenever it changes.
pub fn provide_language() -> RwSignal<Language> {
    let language = RwSignal::new(Language::from_saved_choice(
        crate::preferences::saved_language().as_deref(),
    ));
    provide_context(language);
    Effect::new(move |_| crate::preferences::apply_language(language.get()));
    language
}

/// The texts of `all` that lack a wording in a language (each app's tests ask for none).
pub fn missing_wordings<T: Wording + std::fmt::Debug>(all: &[T]) -> Vec<String> {
    let mut missing = Vec::new();
    for &text in all {
        for language in [Language::German, Language::English] {
            if text.in_language(language).trim().is_empty() {
                missing.push(format!("{text:?} in {language:?}"));
            }
        }
    }
    missing
}

/// A catalogue text (service title, field label) in the chosen language.
pub fn pick(label: &Label, language: Language) -> String {
    match language {
        Language::German => label.de.clone(),
        Language::English => label.en.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn megabytes_round_to_tenths_with_each_languages_decimal_mark() {
        assert_eq!(megabytes(0, Language::German), "0,0");
        assert_eq!(megabytes(49_999, Language::German), "0,0");
        assert_eq!(megabytes(50_000, Language::English), "0.1");
        assert_eq!(megabytes(6_256_000, Language::German), "6,3");
        assert_eq!(megabytes(12_000_000, Language::English), "12.0");
    }
}
