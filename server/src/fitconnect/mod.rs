//! Submitting cases to the authority that decides them over FIT-Connect, the federal submission
//! route between portals and authorities: where each service's cases go (`routes`, set by the
//! operator's command, `route_command`, or the admin in the console, `route_api`), the
//! destination's key (`keys`), the end-to-end encryption every part travels in (`jwe`), and the
//! metadata that names the service and the hash of every part (`metadata`).

pub mod events;
pub mod job;
pub mod jwe;
pub mod keys;
pub mod metadata;
pub mod release;
pub mod route_api;
pub mod route_command;
pub mod routes;
pub mod sender;
