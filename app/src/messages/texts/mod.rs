//! Every wording, German and English side by side, by topic: each topic file hands its texts on
//! to the next, and the last hands all of them to `texts!`, which declares `Text`. So a text is
//! named once, beside its two wordings, and a translation is a diff of these files. `{0}`,
//! `{1}`, … are filled by `messages::fill`. The words other apps show too (`account_texts`,
//! `town_hall_texts`, `card_terminal_texts`, …) and `texts!` itself are in `ui`.

use ui::{account_texts, card_terminal_texts, case_texts, form_texts, texts, town_hall_texts};

#[macro_use]
mod start;
#[macro_use]
mod visit;
#[macro_use]
mod devices;
#[macro_use]
mod transfer;
#[macro_use]
mod problems;

start_texts! { [account_texts case_texts form_texts visit_texts town_hall_texts devices_texts transfer_texts card_terminal_texts problems_texts texts] }

ui::case_words!(crate::messages::status_text);

ui::update_words!();

ui::form_words!();
