//! How a card payment ended and why a field's value was refused (with placeholders).

/// Hands its texts on to the next table in the chain (see `texts`).
macro_rules! problems_texts {
    ([$next:ident $($rest:ident)*] $($before:tt)*) => {
        $next! { [$($rest)*] $($before)*
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
        }
    };
}
