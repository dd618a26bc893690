//! Sync: devices push their outbox of case mutations and pull what changed in the spaces
//! (municipalities) they may act for. Each mutation is applied at most once and in order; a
//! case edited from a stale base is merged per part or flagged (rules in `domain::sync`).

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::{Db, Parameters};
use crate::error::ApiError;
use crate::payload::JsonText;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use domain::cases::{Attachment, CaseStatus, StatusChange};
use domain::municipality::RegionalKey;
use domain::sync::wire::{
    MutationResult, Outcome, PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse,
};
use domain::sync::{Conflict, MergeOutcome, Sequence, StoredCase, first_part_versions, sequence};
use domain::wire::ErrorBody;
use sent_case::{SentCase, SentChange, SentMutation, SentPush};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Transaction};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

mod sent_case;

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
    body: JsonText,
) -> Result<Json<PushResponse>, ApiError> {
    // Every case is read before anything is written: one that is no case refuses the push.
    let request = SentPush::read(body.text(), |envelope| {
        if envelope.protocol != PROTOCOL_VERSION {
            return Err(ApiError::BadRequest(format!(
                "Sync-Protokoll {} wird nicht unterstützt (erwartet {PROTOCOL_VERSION}). Bitte die App aktualisieren.",
                envelope.protocol
            )));
        }
        if envelope.client_id != signed_in.device_id {
            return Err(ApiError::BadRequest(
                "Die Client-Kennung gehört nicht zu diesem Gerät.".into(),
            ));
        }
        if envelope.mutations > MAX_BATCH {
            return Err(ApiError::BadRequest(format!(
                "Höchstens {MAX_BATCH} Änderungen je Übertragung."
            )));
        }
        Ok(())
    })?;
    let mutations = request.mutations;

    // One transaction per push: the effects and the client's last mutation id land together,
    // or not at all (a crash mid-push leaves the previous state, and the retry redoes it).
    // Pushes are serialized: by the write lock on SQLite, and on PostgreSQL by the rows of the
    // client and of each space, locked before anything is read that a decision rests on (a
    // retry racing its own first attempt, or two devices editing one case, would otherwise
    // both decide on the state before the other).
    let mut tx = crate::database::begin_write(&state.db).await?;
    let last_before = lock_client(&mut tx, &request.client_id).await?;

    // Which mutations are new, in order; a gap ends the batch.
    let mut last = last_before;
    let mut results: Vec<MutationResult> = Vec::with_capacity(mutations.len());
    // Sized for the whole batch at once: grown step by step, moving the mutations (cases of a
    // few hundred bytes each) cost 7 % of a push's own work.
    let mut to_apply = Vec::with_capacity(mutations.len());
    for mutation in mutations {
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
                results.push(MutationResult {
                    id: mutation.id,
                    outcome: Outcome::Applied,
                });
                let space = space_name(target(&mutation).0);
                to_apply.push((results.len() - 1, space, mutation));
            }
        }
    }

    // Everything the batch needs from the database, read once per space rather than once per
    // mutation: who may act there, the cases it touches, the photos it names, and a block of
    // versions.
    let mut spaces: BTreeMap<String, Space> = BTreeMap::new();
    for (_, space, mutation) in &to_apply {
        let id = target(mutation).1;
        let space = spaces.entry(space.clone()).or_default();
        space.mutations += 1;
        space.ids.insert(id.to_owned());
        if let SentChange::PutCase { case, .. } = &mutation.change {
            for photo in case.attachments() {
                space.photos.insert(photo.sha256.clone(), photo.clone());
            }
        }
    }
    for (name, space) in &mut spaces {
        let Ok(key) = RegionalKey::parse(name) else {
            continue;
        };
        let key = key.to_string();
        space.allowed =
            crate::municipalities::may_act_for(&mut *tx, &signed_in.municipality, &key).await?;
        if space.allowed {
            space.next_version =
                reserve_versions(&mut tx, &key, space.mutations, state.now()).await?;
            let ids: Vec<&str> = space.ids.iter().map(String::as_str).collect();
            space.stored = find_cases(&mut tx, &key, &ids).await?;
            let photos: Vec<Attachment> = space.photos.values().cloned().collect();
            space.missing_photos = crate::attachments::missing(&mut *tx, &key, &photos).await?;
        }
        space.key = Some(key);
    }

    // Apply in order, in memory; the last state of each case is written below.
    let mut once = OncePerPush {
        transfer: Transfer::at(state.now() * 1000)?,
        first_meta: FirstMeta::default(),
    };
    for (index, space, mutation) in to_apply {
        let (municipality, id) = target(&mutation);
        let (municipality, id) = (municipality.to_owned(), id.to_owned());
        let space = spaces.get_mut(&space).expect("collected above");
        let outcome = decide(
            space,
            &municipality,
            id,
            mutation,
            &request.client_id,
            &mut once,
        )?;
        results[index].outcome = outcome;
    }
    let written_bytes = write_cases(&mut tx, spaces).await?;

    // `lock_client` created the row.
    sqlx::query("UPDATE sync_clients SET last_mutation_id = $1 WHERE client_id = $2")
        .bind(to_i64(last))
        .bind(&request.client_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    state.checkpoints.after_write(written_bytes);
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
    /// The cases of `ids` the server holds, updated as the batch applies; the changed ones are
    /// written at the end, in the order of their ids.
    stored: BTreeMap<String, Slot>,
    /// The next unused version of the block reserved for this push.
    next_version: u64,
}

