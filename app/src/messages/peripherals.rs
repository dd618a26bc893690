//! The words for what devices tell: an ID document's zone refused, a printed receipt's labels,
//! where a card payment stands.

use super::{Language, Text};
use devices::escpos::ReceiptLabels;
use devices::mrz::{MrzField, MrzRefusal};
use devices::zvt::payment::{PaymentFailure, PaymentState, TerminalStatus};

/// Why an ID document's zone was not taken, as the clerk reads it.
pub fn mrz_refusal_text(refusal: MrzRefusal, language: Language) -> String {
    let say = |text: Text| text.in_language(language);
    match refusal {
        MrzRefusal::Shape => say(Text::MrzShape).to_owned(),
        MrzRefusal::Unreadable => say(Text::MrzUnreadable).to_owned(),
        MrzRefusal::Inconsistent => say(Text::MrzInconsistent).to_owned(),
        MrzRefusal::CheckDigit(field) => {
            let field = match field {
                MrzField::DocumentNumber => Text::MrzDocumentNumber,
                MrzField::BirthDate => Text::MrzBirthDate,
                MrzField::ExpiryDate => Text::MrzExpiryDate,
                MrzField::PersonalNumber => Text::MrzPersonalNumber,
                MrzField::Composite => Text::MrzComposite,
            };
            format!(
                "{} {}. {}",
                say(Text::MrzCheckDigitFor),
                say(field),
                say(Text::MrzReadAgain)
            )
        }
    }
}

/// The fixed words of a printed receipt.
pub fn receipt_labels(language: Language) -> ReceiptLabels<'static> {
    ReceiptLabels {
        fee: Text::ReceiptFee.in_language(language),
        paid: Text::ReceiptPaid.in_language(language),
        case: Text::ReceiptCase.in_language(language),
        thanks: Text::ReceiptThanks.in_language(language),
    }
}

/// Where a card payment stands, as the clerk reads it (what the terminal shows the citizen, the
/// outcome, and what to do after a failure).
pub fn payment_state_text(state: &PaymentState, language: Language) -> String {
    use TerminalStatus as S;
    let german = language == Language::German;
    let say = |de: &str, en: &str| if german { de.to_owned() } else { en.to_owned() };
    match state {
        PaymentState::Idle => String::new(),
        PaymentState::Running(status) => match status {
            None => say("Verbindung zum Terminal …", "Connecting to the terminal …"),
            Some(S::InsertCard) => say(
                "Terminal: Karte einstecken oder auflegen.",
                "Terminal: insert or tap the card.",
            ),
            Some(S::WatchPinPad) => say(
                "Terminal: bitte PIN am Terminal eingeben.",
                "Terminal: please enter the PIN on the terminal.",
            ),
            Some(S::WaitingForBank) => say(
                "Terminal: wartet auf die Bank …",
                "Terminal: waiting for the bank …",
            ),
            Some(S::RemoveCard) => say("Terminal: Karte entnehmen.", "Terminal: remove the card."),
            Some(S::CardNotReadable) => say(
                "Terminal: Karte nicht lesbar, bitte erneut versuchen.",
                "Terminal: card not readable, please try again.",
            ),
            Some(S::PleaseWait | S::Other(_)) => {
                say("Terminal: bitte warten …", "Terminal: please wait …")
            }
        },
        PaymentState::Approved(Some(receipt)) => {
            if german {
                format!("Zahlung erfolgt. Belegnummer {receipt}.")
            } else {
                format!("Paid. Receipt number {receipt}.")
            }
        }
        PaymentState::Approved(None) => say(
            "Zahlung erfolgt. Bitte die Belegnummer vom Kartenbeleg eintragen.",
            "Paid. Please type the receipt number from the card slip.",
        ),
        PaymentState::Failed(failure) => payment_failure_text(*failure, language),
    }
}

fn payment_failure_text(failure: PaymentFailure, language: Language) -> String {
    let german = language == Language::German;
    let say = |de: &str, en: &str| if german { de.to_owned() } else { en.to_owned() };
    match failure {
        PaymentFailure::Declined(0x05) => say(
            "Die Bank hat die Zahlung abgelehnt. Bitte anders bezahlen lassen.",
            "The bank declined the payment. Please take another means of payment.",
        ),
        PaymentFailure::Declined(0x64) => say(
            "Die Karte konnte nicht gelesen werden. Bitte erneut versuchen.",
            "The card could not be read. Please try again.",
        ),
        PaymentFailure::Declined(0x6C) | PaymentFailure::Cancelled => say(
            "Die Zahlung wurde abgebrochen. Es wurde nichts abgebucht.",
            "The payment was cancelled. Nothing was charged.",
        ),
        PaymentFailure::Declined(code) => {
            if german {
                format!(
                    "Das Terminal hat die Zahlung abgelehnt (Code {code:02X}). Es wurde nichts abgebucht."
                )
            } else {
                format!("The terminal declined the payment (code {code:02X}). Nothing was charged.")
            }
        }
        PaymentFailure::Refused(code) => {
            if german {
                format!(
                    "Das Terminal nimmt gerade keine Zahlung an (Code 84 {code:02X}). Bitte am Terminal prüfen und erneut versuchen."
                )
            } else {
                format!(
                    "The terminal takes no payment right now (code 84 {code:02X}). Please check the terminal and try again."
                )
            }
        }
        PaymentFailure::NoAnswer => say(
            "Das Terminal antwortet nicht. Bitte am Terminal prüfen, ob bezahlt wurde; wenn ja, die Belegnummer vom Kartenbeleg eintragen.",
            "The terminal does not answer. Please check on the terminal whether it was paid; if so, type the receipt number from the card slip.",
        ),
        PaymentFailure::LineBroken => say(
            "Die Verbindung zum Terminal ist gestört. Bitte das Kabel prüfen und erneut versuchen, oder am Terminal kassieren und die Belegnummer eintragen.",
            "The connection to the terminal is broken. Please check the cable and try again, or take the card on the terminal and type the receipt number.",
        ),
    }
}
