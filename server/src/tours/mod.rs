//! The tour plan for the town hall: the dates the Koffer goes to a place, planned by the back
//! office or an admin (one date, or the same window every few weeks; provisional until enough
//! citizens book), listed by period and cancelled; and for everyone, the coming dates as an
//! iCalendar feed. `domain::tours` decides what may be planned.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::catalogues;
use crate::database::tours::{self, Moved, Planned};
use crate::error::ApiError;
use crate::payload::{Parameters, Payload, iso_day};
use crate::secrets;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::catalogue::Catalogue;
use domain::forms::Date;
use domain::municipality::RegionalKey;
use domain::tours::{
    MAX_CLERKS, MAX_DATES, SLOT_MINUTES, TourClerk, TourDate, TourMove, TourRefusal, TourRequest,
};
use domain::wire::{ErrorBody, OfferedService, PlaceDate};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub mod booking_page;
pub mod bookings;
pub mod letters;
pub mod notice_pdf;
pub mod page;
pub mod receipt;
pub mod terminal_bookings;

/// What the bookings of a server need from its settings.
pub struct BookingSettings {
    /// The operator's SMTP relay; without it no mails go out.
    pub relay: Option<crate::mail::Relay>,
    /// Where citizens reach the server, without a slash at the end.
    pub public_url: String,
    /// Days after its date a booking is deleted.
    pub retention_days: u16,
}

impl Default for BookingSettings {
    fn default() -> Self {
        Self {
            relay: None,
            public_url: "http://127.0.0.1:8080".into(),
            retention_days: 30,
        }
    }
}

/// The coming dates at `place` of the municipality, as the public page shows them.
pub async fn coming_at(
    state: &AppState,
    municipality: &RegionalKey,
    place: &str,
) -> Result<Vec<PlaceDate>, ApiError> {
    let from = state.today();
    let to = Date::from_unix_days(from.unix_days() + page::DAYS_AHEAD);
    // Not `public_dates`: a place taken off the catalogue after the terminal was set up there
    // has no dates, which is no error.
    let catalogue = catalogue_of(state, municipality).await?;
    let dates = tours::between(&state.db, municipality, (from, to)).await?;
    Ok(dates
        .into_iter()
        .filter(|date| date.place == place)
        .map(|date| PlaceDate {
            services: date
                .slots
                .iter()
                .filter_map(|slot| {
                    let service = catalogue.service(&slot.service)?;
                    Some(OfferedService {
                        service: slot.service.clone(),
                        title: service.title.clone(),
                        minutes: slot.minutes,
                    })
                })
                .collect(),
            id: date.id,
            date: date.date,
            starts: date.starts,
            ends: date.ends,
            status: date.status,
        })
        .collect())
}

/// The public page where `municipality`'s dates are booked.
pub fn booking_url(state: &AppState, municipality: &RegionalKey) -> String {
    format!("{}/termine/{municipality}", state.bookings.public_url)
}

/// The municipality's catalogue: its services' names and what to bring for each.
async fn catalogue_of(state: &AppState, key: &RegionalKey) -> Result<Catalogue, ApiError> {
    catalogues::find(&state.db, key)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The letterhead of `catalogue`'s municipality on this server.
pub(crate) fn letterhead<'a>(
    state: &'a AppState,
    catalogue: &'a Catalogue,
) -> letters::Letterhead<'a> {
    letters::Letterhead {
        catalogue,
        public_url: &state.bookings.public_url,
        link_key: &state.link_key,
        retention_days: state.bookings.retention_days,
        mail_on: state.bookings.relay.is_some(),
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, plan))
        .routes(routes!(cancel))
        .routes(routes!(move_date))
        .routes(routes!(clerks))
        .routes(routes!(calendar))
        .routes(routes!(notice_text))
        .routes(routes!(notice_pdf))
        .merge(bookings::router())
        .merge(terminal_bookings::router())
}

/// Days listed when no period is asked for: from today, a quarter of a year.
const DEFAULT_DAYS: i64 = 92;

#[derive(Deserialize)]
struct Period {
    from: Option<String>,
    to: Option<String>,
}

