//! Booking the Koffer at a Bürger-Terminal: the citizen at the kiosk picks a date at the
//! terminal's place, the services, a free start (or the waitlist) and books as on the public
//! page — the same rules (`domain::tours::booking`) and the same rate limits, counted per
//! terminal instead of per address. A terminal reaches only the dates of its own place.

use super::booking_page::{WINDOW_SECS, within_limits};
use super::bookings::{book_as, sentence};
use super::letters::booking_path;
use crate::AppState;
use crate::auth::EnrolledTerminal;
use crate::database::bookings;
use crate::error::ApiError;
use crate::payload::{Parameters, Payload};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::tours::TourDate;
use domain::tours::booking::{self as rules, BookingReceipt, BookingRequest};
use domain::wire::{ErrorBody, FreeStarts};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(free_starts_at_terminal))
        .routes(routes!(book_at_terminal))
}

/// Date `id` of the terminal's municipality, if it is at the terminal's place.
async fn date_at_terminal(
    state: &AppState,
    terminal: &EnrolledTerminal,
    id: &str,
) -> Result<TourDate, ApiError> {
    crate::database::tours::find(&state.db, &terminal.municipality, id)
        .await?
        .filter(|date| date.place == terminal.place)
        .ok_or(ApiError::NotFound)
}

#[derive(Deserialize, utoipa::IntoParams)]
struct Chosen {
    /// The services chosen, by id, separated by commas.
    services: String,
}

/// The free starts of a date at the terminal's place for the services chosen.
#[utoipa::path(get, path = "/terminal/dates/{id}/starts", tag = "tour plan", security(("device" = [])),
    params(("id" = String, Path, description = "The date's id"), Chosen),
    responses((status = 200, body = FreeStarts), (status = 404, description = "No such date at the terminal's place", body = ErrorBody), (status = 422, description = "A service the date does not offer, none, or too many", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Unknown or revoked terminal", body = ErrorBody)))]
async fn free_starts_at_terminal(
    terminal: EnrolledTerminal,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Parameters(chosen): Parameters<Chosen>,
) -> Result<Json<FreeStarts>, ApiError> {
    let date = date_at_terminal(&state, &terminal, &id).await?;
    let services: Vec<String> = chosen
        .services
        .split(',')
        .filter(|service| !service.is_empty())
        .map(str::to_owned)
        .collect();
    let minutes = rules::minutes(&date, &services)
        .map_err(|refusal| ApiError::Unprocessable(sentence(&refusal)))?;
    let taken = rules::taken_of(&bookings::of_date(&state.db, &terminal.municipality, &id).await?);
    let starts = rules::free_starts(&date, minutes, &taken)
        .into_iter()
        .map(|start| start.text())
        .collect();
    Ok(Json(FreeStarts { minutes, starts }))
}

/// Books a date at the terminal's place for the citizen at the kiosk.
#[utoipa::path(post, path = "/terminal/dates/{id}/bookings", tag = "tour plan", security(("device" = [])),
    params(("id" = String, Path, description = "The date's id")),
    request_body = BookingRequest,
    responses((status = 201, body = BookingReceipt), (status = 404, description = "No such date at the terminal's place", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Unknown or revoked terminal", body = ErrorBody), (status = 409, description = "The slot was taken, or the date is cancelled or past", body = ErrorBody), (status = 422, description = "A service, start, name or contact the date cannot take", body = ErrorBody), (status = 429, description = "Too many bookings at this terminal or for this date in a short time", body = ErrorBody)))]
async fn book_at_terminal(
    terminal: EnrolledTerminal,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Payload(request): Payload<BookingRequest>,
) -> Result<(StatusCode, Json<BookingReceipt>), ApiError> {
    date_at_terminal(&state, &terminal, &id).await?;
    let subjects = [format!("terminal {}", terminal.id), format!("date {id}")];
    if !within_limits(&state, &subjects).await? {
        return Err(ApiError::TooManyBookings {
            retry_after_secs: WINDOW_SECS,
        });
    }
    let booking = book_as(&state, &terminal.municipality, &id, &request, None).await?;
    let link = format!(
        "{}{}",
        state.bookings.public_url,
        booking_path(
            &terminal.municipality.to_string(),
            &booking.id,
            &state.link_key
        )
    );
    Ok((StatusCode::CREATED, Json(BookingReceipt { booking, link })))
}
