//! The back office at the town hall: the transferred cases of its municipality (and those it
//! serves), a page at a time, each case whole, and their next status — In Bearbeitung,
//! Abholbereit, Abgelehnt with a reason, Ausgehändigt. A status set here is a change of the
//! space like any push, recorded with who set it, so the filing device pulls it.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::cases::{bump_space, find_case, latest, save_case, to_row};
use crate::database::record::NewEvent;
use crate::error::ApiError;
use crate::payload::{Parameters, Payload};
use axum::Json;
use axum::extract::{Path, State};
use domain::audit::{EventKind, event_hash, next_event, sha256_hex};
use domain::cases::{Case, CaseStatus};
use domain::forms::Date;
use domain::sync::StoredCase;
use domain::wire::ErrorBody;
use domain::wire::{CaseDetail, CaseFilter, CaseSummary, ConflictDecision, StatusChangeRequest};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(set_status))
        .routes(routes!(resolve_conflict))
}

#[derive(Debug, Deserialize)]
pub(crate) struct ListQuery {
    pub(crate) municipality: String,
    /// Only cases last changed before this version: the `version` of the last case of the
    /// previous page.
    pub(crate) before: Option<u64>,
    pub(crate) limit: Option<usize>,
    status: Option<CaseStatus>,
    service: Option<String>,
    place: Option<String>,
    from: Option<String>,
    to: Option<String>,
    clerk: Option<String>,
    #[serde(default)]
    flagged: bool,
}

impl ListQuery {
    /// The filter asked for: empty texts ask for nothing, days must be days.
    pub(crate) fn filter(&self) -> Result<CaseFilter, ApiError> {
        let text = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        };
        let day = |value: &Option<String>| match text(value) {
            Some(day) if Date::parse_iso(&day).is_none() => Err(ApiError::Unprocessable(format!(
                "„{day}“ ist kein Datum; erwartet wird JJJJ-MM-TT."
            ))),
            day => Ok(day),
        };
        Ok(CaseFilter {
            status: self.status,
            service: text(&self.service),
            place: text(&self.place),
            from: day(&self.from)?,
            to: day(&self.to)?,
            clerk: text(&self.clerk),
            flagged: self.flagged,
        })
    }
}

/// Cases per page of the list, by default and at most.
pub(crate) const PAGE: usize = 200;
const MAX_PAGE: usize = 1000;

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
        channel: case.channel,
    }
}