/// The space a mutation names, as the `spaces` of a push know it: the Regionalschlüssel as
/// written canonically ("14 524 511 8250" and "145245118250" are one space), or the text as
/// sent when it is none (its mutations are refused).
fn space_name(municipality: &str) -> String {
    RegionalKey::parse(municipality).map_or_else(|_| municipality.to_owned(), |key| key.to_string())
}

/// A case of a space as a push holds it.
struct Slot {
    /// Its state: `None` once deleted.
    held: Option<Held>,
    /// Its new version, once a mutation of the push has changed it.
    written: Option<u64>,
}

/// A case as a push holds it.
enum Held {
    /// Read from the database, or changed by this push.
    Typed(Box<StoredCase>),
    /// New, as sent: the text of its two columns.
    Sent { body: String, meta: String },
}

impl Held {
    fn into_typed(self, id: &str) -> Result<StoredCase, ApiError> {
        match self {
            Self::Typed(stored) => Ok(*stored),
            Self::Sent { body, meta } => from_row(id, &body, Some(&meta)),
        }
    }
}

fn target<'m>(mutation: &'m SentMutation<SentCase>) -> (&'m str, &'m str) {
    match &mutation.change {
        SentChange::PutCase { case, .. } => (case.municipality(), case.id()),
        SentChange::DeleteCase { municipality, id } => (municipality, id),
    }
}

/// The step "Übertragen" a captured case gets the moment the server holds it; its JSON written
/// once per push for the cases stored as sent.
struct Transfer {
    at_ms: u64,
    step_json: String,
}

impl Transfer {
    fn at(at_ms: u64) -> Result<Self, ApiError> {
        let step = StatusChange {
            status: CaseStatus::Transferred,
            at_ms,
            by: TRANSFERRED_BY.to_owned(),
            reason: None,
        };
        let step_json = json_text(&step, 96)?;
        Ok(Self { at_ms, step_json })
    }
}

/// What a push writes once and gives to many of its cases.
struct OncePerPush {
    transfer: Transfer,
    first_meta: FirstMeta,
}

/// The bookkeeping (`meta`) of cases new to the server, as `meta_text` writes their
/// `first_part_versions`: every part at the version that created the case. Written from a
/// template per list of services rather than through a map built for each case (a tenth of a
/// push's own work).
#[derive(Default)]
struct FirstMeta {
    /// Lists of services seen, each with its parts' keys as JSON, each with what comes before it.
    templates: Vec<(Vec<String>, Vec<String>)>,
}

impl FirstMeta {
    /// Lists of services remembered; a push naming more writes the others from scratch.
    const MOST_TEMPLATES: usize = 32;

