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

/// Declares the texts: each name with its German and English wording.
macro_rules! texts {
    ($($name:ident => ($german:expr, $english:expr),)*) => {
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

texts! {
    AppName => ("Bürgerkoffer", "Bürgerkoffer"),
    Tagline => (
        "Das mobile Bürgerbüro – auch ohne Netz.",
        "The mobile citizen office – with or without a network."
    ),
    Version => ("Version", "Version"),
    Build => ("Build", "Build"),
    BuildUnknown => ("Entwicklungsstand", "development build"),
    StatusHeading => ("Zustand dieses Geräts", "State of this device"),
    Connection => ("Verbindung", "Connection"),
    Online => ("Online", "Online"),
    Offline => ("Offline", "Offline"),
    OfflineHint => (
        "Sie können weiterarbeiten. Eingaben werden übertragen, sobald wieder Netz da ist.",
        "You can keep working. Entries are transferred once the network is back."
    ),
    Storage => ("Speicher", "Storage"),
    StorageChecking => ("wird geprüft …", "checking …"),
    StoragePersistent => (
        "dauerhaft – der Browser löscht die Daten nicht von sich aus",
        "persistent – the browser will not delete the data on its own"
    ),
    StorageBestEffort => ("nicht dauerhaft", "not persistent"),
    StorageBestEffortHint => (
        "Der Browser darf Daten bei Platzmangel löschen. Installieren Sie die App, damit sie dauerhaft gespeichert werden.",
        "The browser may delete data when space runs low. Install the app so that data is kept."
    ),
    StorageUnsupported => (
        "Dieser Browser kann keinen dauerhaften Speicher zusagen.",
        "This browser cannot promise persistent storage."
    ),
    UpdateAvailable => ("Neue Version verfügbar", "New version available"),
    UpdateExplanation => (
        "Die App lädt neu, sobald Sie zustimmen. Gespeicherte Daten bleiben erhalten.",
        "The app reloads once you agree. Stored data is kept."
    ),
    UpdateNow => ("Jetzt aktualisieren", "Update now"),
    UpdateLater => ("Später", "Later"),
    SwitchLanguage => ("English", "Deutsch"),
    Starting => ("Der Koffer wird geöffnet …", "Opening the Koffer …"),
    StoreUnavailable => (
        "Dieser Browser erlaubt der App keinen verschlüsselten Speicher. Bitte verwenden Sie Chromium oder Chrome ohne privates Fenster.",
        "This browser gives the app no encrypted storage. Please use Chromium or Chrome, not a private window."
    ),
    EnrolHeading => ("Gerät einrichten", "Set up this device"),
    EnrolIntro => (
        "Melden Sie sich einmal mit Netz an. Danach arbeitet der Koffer auch offline; Ihre Daten werden mit Ihrer Passphrase verschlüsselt.",
        "Sign in once while online. Afterwards the Koffer works offline too; your data is encrypted with your passphrase."
    ),
    Username => ("Benutzername", "User name"),
    Password => ("Passwort", "Password"),
    DeviceLabel => ("Name dieses Geräts (z. B. Koffer 2)", "Name of this device (e.g. Koffer 2)"),
    Passphrase => ("Passphrase für dieses Gerät", "Passphrase for this device"),
    PassphraseHint => (
        "Mindestens 10 Zeichen. Sie entsperrt den Koffer auch ohne Netz. Sie wird nirgends gespeichert: vergessen heißt neu einrichten.",
        "At least 10 characters. It unlocks the Koffer even offline. It is stored nowhere: forgetting it means setting up again."
    ),
    PassphraseRepeat => ("Passphrase wiederholen", "Repeat passphrase"),
    PassphraseTooShort => ("Die Passphrase muss mindestens 10 Zeichen haben.", "The passphrase needs at least 10 characters."),
    PassphraseMismatch => ("Die beiden Passphrasen stimmen nicht überein.", "The two passphrases differ."),
    FieldRequired => ("Bitte ausfüllen.", "Please fill in."),
    EnrolSubmit => ("Anmelden und einrichten", "Sign in and set up"),
    Working => ("Bitte warten …", "Please wait …"),
    ServerUnreachable => (
        "Der Server ist nicht erreichbar. Die Einrichtung braucht einmal Netz.",
        "The server cannot be reached. Setting up needs the network once."
    ),
    UnexpectedAnswer => (
        "Unerwartete Antwort des Servers. Bitte die IT verständigen.",
        "Unexpected answer from the server. Please contact IT."
    ),
    StoreFailed => (
        "Der verschlüsselte Speicher hat einen Fehler gemeldet. Bitte erneut versuchen.",
        "The encrypted store reported an error. Please try again."
    ),
    LockedHeading => ("Koffer gesperrt", "Koffer locked"),
    UnlockIntro => ("Geben Sie Ihre Passphrase ein.", "Enter your passphrase."),
    UnlockSubmit => ("Entsperren", "Unlock"),
    WrongPassphrase => ("Die Passphrase ist falsch.", "The passphrase is wrong."),
    WaitBeforeRetry => ("Nächster Versuch möglich in Sekunden:", "Next attempt possible in seconds:"),
    LeaseExpired => (
        "Dieses Gerät war zu lange nicht mit dem Server verbunden. Bitte melden Sie sich mit Netz erneut an.",
        "This device has not reached the server for too long. Please sign in again while online."
    ),
    DataVanished => (
        "Die gespeicherten Daten dieses Geräts sind verschwunden – der Browser oder jemand hat sie gelöscht. Nicht übertragene Fälle davon:",
        "The data stored on this device has vanished – the browser or someone deleted it. Untransferred cases among it:"
    ),
    SignedInAs => ("Angemeldet:", "Signed in:"),
    AlsoServes => ("betreut auch", "also serves"),
    LockNow => ("Jetzt sperren", "Lock now"),
    IdleLockAfter => ("Automatisch sperren nach (Minuten)", "Lock automatically after (minutes)"),
    DraftsHeading => ("Entwürfe", "Drafts"),
    NewDraft => ("Neuer Entwurf", "New draft"),
    CitizenName => ("Name der Bürgerin / des Bürgers", "Citizen's name"),
    Note => ("Notiz", "Note"),
    SaveDraft => ("Entwurf speichern", "Save draft"),
    DraftSaved => ("Entwurf verschlüsselt gespeichert.", "Draft saved, encrypted."),
    NoDrafts => ("Keine Entwürfe auf diesem Gerät.", "No drafts on this device."),
    SearchDrafts => ("Entwürfe durchsuchen (Name)", "Search drafts (name)"),
    DiscardDraft => ("Verwerfen", "Discard"),
    HandBack => ("Gerät zurückgeben", "Hand back device"),
    HandBackRefused => (
        "Rückgabe nicht möglich. Noch nicht übertragene Fälle auf diesem Gerät:",
        "Cannot hand back. Cases on this device not yet transferred:"
    ),
    HandBackConfirm => (
        "Alle Daten der App auf diesem Gerät werden gelöscht. Wirklich zurückgeben?",
        "All of the app's data on this device will be deleted. Really hand back?"
    ),
    HandBackYes => ("Ja, alles löschen und zurückgeben", "Yes, delete everything and hand back"),
    Cancel => ("Abbrechen", "Cancel"),
    HandedBack => (
        "Gerät zurückgegeben. Alle Daten der App wurden von diesem Gerät gelöscht.",
        "Device handed back. All of the app's data was deleted from this device."
    ),
    Revoked => (
        "Dieses Gerät wurde gesperrt. Alle Daten der App wurden von diesem Gerät gelöscht.",
        "This device was revoked. All of the app's data was deleted from this device."
    ),
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
        for &text in Text::ALL {
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