/// The cases of a municipality that have reached the server, newest change first, a page at a
/// time, filtered by what the back office asks for.
#[utoipa::path(get, path = "/cases", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Query, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"),
        ("before" = Option<u64>, Query, description = "Only cases last changed before this version (the last version of the previous page)", maximum = 18446744073709551615_u64),
        ("limit" = Option<usize>, Query, description = "Cases per page, at most 1000 (default 200)", maximum = 18446744073709551615_u64),
        ("status" = Option<domain::cases::CaseStatus>, Query, description = "Only cases in this status"),
        ("service" = Option<String>, Query, description = "Only cases requesting this service (catalogue id)"),
        ("place" = Option<String>, Query, description = "Only cases taken at this place"),
        ("from" = Option<String>, Query, description = "Only visits on or after this day (ISO)"),
        ("to" = Option<String>, Query, description = "Only visits on or before this day (ISO)"),
        ("clerk" = Option<String>, Query, description = "Only cases opened by this clerk (display name)"),
        ("flagged" = Option<bool>, Query, description = "Only cases with parts waiting for a decision")),
    responses((status = 200, body = Vec<CaseSummary>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn list(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Parameters(query): Parameters<ListQuery>,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &query.municipality).await?;
    let filter = query.filter()?;
    let rows = latest(
        &state.db,
        &key,
        &filter,
        (
            query.before.unwrap_or(u64::MAX),
            query.limit.unwrap_or(PAGE).clamp(1, MAX_PAGE),
        ),
    )
    .await?;
    let cases = rows
        .iter()
        .map(|(version, flagged, case)| summary(&key.to_string(), *version, *flagged, case))
        .collect();
    Ok(Json(cases))
}

/// One case whole, as the server holds it: form data, photos named, signature, payment, its
/// history, and its record with what the server found checking it.
#[utoipa::path(get, path = "/cases/{municipality}/{id}", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "Case id")),
    responses((status = 200, body = CaseDetail), (status = 404, description = "No such case", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn detail(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
) -> Result<Json<CaseDetail>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    let held = find_case(&state.db, &key, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let (record, record_problem) = crate::database::record::load_and_check(
        &state.db,
        &key,
        &id,
        state.sealing_key.verifying_key(),
    )
    .await?;
    let stored = held.stored;
    let submissions = crate::database::handover_submissions::of_case(&state.db, &key, &id).await?;
    Ok(Json(CaseDetail {
        summary: summary(
            &key.to_string(),
            held.version,
            !stored.conflicts.is_empty(),
            &stored.case,
        ),
        case: stored.case,
        conflicts: stored.conflicts,
        record,
        record_problem,
        submissions,
    }))
}

#[utoipa::path(post, path = "/cases/{municipality}/{id}/status", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "Case id")),
    request_body = StatusChangeRequest,
    responses((status = 200, body = CaseSummary), (status = 404, description = "No such case", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 422, description = "A refusal without its reason for the citizen", body = ErrorBody), (status = 409, description = "The case's present status does not allow this one", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn set_status(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
    Payload(request): Payload<StatusChangeRequest>,
) -> Result<Json<CaseSummary>, ApiError> {
    decide(&state, &signed_in, (&municipality, &id), request)
        .await
        .map(Json)
}

/// Sets a case's next status as `set_status` answers it (the demo decides through here too).
pub async fn decide(
    state: &AppState,
    signed_in: &SignedIn,
    (municipality, id): (&str, &str),
    request: StatusChangeRequest,
) -> Result<CaseSummary, ApiError> {
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if request.status == CaseStatus::Rejected && reason.is_none() {
        return Err(ApiError::Unprocessable(
            "Eine Ablehnung braucht eine Begründung für die Bürgerin oder den Bürger.".into(),
        ));
    }
    let by = signed_in.display_name.clone();
    change_held(
        state,
        signed_in,
        (municipality, id),
        move |stored, version, now_ms| {
            stored
                .record_step(request.status, now_ms, &by, reason, version)
                .map_err(|current| {
                    ApiError::Conflict(format!(
                        "Ein Fall im Status „{}“ kann nicht „{}“ werden.",
                        crate::sync::status_de(current),
                        crate::sync::status_de(request.status)
                    ))
                })?;
            Ok(EventKind::Status(request.status))
        },
    )
    .await
}

/// The town hall decides a flagged conflict: the value it holds stays, or the one the device
/// sent takes its place. The decision is an event of the case's record; the filing device
/// pulls the case as decided.
#[utoipa::path(post, path = "/cases/{municipality}/{id}/conflicts", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "Case id")),
    request_body = ConflictDecision,
    responses((status = 200, body = CaseSummary), (status = 409, description = "The conflict is already decided", body = ErrorBody), (status = 404, description = "No such case", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn resolve_conflict(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
    Payload(request): Payload<ConflictDecision>,
) -> Result<Json<CaseSummary>, ApiError> {
    change_held(&state, &signed_in, (&municipality, &id), move |stored, version, _| {
        stored
            .resolve(request.conflict, request.keep, version)
            .ok_or_else(|| {
                ApiError::Conflict(
                    "Diese widersprüchliche Änderung ist schon entschieden. Bitte den Fall neu laden."
                        .into(),
                )
            })?;
        Ok(EventKind::Resolved)
    })
    .await
    .map(Json)
}

/// Changes a case the server holds on behalf of the town hall, in one transaction with the
/// event of its record: `change` is given the case, the space's new version and the server's
/// clock, and says what kind of change it made (or refuses, changing nothing).
async fn change_held(
    state: &AppState,
    signed_in: &SignedIn,
    (municipality, id): (&str, &str),
    change: impl FnOnce(&mut StoredCase, u64, u64) -> Result<EventKind, ApiError>,
) -> Result<CaseSummary, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, municipality).await?;
    let mut tx = crate::database::begin_write(&state.db).await?;
    // The space's version first: on PostgreSQL that locks the space, so a push of the same case
    // waits for this change rather than overwriting it with what it read before.
    let version = bump_space(&mut tx, &key, state.now()).await?;
    let held = find_case(&mut *tx, &key, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut stored = held.stored;
    let now_ms = state.now() * 1000;
    // A refusal drops the transaction, which undoes the version bump.
    let kind = change(&mut stored, version, now_ms)?;
    let row = to_row(&stored)?;
    let event = next_event(
        held.newest_event
            .as_ref()
            .map(|(seq, hash)| (*seq, hash.as_str())),
        kind,
        (now_ms, &signed_in.username, &signed_in.device_id),
        sha256_hex(row.0.as_bytes()),
    );
    let hash = event_hash(&event);
    save_case(
        &mut tx,
        (&key.to_string(), version),
        &stored,
        (&row.0, &row.1),
        (event.seq, &hash),
    )
    .await?;
    let event = NewEvent {
        municipality: key.to_string(),
        case_id: id.to_owned(),
        version,
        event,
        hash,
    };
    crate::database::record::append(
        &mut tx,
        &state.sealing_key,
        signed_in.user_id,
        vec![event],
        now_ms,
    )
    .await?;
    tx.commit().await?;
    Ok(summary(
        &key.to_string(),
        version,
        !stored.conflicts.is_empty(),
        &stored.case,
    ))
}
