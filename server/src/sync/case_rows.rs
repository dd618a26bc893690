//! A push's reads and writes of case rows: the cases and case numbers it touches, read once per
//! space, and the rows it changed, written many per statement.

use super::{HELD_COLUMNS, HeldCase, MAX_BATCH, ROWS_PER_STATEMENT, held, to_i64};
use crate::database::DataError;
use crate::database::Parameters;
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// Case ids per statement when reading: a whole push (one parameter each, far under SQLite's and
/// PostgreSQL's parameter limits), so a push reads its cases in one round trip.
const IDS_PER_STATEMENT: usize = MAX_BATCH;

/// The cases among `ids` a space holds (deleted ones count as absent).
pub(super) async fn find_cases(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    ids: &BTreeSet<String>,
) -> Result<BTreeMap<String, HeldCase>, DataError> {
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
                found.insert(id, case);
            }
        }
    }
    Ok(found)
}

/// The cases among `numbers` a space holds: number and case id.
pub(super) async fn numbers_held(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    numbers: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>, DataError> {
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

/// Writes `rows`, many per statement; returns the bytes of JSON written.
pub(super) async fn write(
    tx: &mut Transaction<'_, Any>,
    rows: &[CaseRow<'_>],
) -> Result<usize, DataError> {
    let backend = crate::database::backend(tx);
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        upsert_cases(backend, chunk).execute(&mut **tx).await?;
    }
    Ok(rows.iter().map(|row| row.body.len() + row.meta.len()).sum())
}

/// A row of `cases` as a push writes it.
pub(super) struct CaseRow<'a> {
    pub municipality: &'a str,
    pub id: &'a str,
    pub version: u64,
    pub flagged: bool,
    pub body: &'a str,
    pub meta: &'a str,
    pub device_id: &'a str,
    pub number: &'a str,
    /// The record's newest event: seq and hash.
    pub newest_event: Option<&'a (u64, String)>,
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