/// The municipality's dates in a period (by default the coming quarter), cancelled ones too.
#[utoipa::path(get, path = "/tours/{municipality}", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"),
        ("from" = Option<String>, Query, description = "First day (ISO); today if absent", pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"),
        ("to" = Option<String>, Query, description = "Last day (ISO); a quarter after the first if absent", pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")),
    responses((status = 200, body = Vec<TourDate>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn list(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path(municipality): Path<String>,
    Parameters(period): Parameters<Period>,
) -> Result<Json<Vec<TourDate>>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    let from = iso_day(&period.from)?.unwrap_or_else(|| state.today());
    let to = iso_day(&period.to)?
        .unwrap_or_else(|| Date::from_unix_days(from.unix_days() + DEFAULT_DAYS));
    if to < from {
        return Err(ApiError::Unprocessable(
            "Der Zeitraum endet vor seinem Beginn.".into(),
        ));
    }
    Ok(Json(tours::between(&state.db, &key, (from, to)).await?))
}

/// Plans a date at one of the municipality's places, or the same window every few weeks.
#[utoipa::path(post, path = "/tours/{municipality}", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$")),
    request_body = TourRequest,
    responses((status = 201, description = "The dates planned", body = Vec<TourDate>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody), (status = 409, description = "Another date takes the place or a clerk at that time", body = ErrorBody), (status = 422, description = "A place, service, clerk, day or time the plan cannot take", body = ErrorBody)))]
async fn plan(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path(municipality): Path<String>,
    Payload(request): Payload<TourRequest>,
) -> Result<(StatusCode, Json<Vec<TourDate>>), ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    let by = (signed_in.username.as_str(), state.now(), state.today());
    match tours::plan(&state.db, &key, &request, &mut secrets::new_id, by).await? {
        Planned::Dates(dates) => Ok((StatusCode::CREATED, Json(dates))),
        Planned::Refused(refusal @ TourRefusal::Overlaps(_)) => {
            Err(ApiError::Conflict(sentence(&refusal)))
        }
        Planned::Refused(refusal) => Err(ApiError::Unprocessable(sentence(&refusal))),
    }
}

/// Cancels a date with its bookings; who booked with an e-mail address is told.
#[utoipa::path(post, path = "/tours/{municipality}/{id}/cancel", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "The date's id")),
    responses((status = 200, body = TourDate), (status = 404, description = "No such date", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn cancel(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
) -> Result<Json<TourDate>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    let catalogue = catalogue_of(&state, &key).await?;
    let head = letterhead(&state, &catalogue);
    let letters = |letter, booking: &_, date: &_| head.compose(letter, booking, date);
    let cancelled = tours::cancel(
        &state.db,
        &key,
        &id,
        (state.now(), &mut secrets::new_id),
        &letters,
    )
    .await?;
    state.work_queued.notify_one();
    cancelled.map(Json).ok_or(ApiError::NotFound)
}

/// Moves a date to another day or window, its bookings with it; who booked with an e-mail
/// address is told.
#[utoipa::path(post, path = "/tours/{municipality}/{id}/move", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("id" = String, Path, description = "The date's id")),
    request_body = TourMove,
    responses((status = 200, body = TourDate), (status = 404, description = "No such date", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody), (status = 409, description = "Another date takes the place or a clerk then, or the date is cancelled", body = ErrorBody), (status = 422, description = "A day or window the date cannot take", body = ErrorBody)))]
async fn move_date(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, id)): Path<(String, String)>,
    Payload(request): Payload<TourMove>,
) -> Result<Json<TourDate>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    let catalogue = catalogue_of(&state, &key).await?;
    let head = letterhead(&state, &catalogue);
    let letters = |letter, booking: &_, date: &_| head.compose(letter, booking, date);
    let moved = tours::move_date(
        &state.db,
        (&key, &id),
        &request,
        (state.now(), state.today(), &mut secrets::new_id),
        &letters,
    )
    .await?;
    state.work_queued.notify_one();
    match moved {
        Moved::Date(date) => Ok(Json(*date)),
        Moved::Missing => Err(ApiError::NotFound),
        Moved::Refused(refusal @ (TourRefusal::Overlaps(_) | TourRefusal::Cancelled)) => {
            Err(ApiError::Conflict(sentence(&refusal)))
        }
        Moved::Refused(refusal) => Err(ApiError::Unprocessable(sentence(&refusal))),
    }
}

