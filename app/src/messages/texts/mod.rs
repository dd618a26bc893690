//! Every wording, German and English side by side, by topic: each topic file hands its texts on
//! to the next, and the last hands all of them to `texts!`, which declares `Text`. So a text is
//! named once, beside its two wordings, and a translation is a diff of these files. `{0}`,
//! `{1}`, … are filled by `messages::fill`.

use super::Language;

/// Declares the texts: each name with its German and English wording.
macro_rules! texts {
    ([] $($name:ident => ($german:expr, $english:expr),)*) => {
        /// A piece of text shown in the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text {
            $($name,)*
        }

        impl Text {
            pub const ALL: &[Text] = &[$(Text::$name,)*];

            pub fn in_language(self, language: Language) -> &'static str {
                match (self, language) {
                    $(
                        (Text::$name, Language::German) => $german,
                        (Text::$name, Language::English) => $english,
                    )*
                }
            }
        }
    };
}

#[macro_use]
mod start;
#[macro_use]
mod visit;
#[macro_use]
mod town_hall;
#[macro_use]
mod devices;
#[macro_use]
mod transfer;
#[macro_use]
mod problems;

start_texts! { [visit_texts town_hall_texts devices_texts transfer_texts problems_texts texts] }
