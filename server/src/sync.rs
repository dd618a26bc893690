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
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::cases::{Attachment, CaseStatus};
use domain::municipality::RegionalKey;
use domain::sync::wire::{
    Change, Mutation, MutationResult, Outcome, PROTOCOL_VERSION, PullResponse, PushRequest,
    PushResponse,
};
use domain::sync::{Conflict, MergeOutcome, Sequence, StoredCase, sequence};
use domain::wire::ErrorBody;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, BTreeSet};
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
    let last_before = last_mutation_id(&mut *tx, &request.client_id).await?;

    // Which mutations are new, in order; a gap ends the batch.
    let mut last = last_before;
    let mut results: Vec<MutationResult> = Vec::with_capacity(request.mutations.len());
    let mut to_apply = Vec::new();
    for mutation in &request.mutations {
        match sequence(last, mutation.id) {
            Sequence::AlreadyApplied => results.push(MutationResult {
                id: mutation.id,
                outcome: Outcome::AlreadyApplied,
            }),
            Sequence::Gap { expected } => {
                results.push(MutationResult {
                    id: mutation.id,
                    outcome: Outcome::Gap { expected },
                });
                break;
            }
            Sequence::Next => {
                last = mutation.id;
                to_apply.push((results.len(), mutation));
                results.push(MutationResult {
                    id: mutation.id,
                    outcome: Outcome::Applied,
                });
            }
        }
    }

    // Everything the batch needs from the database, read once per space rather than once per
    // mutation: who may act there, the cases it touches, the photos it names, and a block of
    // versions.
    let mut spaces: BTreeMap<String, Space> = BTreeMap::new();
    for (_, mutation) in &to_apply {
        let (municipality, id) = target(mutation);
        let space = spaces.entry(municipality.to_owned()).or_default();
        space.mutations += 1;
        space.ids.insert(id.to_owned());
        if let Change::PutCase { case, .. } = &mutation.change {
            for photo in &case.attachments {
                space.photos.insert(photo.sha256.clone(), photo.clone());
            }
        }
    }
    for (municipality, space) in &mut spaces {
        let Ok(key) = RegionalKey::parse(municipality) else {
            continue;
        };
        space.key = Some(key.to_string());
        space.allowed =
            crate::municipalities::may_act_for(&mut *tx, &signed_in.municipality, &key.to_string())
                .await?;
        if !space.allowed {
            continue;
        }
        let ids: Vec<&str> = space.ids.iter().map(String::as_str).collect();
        space.stored = find_cases(&mut tx, municipality, &ids).await?;
        let photos: Vec<Attachment> = space.photos.values().cloned().collect();
        space.missing_photos = crate::attachments::missing(&mut *tx, municipality, &photos).await?;
        space.next_version = reserve_versions(&mut tx, municipality, space.mutations).await?;
    }

    // Apply in order, in memory; the last state of each case is written below.
    let now_ms = state.now() * 1000;
    let mut writes: BTreeMap<(String, String), Write> = BTreeMap::new();
    for (index, mutation) in &to_apply {
        let (municipality, id) = target(mutation);
        let space = spaces.get_mut(municipality).expect("collected above");
        let outcome = decide(
            space,
            municipality,
            id,
            mutation,
            &request.client_id,
            now_ms,
            &mut writes,
        );
        results[*index].outcome = outcome;
    }
    write_cases(&mut tx, writes).await?;

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

/// What one push needs to know about one space.
#[derive(Default)]
struct Space {
    /// The parsed Regionalschlüssel; `None` when the mutation named none.
    key: Option<String>,
    allowed: bool,
    mutations: usize,
    ids: BTreeSet<String>,
    /// The photos the batch's cases name, by content address.
    photos: BTreeMap<String, Attachment>,
    missing_photos: Vec<String>,
    /// The cases of `ids` the server holds, updated as the batch applies.
    stored: BTreeMap<String, StoredCase>,
    /// The next unused version of the block reserved for this push.
    next_version: u64,
}

/// The last state of a case after this push.
struct Write {
    version: u64,
    /// `None`: deleted (a tombstone).
    stored: Option<StoredCase>,
}

fn target(mutation: &Mutation) -> (&str, &str) {
    match &mutation.change {
        Change::PutCase { case, .. } => (&case.deployment.municipality, &case.id),
        Change::DeleteCase { municipality, id } => (municipality, id),
    }
}