    fn text<'a>(
        &mut self,
        services: impl Iterator<Item = &'a str> + Clone,
        version: u64,
    ) -> Result<String, ApiError> {
        let known = self
            .templates
            .iter()
            .position(|(known, _)| services.clone().eq(known.iter().map(String::as_str)));
        let index = match known {
            Some(index) => index,
            None if self.templates.len() < Self::MOST_TEMPLATES => {
                let keys = first_part_versions(services.clone(), version)
                    .keys()
                    .enumerate()
                    .map(|(index, part)| {
                        let before = if index == 0 {
                            "{\"part_versions\":{"
                        } else {
                            ","
                        };
                        Ok(format!("{before}{}:", json_text(part, part.len() + 2)?))
                    })
                    .collect::<Result<Vec<_>, ApiError>>()?;
                self.templates
                    .push((services.map(str::to_owned).collect(), keys));
                self.templates.len() - 1
            }
            None => return meta_text(&first_part_versions(services, version), &[]),
        };
        let keys = &self.templates[index].1;
        let mut text =
            String::with_capacity(keys.iter().map(|key| key.len() + 20).sum::<usize>() + 20);
        let version = version.to_string();
        for key in keys {
            text.push_str(key);
            text.push_str(&version);
        }
        text.push_str("},\"conflicts\":[]}");
        Ok(text)
    }
}