/// The clerks who may go on the municipality's dates: its own and those of the municipalities
/// serving it.
#[utoipa::path(get, path = "/tours/{municipality}/clerks", tag = "tour plan", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$")),
    responses((status = 200, body = Vec<TourClerk>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn clerks(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path(municipality): Path<String>,
) -> Result<Json<Vec<TourClerk>>, ApiError> {
    signed_in.require_town_hall()?;
    let key = signed_in.reach(&state.db, &municipality).await?;
    Ok(Json(tours::clerks(&state.db, &key).await?))
}

#[derive(Deserialize)]
struct AtPlace {
    place: Option<String>,
}

/// Days back a feed still holds, so that a calendar learns of a date cancelled at short notice.
const FEED_DAYS_BACK: i64 = 7;
/// Days ahead a feed holds.
const FEED_DAYS_AHEAD: i64 = 366;

/// The coming dates as an iCalendar feed, for anyone to subscribe to (no sign-in): of the
/// municipality, or of one of its places. Only what the public may read.
#[utoipa::path(get, path = "/public/{municipality}/tours.ics", tag = "tour plan",
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"),
        ("place" = Option<String>, Query, description = "Only the dates at this place of the catalogue")),
    responses((status = 200, description = "The feed (RFC 5545)", content_type = "text/calendar", body = String), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 404, description = "No such municipality or place", body = ErrorBody)))]
async fn calendar(
    State(state): State<AppState>,
    Path(municipality): Path<String>,
    Parameters(at): Parameters<AtPlace>,
) -> Result<Response, ApiError> {
    let today = state.today().unix_days();
    let period = (
        Date::from_unix_days(today - FEED_DAYS_BACK),
        Date::from_unix_days(today + FEED_DAYS_AHEAD),
    );
    let (catalogue, dates) = public_dates(&state, &municipality, at.place, period).await?;
    let feed = domain::tours::calendar::feed(&dates, &catalogue, state.now());
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        feed,
    )
        .into_response())
}

/// A notice's period: from a day (today if absent) to a day (a quarter later if absent).
#[derive(Deserialize)]
struct NoticePeriod {
    from: Option<String>,
    to: Option<String>,
}

/// Longest period a notice covers: a year of Amtsblatt issues.
const NOTICE_DAYS: i64 = 366;

/// The notice's lines for a municipality and period, and its title.
async fn notice(
    state: &AppState,
    municipality: &str,
    period: &NoticePeriod,
) -> Result<(Vec<domain::tours::notice::Line>, String), ApiError> {
    let from = iso_day(&period.from)?.unwrap_or_else(|| state.today());
    let to = iso_day(&period.to)?
        .unwrap_or_else(|| Date::from_unix_days(from.unix_days() + DEFAULT_DAYS));
    if to < from || to.unix_days() - from.unix_days() > NOTICE_DAYS {
        return Err(ApiError::Unprocessable(
            "Der Zeitraum muss nach seinem Beginn enden und darf höchstens ein Jahr umfassen."
                .into(),
        ));
    }
    let (catalogue, dates) = public_dates(state, municipality, None, (from, to)).await?;
    let booking_url = format!("{}/termine/{municipality}", state.bookings.public_url);
    let lines = domain::tours::notice::notice(&dates, &catalogue, (from, to), &booking_url);
    let title = format!("Bürgerkoffer {}: Termine", catalogue.municipality_name);
    Ok((lines, title))
}

/// The coming dates as plain text for the Amtsblatt: place, time, services and what to bring.
#[utoipa::path(get, path = "/public/{municipality}/notice.txt", tag = "tour plan",
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"),
        ("from" = Option<String>, Query, description = "First day (ISO); today if absent", pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"),
        ("to" = Option<String>, Query, description = "Last day (ISO); a quarter after the first if absent", pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")),
    responses((status = 200, description = "The notice", content_type = "text/plain", body = String), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 404, description = "No such municipality", body = ErrorBody), (status = 422, description = "A period that ends before it starts or spans more than a year", body = ErrorBody)))]
async fn notice_text(
    State(state): State<AppState>,
    Path(municipality): Path<String>,
    Parameters(period): Parameters<NoticePeriod>,
) -> Result<Response, ApiError> {
    let (lines, _) = notice(&state, &municipality, &period).await?;
    let text = domain::tours::notice::text(&lines);
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
}

/// The coming dates as a PDF to print for the notice board.
#[utoipa::path(get, path = "/public/{municipality}/notice.pdf", tag = "tour plan",
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"),
        ("from" = Option<String>, Query, description = "First day (ISO); today if absent", pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"),
        ("to" = Option<String>, Query, description = "Last day (ISO); a quarter after the first if absent", pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$")),
    responses((status = 200, description = "The notice (A4)", content_type = "application/pdf", body = Vec<u8>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 404, description = "No such municipality", body = ErrorBody), (status = 422, description = "A period that ends before it starts or spans more than a year", body = ErrorBody)))]
