//! The words for what devices tell: an ID document's zone refused, a printed receipt's labels,
//! where a card payment stands.

use super::{Language, Text, fill};
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

/// Where a card payment stands, as the clerk reads it (what the terminal shows the citizen, the
/// outcome, and what to do after a failure).
pub fn payment_state_text(state: &PaymentState, language: Language) -> String {
    use TerminalStatus as S;
    let text = match state {
        PaymentState::Idle => return String::new(),
        PaymentState::Running(status) => match status {
            None => Text::TerminalConnecting,
            Some(S::InsertCard) => Text::TerminalInsertCard,
            Some(S::WatchPinPad) => Text::TerminalEnterPin,
            Some(S::WaitingForBank) => Text::TerminalWaitingForBank,
            Some(S::RemoveCard) => Text::TerminalRemoveCard,
            Some(S::CardNotReadable) => Text::TerminalCardNotReadable,
            Some(S::PleaseWait | S::Other(_)) => Text::TerminalPleaseWait,
        },
        PaymentState::Approved(Some(receipt)) => {
            return fill(Text::PaidWithReceipt, language, &[receipt]);
        }
        PaymentState::Approved(None) => Text::PaidTypeReceipt,
        PaymentState::Failed(failure) => return payment_failure_text(*failure, language),
    };
    text.in_language(language).to_owned()
}

fn payment_failure_text(failure: PaymentFailure, language: Language) -> String {
    let text = match failure {
        PaymentFailure::Declined(0x05) => Text::PaymentDeclinedByBank,
        PaymentFailure::Declined(0x64) => Text::PaymentCardUnreadable,
        PaymentFailure::Declined(0x6C) | PaymentFailure::Cancelled => Text::PaymentCancelled,
        PaymentFailure::Declined(code) => {
            return fill(
                Text::PaymentDeclinedCode,
                language,
                &[&format!("{code:02X}")],
            );
        }
        PaymentFailure::Refused(code) => {
            return fill(
                Text::PaymentRefusedCode,
                language,
                &[&format!("{code:02X}")],
            );
        }
        PaymentFailure::NoAnswer => Text::PaymentNoAnswer,
        PaymentFailure::LineBroken => Text::PaymentLineBroken,
    };
    text.in_language(language).to_owned()
}
