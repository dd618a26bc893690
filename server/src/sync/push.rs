//! `POST /api/sync/push`: a device's numbered mutations, applied at most once and in order. A new
//! case is filed only if `domain::filing` finds nothing but the clerk's own steps and a finished
//! case; its steps are stamped with the person signed in and the server adds "Übertragen" itself.
//! A case the server holds changes only through the device that filed it, and never in its
//! history. Every change stored is an event of the case's record, and the push's events are
//! sealed together. Every refusal is a German sentence and changes nothing.

use super::{
    HELD_COLUMNS, HeldCase, MAX_BATCH, MAX_CASE_BYTES, ROWS_PER_STATEMENT, TRANSFERRED_BY, held,
    refusals, reserve_versions, to_i64, to_row, to_u64,
};
use crate::AppState;
use crate::auth::SignedIn;
use crate::database::Parameters;
use crate::error::ApiError;
use crate::payload::Payload;
use crate::record::NewEvent;
use crate::storage::Usage;
use axum::Json;
use axum::extract::State;
use base64::Engine;
use domain::audit::{EventKind, event_hash, next_event, sha256_hex};
use domain::cases::{Case, CaseStatus, Signature};
use domain::catalogue::Catalogue;
use domain::filing::{self, MAX_CONFLICTS, Refusal};
use domain::municipality::RegionalKey;
use domain::sync::wire::{
    Change as WireChange, Mutation, MutationResult, Outcome, PROTOCOL_VERSION, PushRequest,
    PushResponse,
};
use domain::sync::{MergeOutcome, Sequence, StoredCase, sequence};
use domain::wire::ErrorBody;
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, BTreeSet};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(push))
}