/// One mutation against the space's current state: its outcome. A change is made in
/// `space.stored`, with the case's new version.
fn decide(
    space: &mut Space,
    municipality: &str,
    id: String,
    mutation: SentMutation<SentCase>,
    client_id: &str,
    once: &mut OncePerPush,
) -> Result<Outcome, ApiError> {
    let Some(key) = space.key.as_deref() else {
        return Ok(rejected(format!(
            "Unbekannter Regionalschlüssel „{municipality}“."
        )));
    };
    if id.is_empty() {
        return Ok(rejected("Der Fall hat keine Kennung.".into()));
    }
    if !space.allowed {
        return Ok(rejected(format!(
            "Fälle der Gemeinde {key} darf dieses Konto nicht bearbeiten."
        )));
    }
    let version = space.next_version;
    space.next_version += 1;
    match mutation.change {
        SentChange::DeleteCase { .. } => match space.stored.get_mut(&id) {
            Some(slot) if slot.held.is_some() => {
                *slot = Slot {
                    held: None,
                    written: Some(version),
                };
                Ok(Outcome::Applied)
            }
            _ => Ok(rejected("Diesen Fall gibt es nicht.".into())),
        },
        SentChange::PutCase { case, changed } => {
            if case
                .attachments()
                .iter()
                .any(|a| space.missing_photos.contains(&a.sha256))
            {
                return Ok(rejected(
                    "Dem Server fehlen Fotos dieses Falls; sie werden zuerst übertragen.".into(),
                ));
            }
            let held = space.stored.get_mut(&id).and_then(|slot| slot.held.take());
            let (mut stored, outcome) = match (held, case) {
                // Most pushed cases: new, and checked as sent. Stored as their text, with the
                // part versions and the transfer step the typed path below would give them.
                (None, SentCase::Checked(case)) => {
                    let step = (case.status() == CaseStatus::Captured)
                        .then_some(once.transfer.step_json.as_str());
                    let held = Held::Sent {
                        body: case.stored_text(step),
                        meta: once.first_meta.text(case.services(), version)?,
                    };
                    space.stored.insert(
                        id,
                        Slot {
                            held: Some(held),
                            written: Some(version),
                        },
                    );
                    return Ok(Outcome::Applied);
                }
                (None, case) => (
                    StoredCase::new(case.into_case()?, version),
                    MergeOutcome::Applied,
                ),
                (Some(held), case) => {
                    let mut stored = held.into_typed(&id)?;
                    let case = case.into_case()?;
                    let outcome =
                        stored.merge(&case, &changed, mutation.base_version, version, client_id);
                    (stored, outcome)
                }
            };
            // A case finished at the table is "Übertragen" the moment the server holds it.
            if stored.case.status() == CaseStatus::Captured {
                let _ = stored.record_step(
                    CaseStatus::Transferred,
                    once.transfer.at_ms,
                    TRANSFERRED_BY,
                    None,
                    version,
                );
            }
            space.stored.insert(
                id,
                Slot {
                    held: Some(Held::Typed(Box::new(stored))),
                    written: Some(version),
                },
            );
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

/// The last mutation id applied for a client, its row locked (created at 0 for a new client)
/// until the push commits.
async fn lock_client(tx: &mut Transaction<'_, Any>, client_id: &str) -> Result<u64, ApiError> {
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO sync_clients (client_id, last_mutation_id) VALUES ($1, 0)
         ON CONFLICT (client_id) DO UPDATE SET last_mutation_id = sync_clients.last_mutation_id
         RETURNING last_mutation_id",
    )
    .bind(client_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(to_u64(last))
}

/// Reserves `count` consecutive versions of a space; returns the first. Versions a rejected
/// mutation leaves unused are gaps, which pulls do not mind.
///
/// A version is never below the server's clock in microseconds (`now`, in seconds). A counter
/// alone would, after the database is restored from a backup, hand out again the versions it
/// handed out after that backup, and a device whose cookie lies there would never pull the
/// changes made at them. Taken from the clock, every version handed out after a restore lies
/// past every one handed out before it; the counter keeps versions rising if the clock goes back.
async fn reserve_versions(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    count: usize,
    now: u64,
) -> Result<u64, ApiError> {
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    let floor = to_i64(now.saturating_mul(1_000_000)).max(1);
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO spaces (municipality, version) VALUES ($1, $3 + $2 - 1)
         ON CONFLICT (municipality) DO UPDATE SET version = CASE
             WHEN spaces.version >= $3 THEN spaces.version + $2 ELSE $3 + $2 - 1 END
         RETURNING version",
    )
    .bind(municipality)
    .bind(count)
    .bind(floor)
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
    // Room for a typical case from the start: growing from serde_json's 128 bytes copied each
    // case's text four times.
    let body = json_text(&stored.case, 2048)?;
    let meta = meta_text(&stored.part_versions, &stored.conflicts)?;
    Ok((body, meta))
}

fn meta_text(
    part_versions: &BTreeMap<String, u64>,
    conflicts: &[Conflict],
) -> Result<String, ApiError> {
    json_text(
        &BookkeepingOut {
            part_versions,
            conflicts,
        },
        256,
    )
}

fn json_text(value: &impl Serialize, capacity: usize) -> Result<String, ApiError> {
    let mut text = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut text, value)
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    String::from_utf8(text).map_err(|error| ApiError::Internal(error.to_string()))
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

/// Cases per statement when writing. (500 per statement was no faster.)
const ROWS_PER_STATEMENT: usize = 100;

/// Case ids per statement when reading: a whole push (one parameter each, far under SQLite's and
/// PostgreSQL's parameter limits), so a push reads its cases in one round trip.
const IDS_PER_STATEMENT: usize = MAX_BATCH;

/// The cases among `ids` a space holds (deleted ones count as absent).
async fn find_cases(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    ids: &[&str],
) -> Result<BTreeMap<String, Slot>, ApiError> {
    let backend = crate::database::backend(tx);
    let mut found = BTreeMap::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let mut parameters = Parameters::new(backend);
        let sql = format!(
            "SELECT id, body, meta FROM cases WHERE municipality = {} AND deleted = 0 AND id IN ({})",
            parameters.one(),
            parameters.list(chunk.len())
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
            found.insert(
                id,
                Slot {
                    held: Some(Held::Typed(Box::new(stored))),
                    written: None,
                },
            );
        }
    }
    Ok(found)
}

/// Writes the last state of every case a push touched, many rows per statement; returns the
/// bytes of JSON written. (Turning the next statement's rows into JSON while the database wrote
/// the previous one gained nothing on the 2-core VM we measure on: the database's thread ran on
/// the task's own core.)
async fn write_cases(
    tx: &mut Transaction<'_, Any>,
    spaces: BTreeMap<String, Space>,
) -> Result<usize, ApiError> {
    let backend = crate::database::backend(tx);
    let mut bytes = 0;
    let mut rows = Vec::with_capacity(ROWS_PER_STATEMENT);
    for space in spaces.into_values() {
        let Some(key) = space.key else { continue };
        for (id, slot) in space.stored {
            let Some(version) = slot.written else {
                continue;
            };
            let row = case_row(&key, id, version, slot.held)?;
            let (.., body, meta, _) = &row;
            bytes += body.as_ref().map_or(0, String::len) + meta.as_ref().map_or(0, String::len);
            rows.push(row);
            if rows.len() == ROWS_PER_STATEMENT {
                let full = std::mem::replace(&mut rows, Vec::with_capacity(ROWS_PER_STATEMENT));
                upsert_cases(backend, full)?.execute(&mut **tx).await?;
            }
        }
    }
    if !rows.is_empty() {
        upsert_cases(backend, rows)?.execute(&mut **tx).await?;
    }
    Ok(bytes)
}

/// A row of `cases`: space, id, version, body and meta (`None`: a tombstone), flagged.
type CaseRow = (String, String, u64, Option<String>, Option<String>, bool);

/// The row for a case written by a push, as JSON; `None`: deleted by the push.
fn case_row(key: &str, id: String, version: u64, held: Option<Held>) -> Result<CaseRow, ApiError> {
    let key = key.to_owned();
    Ok(match held {
        Some(Held::Typed(stored)) => {
            let (body, meta) = to_row(&stored)?;
            let flagged = !stored.conflicts.is_empty();
            (key, id, version, Some(body), Some(meta), flagged)
        }
        Some(Held::Sent { body, meta }) => (key, id, version, Some(body), Some(meta), false),
        None => (key, id, version, None, None, false),
    })
}

/// One statement inserting or replacing `rows`.
fn upsert_cases(
    backend: crate::database::Backend,
    rows: Vec<CaseRow>,
) -> Result<sqlx::query::Query<'static, Any, AnyArguments>, ApiError> {
    let sql = upsert_sql(backend, rows.len());
    // Sized for all values at once: bound one by one, the values of a full statement were
    // copied into ever larger buffers, a tenth of a push's own work.
    let mut values = AnyArguments::default();
    values.reserve(rows.len() * CASE_COLUMNS, 0);
    let unbindable = |error| ApiError::Internal(format!("case row not bound: {error}"));
    for (municipality, id, version, body, meta, flagged) in rows {
        values.add(municipality).map_err(unbindable)?;
        values.add(id).map_err(unbindable)?;
        values.add(to_i64(version)).map_err(unbindable)?;
        values.add(i64::from(body.is_none())).map_err(unbindable)?;
        values.add(i64::from(flagged)).map_err(unbindable)?;
        add_text(&mut values, body).map_err(unbindable)?;
        add_text(&mut values, meta).map_err(unbindable)?;
    }
    Ok(sqlx::query_with(sqlx::AssertSqlSafe(sql), values))
}