/// One mutation against the space's current state: its outcome, and the write it makes.
fn decide(
    space: &mut Space,
    municipality: &str,
    id: &str,
    mutation: &Mutation,
    client_id: &str,
    now_ms: u64,
    writes: &mut BTreeMap<(String, String), Write>,
) -> Outcome {
    let Some(key) = space.key.clone() else {
        return rejected(format!("Unbekannter Regionalschlüssel „{municipality}“."));
    };
    if id.is_empty() {
        return rejected("Der Fall hat keine Kennung.".into());
    }
    if !space.allowed {
        return rejected(format!(
            "Fälle der Gemeinde {key} darf dieses Konto nicht bearbeiten."
        ));
    }
    let version = space.next_version;
    space.next_version += 1;
    match &mutation.change {
        Change::DeleteCase { .. } => {
            if space.stored.remove(id).is_none() {
                return rejected("Diesen Fall gibt es nicht.".into());
            }
            writes.insert(
                (key, id.to_owned()),
                Write {
                    version,
                    stored: None,
                },
            );
            Outcome::Applied
        }
        Change::PutCase { case, changed } => {
            if case
                .attachments
                .iter()
                .any(|a| space.missing_photos.contains(&a.sha256))
            {
                return rejected(
                    "Dem Server fehlen Fotos dieses Falls; sie werden zuerst übertragen.".into(),
                );
            }
            let (mut stored, outcome) = match space.stored.remove(id) {
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
            space.stored.insert(id.to_owned(), stored.clone());
            writes.insert(
                (key, id.to_owned()),
                Write {
                    version,
                    stored: Some(stored),
                },
            );
            match outcome {
                MergeOutcome::Applied => Outcome::Applied,
                MergeOutcome::Merged { kept_from_server } => Outcome::Merged { kept_from_server },
                MergeOutcome::Conflict { parts } => Outcome::Conflict { parts },
            }
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

async fn last_mutation_id<'e, E>(db: E, client_id: &str) -> Result<u64, ApiError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let last: Option<i64> =
        sqlx::query_scalar("SELECT last_mutation_id FROM sync_clients WHERE client_id = $1")
            .bind(client_id)
            .fetch_optional(db)
            .await?;
    Ok(last.map_or(0, to_u64))
}

/// Reserves `count` consecutive versions of a space for one push; returns the first. Versions a
/// rejected mutation leaves unused are gaps, which pulls do not mind.
async fn reserve_versions(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    count: usize,
) -> Result<u64, ApiError> {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO spaces (municipality, version) VALUES ($1, $2)
         ON CONFLICT (municipality) DO UPDATE SET version = spaces.version + $2
         RETURNING version",
    )
    .bind(municipality)
    .bind(count)
    .fetch_one(&mut **tx)
    .await?;
    Ok(to_u64(last - count + 1))
}

/// The sync bookkeeping of a case row (`meta`), stored beside the case's own JSON (`body`).
#[derive(Serialize)]
struct BookkeepingOut<'a> {
    part_versions: &'a BTreeMap<String, u64>,
    conflicts: &'a [Conflict],
}

#[derive(Deserialize)]
struct BookkeepingIn {
    part_versions: BTreeMap<String, u64>,
    #[serde(default)]
    conflicts: Vec<Conflict>,
}

/// A stored case as its two columns: the case's JSON and the bookkeeping's.
pub(crate) fn to_row(stored: &StoredCase) -> Result<(String, String), ApiError> {
    let internal = |error: serde_json::Error| ApiError::Internal(error.to_string());
    let body = serde_json::to_string(&stored.case).map_err(internal)?;
    let meta = serde_json::to_string(&BookkeepingOut {
        part_versions: &stored.part_versions,
        conflicts: &stored.conflicts,
    })
    .map_err(internal)?;
    Ok((body, meta))
}

pub(crate) fn from_row(id: &str, body: &str, meta: Option<&str>) -> Result<StoredCase, ApiError> {
    let unreadable = |error: serde_json::Error| {
        ApiError::Internal(format!("stored case {id} unreadable: {error}"))
    };
    let case = serde_json::from_str(body).map_err(unreadable)?;
    let bookkeeping: BookkeepingIn =
        serde_json::from_str(meta.unwrap_or("{}")).map_err(unreadable)?;
    Ok(StoredCase {
        case,
        part_versions: bookkeeping.part_versions,
        conflicts: bookkeeping.conflicts,
    })
}

/// Rows per statement when reading or writing many cases. Far under SQLite's and PostgreSQL's
/// parameter limits, and small because sqlx looks every parameter up by name (that lookup
/// showed in profiles of 100-row statements).
const ROWS_PER_STATEMENT: usize = 20;

/// The cases among `ids` a space holds (deleted ones count as absent).
async fn find_cases(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    ids: &[&str],
) -> Result<BTreeMap<String, StoredCase>, ApiError> {
    let mut found = BTreeMap::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let placeholders: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT id, body, meta FROM cases WHERE municipality = $1 AND deleted = 0 AND id IN ({})",
            placeholders.join(", ")
        );
        let mut query =
            sqlx::query_as::<_, (String, Option<String>, Option<String>)>(sqlx::AssertSqlSafe(sql))
                .bind(municipality);
        for id in chunk {
            query = query.bind(*id);
        }
        for (id, body, meta) in query.fetch_all(&mut **tx).await? {
            let Some(body) = body else { continue };
            let stored = from_row(&id, &body, meta.as_deref())?;
            found.insert(id, stored);
        }
    }
    Ok(found)
}

