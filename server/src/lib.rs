//! The Bürgerkoffer server as a library: the router and its state, so that integration tests drive
//! exactly what the binary serves.

pub mod config;
pub mod database;
pub mod error;
pub mod headers;
pub mod health;
pub mod shell;

use axum::Router;
use sqlx::SqlitePool;
use std::path::PathBuf;

/// What every handler may reach.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
}

/// Everything the server answers: the API under `/api`, the built PWA everywhere else.
pub fn router(state: AppState, dist_dir: PathBuf) -> Router {
    let api = Router::new()
        .merge(health::router())
        .fallback(|| async { error::ApiError::NotFound })
        .layer(axum::middleware::from_fn(headers::no_store));
    Router::new()
        .nest("/api", api)
        .fallback_service(shell::service(dist_dir))
        .layer(axum::middleware::from_fn(headers::security))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}