/// Mutations of one client, applied at most once and in order (ids already applied are
/// acknowledged, a gap is refused); what the server does not file comes back with a reason.
#[utoipa::path(post, path = "/sync/push", tag = "sync", security(("bearer" = [])), request_body = PushRequest,
    responses((status = 200, description = "One result per mutation", body = PushResponse), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn push(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Payload(request): Payload<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    check_envelope(&request, &signed_in)?;

    // One transaction per push: the effects and the client's last mutation id land together,
    // or not at all (a crash mid-push leaves the previous state, and the retry redoes it).
    // Pushes are serialized: by the write lock on SQLite, and on PostgreSQL by the rows of the
    // client and of each space, locked before anything is read that a decision rests on.
    let mut tx = crate::database::begin_write(&state.db).await?;
    let mut last = lock_client(&mut tx, &request.client_id).await?;

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

    // Apply in order, in memory; the last state of each case is written below.
    let mut filing = Filing {
        by: signed_in.display_name.clone(),
        username: signed_in.username.clone(),
        device_id: signed_in.device_id.clone(),
        now_ms: now.saturating_mul(1000),
        events: Vec::new(),
    };
    for (index, name, mutation) in to_apply {
        let space = spaces.get_mut(&name).expect("noted above");
        results[index].outcome = match space.apply(mutation, &mut filing) {
            Ok(outcome) => outcome,
            Err(refusal) => Outcome::Rejected {
                reason: refusals::sentence(&refusal),
            },
        };
    }
    let written_bytes = write_cases(&mut tx, &spaces, &filing.device_id).await?;
    crate::record::append(
        &mut tx,
        &state.sealing_key,
        signed_in.user_id,
        filing.events,
        filing.now_ms,
    )
    .await?;
    for space in spaces.values() {
        if let (Some(key), Some(usage)) = (&space.key, &space.usage)
            && usage.added != 0
        {
            crate::storage::add(&mut *tx, key, usage.added).await?;
        }
    }
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

fn check_envelope(request: &PushRequest, signed_in: &SignedIn) -> Result<(), ApiError> {
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
    Ok(())
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

/// The case a mutation names: its space and id.
fn target(mutation: &Mutation) -> (&str, &str) {
    match &mutation.change {
        WireChange::PutCase { case, .. } => (&case.deployment.municipality, &case.id),
        WireChange::DeleteCase { municipality, id } => (municipality, id),
    }
}

/// The space a mutation names, as the `spaces` of a push know it: the Regionalschlüssel as
/// written canonically ("14 524 511 8250" and "145245118250" are one space), or the text as
/// sent when it is none (its mutations are refused).
fn space_name(mutation: &Mutation) -> String {
    let municipality = target(mutation).0;
    RegionalKey::parse(municipality).map_or_else(|_| municipality.to_owned(), |key| key.to_string())
}

/// Who files, and the events the push has recorded so far.
struct Filing {
    /// The display name of the person signed in: the clerk's steps carry it.
    by: String,
    /// Their user name: the record names them by it.
    username: String,
    device_id: String,
    /// The server's clock.
    now_ms: u64,
    events: Vec<NewEvent>,
}

/// What one push knows about one space.
#[derive(Default)]
struct Space {
    /// The parsed Regionalschlüssel, once loaded; `None` when the mutations named none.
    key: Option<String>,
    allowed: bool,
    mutations: usize,
    ids: BTreeSet<String>,
    numbers: BTreeSet<String>,
    photos: BTreeSet<String>,
    missing_photos: BTreeSet<String>,
    /// Case numbers the space holds, with their case's id; the batch adds its own.
    numbers_held: BTreeMap<String, String>,
    /// The cases of `ids` the server holds, updated as the batch applies; the changed ones are
    /// written at the end, in the order of their ids.
    stored: BTreeMap<String, Slot>,
    catalogue: Option<Catalogue>,
    usage: Option<Usage>,
    /// The first version reserved for this push: no device was ever handed this one or later.
    first_version: u64,
    next_version: u64,
}

/// A case of a space as a push holds it.
struct Slot {
    case: HeldCase,
    /// Its new version and its row (case and bookkeeping as JSON), once a mutation of the push
    /// has changed it.
    written: Option<(u64, Row)>,
}

/// A case's two columns as JSON.
type Row = (String, String);

impl Space {
    fn note(&mut self, mutation: &Mutation) {
        self.mutations += 1;
        self.ids.insert(target(mutation).1.to_owned());
        if let WireChange::PutCase { case, .. } = &mutation.change {
            self.numbers.insert(case.number.clone());
            self.photos
                .extend(case.attachments.iter().map(|a| a.sha256.clone()));
        }
    }

    async fn load(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        name: &str,
        caller_municipality: &str,
        now: u64,
    ) -> Result<(), ApiError> {
        let Ok(key) = RegionalKey::parse(name) else {
            return Ok(());
        };
        let key = key.to_string();
        self.allowed =
            crate::municipalities::may_act_for(&mut **tx, caller_municipality, &key).await?;
        if self.allowed {
            self.first_version = reserve_versions(tx, &key, self.mutations, now).await?;
            self.next_version = self.first_version;
            self.stored = find_cases(tx, &key, &self.ids).await?;
            self.numbers_held = numbers_held(tx, &key, &self.numbers).await?;
            let photos: Vec<String> = self.photos.iter().cloned().collect();
            self.missing_photos = crate::attachments::missing(&mut **tx, &key, &photos)
                .await?
                .into_iter()
                .collect();
            self.catalogue = crate::catalogues::find(&mut **tx, &key).await?;
            self.usage = Some(crate::storage::usage(&mut **tx, &key).await?);
        }
        self.key = Some(key);
        Ok(())
    }

    /// One mutation against the space's current state: its outcome, or why it is refused.
    fn apply(&mut self, mutation: Mutation, filing: &mut Filing) -> Result<Outcome, Refusal> {
        let Some(key) = self.key.clone() else {
            return Err(Refusal::UnknownMunicipality(target(&mutation).0.to_owned()));
        };
        if target(&mutation).1.is_empty() {
            return Err(Refusal::NoId);
        }
        if !self.allowed {
            return Err(Refusal::OtherMunicipality(key));
        }
        let version = self.next_version;
        self.next_version += 1;
        match mutation.change {
            WireChange::DeleteCase { id, .. } => Err(if self.stored.contains_key(&id) {
                Refusal::DeleteOnServer
            } else {
                Refusal::NoSuchCase
            }),
            WireChange::PutCase { case, changed } => {
                if case
                    .attachments
                    .iter()
                    .any(|a| self.missing_photos.contains(&a.sha256))
                {
                    return Err(Refusal::PhotosMissing);
                }
                if case
                    .signature
                    .as_ref()
                    .is_some_and(|s| !signature_matches(s))
                {
                    return Err(Refusal::SignatureMismatch);
                }
                if self.stored.contains_key(&case.id) {
                    self.edit(*case, &changed, mutation.base_version, version, filing)
                } else {
                    self.file(*case, version, filing)
                }
            }
        }
    }

    /// Files a case the server sees for the first time.
    fn file(
        &mut self,
        mut case: Case,
        version: u64,
        filing: &mut Filing,
    ) -> Result<Outcome, Refusal> {
        filing::check_new(&case, self.catalogue(), filing.now_ms)?;
        if self
            .numbers_held
            .get(&case.number)
            .is_some_and(|id| *id != case.id)
        {
            return Err(Refusal::NumberTaken(case.number));
        }
        filing::stamp_clerk_steps(&mut case, &filing.by);
        let mut stored = StoredCase::new(case, version);
        stored
            .record_step(
                CaseStatus::Transferred,
                filing.now_ms,
                TRANSFERRED_BY,
                None,
                version,
            )
            .map_err(Refusal::NotCaptured)?;
        let row = row_within_limit(&stored)?;
        let bytes = row.0.len() + row.1.len();
        self.charge(bytes)?;
        let id = stored.case.id.clone();
        self.numbers_held
            .insert(stored.case.number.clone(), id.clone());
        let newest_event = self.record(&id, None, EventKind::Filed, (version, &row), filing);
        self.stored.insert(
            id,
            Slot {
                case: HeldCase {
                    stored,
                    version,
                    device_id: Some(filing.device_id.clone()),
                    bytes,
                    newest_event: Some(newest_event),
                },
                written: Some((version, row)),
            },
        );
        Ok(Outcome::Applied)
    }

    /// The event of a change to case `id` whose record's newest event is `newest`, noted for
    /// the push's seal; returns its seq and hash, the case's new newest event.
    fn record(
        &self,
        id: &str,
        newest: Option<(u64, &str)>,
        kind: EventKind,
        (version, row): (u64, &Row),
        filing: &mut Filing,
    ) -> (u64, String) {
        let event = next_event(
            newest,
            kind,
            (filing.now_ms, &filing.username, &filing.device_id),
            sha256_hex(row.0.as_bytes()),
        );
        let hash = event_hash(&event);
        let newest = (event.seq, hash.clone());
        filing.events.push(NewEvent {
            municipality: self.key.clone().unwrap_or_default(),
            case_id: id.to_owned(),
            version,
            event,
            hash,
        });
        newest
    }

    /// Merges a device's new version of a case the server holds.
    fn edit(
        &mut self,
        mut incoming: Case,
        changed: &[String],
        base_version: u64,
        version: u64,
        filing: &mut Filing,
    ) -> Result<Outcome, Refusal> {
        let catalogue = self.catalogue().clone();
        let first_version = self.first_version;
        let slot = self.stored.get(&incoming.id).ok_or(Refusal::NoSuchCase)?;
        if slot.case.device_id.as_deref() != Some(filing.device_id.as_str()) {
            return Err(Refusal::NotOwnCase);
        }
        if base_version >= first_version {
            return Err(Refusal::ForgedBase);
        }
        let held = &slot.case.stored;
        filing::check_edit(&held.case, &incoming, &catalogue, filing.now_ms)?;
        // The history is the server's: what the device holds of it was checked above.
        incoming.history = held.case.history.clone();
        let mut merged = held.clone();
        let outcome = merged.merge(&incoming, changed, base_version, version, &filing.device_id);
        if merged.conflicts.len() > MAX_CONFLICTS {
            return Err(Refusal::TooManyConflicts);
        }
        let id = incoming.id;
        let outcome = match outcome {
            MergeOutcome::Applied => Outcome::Applied,
            MergeOutcome::Merged { kept_from_server } => Outcome::Merged { kept_from_server },
            MergeOutcome::Conflict { parts } => Outcome::Conflict { parts },
        };
        if merged == *held {
            return Ok(outcome);
        }
        let row = row_within_limit(&merged)?;
        let bytes = row.0.len() + row.1.len();
        let (before, newest) = (slot.case.bytes, slot.case.newest_event.clone());
        self.charge_replacing(bytes, before)?;
        let newest = newest.as_ref().map(|(seq, hash)| (*seq, hash.as_str()));
        let newest_event = self.record(&id, newest, EventKind::Edited, (version, &row), filing);
        let slot = self.stored.get_mut(&id).ok_or(Refusal::NoSuchCase)?;
        slot.case.stored = merged;
        slot.case.bytes = bytes;
        slot.case.version = version;
        slot.case.newest_event = Some(newest_event);
        slot.written = Some((version, row));
        Ok(outcome)
    }

    fn catalogue(&mut self) -> &Catalogue {
        let key = self.key.clone().unwrap_or_default();
        self.catalogue.get_or_insert_with(|| Catalogue {
            municipality: key,
            municipality_name: String::new(),
            version: 0,
            places: Vec::new(),
            services: Vec::new(),
        })
    }

    fn charge(&mut self, bytes: usize) -> Result<(), Refusal> {
        self.charge_replacing(bytes, 0)
    }

    /// Counts `bytes` replacing `before` against the municipality's quota.
    fn charge_replacing(&mut self, bytes: usize, before: usize) -> Result<(), Refusal> {
        let more =
            i64::try_from(bytes).unwrap_or(i64::MAX) - i64::try_from(before).unwrap_or(i64::MAX);
        match &mut self.usage {
            Some(usage) if usage.admits(more) => {
                usage.added += more;
                Ok(())
            }
            _ => Err(Refusal::QuotaReached),
        }
    }
}

/// A case's row, written once; a case over the limit is refused.
fn row_within_limit(stored: &StoredCase) -> Result<Row, Refusal> {
    let too_large = Refusal::TooLarge {
        limit: MAX_CASE_BYTES,
    };
    let row = to_row(stored).map_err(|_| too_large.clone())?;
    if row.0.len() > MAX_CASE_BYTES {
        return Err(too_large);
    }
    Ok(row)
}

/// Whether the signature's digest is the SHA-256 of its image, and the image a PNG.
fn signature_matches(signature: &Signature) -> bool {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    let Some(data) = signature.png.strip_prefix("data:image/png;base64,") else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data) else {
        return false;
    };
    bytes.starts_with(PNG) && crate::secrets::to_hex(&Sha256::digest(&bytes)) == signature.sha256
}

/// Case ids per statement when reading: a whole push (one parameter each, far under SQLite's and
/// PostgreSQL's parameter limits), so a push reads its cases in one round trip.
const IDS_PER_STATEMENT: usize = MAX_BATCH;

/// The cases among `ids` a space holds (deleted ones count as absent).
async fn find_cases(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    ids: &BTreeSet<String>,
) -> Result<BTreeMap<String, Slot>, ApiError> {
    let backend = crate::database::backend(tx);
    let ids: Vec<&String> = ids.iter().collect();
    let mut found = BTreeMap::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let mut parameters = Parameters::new(backend);
        let sql = format!(
            "SELECT {HELD_COLUMNS} FROM cases WHERE municipality = {} AND deleted = 0 AND id IN ({})",
            parameters.one(),
            parameters.list(chunk.len())
        );
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(municipality);
        for id in chunk {
            query = query.bind(id.as_str());
        }
        for row in query.fetch_all(&mut **tx).await? {
            if let Some((id, case)) = held(row)? {
                found.insert(
                    id,
                    Slot {
                        case,
                        written: None,
                    },
                );
            }
        }
    }
    Ok(found)
}

/// The cases among `numbers` a space holds: number and case id.
async fn numbers_held(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    numbers: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>, ApiError> {
    let backend = crate::database::backend(tx);
    let numbers: Vec<&String> = numbers.iter().collect();
    let mut held = BTreeMap::new();
    for chunk in numbers.chunks(IDS_PER_STATEMENT) {
        let mut parameters = Parameters::new(backend);
        let sql = format!(
            "SELECT number, id FROM cases WHERE municipality = {} AND number IN ({})",
            parameters.one(),
            parameters.list(chunk.len())
        );
        let mut query =
            sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql)).bind(municipality);
        for number in chunk {
            query = query.bind(number.as_str());
        }
        held.extend(query.fetch_all(&mut **tx).await?);
    }
    Ok(held)
}

