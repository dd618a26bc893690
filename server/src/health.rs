//! `GET /api/health`: is the server up, does its database answer, which release is it.

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use domain::release::VERSION;
use domain::wire::{HealthReport, HealthStatus};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

async fn health(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let database = match sqlx::query("SELECT 1").execute(&state.db).await {
        Ok(_) => HealthStatus::Ok,
        Err(error) => {
            tracing::warn!(%error, "health check: database does not answer");
            HealthStatus::Failing
        }
    };
    let status = if database == HealthStatus::Ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let report = HealthReport {
        status: database,
        version: VERSION.to_owned(),
        database,
    };
    (status, Json(report))
}
