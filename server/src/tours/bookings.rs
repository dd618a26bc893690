//! Bookings for the town hall: the bookings of a date, a booking on a citizen's behalf (phone,
//! front desk) with the link to give them, and a cancellation. The same rules as on the public
//! page (`domain::tours::booking`), without its rate limits: staff are signed in.

use super::letters::booking_path;
use super::{catalogue_of, letterhead};
use crate::AppState;
use crate::auth::SignedIn;
use crate::database::bookings::{self, Change, Fresh, Outcome};
use crate::error::ApiError;
use crate::payload::Payload;
use crate::secrets;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::municipality::RegionalKey;
use domain::tours::booking::{
    Booking, BookingReceipt, BookingRefusal, BookingRequest, MAX_NAME_CHARS, MAX_PER_CONTACT,
    MAX_SERVICES,
};
use domain::wire::ErrorBody;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, book))
        .routes(routes!(cancel))
}

/// The bookings of a date, cancelled ones too, in the order they came.
#[utoipa::path(get, path = "/tours/{municipality}/{id}/bookings", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "The date's id")),
    responses((status = 200, body = Vec<Booking>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn list(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
) -> Result<Json<Vec<Booking>>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    Ok(Json(bookings::of_date(&state.db, &key, &id).await?))
}

/// Books a date on a citizen's behalf: a free start, or the waitlist when the date is full.
#[utoipa::path(post, path = "/tours/{municipality}/{id}/bookings", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "The date's id")),
    request_body = BookingRequest,
    responses((status = 201, body = BookingReceipt), (status = 404, description = "No such date", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody), (status = 409, description = "The slot was taken, or the date is cancelled or past", body = ErrorBody), (status = 422, description = "A service, start, name or contact the date cannot take", body = ErrorBody)))]
async fn book(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
    Payload(request): Payload<BookingRequest>,
) -> Result<(StatusCode, Json<BookingReceipt>), ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    let booking = book_as(&state, &key, &id, &request, Some(&signed_in.username)).await?;
    let link = format!(
        "{}{}",
        state.bookings.public_url,
        booking_path(&municipality, &booking.id, &state.link_key)
    );
    Ok((StatusCode::CREATED, Json(BookingReceipt { booking, link })))
}

/// Cancels a booking; who waits moves up, and who booked with an e-mail address is told.
#[utoipa::path(post, path = "/tours/{municipality}/bookings/{booking}/cancel", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("booking" = String, Path, description = "The booking's id")),
    responses((status = 200, body = Booking), (status = 404, description = "No such booking", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody), (status = 409, description = "Its date is past", body = ErrorBody)))]
async fn cancel(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, booking)): Path<(String, String)>,
) -> Result<Json<Booking>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    change(&state, &key, &booking, Change::Cancel)
        .await
        .map(Json)
}

/// Books `request` at the municipality's date `id`, by staff member `by` or (`None`) the citizen.
pub(super) async fn book_as(
    state: &AppState,
    key: &RegionalKey,
    id: &str,
    request: &BookingRequest,
    by: Option<&str>,
) -> Result<Booking, ApiError> {
    let catalogue = catalogue_of(state, key).await?;
    let head = letterhead(state, &catalogue);
    let letters = |letter, booking: &_, date: &_| head.compose(letter, booking, date);
    let fresh = Fresh {
        new_id: &mut secrets::new_id,
        new_code: &mut secrets::new_booking_code,
    };
    let outcome = bookings::book(
        &state.db,
        (key, id),
        request,
        (by, state.now(), state.today()),
        fresh,
        &letters,
    )
    .await?;
    state.work_queued.notify_one();
    done(outcome)
}

/// Cancels or moves booking `id` of the municipality.
pub(super) async fn change(
    state: &AppState,
    key: &RegionalKey,
    id: &str,
    change: Change<'_>,
) -> Result<Booking, ApiError> {
    let catalogue = catalogue_of(state, key).await?;
    let head = letterhead(state, &catalogue);
    let letters = |letter, booking: &_, date: &_| head.compose(letter, booking, date);
    let outcome = bookings::change(
        &state.db,
        (key, id),
        change,
        (state.now(), state.today()),
        &mut secrets::new_id,
        &letters,
    )
    .await?;
    state.work_queued.notify_one();
    done(outcome)
}

fn done(outcome: Outcome) -> Result<Booking, ApiError> {
    match outcome {
        Outcome::Done(booking) => Ok(booking),
        Outcome::Missing => Err(ApiError::NotFound),
        Outcome::Refused(
            refusal @ (BookingRefusal::SlotTaken
            | BookingRefusal::DateCancelled
            | BookingRefusal::DatePassed),
        ) => Err(ApiError::Conflict(sentence(&refusal))),
        Outcome::Refused(refusal) => Err(ApiError::Unprocessable(sentence(&refusal))),
    }
}

/// The German sentence for a booking that cannot be made.
pub fn sentence(refusal: &BookingRefusal) -> String {
    match refusal {
        BookingRefusal::DateCancelled => {
            "Dieser Termin ist abgesagt. Bitte wählen Sie einen anderen.".into()
        }
        BookingRefusal::DatePassed => "Dieser Termin liegt in der Vergangenheit.".into(),
        BookingRefusal::NoService => "Bitte wählen Sie mindestens ein Anliegen.".into(),
        BookingRefusal::TooManyServices => {
            format!("Bitte höchstens {MAX_SERVICES} Anliegen je Buchung wählen.")
        }
        BookingRefusal::UnknownService(id) => {
            format!("Das Anliegen „{id}“ wird an diesem Termin nicht angeboten.")
        }
        BookingRefusal::ServiceTwice(id) => format!("Das Anliegen „{id}“ ist doppelt gewählt."),
        BookingRefusal::NotATime(text) => {
            format!("„{text}“ ist keine Uhrzeit; erwartet wird HH:MM.")
        }
        BookingRefusal::NotAStart(text) => format!(
            "Um {text} Uhr beginnt an diesem Termin keine Buchung. Bitte wählen Sie eine der \
             angebotenen Zeiten."
        ),
        BookingRefusal::SlotTaken => {
            "Diese Zeit hat gerade jemand anderes gebucht. Bitte wählen Sie eine andere.".into()
        }
        BookingRefusal::StillFree => {
            "Es sind noch Zeiten frei. Bitte wählen Sie eine davon statt der Warteliste.".into()
        }
        BookingRefusal::NoName => "Bitte geben Sie Ihren Namen an.".into(),
        BookingRefusal::NameTooLong => {
            format!("Der Name darf höchstens {MAX_NAME_CHARS} Zeichen lang sein.")
        }
        BookingRefusal::NotAContact => {
            "Bitte geben Sie eine E-Mail-Adresse oder eine Telefonnummer an – oder lassen Sie das \
             Feld leer."
                .into()
        }
        BookingRefusal::TooManyForContact => format!(
            "Mit dieser E-Mail-Adresse oder Telefonnummer sind schon {MAX_PER_CONTACT} Termine \
             gebucht. Bitte sagen Sie erst einen davon ab."
        ),
    }
}
