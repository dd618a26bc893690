//! The back office releases a case for submission (`POST /api/cases/{m}/{id}/submissions`):
//! every requested service with a route is checked before anything is stored or sent — the
//! feature configured, a route set, the destination's key still valid, the data fitting the
//! destination's schema — and a refusal says in German what is missing. What passes waits for
//! the sending job (`job`), woken at once.

use super::routes::key_for;
use crate::AppState;
use crate::auth::SignedIn;
use crate::database::handover_routes::Route;
use crate::database::handover_submissions::{self, Released};
use crate::database::{DataError, cases, catalogues, handover_routes};
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use domain::cases::{Case, CaseStatus};
use domain::catalogue::Service;
use domain::handover::schema::{Problem, Violation, validate};
use domain::handover::submission_data;
use domain::wire::{ErrorBody, HandoverSubmission, SubmissionState};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(release))
}

/// A place in the data as the back office reads it: the input's id, or the part of the case.
fn place(at: &str) -> String {
    let parts: Vec<&str> = at.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["values", input, ..] => format!("„{input}“"),
        ["values"] => "das Formular".to_owned(),
        [] | [""] => "die Angaben".to_owned(),
        parts => format!("„{}“", parts.join(".")),
    }
}

/// A break of the destination's schema, in German.
pub fn violation_text(violation: &Violation) -> String {
    let at = place(&violation.at);
    match &violation.problem {
        Problem::Missing(name) => format!("{at}: „{name}“ fehlt"),
        Problem::WrongType(kind) => format!("{at}: erwartet wird {kind}"),
        Problem::NotAllowed => format!("{at}: dieser Wert ist nicht zulässig"),
        Problem::UnexpectedProperty(name) => format!("{at}: „{name}“ ist nicht vorgesehen"),
        Problem::TooShort(min) => format!("{at}: mindestens {min} Zeichen"),
        Problem::TooLong(max) => format!("{at}: höchstens {max} Zeichen"),
        Problem::TooSmall(min) => format!("{at}: mindestens {min}"),
        Problem::TooLarge(max) => format!("{at}: höchstens {max}"),
        Problem::TooFewItems(min) => format!("{at}: mindestens {min} Einträge"),
        Problem::TooManyItems(max) => format!("{at}: höchstens {max} Einträge"),
        Problem::NoAlternativeFits => format!("{at}: passt zu keiner erlaubten Form"),
        Problem::Schema(_) => format!("{at}: das Schema der Zielstelle ist hier nicht lesbar"),
    }
}

/// Why a service's data cannot go to its route's destination.
pub(super) enum Unfit {
    NoLeikaKey,
    /// Each break of the destination's schema, in German.
    Schema(Vec<String>),
}

/// `service`'s data of `case` for `route`, checked against the destination's schema (which
/// the route's check made sure reads).
pub(super) fn checked_data(
    route: &Route,
    case: &Case,
    service: &Service,
) -> Result<Result<serde_json::Value, Unfit>, DataError> {
    let schema: serde_json::Value = serde_json::from_str(&route.data_schema)
        .map_err(|error| DataError::Corrupt(error.to_string()))?;
    let Some(data) = submission_data(case, service, &route.schema_uri) else {
        return Ok(Err(Unfit::NoLeikaKey));
    };
    let violations = validate(&schema, &data);
    if violations.is_empty() {
        Ok(Ok(data))
    } else {
        Ok(Err(Unfit::Schema(
            violations.iter().map(violation_text).collect(),
        )))
    }
}

/// Releases the case's routed services for submission over FIT-Connect.
#[utoipa::path(post, path = "/cases/{municipality}/{id}/submissions", tag = "back office", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "Case id")),
    responses((status = 200, description = "The case's submissions, the released ones waiting to be sent", body = Vec<HandoverSubmission>), (status = 404, description = "No such case", body = ErrorBody), (status = 409, description = "FIT-Connect is off, no route is set, or a submission is on its way or accepted already", body = ErrorBody), (status = 422, description = "A key has expired or the data does not fit the destination's schema", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn release(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
) -> Result<Json<Vec<HandoverSubmission>>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    if state.fit_connect.is_none() {
        return Err(ApiError::Conflict(
            "Das Einreichen über FIT-Connect ist auf diesem Server aus: der Betreiber hat keinen Zugang eingerichtet (fit-connect-submission-url und die Zugangsdaten). Bis dahin bitte das Übergabepaket speichern und weitergeben.".into(),
        ));
    }
    let case = cases::find_case(&state.db, &key, &id)
        .await?
        .ok_or(ApiError::NotFound)?
        .stored
        .case;
    if case.status() == CaseStatus::Rejected {
        return Err(ApiError::Conflict(
            "Der Fall ist abgelehnt; ein abgelehnter Fall wird nicht eingereicht.".into(),
        ));
    }
    let catalogue = catalogues::find(&state.db, &key)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = state.today();
    let mut released = Vec::new();
    let mut unrouted = Vec::new();
    for requested in &case.services {
        let Some(service) = catalogue.service(&requested.service) else {
            continue;
        };
        let Some(route) = handover_routes::find(&state.db, &key, &service.id).await? else {
            unrouted.push(format!("„{}“", service.title.de));
            continue;
        };
        key_for(&route, today).map_err(|refusal| {
            ApiError::Unprocessable(format!("„{}“: {refusal}", service.title.de))
        })?;
        match checked_data(&route, &case, service)? {
            Ok(_) => {}
            Err(Unfit::NoLeikaKey) => {
                return Err(ApiError::Unprocessable(format!(
                    "„{}“ hat keinen LeiKa-Schlüssel im Katalog.",
                    service.title.de
                )));
            }
            Err(Unfit::Schema(listed)) => {
                return Err(ApiError::Unprocessable(format!(
                    "Die Angaben zu „{}“ passen nicht zum Schema der Zielstelle ({}); nichts wurde gesendet. Bitte den Fall am Koffer berichtigen lassen und dann erneut senden.",
                    service.title.de,
                    listed.join("; ")
                )));
            }
        }
        released.push((service.id.clone(), route.destination));
    }
    if released.is_empty() {
        return Err(ApiError::Conflict(format!(
            "Für keine Leistung dieses Falls ist ein FIT-Connect-Ziel gesetzt ({}). Der Betreiber setzt es mit „buergerkoffer route set“; bis dahin bitte das Übergabepaket speichern und weitergeben.",
            unrouted.join(", ")
        )));
    }
    let by = (signed_in.username.as_str(), state.now());
    match handover_submissions::release(&state.db, (&key, &id), &released, by).await? {
        Released::Done => state.work_queued.notify_one(),
        Released::Busy { service, state } => {
            let title = catalogue
                .service(&service)
                .map_or(service.clone(), |s| s.title.de.clone());
            return Err(ApiError::Conflict(match state {
                SubmissionState::Accepted => {
                    format!("„{title}“ wurde von der Zielstelle schon angenommen.")
                }
                _ => format!("„{title}“ ist schon auf dem Weg zur Zielstelle."),
            }));
        }
    }
    Ok(Json(
        handover_submissions::of_case(&state.db, &key, &id).await?,
    ))
}
