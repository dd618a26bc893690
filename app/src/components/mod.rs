//! Pieces of UI used by more than one page.

pub mod device_status;
pub mod field;
pub mod id_check;
pub mod masthead;
pub mod pad;
pub mod photo_attachments;
pub mod printer;
pub mod problem;
pub mod renew_session;
pub mod scan_to_open;
pub mod scanner;
pub mod signature_pad;
pub mod sync_status;
pub mod terminal;
