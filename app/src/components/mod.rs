//! Pieces of UI used by more than one page.

pub mod device_status;
pub mod field;
pub mod masthead;
pub mod problem;
pub mod update_banner;
