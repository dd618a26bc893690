//! Sync: devices push the cases they captured as numbered mutations and pull what changed in the
//! cases they filed. The server decides what it files (`domain::filing`), applies each mutation
//! at most once and in order, records who made every stored change, and hands a device only its
//! own cases. Every stored change is an event of the case's record (`database::record`); case
//! rows and a space's versions are in `database::cases`. A Bürger-Terminal files what a citizen
//! filled in alone (`terminal`) through the same checks and record.

mod outcomes;
mod pull;
mod push;
mod refusals;
mod space;
mod terminal;

pub use push::file;
pub(crate) use refusals::status_de;

use crate::AppState;
use axum::extract::DefaultBodyLimit;
use utoipa_axum::router::OpenApiRouter;

/// Who the history names for the transfer step.
pub const TRANSFERRED_BY: &str = "Server";

/// Most mutations one push may carry, and most changes one pull page returns.
pub const MAX_BATCH: usize = 1000;

/// Largest case a device may file, as JSON. A case with a signature image and a few forms takes
/// a tenth of it; the limit keeps one device from filling the database with one case.
pub const MAX_CASE_BYTES: usize = 256 * 1024;

/// Largest push request. The app sends a day's cases in batches below it.
pub const MAX_PUSH_BYTES: usize = 16 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    push::router()
        .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES))
        .merge(pull::router())
        .merge(outcomes::router())
        .merge(terminal::router())
}
