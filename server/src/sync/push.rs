//! `POST /api/sync/push`: a device's numbered mutations, applied at most once and in order. A new
//! case is filed only if `domain::filing` finds nothing but the clerk's own steps and a finished
//! case; its steps are stamped with the person signed in and the server adds "Übertragen" itself.
//! A case the server holds changes only through the device that filed it, and never in its
//! history. The push must carry the device's signature over its proposals (each case and the
//! SHA-256 of the case as sent), by the key the device registered; the signature is kept and the
//! events name it. Every change stored is an event of the case's record, and the push's events
//! are sealed together. Every refusal is a German sentence and changes nothing.

use super::space::{Filing, Space, space_name};
use super::{MAX_BATCH, refusals};
use crate::AppState;
use crate::auth::SignedIn;
use crate::database::cases as case_rows;
use crate::database::sync_clients;
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::State;
use domain::audit::{Proposal, Proposed, device_key_from_hex, proposals_signed, sha256_hex};
use domain::cases::Channel;
use domain::sync::wire::{
    Change, MutationResult, Outcome, PROTOCOL_VERSION, PushRequest, PushResponse,
};
use domain::sync::{Sequence, sequence};
use domain::wire::ErrorBody;
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push))
}

/// Mutations of one client, applied at most once and in order (ids already applied are
/// acknowledged, a gap is refused); what the server does not file comes back with a reason.
#[utoipa::path(post, path = "/sync/push", tag = "sync", security(("bearer" = [])), request_body = PushRequest,
    responses((status = 200, description = "One result per mutation", body = PushResponse), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role, or another device's client id", body = ErrorBody)))]
async fn push(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Payload(request): Payload<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let mutations = request.mutations.len();
    let response = file(&state, &signed_in, request).await?;
    state.metrics.pushed(mutations);
    Ok(Json(response))
}

/// Applies a device's push as `push` answers it (the demo files its cases through here too).
pub async fn file(
    state: &AppState,
    signed_in: &SignedIn,
    request: PushRequest,
) -> Result<PushResponse, ApiError> {
    check_envelope(&request, signed_in)?;
    let proposals = signed_proposals(state, &signed_in.device_id, &request).await?;
    let contents: BTreeMap<u64, String> = proposals
        .iter()
        .filter_map(|p| Some((p.mutation, p.content.clone()?)))
        .collect();

    // One transaction per push: the effects and the client's last mutation id land together,
    // or not at all (a crash mid-push leaves the previous state, and the retry redoes it).
    // Pushes are serialized: by the write lock on SQLite, and on PostgreSQL by the rows of the
    // client and of each space, locked before anything is read that a decision rests on.
    let mut tx = crate::database::begin_write(&state.db).await?;
    let mut last = sync_clients::lock_client(&mut tx, &request.client_id).await?;

    // Which mutations are new, in order; a gap ends the batch.
    let mut results: Vec<MutationResult> = Vec::with_capacity(request.mutations.len());
    let mut to_apply = Vec::with_capacity(request.mutations.len());
    for mutation in request.mutations {
        let id = mutation.id;
        let outcome = match sequence(last, id) {
            Sequence::AlreadyApplied => Outcome::AlreadyApplied,
            Sequence::Gap { expected } => {
                results.push(MutationResult {
                    id,
                    outcome: Outcome::Gap { expected },
                });
                break;
            }
            Sequence::Next => {
                last = id;
                to_apply.push((results.len(), space_name(&mutation), mutation));
                // Until decided below.
                Outcome::Applied
            }
        };
        results.push(MutationResult { id, outcome });
    }

    // What the batch needs from the database, read once per space rather than once per
    // mutation: who may act there, the cases and numbers it touches, the photos it names, its
    // catalogue, its storage, and a block of versions.
    let mut spaces: BTreeMap<String, Space> = BTreeMap::new();
    for (_, name, mutation) in &to_apply {
        spaces.entry(name.clone()).or_default().note(mutation);
    }
    let now = state.now();
    for (name, space) in &mut spaces {
        space
            .load(&mut tx, name, &signed_in.municipality, now)
            .await?;
    }

    // The device's signature is kept when the push may file or edit a case: its events name it.
    let files_cases = to_apply
        .iter()
        .any(|(_, _, mutation)| matches!(mutation.change, Change::PutCase { .. }));
    let device_signature = if files_cases {
        crate::database::record::keep_device_signature(
            &mut tx,
            &signed_in.device_id,
            &proposals,
            &request.signature,
            now,
        )
        .await?
    } else {
        0
    };

    // Apply in order, in memory; the last state of each case is written below.
    let mut filing = Filing {
        by: signed_in.display_name.clone(),
        username: signed_in.username.clone(),
        device_id: signed_in.device_id.clone(),
        channel: Channel::Koffer,
        now_ms: now.saturating_mul(1000),
        proposed: None,
        events: Vec::new(),
    };
    for (index, name, mutation) in to_apply {
        let space = spaces.get_mut(&name).expect("noted above");
        filing.proposed = contents.get(&mutation.id).map(|content| Proposed {
            content: content.clone(),
            signature: device_signature,
        });
        results[index].outcome = match space.apply(mutation, &mut filing) {
            Ok(outcome) => outcome,
            Err(refusal) => Outcome::Rejected {
                reason: refusals::sentence(&refusal),
            },
        };
    }
    let written_bytes = store(&mut tx, state, &spaces, filing, signed_in.user_id).await?;
    sync_clients::set_last_mutation_id(&mut tx, &request.client_id, last).await?;
    tx.commit().await?;
    state.checkpoints.after_write(written_bytes);
    Ok(PushResponse {
        results,
        last_mutation_id: last,
    })
}

/// Writes what the spaces of one filing changed: the cases' rows, their events sealed in the
/// name of `user_id` (who signed in, or who enrolled the terminal), and the storage they take.
/// Returns the bytes written, for `checkpoints` once the caller has committed.
pub(super) async fn store(
    tx: &mut Transaction<'_, Any>,
    state: &AppState,
    spaces: &BTreeMap<String, Space>,
    filing: Filing,
    user_id: i64,
) -> Result<usize, ApiError> {
    let rows: Vec<_> = spaces
        .values()
        .flat_map(|space| space.changed_rows(&filing.device_id))
        .collect();
    let written_bytes = case_rows::write(tx, &rows).await?;
    drop(rows);
    crate::database::record::append(
        tx,
        &state.sealing_key,
        user_id,
        filing.events,
        filing.now_ms,
    )
    .await?;
    for space in spaces.values() {
        if let (Some(key), Some(usage)) = (&space.key, &space.usage)
            && usage.added != 0
        {
            crate::database::storage::add(&mut **tx, key, usage.added).await?;
        }
    }
    Ok(written_bytes)
}

fn check_envelope(request: &PushRequest, signed_in: &SignedIn) -> Result<(), ApiError> {
    if request.protocol != PROTOCOL_VERSION {
        return Err(ApiError::BadRequest(format!(
            "Sync-Protokoll {} wird nicht unterstützt (erwartet {PROTOCOL_VERSION}). Bitte die App aktualisieren.",
            request.protocol
        )));
    }
    if request.client_id != signed_in.device_id {
        return Err(ApiError::OtherDevicesClientId);
    }
    if request.mutations.len() > MAX_BATCH {
        return Err(ApiError::BadRequest(format!(
            "Höchstens {MAX_BATCH} Änderungen je Übertragung."
        )));
    }
    Ok(())
}

/// The push's proposals, once its signature is found to be the device's: by the key it
/// registered, over each case as sent.
async fn signed_proposals(
    state: &AppState,
    device_id: &str,
    request: &PushRequest,
) -> Result<Vec<Proposal>, ApiError> {
    let key = crate::database::devices::public_key(&state.db, device_id)
        .await?
        .and_then(|key| device_key_from_hex(&key))
        .ok_or(ApiError::DeviceKeyMissing)?;
    let mut proposals = Vec::with_capacity(request.mutations.len());
    for mutation in &request.mutations {
        let content = mutation
            .content_to_hash()
            .map_err(|error| ApiError::Internal(error.to_string()))?;
        proposals.push(mutation.proposal(content.map(|bytes| sha256_hex(&bytes))));
    }
    if proposals_signed(device_id, &proposals, &request.signature, &key) {
        Ok(proposals)
    } else {
        Err(ApiError::DeviceSignatureInvalid)
    }
}
