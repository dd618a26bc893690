//! Video assistance at the Bürger-Terminal: a citizen presses "Mit der Verwaltung sprechen", the
//! call waits in one queue shared by everyone on duty in the town hall for that municipality
//! (its own staff and those of a municipality serving it), one of them accepts, and the two
//! browsers talk over WebRTC. The server only introduces them: it relays the session
//! descriptions and ICE candidates between the two parties of a call, and nothing else.
//!
//! `messages` is what crosses the WebSocket; `switchboard` decides, sans-IO: who is connected,
//! which calls wait, who talks to whom, and what each party is told.

pub mod messages;
pub mod switchboard;

pub use messages::{
    AssistanceRefusal, EndReason, FromParty, InCall, SharedForm, SharedInput, Signal, ToParty,
    WaitingCall,
};
pub use switchboard::{ConnectionId, Outcome, Party, Switchboard};
