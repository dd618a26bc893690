//! The wordings both apps show, German and English side by side, as links of the chain that
//! declares each app's `Text` (see `texts!`): an app names them in its chain and uses them as
//! its own texts, so a word both apps show is written once.

/// Declares the texts handed down the chain: each name with its German and English wording,
/// as `Text` with `ALL` and `Wording`.
#[macro_export]
macro_rules! texts {
    ([] $($name:ident => ($german:expr, $english:expr),)*) => {
        /// A piece of text shown in the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text {
            $($name,)*
        }

        impl Text {
            pub const ALL: &[Text] = &[$(Text::$name,)*];

            pub fn in_language(self, language: $crate::Language) -> &'static str {
                match (self, language) {
                    $(
                        (Text::$name, $crate::Language::German) => $german,
                        (Text::$name, $crate::Language::English) => $english,
                    )*
                }
            }
        }

        impl $crate::Wording for Text {
            fn in_language(self, language: $crate::Language) -> &'static str {
                Text::in_language(self, language)
            }
        }
    };
}

/// Signing in, the language switch and what a call to the server can answer.
#[macro_export]
macro_rules! account_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        AppName => ("Bürgerkoffer", "Bürgerkoffer"),
        UpdateAvailable => ("Neue Version verfügbar", "New version available"),
        UpdateExplanation => (
            "Die App lädt neu, sobald Sie zustimmen. Gespeicherte Daten bleiben erhalten.",
            "The app reloads once you agree. Stored data is kept."
        ),
        UpdateNow => ("Jetzt aktualisieren", "Update now"),
        UpdateLater => ("Später", "Later"),
        SwitchLanguage => ("English", "Deutsch"),
        Username => ("Benutzername", "User name"),
        Password => ("Passwort", "Password"),
        Working => ("Bitte warten …", "Please wait …"),
        UnexpectedAnswer => (
            "Unerwartete Antwort des Servers. Bitte die IT verständigen.",
            "Unexpected answer from the server. Please contact IT."
        ),
        SignedInAs => ("Angemeldet:", "Signed in:"),
        }
    };
}

/// The back office's words and the statuses of a case.
#[macro_export]
macro_rules! town_hall_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        TownHallHeading => ("Rathaus: übertragene Fälle", "Town hall: transferred cases"),
        TownHallOffline => (
            "Die Liste des Rathauses braucht eine Verbindung zum Server.",
            "The town hall's list needs a connection to the server."
        ),
        TownHallEmpty => ("Noch keine Fälle übertragen.", "No cases transferred yet."),
        Refresh => ("Aktualisieren", "Refresh"),
        Person => ("Person", "Person"),
        Services => ("Leistungen", "Services"),
        Status => ("Status", "Status"),
        NextStatus => ("Nächster Status", "Next status"),
        Flagged => ("zu prüfen (auf zwei Geräten geändert)", "to check (changed on two devices)"),
        RejectReason => ("Begründung der Ablehnung", "Reason for rejection"),
        Reject => ("Ablehnen", "Reject"),
        StatusSet => ("Status gesetzt –", "Status set –"),
        History => ("Verlauf", "History"),
        Payment => ("Zahlung", "Payment"),
        PaymentOpen => ("offen", "open"),
        PrintSummary => ("Zusammenfassung drucken", "Print summary"),
        PrintMeldeschein => ("Meldeschein drucken", "Print registration form"),
        PrintReceipt => ("Quittung drucken (80 mm)", "Print receipt (80 mm)"),
        ToOverview => ("Zur Übersicht", "To the overview"),
        ContinueCase => ("Weiter bearbeiten", "Continue"),
        StatusDraft => ("Entwurf", "Draft"),
        StatusCaptured => ("Erfasst", "Captured"),
        StatusTransferred => ("Übertragen", "Transferred"),
        StatusInProgress => ("In Bearbeitung", "In progress"),
        StatusReadyForPickup => ("Abholbereit", "Ready for pickup"),
        StatusHandedOver => ("Ausgehändigt", "Handed over"),
        StatusRejected => ("Abgelehnt", "Rejected"),
        Municipality => ("Gemeinde", "Municipality"),
        CaseNumber => ("Fallnummer", "Case number"),
        }
    };
}

