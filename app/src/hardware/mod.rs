//! Handles of the peripherals the clerk pairs, shared by their panels and the visit's steps
//! through the context (the panels live in `components`); the card terminal is `ui::card_terminal`,
//! shared with the Bürger-Terminal.

pub mod pad;
pub mod printer;
pub mod scanner;
