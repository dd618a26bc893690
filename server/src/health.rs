//! `GET /api/health`: is the server up, does its database answer, which release is it.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use domain::release::VERSION;
use domain::wire::{HealthReport, HealthStatus, LiveReport};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(ready))
        .routes(routes!(live))
}

/// Whether the server and its database work, and which release it is (the same as `ready`).
#[utoipa::path(get, path = "/health", tag = "operations", responses(
    (status = 200, description = "Working", body = HealthReport),
    (status = 503, description = "The database does not answer", body = HealthReport),
))]
async fn health(state: State<AppState>) -> (StatusCode, Json<HealthReport>) {
    ready(state).await
}

/// Ready for requests: the process and its database answer.
#[utoipa::path(get, path = "/health/ready", tag = "operations", responses(
    (status = 200, description = "Ready", body = HealthReport),
    (status = 503, description = "The database does not answer", body = HealthReport),
))]
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let database = match crate::database::answers(&state.db).await {
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

/// Alive: the process answers, whatever its database does.
#[utoipa::path(get, path = "/health/live", tag = "operations", responses(
    (status = 200, description = "Alive", body = LiveReport),
))]
async fn live() -> Json<LiveReport> {
    Json(LiveReport {
        status: HealthStatus::Ok,
        version: VERSION.to_owned(),
    })
}
