//! Requests to be called back: a citizen makes one at a Bürger-Terminal (checked by
//! `domain::callback`, rate-limited per terminal); the town hall of the terminal's municipality,
//! or one serving it, lists them and marks each done when it called back.

use crate::AppState;
use crate::auth::{EnrolledTerminal, SignedIn};
use crate::database::{booking_attempts, callbacks};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::secrets;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::callback::{
    Callback, CallbackRefusal, CallbackRequest, MAX_NAME_CHARS, MAX_TOPIC_CHARS, check,
};
use domain::wire::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Requests one terminal may make in `WINDOW_SECS`: a queue of citizens, not a script.
const PER_TERMINAL: u32 = 10;
const WINDOW_SECS: u64 = 10 * 60;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_callback))
        .routes(routes!(list_callbacks))
        .routes(routes!(mark_callback_done))
}

fn sentence(refusal: CallbackRefusal) -> String {
    match refusal {
        CallbackRefusal::NoName => "Bitte geben Sie Ihren Namen an.".into(),
        CallbackRefusal::NameTooLong => {
            format!("Der Name darf höchstens {MAX_NAME_CHARS} Zeichen lang sein.")
        }
        CallbackRefusal::NotAPhone => "Bitte geben Sie eine Telefonnummer an, unter der die Verwaltung Sie erreicht (mindestens sechs Ziffern).".into(),
        CallbackRefusal::TopicTooLong => {
            format!("Bitte beschreiben Sie Ihr Anliegen in höchstens {MAX_TOPIC_CHARS} Zeichen.")
        }
    }
}

/// A citizen at the terminal asks to be called back.
#[utoipa::path(post, path = "/terminal/callbacks", tag = "terminals", security(("device" = [])),
    request_body = CallbackRequest,
    responses((status = 201, description = "Taken", body = Callback), (status = 422, description = "No name, no phone number, or too long", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Unknown or revoked terminal", body = ErrorBody), (status = 429, description = "Too many requests from this terminal in a short time", body = ErrorBody)))]
async fn request_callback(
    terminal: EnrolledTerminal,
    State(state): State<AppState>,
    Payload(request): Payload<CallbackRequest>,
) -> Result<(StatusCode, Json<Callback>), ApiError> {
    let request = check(&request).map_err(|refusal| ApiError::Unprocessable(sentence(refusal)))?;
    let now = state.now();
    let window = now / WINDOW_SECS * WINDOW_SECS;
    let subject = format!("callback terminal {}", terminal.id);
    if !booking_attempts::count_attempt(&state.db, &[(subject, PER_TERMINAL)], window).await? {
        return Err(ApiError::TooManyFromTerminal {
            retry_after_secs: WINDOW_SECS,
        });
    }
    let id = secrets::new_id().map_err(ApiError::Internal)?;
    let origin = callbacks::Origin {
        terminal: &terminal.id,
        municipality: &terminal.municipality,
        place: &terminal.place,
    };
    callbacks::add(&state.db, &id, origin, &request, now).await?;
    Ok((
        StatusCode::CREATED,
        Json(Callback {
            id,
            place: terminal.place,
            name: request.name,
            phone: request.phone,
            topic: request.topic,
            requested_at: now,
            done_at: None,
            done_by: None,
        }),
    ))
}

/// The requests of a municipality's terminals, open ones first.
#[utoipa::path(get, path = "/callbacks/{municipality}", tag = "terminals", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$")),
    responses((status = 200, body = Vec<Callback>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn list_callbacks(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path(municipality): Path<String>,
) -> Result<Json<Vec<Callback>>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    Ok(Json(callbacks::of(&state.db, &key, state.now()).await?))
}

/// The town hall called back: the request is done.
#[utoipa::path(post, path = "/callbacks/{municipality}/{id}/done", tag = "terminals", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "The request's id")),
    responses((status = 204, description = "Done"), (status = 404, description = "No such request", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn mark_callback_done(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    if callbacks::mark_done(&state.db, &key, &id, (&signed_in.username, state.now())).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}
