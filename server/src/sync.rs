//! Sync: devices push the cases they captured as numbered mutations and pull what changed in the
//! cases they filed. The server decides what it files (`domain::filing`), applies each mutation
//! at most once and in order, records who made every stored change, and hands a device only its
//! own cases. Every stored change is an event of the case's record (`crate::record`). This module
//! holds what push, pull and the back office share: case rows and a space's versions.

mod case_rows;
mod pull;
mod push;
mod refusals;
mod space;

pub(crate) use refusals::status_de;

use crate::AppState;
use crate::database::DataError;
use crate::database::{Db, to_i64, to_u64};
use crate::error::ApiError;
use axum::extract::DefaultBodyLimit;
use domain::sync::{Conflict, StoredCase};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;

/// Who the history names for the transfer step.
pub const TRANSFERRED_BY: &str = "Server";

/// Most mutations one push may carry, and most changes one pull page returns.
pub const MAX_BATCH: usize = 1000;

/// Largest case a device may file, as JSON. A case with a signature image and a few forms takes
/// a tenth of it; the limit keeps one device from filling the database with one case.
pub const MAX_CASE_BYTES: usize = 256 * 1024;

/// Largest push request. The app sends a day's cases in batches below it.
pub const MAX_PUSH_BYTES: usize = 16 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    push::router()
        .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES))
        .merge(pull::router())
}

/// The last mutation id the server applied for a client (0 for one it never heard from).
async fn last_mutation_id<'e, E>(db: E, client_id: &str) -> Result<u64, DataError>
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
) -> Result<u64, DataError> {
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

/// The next version of a space (see `reserve_versions`); its row is created on first use.
pub(crate) async fn bump_space(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    now: u64,
) -> Result<u64, DataError> {
    reserve_versions(tx, municipality, 1, now).await
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
pub(crate) fn to_row(stored: &StoredCase) -> Result<(String, String), DataError> {
    let body = json_text(&stored.case)?;
    let meta = json_text(&BookkeepingOut {
        part_versions: &stored.part_versions,
        conflicts: &stored.conflicts,
    })?;
    Ok((body, meta))
}

fn json_text(value: &impl Serialize) -> Result<String, DataError> {
    serde_json::to_string(value).map_err(|error| DataError::Corrupt(error.to_string()))
}

fn from_row(id: &str, body: &str, meta: Option<&str>) -> Result<StoredCase, DataError> {
    let unreadable = |error: serde_json::Error| {
        DataError::Corrupt(format!("stored case {id} unreadable: {error}"))
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

/// A case the server holds, with the device that filed it.
pub(crate) struct HeldCase {
    pub stored: StoredCase,
    /// The version that last changed it.
    pub version: u64,
    /// `None` for cases filed before the server recorded it.
    pub device_id: Option<String>,
    /// The bytes its row takes (case and bookkeeping), for the storage quota.
    pub bytes: usize,
    /// Its record's newest event: seq and hash (`None` for a case filed before records).
    pub newest_event: Option<(u64, String)>,
}

/// id, version, body, meta, device id, record seq, record head
type CaseRowRead = (
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
);

/// The columns `held` reads.
pub(crate) const HELD_COLUMNS: &str = "id, version, body, meta, device_id, record_seq, record_head";

fn held(row: CaseRowRead) -> Result<Option<(String, HeldCase)>, DataError> {
    let (id, version, body, meta, device_id, record_seq, record_head) = row;
    let Some(body) = body else { return Ok(None) };
    let bytes = body.len() + meta.as_ref().map_or(0, String::len);
    let stored = from_row(&id, &body, meta.as_deref())?;
    Ok(Some((
        id,
        HeldCase {
            stored,
            version: to_u64(version),
            device_id,
            bytes,
            newest_event: record_seq.map(to_u64).zip(record_head),
        },
    )))
}

pub(crate) async fn find_case<'e, E>(
    db: E,
    municipality: &str,
    id: &str,
) -> Result<Option<HeldCase>, ApiError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {HELD_COLUMNS} FROM cases WHERE municipality = $1 AND id = $2 AND deleted = 0"
    );
    let row: Option<CaseRowRead> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality)
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(held).transpose()?.flatten().map(|(_, held)| held))
}

/// Writes a changed case the server holds (its filing device and number stay as they are):
/// `row` as `to_row` wrote it, `newest_event` its record's newest event (seq and hash).
pub(crate) async fn save_case(
    tx: &mut Transaction<'_, Any>,
    (municipality, id, version): (&str, &str, u64),
    flagged: bool,
    (body, meta): (&str, &str),
    (record_seq, record_head): (u64, &str),
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE cases SET version = $1, flagged = $2, body = $3, meta = $4, record_seq = $5,
             record_head = $6
          WHERE municipality = $7 AND id = $8",
    )
    .bind(to_i64(version))
    .bind(i64::from(flagged))
    .bind(body)
    .bind(meta)
    .bind(to_i64(record_seq))
    .bind(record_head)
    .bind(municipality)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Rows per statement when writing case rows: one statement per hundred rather than one per
/// case keeps a push of a day's work to a few round trips.
pub(crate) const ROWS_PER_STATEMENT: usize = 100;

/// How many cases a space holds (for tests and the operator).
pub async fn count_cases(db: &Db, municipality: &str) -> Result<i64, DataError> {
    sqlx::query_scalar("SELECT count(*) FROM cases WHERE municipality = $1 AND deleted = 0")
        .bind(municipality)
        .fetch_one(db)
        .await
        .map_err(DataError::from)
}