/// Writes the last state of every case a push touched, many rows per statement.
async fn write_cases(
    tx: &mut Transaction<'_, Any>,
    writes: BTreeMap<(String, String), Write>,
) -> Result<(), ApiError> {
    const COLUMNS: usize = 7;
    let mut rows = Vec::with_capacity(writes.len());
    for ((municipality, id), write) in writes {
        let (body, meta, flagged) = match &write.stored {
            Some(stored) => {
                let (body, meta) = to_row(stored)?;
                (Some(body), Some(meta), !stored.conflicts.is_empty())
            }
            None => (None, None, false),
        };
        rows.push((municipality, id, write.version, body, meta, flagged));
    }
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        let values: Vec<String> = (0..chunk.len())
            .map(|row| {
                let placeholders: Vec<String> = (1..=COLUMNS)
                    .map(|column| format!("${}", row * COLUMNS + column))
                    .collect();
                format!("({})", placeholders.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO cases (municipality, id, version, deleted, flagged, body, meta) VALUES {}
             ON CONFLICT (municipality, id) DO UPDATE SET version = excluded.version,
                 deleted = excluded.deleted, flagged = excluded.flagged, body = excluded.body,
                 meta = excluded.meta",
            values.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (municipality, id, version, body, meta, flagged) in chunk {
            query = query
                .bind(municipality)
                .bind(id)
                .bind(to_i64(version))
                .bind(i64::from(body.is_none()))
                .bind(i64::from(flagged))
                .bind(body)
                .bind(meta);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
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
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT body, meta FROM cases WHERE municipality = $1 AND id = $2 AND deleted = 0",
    )
    .bind(municipality)
    .bind(id)
    .fetch_optional(db)
    .await?;
    match row {
        Some((Some(body), meta)) => from_row(id, &body, meta.as_deref()).map(Some),
        _ => Ok(None),
    }
}

pub(crate) async fn save_case(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    id: &str,
    version: u64,
    stored: &StoredCase,
) -> Result<(), ApiError> {
    let (body, meta) = to_row(stored)?;
    sqlx::query(
        "INSERT INTO cases (municipality, id, version, deleted, flagged, body, meta)
         VALUES ($1, $2, $3, 0, $4, $5, $6)
         ON CONFLICT (municipality, id) DO UPDATE SET version = excluded.version, deleted = 0,
             flagged = excluded.flagged, body = excluded.body, meta = excluded.meta",
    )
    .bind(municipality)
    .bind(id)
    .bind(to_i64(version))
    .bind(i64::from(!stored.conflicts.is_empty()))
    .bind(body)
    .bind(meta)
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
) -> Result<Response, ApiError> {
    let key = RegionalKey::parse(&query.municipality)
        .map_err(|error| ApiError::BadRequest(error.to_string()))?;
    signed_in.require_access(&state.db, &key).await?;
    let limit = query.limit.unwrap_or(500).clamp(1, MAX_BATCH);
    let rows = changes_after(&state.db, &key.to_string(), query.cookie, limit + 1).await?;
    let more = rows.len() > limit;
    let rows = &rows[..rows.len().min(limit)];
    let cookie = rows
        .last()
        .map_or(query.cookie, |(version, ..)| to_u64(*version));
    let catalogue = match query.catalogue {
        Some(held) => crate::catalogues::find(&state.db, &key.to_string())
            .await?
            .filter(|current| u64::from(current.version) > held),
        None => None,
    };
    let last_mutation_id = last_mutation_id(&state.db, &signed_in.device_id).await?;
    let json = page_json(
        &key.to_string(),
        rows,
        cookie,
        more,
        last_mutation_id,
        catalogue.as_ref(),
    )?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

type ChangeRow = (i64, String, i64, Option<String>);

/// A pull page as JSON, written around each case's stored bytes (valid JSON: the server wrote
/// them and the schema checks them), so a pull never parses and re-writes cases. The text is
/// exactly what serde writes for `PullResponse` (tested below).
fn page_json(
    municipality: &str,
    rows: &[ChangeRow],
    cookie: u64,
    more: bool,
    last_mutation_id: u64,
    catalogue: Option<&domain::catalogue::Catalogue>,
) -> Result<String, ApiError> {
    let internal = |error: serde_json::Error| ApiError::Internal(error.to_string());
    let text = |value: &str| serde_json::to_string(value).map_err(internal);
    let size: usize = rows
        .iter()
        .map(|(_, id, _, body)| 64 + id.len() + body.as_ref().map_or(4, String::len))
        .sum();
    let mut json = String::with_capacity(256 + size);
    json.push_str(&format!(
        "{{\"municipality\":{},\"changes\":[",
        text(municipality)?
    ));
    for (index, (version, id, flagged, body)) in rows.iter().enumerate() {
        if index > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            "{{\"version\":{},\"id\":{},\"case\":{},\"flagged\":{}}}",
            to_u64(*version),
            text(id)?,
            body.as_deref().unwrap_or("null"),
            *flagged != 0
        ));
    }
    json.push_str(&format!(
        "],\"cookie\":{cookie},\"more\":{more},\"last_mutation_id\":{last_mutation_id}"
    ));
    if let Some(catalogue) = catalogue {
        let catalogue = serde_json::to_string(catalogue).map_err(internal)?;
        json.push_str(&format!(",\"catalogue\":{catalogue}"));
    }
    json.push('}');
    Ok(json)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use domain::sync::wire::PulledChange;

    #[test]
    fn a_page_written_by_hand_is_what_serde_writes_for_pull_response() {
        let case = domain::cases::Case::new(
            "case-1".into(),
            "2026-AB12-0001".into(),
            domain::cases::Deployment {
                municipality: "145245118250".into(),
                municipality_name: "Schönberg".into(),
                place: "Schönberg, Gemeindeamt".into(),
                date: "2026-11-22".into(),
            },
            domain::cases::Citizen {
                id: "citizen-1".into(),
                family_name: "Müller \"Quote\"".into(),
                given_names: "Anna".into(),
                birth_date: "03.05.1948".into(),
                address: domain::cases::Address {
                    street: "Hauptstraße".into(),
                    house_number: "3".into(),
                    postcode: "08393".into(),
                    place: "Schönberg".into(),
                },
            },
            1,
            "Maria Schreiber",
        );
        let stored = serde_json::to_string(&case).expect("case");
        let rows = vec![
            (7, "case-1".to_string(), 1, Some(stored)),
            (9, "case-\"2\"".to_string(), 0, None),
        ];
        let by_hand = page_json("145245118250", &rows, 9, true, 42, None).expect("page");
        let by_serde = serde_json::to_string(&PullResponse {
            municipality: "145245118250".into(),
            changes: vec![
                PulledChange {
                    version: 7,
                    id: "case-1".into(),
                    case: Some(case),
                    flagged: true,
                },
                PulledChange {
                    version: 9,
                    id: "case-\"2\"".into(),
                    case: None,
                    flagged: false,
                },
            ],
            cookie: 9,
            more: true,
            last_mutation_id: 42,
            catalogue: None,
        })
        .expect("serde");
        assert_eq!(by_hand, by_serde);
    }
}
