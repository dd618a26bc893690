//! `GET /api/assistance/socket?ticket=…`: the WebSocket a terminal or a person on duty holds
//! open. Text frames of JSON (`domain::assistance::messages`), one per message; anything else,
//! anything larger than a frame may be, or a flood closes it.

use super::exchange::{Admission, Outgoing};
use crate::AppState;
use crate::error::ApiError;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use domain::assistance::{AssistanceRefusal, FromParty, ToParty};
use domain::wire::ErrorBody;
use futures_util::{SinkExt, StreamExt};
use std::time::Duration;

/// Largest frame taken: a session description with room to spare.
const MAX_FRAME_BYTES: usize = 32 * 1024;
/// Messages a connection may send per second; a call's negotiation sends a few dozen in all.
const MESSAGES_PER_SECOND: u32 = 50;

#[derive(serde::Deserialize)]
pub struct TicketQuery {
    ticket: Option<String>,
}

/// Opens the assistance socket with a ticket. The upgrade answers at once, so the API's time
/// limit does not bound the socket's life; the socket bounds itself (frames, a flood, the
/// session's end).
#[utoipa::path(get, path = "/assistance/socket", tag = "assistance",
    params(("ticket" = String, Query, description = "A ticket from `/assistance/tickets` or `/terminal/assistance/tickets`, used once within 30 seconds")),
    responses((status = 101, description = "The WebSocket: JSON text frames, `domain::assistance::messages`"), (status = 426, description = "Not a WebSocket request (with a valid ticket, which it uses up)", body = ErrorBody), (status = 401, description = "No ticket, or one used, expired or made up", body = ErrorBody)))]
pub async fn socket(
    State(state): State<AppState>,
    Query(query): Query<TicketQuery>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Result<Response, ApiError> {
    // The ticket first: whoever has none learns nothing more of this address.
    let admission = query
        .ticket
        .and_then(|ticket| state.assistance.redeem(&ticket, state.now()))
        .ok_or(ApiError::TicketInvalid)?;
    let upgrade = upgrade.map_err(|_| ApiError::NotWebSocket)?;
    Ok(upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| serve(state, admission, socket)))
}

async fn serve(state: AppState, admission: Admission, socket: WebSocket) {
    let session_left = admission
        .session
        .as_ref()
        .map(|(_, expires_at)| expires_at.saturating_sub(state.now()));
    let (id, mut outgoing) = state.assistance.connect(admission);
    let (mut sink, mut stream) = socket.split();
    let session_over = async move {
        match session_left {
            Some(secs) => tokio::time::sleep(Duration::from_secs(secs)).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(session_over);
    let mut window = tokio::time::Instant::now();
    let mut in_window = 0u32;
    loop {
        tokio::select! {
            out = outgoing.recv() => match out {
                Some(Outgoing::Message(message)) => {
                    let Ok(text) = serde_json::to_string(&message) else { break };
                    if sink.send(Message::Text(text.into())).await.is_err() {
                        break;
                    }
                }
                Some(Outgoing::Close) | None => break,
            },
            incoming = stream.next() => {
                let frame = match incoming {
                    Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                    Some(Ok(frame)) => frame,
                };
                // Every frame counts, pings and unreadable ones too.
                if window.elapsed() >= Duration::from_secs(1) {
                    window = tokio::time::Instant::now();
                    in_window = 0;
                }
                in_window += 1;
                if in_window > MESSAGES_PER_SECOND {
                    tracing::warn!(connection = id, "assistance connection flooding, closed");
                    break;
                }
                let text = match frame {
                    Message::Text(text) => text,
                    Message::Ping(_) | Message::Pong(_) => continue,
                    _ => {
                        state.assistance.tell(id, ToParty::from(AssistanceRefusal::Malformed));
                        continue;
                    }
                };
                match serde_json::from_str::<FromParty>(&text) {
                    Ok(message) => state.assistance.receive(id, message, state.now()),
                    Err(_) => state.assistance.tell(id, ToParty::from(AssistanceRefusal::Malformed)),
                }
            }
            () = &mut session_over => break,
        }
    }
    state.assistance.disconnect(id);
    let _ = sink.send(Message::Close(None)).await;
}
