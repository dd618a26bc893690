//! Case rows and the versions of each municipality's space: what push, pull and the back office
//! read and write. A case row keeps the case's JSON as the server wrote it and its sync
//! bookkeeping apart, the device that filed it, and its newest record event.

use super::{Backend, DataError, Db, Parameters, to_i64, to_u64};
use domain::cases::Case;
use domain::municipality::RegionalKey;
use domain::sync::{Conflict, StoredCase};
use domain::wire::CaseFilter;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// Reserves `count` consecutive versions of a space; returns the first. Versions a rejected
/// mutation leaves unused are gaps, which pulls do not mind.
///
/// A version is never below the server's clock in microseconds (`now`, in seconds). A counter
/// alone would, after the database is restored from a backup, hand out again the versions it
/// handed out after that backup, and a device whose cookie lies there would never pull the
/// changes made at them. Taken from the clock, every version handed out after a restore lies
/// past every one handed out before it; the counter keeps versions rising if the clock goes back.
pub async fn reserve_versions(
    tx: &mut Transaction<'_, Any>,
    municipality: &RegionalKey,
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
    .bind(municipality.to_string())
    .bind(count)
    .bind(floor)
    .fetch_one(&mut **tx)
    .await?;
    Ok(to_u64(last - count + 1))
}

/// The next version of a space (see `reserve_versions`); its row is created on first use.
pub async fn bump_space(
    tx: &mut Transaction<'_, Any>,
    municipality: &RegionalKey,
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
pub fn to_row(stored: &StoredCase) -> Result<(String, String), DataError> {
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
pub struct HeldCase {
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
pub const HELD_COLUMNS: &str = "id, version, body, meta, device_id, record_seq, record_head";

pub fn held(row: CaseRowRead) -> Result<Option<(String, HeldCase)>, DataError> {
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

pub async fn find_case<'e, E>(
    db: E,
    municipality: &RegionalKey,
    id: &str,
) -> Result<Option<HeldCase>, DataError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let sql = format!(
        "SELECT {HELD_COLUMNS} FROM cases WHERE municipality = $1 AND id = $2 AND deleted = 0"
    );
    let row: Option<CaseRowRead> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(held).transpose()?.flatten().map(|(_, held)| held))
}

/// Writes a changed case the server holds (its filing device and number stay as they are):
/// `row` as `to_row` wrote it from `stored`, `newest_event` its record's newest event (seq and
/// hash).
pub async fn save_case(
    tx: &mut Transaction<'_, Any>,
    (municipality, version): (&str, u64),
    stored: &StoredCase,
    (body, meta): (&str, &str),
    (record_seq, record_head): (u64, &str),
) -> Result<(), DataError> {
    let (id, flagged) = (stored.case.id.as_str(), !stored.conflicts.is_empty());
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
    .bind(municipality.to_string())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    super::facts::write(tx, &[(municipality, &stored.case)]).await
}

/// Rows per statement when writing case rows: one statement per hundred rather than one per
/// case keeps a push of a day's work to a few round trips.
pub const ROWS_PER_STATEMENT: usize = 100;

/// How many cases a space holds (for tests and the operator).
pub async fn count_cases(db: &Db, municipality: &RegionalKey) -> Result<i64, DataError> {
    sqlx::query_scalar("SELECT count(*) FROM cases WHERE municipality = $1 AND deleted = 0")
        .bind(municipality.to_string())
        .fetch_one(db)
        .await
        .map_err(DataError::from)
}

/// Case ids per statement when reading: a whole push (`sync::MAX_BATCH`, one parameter each,
/// far under SQLite's and PostgreSQL's parameter limits), so a push reads its cases in one
/// round trip.
const IDS_PER_STATEMENT: usize = 1000;

/// The cases among `ids` a space holds (deleted ones count as absent).
pub async fn find_cases(
    tx: &mut Transaction<'_, Any>,
    municipality: &RegionalKey,
    ids: &BTreeSet<String>,
) -> Result<BTreeMap<String, HeldCase>, DataError> {
    let backend = super::backend(tx);
    let ids: Vec<&String> = ids.iter().collect();
    let mut found = BTreeMap::new();
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let mut parameters = Parameters::new(backend);
        let sql = format!(
            "SELECT {HELD_COLUMNS} FROM cases WHERE municipality = {} AND deleted = 0 AND id IN ({})",
            parameters.one(),
            parameters.list(chunk.len())
        );
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(municipality.to_string());
        for id in chunk {
            query = query.bind(id.as_str());
        }
        for row in query.fetch_all(&mut **tx).await? {
            if let Some((id, case)) = held(row)? {
                found.insert(id, case);
            }
        }
    }
    Ok(found)
}

/// The numbers of the cases `device_id` filed in a space that begin with `prefix` (a year and
/// the device's tag), for the device's next number.
pub async fn numbers_filed_by(
    tx: &mut Transaction<'_, Any>,
    (municipality, device_id): (&RegionalKey, &str),
    prefix: &str,
) -> Result<Vec<String>, DataError> {
    Ok(sqlx::query_scalar(
        "SELECT number FROM cases WHERE device_id = $1 AND municipality = $2 AND number LIKE $3",
    )
    .bind(device_id)
    .bind(municipality.to_string())
    .bind(format!("{prefix}%"))
    .fetch_all(&mut **tx)
    .await?)
}

