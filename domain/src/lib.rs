//! Bürgerkoffer's domain model and the types that cross the wire between app and server.
//!
//! This crate is the functional core: it knows nothing of web-sys, tokio, sqlx, clocks or
//! randomness, so every rule in it is tested natively and behaves the same in the browser.

pub mod assistance;
pub mod audit;
pub mod backoff;
pub mod callback;
pub mod cases;
pub mod catalogue;
pub mod evaluation;
pub mod filing;
pub mod forms;
pub mod handover;
pub mod hex;
pub mod kiosk;
pub mod municipality;
pub mod release;
pub mod sync;
pub mod tours;
pub mod vault;
pub mod wire;
