//! Bounds on what the API serves at once and how long one request may take, so a flood of
//! requests or a slow client cannot tie the server up. Past either, the caller gets a German
//! sentence and may try again.

use crate::AppState;
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// API requests served at once; further ones are answered "busy" at once.
pub const MAX_IN_FLIGHT: usize = 512;

/// Longest a request may take: a push of a thousand cases takes well under a second.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn bounded(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Ok(_serving) = state.in_flight.clone().try_acquire_owned() else {
        return ApiError::Busy {
            retry_after_secs: 1,
        }
        .into_response();
    };
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::TimedOut.into_response(),
    }
}
