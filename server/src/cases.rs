//! The back office at the town hall: the transferred cases of its municipality (and those it
//! serves), and their next status — In Bearbeitung, Abholbereit, Abgelehnt with a reason,
//! Ausgehändigt. A status set here is a change of the space like any push, so devices pull it.

use crate::AppState;
use crate::auth::SignedIn;
use crate::error::ApiError;
use crate::payload::Payload;
use crate::sync::{bump_space, find_case, save_case};
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::cases::{Case, CaseStatus};
use domain::municipality::RegionalKey;
use domain::wire::ErrorBody;
use domain::wire::{CaseSummary, Role, StatusChangeRequest};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(set_status))
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    municipality: String,
}

fn require_back_office(signed_in: &SignedIn) -> Result<(), ApiError> {
    match signed_in.role {
        Role::BackOffice | Role::Admin => Ok(()),
        Role::Clerk => Err(ApiError::Forbidden),
    }
}

fn summary(municipality: &str, version: u64, flagged: bool, case: &Case) -> CaseSummary {
    CaseSummary {
        municipality: municipality.to_owned(),
        id: case.id.clone(),
        number: case.number.clone(),
        citizen: case.citizen.full_name(),
        services: case.services.iter().map(|s| s.service.clone()).collect(),
        status: case.status(),
        flagged,
        version,
    }
}

/// The cases of a municipality that have reached the server, newest change first.
#[utoipa::path(get, path = "/cases", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Query, description = "Regionalschlüssel")),
    responses((status = 200, body = Vec<CaseSummary>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn list(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    require_back_office(&signed_in)?;
    let key = RegionalKey::parse(&query.municipality)
        .map_err(|error| ApiError::BadRequest(error.to_string()))?;
    signed_in.require_access(&state.db, &key).await?;
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT version, flagged, body FROM cases
         WHERE municipality = $1 AND deleted = 0 ORDER BY version DESC LIMIT 1000",
    )
    .bind(key.to_string())
    .fetch_all(&state.db)
    .await?;
    let mut cases = Vec::with_capacity(rows.len());
    for (version, flagged, body) in rows {
        let case: Case = serde_json::from_str(&body)
            .map_err(|error| ApiError::Internal(format!("stored case unreadable: {error}")))?;
        let version = u64::try_from(version).unwrap_or(0);
        cases.push(summary(&key.to_string(), version, flagged != 0, &case));
    }
    Ok(Json(cases))
}

#[utoipa::path(post, path = "/cases/{municipality}/{id}/status", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel"), ("id" = String, Path, description = "Case id")),
    request_body = StatusChangeRequest,
    responses((status = 200, body = CaseSummary), (status = 404, description = "No such case", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn set_status(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
    Payload(request): Payload<StatusChangeRequest>,
) -> Result<Json<CaseSummary>, ApiError> {
    require_back_office(&signed_in)?;
    let key = RegionalKey::parse(&municipality)
        .map_err(|error| ApiError::BadRequest(error.to_string()))?;
    signed_in.require_access(&state.db, &key).await?;
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if request.status == CaseStatus::Rejected && reason.is_none() {
        return Err(ApiError::BadRequest(
            "Eine Ablehnung braucht eine Begründung für die Bürgerin oder den Bürger.".into(),
        ));
    }
    let mut tx = crate::database::begin_write(&state.db).await?;
    // The space's version first: on PostgreSQL that locks the space, so a push of the same case
    // waits for this change rather than overwriting it with what it read before.
    let version = bump_space(&mut tx, &key.to_string(), state.now()).await?;
    let mut stored = find_case(&mut *tx, &key.to_string(), &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let by: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(signed_in.user_id)
        .fetch_one(&mut *tx)
        .await?;
    if let Err(current) =
        stored.record_step(request.status, state.now() * 1000, &by, reason, version)
    {
        // Dropping the transaction undoes the version bump.
        return Err(ApiError::BadRequest(format!(
            "Ein Fall im Status „{}“ kann nicht „{}“ werden.",
            german(current),
            german(request.status)
        )));
    }
    save_case(&mut tx, &key.to_string(), &id, version, &stored).await?;
    tx.commit().await?;
    Ok(Json(summary(
        &key.to_string(),
        version,
        !stored.conflicts.is_empty(),
        &stored.case,
    )))
}

fn german(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Draft => "Entwurf",
        CaseStatus::Captured => "Erfasst",
        CaseStatus::Transferred => "Übertragen",
        CaseStatus::InProgress => "In Bearbeitung",
        CaseStatus::ReadyForPickup => "Abholbereit",
        CaseStatus::HandedOver => "Ausgehändigt",
        CaseStatus::Rejected => "Abgelehnt",
    }
}
