//! Every word of the town hall's app: its own below, and those it shares with the clerk's Koffer
//! (`ui::texts`), chained into one `Text`.

use ui::http::ApiFailure;
use ui::{Language, account_texts, case_texts, texts, town_hall_texts};

/// The town hall's own texts (see `ui::texts`).
macro_rules! rathaus_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        RathausName => ("Rathaus", "Town hall"),
        RathausIntro => (
            "Die Fälle, die die Koffer übertragen haben: bearbeiten, entscheiden, aushändigen.",
            "The cases the Koffers transferred: work on them, decide, hand over."
        ),
        SignIn => ("Anmelden", "Sign in"),
        SignOut => ("Abmelden", "Sign out"),
        OnlyTownHall => (
            "Dieses Konto gehört zu einem Koffer, nicht zum Rathaus. Bitte mit einem Konto des Rathauses anmelden.",
            "This account belongs to a Koffer, not to the town hall. Please sign in with a town hall account."
        ),
        Unreachable => (
            "Der Server ist nicht erreichbar. Bitte die Verbindung prüfen und erneut versuchen.",
            "The server cannot be reached. Please check the connection and try again."
        ),
        OpenCase => ("Öffnen", "Open"),
        BackToList => ("Zurück zur Liste", "Back to the list"),
        Photos => ("Fotos von Unterlagen", "Photos of documents"),
        Signature => ("Unterschrift", "Signature"),
        SignatureOf => ("Unterschrift der Bürgerin oder des Bürgers", "The citizen's signature"),
        Record => ("Protokoll des Falls", "The case's record"),
        RecordIntact => (
            "Das Protokoll ist lückenlos und vom Server versiegelt.",
            "The record is complete and sealed by the server."
        ),
        EventFiled => ("Vom Gerät übertragen", "Filed by the device"),
        EventEdited => ("Vom Gerät berichtigt", "Corrected by the device"),
        SignedByDevice => ("vom Gerät signiert", "signed by the device"),
        Cases => ("Fälle", "Cases"),
        People => ("Personen", "People"),
        Name => ("Name", "Name"),
        Role => ("Aufgabe", "Role"),
        Actions => ("Aktionen", "Actions"),
        RoleClerk => ("Koffer (unterwegs)", "Koffer (on the road)"),
        RoleBackOffice => ("Rathaus (Sachbearbeitung)", "Town hall (back office)"),
        RoleAdmin => ("Betrieb (Verwaltung)", "Operations (admin)"),
        Active => ("aktiv", "active"),
        Disabled => ("gesperrt", "disabled"),
        Disable => ("Sperren", "Disable"),
        PersonDisabled => (
            "{0} ist gesperrt: die Sitzungen sind beendet, die Laptops gesperrt; ein Koffer löscht sich beim nächsten Kontakt.",
            "{0} is disabled: the sessions have ended, the laptops are revoked; a Koffer wipes itself at its next contact."
        ),
        NewPassword => ("Neues Passwort", "New password"),
        SetPassword => ("Passwort setzen", "Set password"),
        PasswordSet => (
            "Neues Passwort für {0} gesetzt; die Sitzungen der Person sind beendet.",
            "New password set for {0}; the person's sessions have ended."
        ),
        SignInAgain => (
            "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.",
            "The session has run out. Please sign in again."
        ),
        }
    };
}

account_texts! { [case_texts town_hall_texts rathaus_texts texts] }

ui::case_words!();

ui::status_texts!();

/// A failed call as the back office reads it: the server's own sentence where it gave one.
pub fn failure_text(failure: &ApiFailure, language: Language) -> String {
    match failure {
        ApiFailure::Unreachable => Text::Unreachable.in_language(language).to_owned(),
        ApiFailure::Refused { body, .. } => body.message.clone(),
        ApiFailure::Garbled(_) => Text::UnexpectedAnswer.in_language(language).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_text_exists_in_both_languages() {
        assert_eq!(ui::missing_wordings(Text::ALL), Vec::<String>::new());
    }
}