/// The cases among `numbers` a space holds: number and case id.
pub async fn numbers_held(
    tx: &mut Transaction<'_, Any>,
    municipality: &RegionalKey,
    numbers: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>, DataError> {
    let backend = super::backend(tx);
    let numbers: Vec<&String> = numbers.iter().collect();
    let mut held = BTreeMap::new();
    for chunk in numbers.chunks(IDS_PER_STATEMENT) {
        let mut parameters = Parameters::new(backend);
        let sql = format!(
            "SELECT number, id FROM cases WHERE municipality = {} AND number IN ({})",
            parameters.one(),
            parameters.list(chunk.len())
        );
        let mut query = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql))
            .bind(municipality.to_string());
        for number in chunk {
            query = query.bind(number.as_str());
        }
        held.extend(query.fetch_all(&mut **tx).await?);
    }
    Ok(held)
}

/// Writes `rows`, many per statement; returns the bytes of JSON written.
pub async fn write(
    tx: &mut Transaction<'_, Any>,
    rows: &[CaseRow<'_>],
) -> Result<usize, DataError> {
    let backend = super::backend(tx);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        upsert_cases(backend, chunk).execute(&mut **tx).await?;
    }
    let keys: Vec<String> = rows
        .iter()
        .map(|row| row.municipality.to_string())
        .collect();
    let cases: Vec<(&str, &Case)> = keys
        .iter()
        .zip(rows)
        .map(|(key, row)| (key.as_str(), row.case))
        .collect();
    super::facts::write(tx, &cases).await?;
    Ok(rows.iter().map(|row| row.body.len() + row.meta.len()).sum())
}

/// A row of `cases` as a push writes it.
pub struct CaseRow<'a> {
    pub municipality: &'a RegionalKey,
    pub id: &'a str,
    pub version: u64,
    pub flagged: bool,
    pub body: &'a str,
    pub meta: &'a str,
    pub device_id: &'a str,
    pub number: &'a str,
    /// The record's newest event: seq and hash.
    pub newest_event: Option<&'a (u64, String)>,
    /// The case `body` holds, for its facts.
    pub case: &'a Case,
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
            .bind(row.municipality.to_string())
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

/// One page of changes, each written as JSON by the database.
pub struct Page {
    /// The changes as JSON objects (`PulledChange`), comma-separated, in version order.
    pub changes: String,
    /// The version of the last change on the page; the cookie to continue from.
    pub cookie: u64,
    pub more: bool,
}

/// The changes of a device's cases in a space after `cookie`, in version order, at most `limit`
/// and about `max_bytes`. The database writes each change's JSON around the case's stored
/// bytes, so the server neither parses cases nor converts them column by column.
/// (`json_quote` is SQLite's; the PostgreSQL migrations define it the same way.)
pub async fn page_after(
    db: &Db,
    (municipality, device_id): (&RegionalKey, &str),
    cookie: u64,
    (limit, max_bytes): (usize, usize),
) -> Result<Page, DataError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT version,
                '{\"version\":' || version || ',\"id\":' || json_quote(id)
                || ',\"case\":' || coalesce(body, 'null') || ',\"flagged\":'
                || CASE WHEN flagged = 1 THEN 'true' ELSE 'false' END || '}'
           FROM cases WHERE device_id = $1 AND municipality = $2 AND version > $3
          ORDER BY version LIMIT $4",
    )
    .bind(device_id)
    .bind(municipality.to_string())
    .bind(to_i64(cookie))
    .bind(i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await?;
    let mut taken = 0;
    let mut bytes = 0;
    for (_, change) in rows.iter().take(limit) {
        if taken > 0 && bytes + change.len() > max_bytes {
            break;
        }
        bytes += change.len();
        taken += 1;
    }
    let more = rows.len() > taken;
    let rows = &rows[..taken];
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

/// A space's cases last changed before version `before` that `filter` lets through, newest
/// first, at most `limit`: their version, whether they wait for review, and the case.
pub async fn latest(
    db: &Db,
    municipality: &RegionalKey,
    filter: &CaseFilter,
    (before, limit): (u64, usize),
) -> Result<Vec<(u64, bool, domain::cases::Case)>, DataError> {
    let mut parameters = Parameters::new(super::pool_backend(db).unwrap_or(Backend::Sqlite));
    let mut sql = format!(
        "SELECT version, flagged, body FROM cases
          WHERE municipality = {} AND deleted = 0 AND version < {}",
        parameters.one(),
        parameters.one()
    );
    if filter.flagged {
        sql.push_str(" AND flagged = 1");
    }
    // (column of `case_facts`, comparison, value asked for)
    let facts = [
        (
            "status",
            "=",
            filter.status.map(|status| status.name().to_owned()),
        ),
        ("service", "=", filter.service.clone()),
        ("place", "=", filter.place.clone()),
        ("day", ">=", filter.from.clone()),
        ("day", "<=", filter.to.clone()),
        ("clerk", "=", filter.clerk.clone()),
    ];
    let mut values = Vec::new();
    let conditions: Vec<String> = facts
        .into_iter()
        .filter_map(|(column, comparison, value)| {
            values.push(value?);
            Some(format!("f.{column} {comparison} {}", parameters.one()))
        })
        .collect();
    if !conditions.is_empty() {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM case_facts f
                  WHERE f.municipality = cases.municipality AND f.case_id = cases.id AND {})",
            conditions.join(" AND ")
        ));
    }
    sql.push_str(&format!(
        " ORDER BY version DESC LIMIT {}",
        parameters.one()
    ));
    let mut query = sqlx::query_as::<_, (i64, i64, String)>(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(to_i64(before));
    for value in values {
        query = query.bind(value);
    }
    let rows = query
        .bind(i64::try_from(limit).unwrap_or(1))
        .fetch_all(db)
        .await?;
    rows.into_iter()
        .map(|(version, flagged, body)| {
            let case = serde_json::from_str(&body)
                .map_err(|error| DataError::Corrupt(format!("stored case unreadable: {error}")))?;
            Ok((to_u64(version), flagged != 0, case))
        })
        .collect()
}