async fn notice_pdf(
    State(state): State<AppState>,
    Path(municipality): Path<String>,
    Parameters(period): Parameters<NoticePeriod>,
) -> Result<Response, ApiError> {
    let (lines, title) = notice(&state, &municipality, &period).await?;
    let pdf = notice_pdf::render(&lines, &title);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"termine.pdf\"",
            ),
        ],
        pdf,
    )
        .into_response())
}

/// What the public may see of a municipality's plan in `period`: its catalogue (for the
/// services' names and what to bring) and its dates, of one of its places if `place` names one.
async fn public_dates(
    state: &AppState,
    municipality: &str,
    place: Option<String>,
    period: (Date, Date),
) -> Result<(Catalogue, Vec<TourDate>), ApiError> {
    let key = RegionalKey::parse(municipality)
        .map_err(|error| ApiError::BadRequest(error.to_string()))?;
    let catalogue = catalogue_of(state, &key).await?;
    let place = place.filter(|place| !place.is_empty());
    if place
        .as_ref()
        .is_some_and(|place| !catalogue.places.contains(place))
    {
        return Err(ApiError::NotFound);
    }
    let dates = tours::between(&state.db, &key, period)
        .await?
        .into_iter()
        .filter(|date| place.as_ref().is_none_or(|place| date.place == *place))
        .collect();
    Ok((catalogue, dates))
}

/// The German sentence for a plan that cannot be made.
fn sentence(refusal: &TourRefusal) -> String {
    match refusal {
        TourRefusal::UnknownPlace => {
            "Diesen Ort kennt der Katalog der Gemeinde nicht. Bitte einen ihrer Orte wählen.".into()
        }
        TourRefusal::NotADate(text) => format!("„{text}“ ist kein Datum; erwartet wird JJJJ-MM-TT."),
        TourRefusal::NotATime(text) => format!("„{text}“ ist keine Uhrzeit; erwartet wird HH:MM."),
        TourRefusal::InThePast => "Der Termin liegt in der Vergangenheit.".into(),
        TourRefusal::TooFarAhead => "So weit im Voraus wird nicht geplant (höchstens zwei Jahre).".into(),
        TourRefusal::WindowEndsBeforeItStarts => "Das Ende liegt nicht nach dem Beginn.".into(),
        TourRefusal::NoClerk => "Bitte mindestens eine Person nennen, die hinfährt.".into(),
        TourRefusal::TooManyClerks => format!("Höchstens {MAX_CLERKS} Personen je Termin."),
        TourRefusal::UnknownClerk(name) => {
            format!("„{name}“ ist keine Sachbearbeiterin und kein Sachbearbeiter dieser Gemeinde.")
        }
        TourRefusal::ClerkTwice(name) => format!("„{name}“ ist doppelt genannt."),
        TourRefusal::NoService => "Bitte mindestens eine Leistung mit ihrer Dauer nennen.".into(),
        TourRefusal::UnknownService(id) => format!("Die Leistung „{id}“ steht nicht im Katalog."),
        TourRefusal::ServiceTwice(id) => format!("Die Leistung „{id}“ ist doppelt genannt."),
        TourRefusal::SlotLength(id) => format!(
            "Ein Termin für „{id}“ dauert {} bis {} Minuten.",
            SLOT_MINUTES.start(),
            SLOT_MINUTES.end()
        ),
        TourRefusal::RepeatEndsBeforeItStarts => {
            "Die Wiederholung endet vor dem ersten Termin.".into()
        }
        TourRefusal::TooManyDates => format!("Höchstens {MAX_DATES} Termine auf einmal."),
        TourRefusal::Overlaps(day) => format!(
            "Am {} ist der Ort oder eine der Personen zu dieser Zeit schon verplant.",
            day.german()
        ),
        TourRefusal::Cancelled => "Ein abgesagter Termin wird nicht verlegt.".into(),
        TourRefusal::PlaceNeedsTwo => {
            "An diesen Ort fahren laut Einstellungen der Gemeinde zwei Personen. Bitte eine \
             zweite Person wählen."
                .into()
        }
        TourRefusal::BookingsDoNotFit => {
            "Die Buchungen passen nicht in das neue Zeitfenster. Bitte ein längeres wählen oder \
             einzelne Buchungen vorher absagen."
                .into()
        }
        TourRefusal::DecidedTooLate => {
            "Die Frist für die Anmeldungen läge in der Vergangenheit. Bitte eine kürzere Frist wählen."
                .into()
        }
    }
}
