//! The tour plan for the town hall: the dates the Koffer goes to a place, planned by the back
//! office or an admin (one date, or the same window every few weeks; provisional until enough
//! citizens book), listed by period and cancelled. `domain::tours` decides what may be planned.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::tours::{self, Planned};
use crate::error::ApiError;
use crate::payload::{Parameters, Payload, iso_day};
use crate::secrets;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::forms::Date;
use domain::tours::{MAX_CLERKS, MAX_DATES, SLOT_MINUTES, TourDate, TourRefusal, TourRequest};
use domain::wire::ErrorBody;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, plan))
        .routes(routes!(cancel))
}

/// Days listed when no period is asked for: from today, a quarter of a year.
const DEFAULT_DAYS: i64 = 92;

#[derive(Deserialize)]
struct Period {
    from: Option<String>,
    to: Option<String>,
}

fn today(state: &AppState) -> Date {
    Date::from_unix_days(i64::try_from(state.now() / 86_400).unwrap_or(0))
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
    let from = iso_day(&period.from)?.unwrap_or_else(|| today(&state));
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
    let by = (signed_in.username.as_str(), state.now(), today(&state));
    match tours::plan(&state.db, &key, &request, &mut secrets::new_id, by).await? {
        Planned::Dates(dates) => Ok((StatusCode::CREATED, Json(dates))),
        Planned::Refused(refusal @ TourRefusal::Overlaps(_)) => {
            Err(ApiError::Conflict(sentence(&refusal)))
        }
        Planned::Refused(refusal) => Err(ApiError::Unprocessable(sentence(&refusal))),
    }
}

/// Cancels a date.
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
    tours::cancel(&state.db, &key, &id)
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound)
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
        TourRefusal::DecidedTooLate => {
            "Die Frist für die Anmeldungen läge in der Vergangenheit. Bitte eine kürzere Frist wählen."
                .into()
        }
    }
}
