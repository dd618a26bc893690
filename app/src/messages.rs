//! Every sentence the clerk or citizen reads, German first and English second, in one place so
//! that wording stays consistent and a translation is a diff of one file.

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

/// A piece of text shown in the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppName,
    Tagline,
    Version,
    Build,
    BuildUnknown,
    StatusHeading,
    Connection,
    Online,
    Offline,
    OfflineHint,
    Storage,
    StorageChecking,
    StoragePersistent,
    StorageBestEffort,
    StorageBestEffortHint,
    StorageUnsupported,
    UpdateAvailable,
    UpdateExplanation,
    UpdateNow,
    UpdateLater,
    SwitchLanguage,
}

impl Text {
    pub const ALL: [Text; 21] = [
        Text::AppName,
        Text::Tagline,
        Text::Version,
        Text::Build,
        Text::BuildUnknown,
        Text::StatusHeading,
        Text::Connection,
        Text::Online,
        Text::Offline,
        Text::OfflineHint,
        Text::Storage,
        Text::StorageChecking,
        Text::StoragePersistent,
        Text::StorageBestEffort,
        Text::StorageBestEffortHint,
        Text::StorageUnsupported,
        Text::UpdateAvailable,
        Text::UpdateExplanation,
        Text::UpdateNow,
        Text::UpdateLater,
        Text::SwitchLanguage,
    ];

    pub fn in_language(self, language: Language) -> &'static str {
        let (german, english) = match self {
            Text::AppName => ("Bürgerkoffer", "Bürgerkoffer"),
            Text::Tagline => (
                "Das mobile Bürgerbüro – auch ohne Netz.",
                "The mobile citizen office – with or without a network.",
            ),
            Text::Version => ("Version", "Version"),
            Text::Build => ("Build", "Build"),
            Text::BuildUnknown => ("Entwicklungsstand", "development build"),
            Text::StatusHeading => ("Zustand dieses Geräts", "State of this device"),
            Text::Connection => ("Verbindung", "Connection"),
            Text::Online => ("Online", "Online"),
            Text::Offline => ("Offline", "Offline"),
            Text::OfflineHint => (
                "Sie können weiterarbeiten. Eingaben werden übertragen, sobald wieder Netz da ist.",
                "You can keep working. Entries are transferred once the network is back.",
            ),
            Text::Storage => ("Speicher", "Storage"),
            Text::StorageChecking => ("wird geprüft …", "checking …"),
            Text::StoragePersistent => (
                "dauerhaft – der Browser löscht die Daten nicht von sich aus",
                "persistent – the browser will not delete the data on its own",
            ),
            Text::StorageBestEffort => ("nicht dauerhaft", "not persistent"),
            Text::StorageBestEffortHint => (
                "Der Browser darf Daten bei Platzmangel löschen. Installieren Sie die App, damit sie dauerhaft gespeichert werden.",
                "The browser may delete data when space runs low. Install the app so that data is kept.",
            ),
            Text::StorageUnsupported => (
                "Dieser Browser kann keinen dauerhaften Speicher zusagen.",
                "This browser cannot promise persistent storage.",
            ),
            Text::UpdateAvailable => ("Neue Version verfügbar", "New version available"),
            Text::UpdateExplanation => (
                "Die App lädt neu, sobald Sie zustimmen. Gespeicherte Daten bleiben erhalten.",
                "The app reloads once you agree. Stored data is kept.",
            ),
            Text::UpdateNow => ("Jetzt aktualisieren", "Update now"),
            Text::UpdateLater => ("Später", "Later"),
            Text::SwitchLanguage => ("English", "Deutsch"),
        };
        match language {
            Language::German => german,
            Language::English => english,
        }
    }
}

/// The text in the language the clerk chose, as a reactive closure for `view!`.
pub fn tr(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let language = expect_context::<RwSignal<Language>>();
    move || text.in_language(language.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_text_exists_in_both_languages() {
        for text in Text::ALL {
            for language in [Language::German, Language::English] {
                assert!(
                    !text.in_language(language).trim().is_empty(),
                    "{text:?} in {language:?}"
                );
            }
        }
    }

    #[wasm_bindgen_test]
    fn german_is_the_default_and_english_is_kept_once_chosen() {
        assert_eq!(Language::from_saved_choice(None), Language::German);
        assert_eq!(Language::from_saved_choice(Some("fr")), Language::German);
        assert_eq!(Language::from_saved_choice(Some("en")), Language::English);
        assert_eq!(Language::English.other().tag(), "de");
    }
}
