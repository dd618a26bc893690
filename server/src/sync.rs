//! Sync: devices push their outbox of case mutations and pull what changed in the spaces
//! (municipalities) they may act for. Each mutation is applied at most once and in order; a
//! case edited from a stale base is merged per part or flagged (rules in `domain::sync`).

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::Db;
use crate::error::ApiError;
use crate::payload::Payload;
use axum::Json;
use axum::extract::{Query, State};
use domain::cases::CaseStatus;
use domain::municipality::RegionalKey;
use domain::sync::wire::{
    Change, Mutation, MutationResult, Outcome, PROTOCOL_VERSION, PullResponse, PulledChange,
    PushRequest, PushResponse,
};
use domain::sync::{MergeOutcome, Sequence, StoredCase, sequence};
use domain::wire::ErrorBody;
use serde::Deserialize;
use sqlx::{Any, Transaction};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Who the history names for the transfer step.
pub const TRANSFERRED_BY: &str = "Server";

/// Most mutations one push may carry, and most changes one pull page returns.
pub const MAX_BATCH: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(push))
        .routes(routes!(pull))
}

/// Mutations of one client, applied at most once and in order (ids already applied are
/// acknowledged, a gap is refused); a stale edit is merged per part or kept as a conflict.
#[utoipa::path(post, path = "/sync/push", tag = "sync", security(("bearer" = [])), request_body = PushRequest,
    responses((status = 200, description = "One result per mutation", body = PushResponse), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn push(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Payload(request): Payload<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if request.protocol != PROTOCOL_VERSION {
        return Err(ApiError::BadRequest(format!(
            "Sync-Protokoll {} wird nicht unterstützt (erwartet {PROTOCOL_VERSION}). Bitte die App aktualisieren.",
            request.protocol
        )));
    }
    if request.client_id != signed_in.device_id {
        return Err(ApiError::BadRequest(
            "Die Client-Kennung gehört nicht zu diesem Gerät.".into(),
        ));
    }
    if request.mutations.len() > MAX_BATCH {
        return Err(ApiError::BadRequest(format!(
            "Höchstens {MAX_BATCH} Änderungen je Übertragung."
        )));
    }
    // One transaction per push: the effects and the client's last mutation id land together,
    // or not at all (a crash mid-push leaves the previous state, and the retry redoes it).
    let mut tx = state.db.begin().await?;
    let mut last = last_mutation_id(&mut tx, &request.client_id).await?;
    let mut results = Vec::with_capacity(request.mutations.len());
    for mutation in &request.mutations {
        let outcome = match sequence(last, mutation.id) {
            Sequence::AlreadyApplied => Outcome::AlreadyApplied,
            Sequence::Gap { expected } => {
                results.push(MutationResult {
                    id: mutation.id,
                    outcome: Outcome::Gap { expected },
                });
                break;
            }
            Sequence::Next => {
                last = mutation.id;
                apply(
                    &mut tx,
                    &signed_in,
                    &request.client_id,
                    mutation,
                    state.now() * 1000,
                )
                .await?
            }
        };
        results.push(MutationResult {
            id: mutation.id,
            outcome,
        });
    }
    sqlx::query(
        "INSERT INTO sync_clients (client_id, last_mutation_id) VALUES ($1, $2)
         ON CONFLICT (client_id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id",
    )
    .bind(&request.client_id)
    .bind(to_i64(last))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Json(PushResponse {
        results,
        last_mutation_id: last,
    }))
}

async fn apply(
    tx: &mut Transaction<'_, Any>,
    signed_in: &SignedIn,
    client_id: &str,
    mutation: &Mutation,
    now_ms: u64,
) -> Result<Outcome, ApiError> {
    let (municipality, id) = match &mutation.change {
        Change::PutCase { case, .. } => (&case.deployment.municipality, &case.id),
        Change::DeleteCase { municipality, id } => (municipality, id),
    };
    let Ok(key) = RegionalKey::parse(municipality) else {
        return Ok(rejected(format!(
            "Unbekannter Regionalschlüssel „{municipality}“."
        )));
    };
    if id.is_empty() {
        return Ok(rejected("Der Fall hat keine Kennung.".into()));
    }
    if !crate::municipalities::may_act_for(&mut **tx, &signed_in.municipality, &key.to_string())
        .await?
    {
        return Ok(rejected(format!(
            "Fälle der Gemeinde {key} darf dieses Konto nicht bearbeiten."
        )));
    }
    let stored = find_case(&mut **tx, &key.to_string(), id).await?;
    let version = bump_space(tx, &key.to_string()).await?;
    match &mutation.change {
        Change::DeleteCase { .. } => {
            if stored.is_none() {
                return Ok(rejected("Diesen Fall gibt es nicht.".into()));
            }
            sqlx::query("UPDATE cases SET deleted = 1, body = NULL, flagged = 0, version = $1 WHERE municipality = $2 AND id = $3")
                .bind(to_i64(version))
                .bind(key.to_string())
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok(Outcome::Applied)
        }
        Change::PutCase { case, changed } => {
            let missing =
                crate::attachments::missing(&mut **tx, &key.to_string(), &case.attachments).await?;
            if !missing.is_empty() {
                return Ok(rejected(format!(
                    "Dem Server fehlen {} Foto(s) dieses Falls; sie werden zuerst übertragen.",
                    missing.len()
                )));
            }
            let (mut stored, outcome) = match stored {
                None => (
                    StoredCase::new((**case).clone(), version),
                    MergeOutcome::Applied,
                ),
                Some(mut stored) => {
                    let outcome =
                        stored.merge(case, changed, mutation.base_version, version, client_id);
                    (stored, outcome)
                }
            };
            // A case finished at the table is "Übertragen" the moment the server holds it.
            if stored.case.status() == CaseStatus::Captured {
                let _ = stored.record_step(
                    CaseStatus::Transferred,
                    now_ms,
                    TRANSFERRED_BY,
                    None,
                    version,
                );
            }
            save_case(tx, &key.to_string(), id, version, &stored).await?;
            Ok(match outcome {
                MergeOutcome::Applied => Outcome::Applied,
                MergeOutcome::Merged { kept_from_server } => Outcome::Merged { kept_from_server },
                MergeOutcome::Conflict { parts } => Outcome::Conflict { parts },
            })
        }
    }
}

fn rejected(reason: String) -> Outcome {
    Outcome::Rejected { reason }
}

fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

async fn last_mutation_id(tx: &mut Transaction<'_, Any>, client_id: &str) -> Result<u64, ApiError> {
    let last: Option<i64> =
        sqlx::query_scalar("SELECT last_mutation_id FROM sync_clients WHERE client_id = $1")
            .bind(client_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(last.map_or(0, to_u64))
}

/// The next version of a space; its row is created on first use.
pub(crate) async fn bump_space(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
) -> Result<u64, ApiError> {
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO spaces (municipality, version) VALUES ($1, 1)
         ON CONFLICT (municipality) DO UPDATE SET version = spaces.version + 1
         RETURNING version",
    )
    .bind(municipality)
    .fetch_one(&mut **tx)
    .await?;
    Ok(to_u64(version))
}

pub(crate) async fn find_case<'e, E>(
    db: E,
    municipality: &str,
    id: &str,
) -> Result<Option<StoredCase>, ApiError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let body: Option<Option<String>> = sqlx::query_scalar(
        "SELECT body FROM cases WHERE municipality = $1 AND id = $2 AND deleted = 0",
    )
    .bind(municipality)
    .bind(id)
    .fetch_optional(db)
    .await?;
    match body.flatten() {
        None => Ok(None),
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|error| ApiError::Internal(format!("stored case {id} unreadable: {error}"))),
    }
}

