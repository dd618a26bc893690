//! Where a card payment stands, in words: what the terminal shows the citizen (the same for
//! everyone, `card_terminal_texts!`), the outcome, and what to do after a failure (a clerk is
//! told to type a slip's number, a citizen at a kiosk to try another card). Each app names its
//! own `Text` for each (`PaymentWords`, implemented by `texts::payment_words!`).

use crate::{Language, Wording, fill};
use devices::zvt::payment::{PaymentFailure, PaymentState, TerminalStatus};

/// The words of a card payment, as an app's `Text` has them.
pub trait PaymentWords: Wording {
    const CONNECTING: Self;
    const INSERT_CARD: Self;
    const ENTER_PIN: Self;
    const WAITING_FOR_BANK: Self;
    const REMOVE_CARD: Self;
    const CARD_NOT_READABLE: Self;
    const PLEASE_WAIT: Self;
    /// "{0}" is the slip's number.
    const PAID_WITH_RECEIPT: Self;
    const PAID_WITHOUT_RECEIPT: Self;
    const DECLINED_BY_BANK: Self;
    const CARD_UNREADABLE: Self;
    const CANCELLED: Self;
    /// "{0}" is the ZVT result code in hex.
    const DECLINED_CODE: Self;
    /// "{0}" is the terminal's error code in hex.
    const REFUSED_CODE: Self;
    const NO_ANSWER: Self;
    const LINE_BROKEN: Self;
}

/// Where a card payment stands, as whoever pays reads it (what the terminal shows the citizen,
/// the outcome, and what to do after a failure); nothing while none runs.
pub fn payment_state_text<T: PaymentWords>(state: &PaymentState, language: Language) -> String {
    use TerminalStatus as S;
    let text = match state {
        PaymentState::Idle => return String::new(),
        PaymentState::Running(status) => match status {
            None => T::CONNECTING,
            Some(S::InsertCard) => T::INSERT_CARD,
            Some(S::WatchPinPad) => T::ENTER_PIN,
            Some(S::WaitingForBank) => T::WAITING_FOR_BANK,
            Some(S::RemoveCard) => T::REMOVE_CARD,
            Some(S::CardNotReadable) => T::CARD_NOT_READABLE,
            Some(S::PleaseWait | S::Other(_)) => T::PLEASE_WAIT,
        },
        PaymentState::Approved(Some(receipt)) => {
            return fill(T::PAID_WITH_RECEIPT, language, &[receipt]);
        }
        PaymentState::Approved(None) => T::PAID_WITHOUT_RECEIPT,
        PaymentState::Failed(failure) => return failure_text::<T>(*failure, language),
    };
    text.in_language(language).to_owned()
}

fn failure_text<T: PaymentWords>(failure: PaymentFailure, language: Language) -> String {
    let code = |text: T, code: u8| fill(text, language, &[&format!("{code:02X}")]);
    let text = match failure {
        PaymentFailure::Declined(0x05) => T::DECLINED_BY_BANK,
        PaymentFailure::Declined(0x64) => T::CARD_UNREADABLE,
        PaymentFailure::Declined(0x6C) | PaymentFailure::Cancelled => T::CANCELLED,
        PaymentFailure::Declined(other) => return code(T::DECLINED_CODE, other),
        PaymentFailure::Refused(other) => return code(T::REFUSED_CODE, other),
        PaymentFailure::NoAnswer => T::NO_ANSWER,
        PaymentFailure::LineBroken => T::LINE_BROKEN,
    };
    text.in_language(language).to_owned()
}