/// Declares `status_text`, the `Text` of each status, in an app whose chain holds
/// `town_hall_texts`.
#[macro_export]
macro_rules! status_texts {
    () => {
        pub fn status_text(status: ::domain::cases::CaseStatus) -> Text {
            use ::domain::cases::CaseStatus;
            match status {
                CaseStatus::Draft => Text::StatusDraft,
                CaseStatus::Captured => Text::StatusCaptured,
                CaseStatus::Transferred => Text::StatusTransferred,
                CaseStatus::InProgress => Text::StatusInProgress,
                CaseStatus::ReadyForPickup => Text::StatusReadyForPickup,
                CaseStatus::HandedOver => Text::StatusHandedOver,
                CaseStatus::Rejected => Text::StatusRejected,
            }
        }
    };
}

/// What a case says (the person, the payment), as `case_details` shows it.
#[macro_export]
macro_rules! case_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        FamilyName => ("Familienname", "Family name"),
        GivenNames => ("Vornamen", "Given names"),
        BirthDate => ("Geburtsdatum", "Date of birth"),
        Address => ("Anschrift", "Address"),
        PaidCash => ("Bar bezahlt", "Paid in cash"),
        PaidCard => ("Mit Karte bezahlt (Terminal)", "Paid by card (terminal)"),
        Invoiced => ("Rechnung – zahlt später", "Invoice – pays later"),
        Free => ("gebührenfrei", "free of charge"),
        ReceiptNumber => ("Belegnummer", "Receipt number"),
        MeldescheinTitle => ("Meldeschein", "Registration form"),
        MeldescheinNote => (
            "Mit meiner Unterschrift bestätige ich die Richtigkeit der Angaben (§ 23 BMG).",
            "With my signature I confirm these details are correct (§ 23 BMG)."
        ),
        SignatureLine => ("Datum, Unterschrift der meldepflichtigen Person", "Date, signature of the person registering"),
        ReceiptTitle => ("Quittung", "Receipt"),
        SummaryTitle => ("Zusammenfassung", "Summary"),
        Total => ("Summe", "Total"),
        }
    };
}

/// Lets `case_details` and `print_sheet` show an app's `Text` (whose chain holds `case_texts`
/// and `town_hall_texts`); given the path of its `status_text` (`status_texts!`).
#[macro_export]
macro_rules! case_words {
    ($status_text:path) => {
        impl $crate::case_details::CaseWords for Text {
            const FAMILY_NAME: Self = Text::FamilyName;
            const GIVEN_NAMES: Self = Text::GivenNames;
            const BIRTH_DATE: Self = Text::BirthDate;
            const ADDRESS: Self = Text::Address;
            const PAID_CASH: Self = Text::PaidCash;
            const PAID_CARD: Self = Text::PaidCard;
            const INVOICED: Self = Text::Invoiced;
            const FREE: Self = Text::Free;
            const PAYMENT_OPEN: Self = Text::PaymentOpen;
            const MUNICIPALITY: Self = Text::Municipality;
            const CASE_NUMBER: Self = Text::CaseNumber;
            const PAYMENT: Self = Text::Payment;
            const HISTORY: Self = Text::History;
            const RECEIPT_NUMBER: Self = Text::ReceiptNumber;
            const MELDESCHEIN_TITLE: Self = Text::MeldescheinTitle;
            const MELDESCHEIN_NOTE: Self = Text::MeldescheinNote;
            const SIGNATURE_LINE: Self = Text::SignatureLine;
            const RECEIPT_TITLE: Self = Text::ReceiptTitle;
            const SUMMARY_TITLE: Self = Text::SummaryTitle;
            const TOTAL: Self = Text::Total;

            fn status(status: ::domain::cases::CaseStatus) -> Self {
                $status_text(status)
            }
        }
    };
}

/// Lets `update_banner` show an app's `Text` (whose chain holds `account_texts`).
#[macro_export]
macro_rules! update_words {
    () => {
        impl $crate::update_banner::UpdateWords for Text {
            const AVAILABLE: Self = Text::UpdateAvailable;
            const EXPLANATION: Self = Text::UpdateExplanation;
            const NOW: Self = Text::UpdateNow;
            const LATER: Self = Text::UpdateLater;
        }
    };
}
