//! Video assistance (`domain::assistance`): a terminal or a person of the town hall fetches a
//! ticket with their usual proof, then opens the socket with it; the server relays only the
//! negotiation of each call between its two parties. The media flow browser to browser (or
//! through the TURN server the operator names).

pub mod exchange;
pub mod socket;
pub mod turn;

use crate::AppState;
use crate::auth::{EnrolledTerminal, SignedIn};
use crate::database::municipalities;
use crate::error::ApiError;
use crate::secrets;
use axum::Json;
use axum::extract::State;
use domain::assistance::Party;
use domain::wire::{AssistanceTicket, ErrorBody};
use exchange::Admission;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(staff_ticket))
        .routes(routes!(terminal_ticket))
        .routes(routes!(socket::socket))
}

/// A ticket for the town hall's back office or admin to go on duty: calls from the terminals
/// of their municipality and of those it serves reach them while the socket is open.
#[utoipa::path(post, path = "/assistance/tickets", tag = "assistance", security(("bearer" = [])),
    responses((status = 200, body = AssistanceTicket), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "A clerk of the Koffer", body = ErrorBody)))]
async fn staff_ticket(
    person: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<AssistanceTicket>, ApiError> {
    person.require_town_hall()?;
    let mut serves = vec![person.municipality.to_string()];
    serves.extend(
        municipalities::served_by(&state.db, &person.municipality)
            .await?
            .into_iter()
            .map(|served| served.regional_key),
    );
    let name = person.username.clone();
    issue(
        &state,
        &name,
        Admission {
            party: Party::Staff {
                name: person.display_name,
                municipalities: serves,
            },
            session: Some((person.token_digest, person.session_expires_at)),
        },
    )
}

/// A ticket for a terminal: it holds the socket open to learn whether anyone is on duty, to
/// call, and to be stopped at once when revoked.
#[utoipa::path(post, path = "/terminal/assistance/tickets", tag = "assistance", security(("device" = [])),
    responses((status = 200, body = AssistanceTicket), (status = 401, description = "Not an enrolled terminal, or revoked", body = ErrorBody)))]
async fn terminal_ticket(
    terminal: EnrolledTerminal,
    State(state): State<AppState>,
) -> Result<Json<AssistanceTicket>, ApiError> {
    let municipality_name = municipalities::find(&state.db, &terminal.municipality)
        .await?
        .map(|found| found.name)
        .unwrap_or_default();
    let name = format!("terminal-{}", terminal.id);
    issue(
        &state,
        &name,
        Admission {
            party: Party::Terminal {
                device_id: terminal.id,
                municipality: terminal.municipality.to_string(),
                municipality_name,
                place: terminal.place,
            },
            session: None,
        },
    )
}

/// A ticket for `admission`, with the TURN server's credential for `name` (coturn logs it).
fn issue(
    state: &AppState,
    name: &str,
    admission: Admission,
) -> Result<Json<AssistanceTicket>, ApiError> {
    let ticket = secrets::new_token().map_err(ApiError::Internal)?;
    let now = state.now();
    let expires_at = state.assistance.issue(ticket.clone(), admission, now);
    let ice_servers = state
        .turn
        .iter()
        .map(|turn| turn.for_party(name, now))
        .collect();
    Ok(Json(AssistanceTicket {
        ticket,
        expires_at,
        ice_servers,
    }))
}