/// Binds text that may be NULL. A `String` is taken as it is; an `Option<String>` would be bound
/// by copying the text (the case texts of a push are most of its bytes).
fn add_text(
    values: &mut AnyArguments,
    text: Option<String>,
) -> Result<(), sqlx::error::BoxDynError> {
    match text {
        Some(text) => values.add(text),
        None => values.add(None::<String>),
    }
}

/// The columns `upsert_cases` writes.
const CASE_COLUMNS: usize = 7;

/// The statement inserting or replacing `rows` cases. The one for a full chunk is written once
/// per backend: its 700 parameters, written for every statement, were a twentieth of a push's
/// own work.
fn upsert_sql(backend: crate::database::Backend, rows: usize) -> Arc<str> {
    static FULL: [OnceLock<Arc<str>>; 2] = [OnceLock::new(), OnceLock::new()];
    let write = || -> Arc<str> {
        let mut parameters = Parameters::new(backend);
        let values: Vec<String> = (0..rows)
            .map(|_| format!("({})", parameters.list(CASE_COLUMNS)))
            .collect();
        format!(
            "INSERT INTO cases (municipality, id, version, deleted, flagged, body, meta) VALUES {}
             ON CONFLICT (municipality, id) DO UPDATE SET version = excluded.version,
                 deleted = excluded.deleted, flagged = excluded.flagged, body = excluded.body,
                 meta = excluded.meta",
            values.join(", ")
        )
        .into()
    };
    if rows != ROWS_PER_STATEMENT {
        return write();
    }
    let full = match backend {
        crate::database::Backend::Sqlite => &FULL[0],
        crate::database::Backend::Postgres => &FULL[1],
    };
    full.get_or_init(write).clone()
}

