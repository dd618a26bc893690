//! `POST /api/terminal/cases`: a citizen files alone at a Bürger-Terminal. The server makes the
//! case of what the kiosk sent (`domain::filing::terminal_case`), numbers it with the terminal's
//! tag and files it through the checks and the record a laptop's push goes through, as the
//! terminal's own: its steps name the terminal, its record's events the terminal as the device
//! and the admin who enrolled it as the person accountable (a kiosk has no one signed in). Sending
//! the same id again answers with the first receipt and files nothing.

use super::push::store;
use super::refusals;
use super::space::{Filing, Space, space_name};
use crate::AppState;
use crate::auth::EnrolledTerminal;
use crate::database::cases as case_rows;
use crate::database::{booking_attempts, catalogues, sync_clients, terminals};
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::State;
use domain::cases::{Case, Channel, case_number, case_reference, next_sequence};
use domain::filing::{german_date, terminal_case};
use domain::municipality::RegionalKey;
use domain::sync::wire::{Change, Mutation, Outcome};
use domain::wire::{ErrorBody, TerminalFiling, TerminalReceipt};
use std::collections::{BTreeMap, BTreeSet};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Filings one terminal may send in `WINDOW_SECS`: a citizen takes minutes over a form, so more
/// is a script, not a queue. Every request counts, a retry after a lost answer too.
const PER_TERMINAL: u32 = 20;
const WINDOW_SECS: u64 = 10 * 60;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(file_at_terminal))
}

/// Files what a citizen filled in, reviewed and signed at the terminal, as a case of the
/// terminal's municipality and place; answers with the number for the citizen's receipt.
#[utoipa::path(post, path = "/terminal/cases", tag = "sync", security(("device" = [])), request_body = TerminalFiling,
    responses((status = 200, description = "Filed (or filed before under this id): the receipt", body = TerminalReceipt), (status = 422, description = "Not filed: a service the terminal does not offer, a form that does not pass, a signature that is not its image; the body says which", body = ErrorBody), (status = 409, description = "Another device filed a case under this id", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Unknown or revoked terminal", body = ErrorBody), (status = 429, description = "Too many filings from this terminal in a short time", body = ErrorBody)))]
async fn file_at_terminal(
    terminal: EnrolledTerminal,
    State(state): State<AppState>,
    Payload(request): Payload<TerminalFiling>,
) -> Result<Json<TerminalReceipt>, ApiError> {
    let now = state.now();
    let now_ms = now.saturating_mul(1000);
    let subject = format!("filing terminal {}", terminal.id);
    let window = now / WINDOW_SECS * WINDOW_SECS;
    if !booking_attempts::count_attempt(&state.db, &[(subject, PER_TERMINAL)], window).await? {
        return Err(ApiError::TooManyFromTerminal {
            retry_after_secs: WINDOW_SECS,
        });
    }
    let key = terminal.municipality;
    let mut tx = crate::database::begin_write(&state.db).await?;
    // One filing of a terminal at a time, so that its numbers count on without a twin.
    sync_clients::lock_client(&mut tx, &terminal.id).await?;
    let filer = terminals::filer(&mut *tx, &terminal.id)
        .await?
        .ok_or(ApiError::UnknownDevice)?;
    let ids = BTreeSet::from([request.id.clone()]);
    if let Some(held) = case_rows::find_cases(&mut tx, &key, &ids)
        .await?
        .remove(&request.id)
    {
        return if held.device_id.as_deref() == Some(terminal.id.as_str()) {
            Ok(Json(receipt(&key, &held.stored.case)))
        } else {
            Err(ApiError::Conflict(
                "Unter dieser Kennung gibt es schon einen Fall; nichts wurde eingereicht. Bitte beginnen Sie neu."
                    .into(),
            ))
        };
    }
    let catalogue = catalogues::find(&mut *tx, &key)
        .await?
        .ok_or(ApiError::NotFound)?;
    let year = german_date(now_ms).year;
    let prefix = case_number(year, &terminal.id, 0);
    let prefix = &prefix[..prefix.len() - 4];
    let held = case_rows::numbers_filed_by(&mut tx, (&key, &terminal.id), prefix).await?;
    let sequence = next_sequence(held.iter().map(String::as_str), year, &terminal.id);
    let number = case_number(year, &terminal.id, sequence);
    let refused = |refusal| ApiError::Unprocessable(refusals::sentence(&refusal));
    let case = terminal_case(
        request,
        &catalogue,
        (&terminal.place, number),
        now_ms,
        &filer.label,
    )
    .map_err(refused)?;
    let answer = receipt(&key, &case);

    let mutation = Mutation {
        id: 0,
        base_version: 0,
        change: Change::PutCase {
            case: Box::new(case),
            changed: Vec::new(),
        },
    };
    let name = space_name(&mutation);
    let mut space = Space::default();
    space.note(&mutation);
    space.load(&mut tx, &name, &key, now).await?;
    let mut filing = Filing {
        by: filer.label.clone(),
        username: filer.label,
        device_id: terminal.id,
        channel: Channel::Terminal,
        now_ms,
        proposed: None,
        events: Vec::new(),
    };
    match space.apply(mutation, &mut filing).map_err(refused)? {
        Outcome::Applied => {}
        other => return Err(ApiError::Internal(format!("a new case came out {other:?}"))),
    }
    let spaces = BTreeMap::from([(name, space)]);
    let written_bytes = store(&mut tx, &state, &spaces, filing, filer.enrolled_by).await?;
    tx.commit().await?;
    state.checkpoints.after_write(written_bytes);
    tracing::info!(number = %answer.number, "case filed at a terminal");
    Ok(Json(answer))
}

fn receipt(key: &RegionalKey, case: &Case) -> TerminalReceipt {
    TerminalReceipt {
        number: case.number.clone(),
        reference: case_reference(&key.to_string(), &case.number),
        filed_at_ms: case.started_at_ms(),
    }
}