/// Writes the last state of every case a push changed, many rows per statement; returns the
/// bytes of JSON written.
async fn write_cases(
    tx: &mut Transaction<'_, Any>,
    spaces: &BTreeMap<String, Space>,
    pusher: &str,
) -> Result<usize, ApiError> {
    let backend = crate::database::backend(tx);
    let mut rows = Vec::new();
    for space in spaces.values() {
        let Some(key) = &space.key else { continue };
        for (id, slot) in &space.stored {
            let Some((version, (body, meta))) = &slot.written else {
                continue;
            };
            rows.push(CaseRow {
                municipality: key,
                id,
                version: *version,
                flagged: !slot.case.stored.conflicts.is_empty(),
                body,
                meta,
                device_id: slot.case.device_id.as_deref().unwrap_or(pusher),
                number: &slot.case.stored.case.number,
                newest_event: slot.case.newest_event.as_ref(),
            });
        }
    }
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        upsert_cases(backend, chunk).execute(&mut **tx).await?;
    }
    Ok(rows.iter().map(|row| row.body.len() + row.meta.len()).sum())
}

/// A row of `cases` as a push writes it.
struct CaseRow<'a> {
    municipality: &'a str,
    id: &'a str,
    version: u64,
    flagged: bool,
    body: &'a str,
    meta: &'a str,
    device_id: &'a str,
    number: &'a str,
    /// The record's newest event: seq and hash.
    newest_event: Option<&'a (u64, String)>,
}