/// The next version of a space (see `reserve_versions`); its row is created on first use.
pub(crate) async fn bump_space(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    now: u64,
) -> Result<u64, ApiError> {
    reserve_versions(tx, municipality, 1, now).await
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
    let page = page_after(&state.db, &key.to_string(), query.cookie, limit).await?;
    let catalogue = match query.catalogue {
        Some(held) => crate::catalogues::find(&state.db, &key.to_string())
            .await?
            .filter(|current| u64::from(current.version) > held),
        None => None,
    };
    let last_mutation_id = last_mutation_id(&state.db, &signed_in.device_id).await?;
    let json = page_json(
        &key.to_string(),
        &page,
        last_mutation_id,
        catalogue.as_ref(),
    )?;
    Ok(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

/// One page of changes, each written as JSON by the database.
struct Page {
    /// The changes as JSON objects (`PulledChange`), comma-separated, in version order.
    changes: String,
    /// The version of the last change on the page; the cookie to continue from.
    cookie: u64,
    more: bool,
}

/// The changes of a space after `cookie`, in version order, at most `limit`, tombstones
/// included. The database writes each change's JSON around the case's stored bytes, so the
/// server neither parses cases nor converts them column by column.
/// (`json_quote` is SQLite's; the PostgreSQL migrations define it the same way.)
async fn page_after(
    db: &Db,
    municipality: &str,
    cookie: u64,
    limit: usize,
) -> Result<Page, ApiError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT version,
                '{\"version\":' || version || ',\"id\":' || json_quote(id)
                || ',\"case\":' || coalesce(body, 'null') || ',\"flagged\":'
                || CASE WHEN flagged = 1 THEN 'true' ELSE 'false' END || '}'
           FROM cases WHERE municipality = $1 AND version > $2
          ORDER BY version LIMIT $3",
    )
    .bind(municipality)
    .bind(to_i64(cookie))
    .bind(i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await?;
    let more = rows.len() > limit;
    let rows = &rows[..rows.len().min(limit)];
    Ok(Page {
        changes: rows
            .iter()
            .map(|(_, change)| change.as_str())
            .collect::<Vec<_>>()
            .join(","),
        cookie: rows.last().map_or(cookie, |(version, _)| to_u64(*version)),
        more,
    })
}

/// A pull page as JSON: the fields of `PullResponse` around the changes the database wrote.
fn page_json(
    municipality: &str,
    page: &Page,
    last_mutation_id: u64,
    catalogue: Option<&domain::catalogue::Catalogue>,
) -> Result<String, ApiError> {
    let internal = |error: serde_json::Error| ApiError::Internal(error.to_string());
    let mut json = String::with_capacity(256 + page.changes.len());
    json.push_str("{\"municipality\":");
    json.push_str(&serde_json::to_string(municipality).map_err(internal)?);
    json.push_str(",\"changes\":[");
    json.push_str(&page.changes);
    json.push_str(&format!(
        "],\"cookie\":{},\"more\":{},\"last_mutation_id\":{last_mutation_id}",
        page.cookie, page.more
    ));
    if let Some(catalogue) = catalogue {
        json.push_str(",\"catalogue\":");
        json.push_str(&serde_json::to_string(catalogue).map_err(internal)?);
    }
    json.push('}');
    Ok(json)
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

    #[test]
    fn the_bookkeeping_of_a_new_case_is_written_as_its_first_part_versions_would_be() {
        let lists: Vec<Vec<&str>> = vec![
            vec!["anmeldung"],
            vec![],
            vec!["hundesteuer", "anmeldung"],
            vec!["anmeldung", "anmeldung"],
            vec!["quote\"d", "line\nbreak", "ümlaut", "back\\slash"],
            vec!["anmeldung"],
        ];
        let mut first_meta = FirstMeta::default();
        // Every list twice (the second from its template), then more lists than are remembered.
        let many: Vec<String> = (0..FirstMeta::MOST_TEMPLATES + 3)
            .map(|n| format!("dienst-{n}"))
            .collect();
        let cases = lists
            .iter()
            .chain(&lists)
            .cloned()
            .chain(many.iter().map(|name| vec![name.as_str()]))
            .chain(many.iter().map(|name| vec![name.as_str(), "anmeldung"]));
        for (version, services) in (1..).zip(cases) {
            let expected = meta_text(&first_part_versions(services.iter().copied(), version), &[])
                .expect("map as JSON");
            let written = first_meta
                .text(services.iter().copied(), version)
                .expect("template");
            assert_eq!(written, expected, "services {services:?}");
            let read: BookkeepingIn = serde_json::from_str(&written).expect("reads back");
            assert_eq!(
                read.part_versions,
                first_part_versions(services.iter().copied(), version)
            );
        }
        assert_eq!(first_meta.templates.len(), FirstMeta::MOST_TEMPLATES);
    }
}
