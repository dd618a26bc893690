//! `POST /api/sync/outcomes`: what became of the bookings at a date, as the clerk's laptop
//! reports them after working the day's list (offline, then at the next sync): a visit opened
//! for a booking, or a citizen who did not come. Each outcome is checked as if a thief sent it
//! (`domain::tours::booking::check_outcome`; an attended booking names a case this device
//! filed) and kept or refused with a sentence; a refused one changes nothing.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::day_lists;
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::State;
use domain::tours::booking::{OutcomeAnswer, OutcomeRefusal, OutcomeReport};
use domain::wire::{ErrorBody, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Outcomes one report may carry: more than a day's list holds.
pub const MAX_OUTCOMES: usize = 500;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(report))
}

/// Records what became of bookings at dates this clerk went to.
#[utoipa::path(post, path = "/sync/outcomes", tag = "sync", security(("bearer" = [])),
    request_body = OutcomeReport,
    responses((status = 200, description = "Per outcome: kept, or refused with a sentence", body = Vec<OutcomeAnswer>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody), (status = 422, description = "Too many outcomes at once", body = ErrorBody)))]
async fn report(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Payload(report): Payload<OutcomeReport>,
) -> Result<Json<Vec<OutcomeAnswer>>, ApiError> {
    signed_in.require_role(Role::Clerk)?;
    let key = signed_in.reach(&state.db, &report.municipality).await?;
    if report.outcomes.len() > MAX_OUTCOMES {
        return Err(ApiError::Unprocessable(format!(
            "Höchstens {MAX_OUTCOMES} Meldungen auf einmal."
        )));
    }
    let mut answers = Vec::with_capacity(report.outcomes.len());
    for outcome in &report.outcomes {
        let refused = day_lists::record_outcome(
            &state.db,
            &key,
            outcome,
            (&signed_in.username, &signed_in.device_id, state.today()),
        )
        .await?
        .err()
        .map(|refusal| sentence(refusal).to_owned());
        answers.push(OutcomeAnswer {
            booking: outcome.booking.clone(),
            refused,
        });
    }
    Ok(Json(answers))
}

fn sentence(refusal: OutcomeRefusal) -> &'static str {
    match refusal {
        OutcomeRefusal::UnknownBooking => "Diese Buchung gibt es auf dem Server nicht (mehr).",
        OutcomeRefusal::CaseNotTransferred => {
            "Der Besuch zu dieser Buchung ist noch nicht übertragen; er wird mit der nächsten Übertragung nachgereicht."
        }
        OutcomeRefusal::Cancelled => "Die Buchung oder ihr Termin ist abgesagt.",
        OutcomeRefusal::NotYourDate => {
            "Zu diesem Termin fahren andere Personen; nur sie melden, wer kam."
        }
        OutcomeRefusal::NotYet => "Der Termin hat noch nicht stattgefunden.",
        OutcomeRefusal::AlreadyReported => "Für diese Buchung ist schon anderes gemeldet.",
        OutcomeRefusal::NoSlotToMiss => {
            "Wer auf der Warteliste stand, hatte keinen Termin zu versäumen."
        }
    }
}