/// One statement inserting or replacing `rows`. A row that exists keeps its filing device and
/// number (a deleted one, filed before devices were recorded, takes the new ones).
fn upsert_cases<'a>(
    backend: crate::database::Backend,
    rows: &[CaseRow<'a>],
) -> sqlx::query::Query<'a, Any, sqlx::any::AnyArguments> {
    let mut parameters = Parameters::new(backend);
    let values: Vec<String> = rows
        .iter()
        .map(|_| format!("({}, 0)", parameters.list(10)))
        .collect();
    let sql = format!(
        "INSERT INTO cases (municipality, id, version, flagged, body, meta, device_id, number,
             record_seq, record_head, deleted)
         VALUES {}
         ON CONFLICT (municipality, id) DO UPDATE SET version = excluded.version,
             deleted = 0, flagged = excluded.flagged, body = excluded.body, meta = excluded.meta,
             record_seq = excluded.record_seq, record_head = excluded.record_head,
             device_id = coalesce(cases.device_id, excluded.device_id),
             number = coalesce(cases.number, excluded.number)",
        values.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in rows {
        query = query
            .bind(row.municipality)
            .bind(row.id)
            .bind(to_i64(row.version))
            .bind(i64::from(row.flagged))
            .bind(row.body)
            .bind(row.meta)
            .bind(row.device_id)
            .bind(row.number)
            .bind(row.newest_event.map(|(seq, _)| to_i64(*seq)))
            .bind(row.newest_event.map(|(_, hash)| hash.as_str()));
    }
    query
}
