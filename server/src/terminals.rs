//! Bürger-Terminals: the admin makes a one-time code for a terminal at one of the municipality's
//! places and lists the terminals (revoking one is `devices`' revocation, as for a laptop); the
//! kiosk trades the code for its credential, reports in with it and learns which services a
//! citizen may file there alone.

use crate::AppState;
use crate::auth::{EnrolledTerminal, SignedIn};
use crate::database::terminals::{self, Admin};
use crate::database::{catalogues, devices, municipalities};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::secrets;
use crate::tours;
use axum::Json;
use axum::extract::State;
use domain::catalogue::Service;
use domain::wire::{
    DeviceProof, ErrorBody, NewTerminal, Role, TerminalCode, TerminalContact, TerminalEnrolment,
    TerminalSummary,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// How long a terminal's name may be, as a laptop's.
const MAX_LABEL_CHARS: usize = 80;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_terminals, invite_terminal))
        .routes(routes!(enrol_terminal))
        .routes(routes!(terminal_contact))
        .routes(routes!(terminal_services))
}

/// The terminals of the admin's municipality, with their places and last contact.
#[utoipa::path(get, path = "/terminals", tag = "devices", security(("bearer" = [])),
    responses((status = 200, body = Vec<TerminalSummary>), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn list_terminals(
    admin: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<TerminalSummary>>, ApiError> {
    admin.require_role(Role::Admin)?;
    Ok(Json(
        terminals::of_municipality(&state.db, &admin.municipality).await?,
    ))
}

/// Makes the one-time code that enrols a terminal at one of the municipality's places; the code
/// is shown this once and kept only as a digest.
#[utoipa::path(post, path = "/terminals", tag = "devices", security(("bearer" = [])), request_body = NewTerminal,
    responses((status = 200, description = "The code, valid for an hour", body = TerminalCode), (status = 422, description = "A place the municipality's catalogue does not list, or a name too long", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Not an admin", body = ErrorBody)))]
async fn invite_terminal(
    admin: SignedIn,
    State(state): State<AppState>,
    Payload(request): Payload<NewTerminal>,
) -> Result<Json<TerminalCode>, ApiError> {
    admin.require_role(Role::Admin)?;
    let label = request.label.trim();
    let label = if label.is_empty() {
        "Bürger-Terminal"
    } else {
        label
    };
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(ApiError::Unprocessable(format!(
            "Der Name des Terminals ist zu lang (höchstens {MAX_LABEL_CHARS} Zeichen)."
        )));
    }
    let catalogue = catalogues::find(&state.db, &admin.municipality)
        .await?
        .ok_or(ApiError::NotFound)?;
    let place = request.place.trim();
    if !catalogue.places.iter().any(|known| known == place) {
        return Err(ApiError::Unprocessable(format!(
            "„{place}“ ist kein Ort der Gemeinde. Bitte wählen Sie einen der Orte unter „Gemeinde“."
        )));
    }
    let code = secrets::new_terminal_code().map_err(ApiError::Internal)?;
    let admin_row = Admin {
        id: admin.user_id,
        username: &admin.username,
    };
    let expires_at = terminals::invite(
        &state.db,
        &admin.municipality,
        (label, place),
        (admin_row, &code),
        state.now(),
    )
    .await?;
    tracing::info!(by = %admin.username, %place, "terminal code made");
    Ok(Json(TerminalCode { code, expires_at }))
}

/// The kiosk trades a code for its device id and credential; the code is used up.
#[utoipa::path(post, path = "/terminals/enrol", tag = "devices", request_body = TerminalEnrolment,
    responses((status = 200, description = "Enrolled: the credential is shown this once", body = DeviceProof), (status = 422, description = "The code is unknown, used or past its hour", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody)))]
async fn enrol_terminal(
    State(state): State<AppState>,
    Payload(request): Payload<TerminalEnrolment>,
) -> Result<Json<DeviceProof>, ApiError> {
    let id = secrets::new_id().map_err(ApiError::Internal)?;
    let credential = secrets::new_token().map_err(ApiError::Internal)?;
    if terminals::enrol(&state.db, &request.code, (&id, &credential), state.now()).await? {
        tracing::info!(device = %id, "terminal enrolled");
        Ok(Json(DeviceProof { id, credential }))
    } else {
        Err(ApiError::Unprocessable(
            "Dieser Code gilt nicht (mehr): Er ist falsch, schon benutzt oder älter als eine Stunde. Bitte lassen Sie im Rathaus unter „Geräte“ einen neuen erstellen."
                .into(),
        ))
    }
}

/// An enrolled terminal reports in: where it stands and when the Koffer comes there next; a
/// revoked one is told to wipe itself.
#[utoipa::path(post, path = "/terminal/contact", tag = "devices", security(("device" = [])), responses(
    (status = 200, description = "Still enrolled", body = TerminalContact),
    (status = 401, description = "Unknown or revoked terminal; a revoked one is told to wipe the app's storage", body = ErrorBody),
))]
async fn terminal_contact(
    terminal: EnrolledTerminal,
    State(state): State<AppState>,
) -> Result<Json<TerminalContact>, ApiError> {
    let now = state.now();
    devices::record_contact(&state.db, &terminal.id, now).await?;
    let municipality = municipalities::find(&state.db, &terminal.municipality)
        .await?
        .ok_or(ApiError::UnknownDevice)?;
    let coming_dates = tours::coming_at(&state, &terminal.municipality, &terminal.place).await?;
    Ok(Json(TerminalContact {
        device_id: terminal.id,
        municipality_name: municipality.name,
        booking_url: tours::booking_url(&state, &terminal.municipality),
        place: terminal.place,
        coming_dates,
    }))
}

/// The services a citizen may file alone at the terminal (`Service::offered_at_terminal`), with
/// their forms, as the municipality's catalogue has them now.
#[utoipa::path(get, path = "/terminal/services", tag = "devices", security(("device" = [])), responses(
    (status = 200, description = "The services the terminal offers", body = Vec<Service>),
    (status = 401, description = "Unknown or revoked terminal", body = ErrorBody),
))]
async fn terminal_services(
    terminal: EnrolledTerminal,
    State(state): State<AppState>,
) -> Result<Json<Vec<Service>>, ApiError> {
    let catalogue = catalogues::find(&state.db, &terminal.municipality)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(
        catalogue
            .services
            .into_iter()
            .filter(Service::offered_at_terminal)
            .collect(),
    ))
}
