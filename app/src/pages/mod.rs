//! One module per screen of the app.

pub mod start;
