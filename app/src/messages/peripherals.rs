//! The words for what devices tell: an ID document's zone refused, where a card payment stands.

use super::{Language, Text};
use devices::mrz::{MrzField, MrzRefusal};

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

// A card payment's words: what the terminal shows (`card_terminal_texts`), and what the clerk
// does after it.
ui::payment_words! {
    PAID_WITH_RECEIPT = PaidWithReceipt,
    PAID_WITHOUT_RECEIPT = PaidTypeReceipt,
    DECLINED_BY_BANK = PaymentDeclinedByBank,
    CARD_UNREADABLE = PaymentCardUnreadable,
    CANCELLED = PaymentCancelled,
    DECLINED_CODE = PaymentDeclinedCode,
    REFUSED_CODE = PaymentRefusedCode,
    NO_ANSWER = PaymentNoAnswer,
    LINE_BROKEN = PaymentLineBroken,
}