pub(crate) async fn save_case(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    id: &str,
    version: u64,
    stored: &StoredCase,
) -> Result<(), ApiError> {
    let json =
        serde_json::to_string(stored).map_err(|error| ApiError::Internal(error.to_string()))?;
    sqlx::query(
        "INSERT INTO cases (municipality, id, version, deleted, flagged, body) VALUES ($1, $2, $3, 0, $4, $5)
         ON CONFLICT (municipality, id) DO UPDATE SET version = excluded.version, deleted = 0,
             flagged = excluded.flagged, body = excluded.body",
    )
    .bind(municipality)
    .bind(id)
    .bind(to_i64(version))
    .bind(i64::from(!stored.conflicts.is_empty()))
    .bind(json)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    municipality: String,
    #[serde(default)]
    cookie: u64,
    limit: Option<usize>,
    /// The catalogue version the client holds; a newer one comes with the answer.
    catalogue: Option<u64>,
}

/// Changes of one space after `cookie`, in version order, a page at a time; tombstones included.
#[utoipa::path(get, path = "/sync/pull", tag = "sync", security(("bearer" = [])),
    params(
        ("municipality" = String, Query, description = "The space (Regionalschlüssel)"),
        ("cookie" = Option<u64>, Query, description = "The version pulled up to; 0 or absent for all"),
        ("limit" = Option<usize>, Query, description = "Changes per page, at most 1000 (default 500)"),
        ("catalogue" = Option<u64>, Query, description = "The catalogue version the client holds; a newer catalogue comes with the answer"),
    ),
    responses((status = 200, body = PullResponse), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn pull(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>, ApiError> {
    let key = RegionalKey::parse(&query.municipality)
        .map_err(|error| ApiError::BadRequest(error.to_string()))?;
    signed_in.require_access(&state.db, &key).await?;
    let limit = query.limit.unwrap_or(500).clamp(1, MAX_BATCH);
    let rows = changes_after(&state.db, &key.to_string(), query.cookie, limit + 1).await?;
    let more = rows.len() > limit;
    let mut changes = Vec::with_capacity(limit.min(rows.len()));
    for (version, id, flagged, body) in rows.into_iter().take(limit) {
        let case = match body {
            None => None,
            Some(json) => Some(
                serde_json::from_str::<StoredCase>(&json)
                    .map_err(|error| {
                        ApiError::Internal(format!("stored case {id} unreadable: {error}"))
                    })?
                    .case,
            ),
        };
        changes.push(PulledChange {
            version: to_u64(version),
            id,
            case,
            flagged: flagged != 0,
        });
    }
    let cookie = changes.last().map_or(query.cookie, |c| c.version);
    let catalogue = match query.catalogue {
        Some(held) => crate::catalogues::find(&state.db, &key.to_string())
            .await?
            .filter(|current| u64::from(current.version) > held),
        None => None,
    };
    let mut tx = state.db.begin().await?;
    let last_mutation_id = last_mutation_id(&mut tx, &signed_in.device_id).await?;
    tx.commit().await?;
    Ok(Json(PullResponse {
        municipality: key.to_string(),
        changes,
        cookie,
        more,
        last_mutation_id,
        catalogue,
    }))
}

type ChangeRow = (i64, String, i64, Option<String>);

async fn changes_after(
    db: &Db,
    municipality: &str,
    cookie: u64,
    limit: usize,
) -> Result<Vec<ChangeRow>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT version, id, flagged, body FROM cases
         WHERE municipality = $1 AND version > $2 ORDER BY version LIMIT $3",
    )
    .bind(municipality)
    .bind(to_i64(cookie))
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await?)
}

/// The case ids and versions a space holds (for tests and the operator).
pub async fn count_cases(db: &Db, municipality: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM cases WHERE municipality = $1 AND deleted = 0")
        .bind(municipality)
        .fetch_one(db)
        .await
}
