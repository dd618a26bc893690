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
        $crate::citizen_words!();

        impl $crate::case_details::CaseWords for Text {
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

/// Lets `case_details::citizen_details` and `form_view` name a citizen's details in an app's
/// `Text` (whose chain holds `case_texts`).
#[macro_export]
macro_rules! citizen_words {
    () => {
        impl $crate::case_details::CitizenWords for Text {
            const FAMILY_NAME: Self = Text::FamilyName;
            const GIVEN_NAMES: Self = Text::GivenNames;
            const BIRTH_DATE: Self = Text::BirthDate;
            const ADDRESS: Self = Text::Address;
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

/// The words of a form, of the signature under it and of the receipt for it (`form_texts!` in an
/// app's chain, beside `case_texts`).
#[macro_export]
macro_rules! form_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        Street => ("Straße", "Street"),
        HouseNumber => ("Hausnummer", "House number"),
        Postcode => ("PLZ", "Postcode"),
        Place => ("Ort", "Place"),
        DateHint => ("TT.MM.JJJJ", "DD.MM.YYYY"),
        PleaseChoose => ("Bitte wählen", "Please choose"),
        ErrorSummary => ("Bitte korrigieren Sie die markierten Angaben. Anzahl:", "Please correct the marked entries. Count:"),
        SignatureArea => (
            "Unterschriftsfeld: mit Stift, Finger oder Maus unterschreiben",
            "Signature area: sign with pen, finger or mouse"
        ),
        SignatureClear => ("Löschen", "Clear"),
        SignatureTake => ("Unterschrift übernehmen", "Accept signature"),
        SignatureEmpty => ("Bitte zuerst unterschreiben.", "Please sign first."),
        SignatureTaken => ("Unterschrift gespeichert.", "Signature saved."),
        ReceiptFee => ("Gebühr", "Fee"),
        ReceiptPaid => ("Bezahlt", "Paid"),
        ReceiptCase => ("Vorgang", "Case"),
        ReceiptThanks => ("Vielen Dank!", "Thank you!"),
        ReceiptCash => ("bar", "cash"),
        ReceiptCard => ("Karte", "card"),
        ReceiptVoucher => ("Beleg", "receipt"),
        ReceiptInvoiced => ("Rechnung folgt", "invoice to follow"),
        FieldRequiredValue => (
            "Bitte ausfüllen.",
            "Please fill in."
        ),
        FieldTooLong => (
            "Höchstens {0} Zeichen.",
            "At most {0} characters."
        ),
        FieldNameCharacter => (
            "„{0}“ gehört nicht in einen Namen. Erlaubt sind Buchstaben, Leerzeichen, Bindestrich und Apostroph.",
            "\"{0}\" does not belong in a name. Letters, spaces, hyphens and apostrophes are allowed."
        ),
        FieldNameShape => (
            "Bindestrich, Apostroph und Leerzeichen nur einzeln zwischen Buchstaben.",
            "Hyphens, apostrophes and spaces only singly between letters."
        ),
        FieldDateFormat => (
            "Bitte als TT.MM.JJJJ eingeben, z. B. 01.11.2026.",
            "Please enter as DD.MM.YYYY, e.g. 01.11.2026."
        ),
        FieldNotLeapYear => (
            "Den 29.02.{0} gibt es nicht: {0} ist kein Schaltjahr.",
            "29.02.{0} does not exist: {0} is not a leap year."
        ),
        FieldDateDoesNotExist => (
            "Den {0} gibt es nicht.",
            "{0} does not exist."
        ),
        FieldBirthDateInFuture => (
            "Das Geburtsdatum liegt in der Zukunft.",
            "The date of birth is in the future."
        ),
        FieldBirthDateTooOld => (
            "Das Geburtsdatum liegt mehr als 120 Jahre zurück – bitte prüfen.",
            "The date of birth is more than 120 years ago – please check."
        ),
        FieldPostcode => (
            "Die PLZ hat genau 5 Ziffern, z. B. 08393.",
            "The postcode has exactly 5 digits, e.g. 08393."
        ),
        FieldHouseNumber => (
            "Hausnummer beginnt mit einer Ziffer, z. B. 12 oder 12a.",
            "The house number starts with a digit, e.g. 12 or 12a."
        ),
        FieldIbanFormat => (
            "Eine IBAN beginnt mit Ländercode und Prüfziffern, z. B. DE89 …",
            "An IBAN starts with a country code and check digits, e.g. DE89 …"
        ),
        FieldIbanLength => (
            "Eine IBAN aus {0} hat {1} Zeichen, hier sind es {2}.",
            "An IBAN from {0} has {1} characters, this one has {2}."
        ),
        FieldIbanChecksum => (
            "Die Prüfziffern der IBAN stimmen nicht – bitte Zeichen für Zeichen vergleichen.",
            "The IBAN's check digits do not match – please compare character by character."
        ),
        FieldNotAChoice => (
            "Bitte einen Eintrag aus der Liste wählen.",
            "Please choose an entry from the list."
        ),
        FieldYesNo => (
            "Bitte ja oder nein wählen.",
            "Please choose yes or no."
        ),
        FieldNumberFormat => (
            "Bitte eine ganze Zahl eingeben.",
            "Please enter a whole number."
        ),
        FieldNumberRange => (
            "Bitte eine Zahl von {0} bis {1}.",
            "Please a number from {0} to {1}."
        ),
        FieldDocumentsMissing => (
            "Noch nicht vorgelegt: {0} Unterlage(n). Ohne sie kann der Fall nicht abgeschlossen werden.",
            "Not yet shown: {0} document(s). The case cannot be finished without them."
        ),
        }
    };
}

/// Lets `form_view` show an app's `Text` (whose chain holds `form_texts` and `case_texts`, and
/// which names a citizen's details: `citizen_words!`, or `case_words!`, which brings it).
#[macro_export]
macro_rules! form_words {
    () => {
        impl $crate::form_view::FormWords for Text {
            const STREET: Self = Text::Street;
            const HOUSE_NUMBER: Self = Text::HouseNumber;
            const POSTCODE: Self = Text::Postcode;
            const PLACE: Self = Text::Place;
            const DATE_HINT: Self = Text::DateHint;
            const PLEASE_CHOOSE: Self = Text::PleaseChoose;
            const ERROR_SUMMARY: Self = Text::ErrorSummary;
            const SIGNATURE_AREA: Self = Text::SignatureArea;
            const SIGNATURE_CLEAR: Self = Text::SignatureClear;
            const SIGNATURE_TAKE: Self = Text::SignatureTake;
            const SIGNATURE_EMPTY: Self = Text::SignatureEmpty;
            const SIGNATURE_TAKEN: Self = Text::SignatureTaken;
            const RECEIPT_FEE: Self = Text::ReceiptFee;
            const RECEIPT_PAID: Self = Text::ReceiptPaid;
            const RECEIPT_CASE: Self = Text::ReceiptCase;
            const RECEIPT_THANKS: Self = Text::ReceiptThanks;
            const RECEIPT_CASH: Self = Text::ReceiptCash;
            const RECEIPT_CARD: Self = Text::ReceiptCard;
            const RECEIPT_VOUCHER: Self = Text::ReceiptVoucher;
            const RECEIPT_INVOICED: Self = Text::ReceiptInvoiced;
            const FIELD_REQUIRED_VALUE: Self = Text::FieldRequiredValue;
            const FIELD_TOO_LONG: Self = Text::FieldTooLong;
            const FIELD_NAME_CHARACTER: Self = Text::FieldNameCharacter;
            const FIELD_NAME_SHAPE: Self = Text::FieldNameShape;
            const FIELD_DATE_FORMAT: Self = Text::FieldDateFormat;
            const FIELD_NOT_LEAP_YEAR: Self = Text::FieldNotLeapYear;
            const FIELD_DATE_DOES_NOT_EXIST: Self = Text::FieldDateDoesNotExist;
            const FIELD_BIRTH_DATE_IN_FUTURE: Self = Text::FieldBirthDateInFuture;
            const FIELD_BIRTH_DATE_TOO_OLD: Self = Text::FieldBirthDateTooOld;
            const FIELD_POSTCODE: Self = Text::FieldPostcode;
            const FIELD_HOUSE_NUMBER: Self = Text::FieldHouseNumber;
            const FIELD_IBAN_FORMAT: Self = Text::FieldIbanFormat;
            const FIELD_IBAN_LENGTH: Self = Text::FieldIbanLength;
            const FIELD_IBAN_CHECKSUM: Self = Text::FieldIbanChecksum;
            const FIELD_NOT_A_CHOICE: Self = Text::FieldNotAChoice;
            const FIELD_YES_NO: Self = Text::FieldYesNo;
            const FIELD_NUMBER_FORMAT: Self = Text::FieldNumberFormat;
            const FIELD_NUMBER_RANGE: Self = Text::FieldNumberRange;
            const FIELD_DOCUMENTS_MISSING: Self = Text::FieldDocumentsMissing;
        }
    };
}

/// What a card terminal shows the citizen while a payment runs (`card_terminal::words`).
#[macro_export]
macro_rules! card_terminal_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
        TerminalConnecting => (
            "Verbindung zum Terminal …",
            "Connecting to the terminal …"
        ),
        TerminalInsertCard => (
            "Terminal: Karte einstecken oder auflegen.",
            "Terminal: insert or tap the card."
        ),
        TerminalEnterPin => (
            "Terminal: bitte PIN am Terminal eingeben.",
            "Terminal: please enter the PIN on the terminal."
        ),
        TerminalWaitingForBank => (
            "Terminal: wartet auf die Bank …",
            "Terminal: waiting for the bank …"
        ),
        TerminalRemoveCard => (
            "Terminal: Karte entnehmen.",
            "Terminal: remove the card."
        ),
        TerminalCardNotReadable => (
            "Terminal: Karte nicht lesbar, bitte erneut versuchen.",
            "Terminal: card not readable, please try again."
        ),
        TerminalPleaseWait => (
            "Terminal: bitte warten …",
            "Terminal: please wait …"
        ),
        }
    };
}

/// Lets `card_terminal::words` show an app's `Text` (whose chain holds `card_terminal_texts`):
/// the terminal's own words are shared, the outcome's are the app's, named as
/// `PAID_WITH_RECEIPT = Text::…` for each remaining `PaymentWords` constant.
#[macro_export]
macro_rules! payment_words {
    ($($word:ident = $text:ident,)*) => {
        impl $crate::card_terminal::words::PaymentWords for Text {
            const CONNECTING: Self = Text::TerminalConnecting;
            const INSERT_CARD: Self = Text::TerminalInsertCard;
            const ENTER_PIN: Self = Text::TerminalEnterPin;
            const WAITING_FOR_BANK: Self = Text::TerminalWaitingForBank;
            const REMOVE_CARD: Self = Text::TerminalRemoveCard;
            const CARD_NOT_READABLE: Self = Text::TerminalCardNotReadable;
            const PLEASE_WAIT: Self = Text::TerminalPleaseWait;
            $(const $word: Self = Text::$text;)*
        }
    };
}
