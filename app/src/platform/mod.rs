//! Thin adapters over browser APIs. Each one degrades to a clear "not available" instead of
//! panicking, because the app runs on whatever laptop and browser the clerk was lent.

pub mod build;
pub mod crypto;
pub mod hid_pad;
pub mod hid_scanner;
pub mod images;
pub mod indexed_db;
pub mod persistence;
pub mod timer;
pub mod webhid;
pub mod wipe;
