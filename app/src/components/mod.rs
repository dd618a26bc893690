//! Pieces of UI used by more than one page.

pub mod update_banner;
