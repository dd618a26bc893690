//! What the card terminal says and why a field's value was refused (with placeholders).

/// Hands its texts on to the next table in the chain (see `texts`).
macro_rules! problems_texts {
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
        PaidWithReceipt => (
            "Zahlung erfolgt. Belegnummer {0}.",
            "Paid. Receipt number {0}."
        ),
        PaidTypeReceipt => (
            "Zahlung erfolgt. Bitte die Belegnummer vom Kartenbeleg eintragen.",
            "Paid. Please type the receipt number from the card slip."
        ),
        PaymentDeclinedByBank => (
            "Die Bank hat die Zahlung abgelehnt. Bitte anders bezahlen lassen.",
            "The bank declined the payment. Please take another means of payment."
        ),
        PaymentCardUnreadable => (
            "Die Karte konnte nicht gelesen werden. Bitte erneut versuchen.",
            "The card could not be read. Please try again."
        ),
        PaymentCancelled => (
            "Die Zahlung wurde abgebrochen. Es wurde nichts abgebucht.",
            "The payment was cancelled. Nothing was charged."
        ),
        PaymentDeclinedCode => (
            "Das Terminal hat die Zahlung abgelehnt (Code {0}). Es wurde nichts abgebucht.",
            "The terminal declined the payment (code {0}). Nothing was charged."
        ),
        PaymentRefusedCode => (
            "Das Terminal nimmt gerade keine Zahlung an (Code 84 {0}). Bitte am Terminal prüfen und erneut versuchen.",
            "The terminal takes no payment right now (code 84 {0}). Please check the terminal and try again."
        ),
        PaymentNoAnswer => (
            "Das Terminal antwortet nicht. Bitte am Terminal prüfen, ob bezahlt wurde; wenn ja, die Belegnummer vom Kartenbeleg eintragen.",
            "The terminal does not answer. Please check on the terminal whether it was paid; if so, type the receipt number from the card slip."
        ),
        PaymentLineBroken => (
            "Die Verbindung zum Terminal ist gestört. Bitte das Kabel prüfen und erneut versuchen, oder am Terminal kassieren und die Belegnummer eintragen.",
            "The connection to the terminal is broken. Please check the cable and try again, or take the card on the terminal and type the receipt number."
        ),
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
