//! The facts of each stored case (`domain::evaluation::CaseFacts`), one row per requested
//! service: written with every write of a case, read by the back office's filters and
//! aggregated by the evaluation.

use super::{Backend, DataError, Db, Parameters, to_i64};
use domain::cases::{Case, Channel};
use domain::evaluation::CaseFacts;
use sqlx::{Any, Transaction};

/// Columns per fact row.
const COLUMNS: usize = 13;

/// Fact rows per statement: a hundred cases' worth at one or two services each, far under both
/// databases' parameter limits.
const ROWS_PER_STATEMENT: usize = 200;

/// Writes the facts of `cases` (municipality and case) as they hold now. A case's services are
/// fixed once it is filed (`domain::filing` lets no device change them, nor does the town hall),
/// so each write meets the same rows, updated in place.
pub async fn write(
    tx: &mut Transaction<'_, Any>,
    cases: &[(&str, &Case)],
) -> Result<(), DataError> {
    let backend = super::backend(tx);
    let facts: Vec<(&str, &str, CaseFacts)> = cases
        .iter()
        .map(|(municipality, case)| (*municipality, case.id.as_str(), CaseFacts::of(case)))
        .collect();
    let rows: Vec<FactRow<'_>> = facts
        .iter()
        .flat_map(|(municipality, case_id, facts)| {
            facts
                .services
                .iter()
                .enumerate()
                .map(move |(index, service)| FactRow {
                    municipality,
                    case_id,
                    service,
                    first: index == 0,
                    facts,
                })
        })
        .collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        insert(backend, chunk).execute(&mut **tx).await?;
    }
    Ok(())
}

struct FactRow<'a> {
    municipality: &'a str,
    case_id: &'a str,
    service: &'a str,
    /// Whether this is the case's first service (see the migration).
    first: bool,
    facts: &'a CaseFacts,
}

fn insert<'a>(
    backend: Backend,
    rows: &'a [FactRow<'a>],
) -> sqlx::query::Query<'a, Any, sqlx::any::AnyArguments> {
    let mut parameters = Parameters::new(backend);
    let values: Vec<String> = rows
        .iter()
        .map(|_| format!("({})", parameters.list(COLUMNS)))
        .collect();
    let sql = format!(
        "INSERT INTO case_facts (municipality, case_id, service, first_service, status, place, day, week, clerk,
             opened_ms, handling_ms, rejection_reason, channel)
         VALUES {}
         ON CONFLICT (municipality, case_id, service) DO UPDATE SET
             first_service = excluded.first_service, status = excluded.status,
             place = excluded.place, day = excluded.day, week = excluded.week,
             clerk = excluded.clerk, opened_ms = excluded.opened_ms,
             handling_ms = excluded.handling_ms, rejection_reason = excluded.rejection_reason,
             channel = excluded.channel",
        values.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in rows {
        let facts = row.facts;
        query = query
            .bind(row.municipality)
            .bind(row.case_id)
            .bind(row.service)
            .bind(i64::from(row.first))
            .bind(facts.status.name())
            .bind(facts.place.as_str())
            .bind(facts.day.iso())
            .bind(facts.week.iso())
            .bind(facts.clerk.as_str())
            .bind(to_i64(facts.opened_ms))
            .bind(facts.handling_ms.map(to_i64))
            .bind(facts.rejection_reason.as_deref())
            .bind(match facts.channel {
                Channel::Koffer => "koffer",
                Channel::Terminal => "terminal",
            });
    }
    query
}

/// Fills in the facts of cases stored before they were kept, once: when migration 0010 asked
/// for it (`pending_fills`), not at every start.
pub async fn fill_if_asked(db: &Db) -> Result<(), DataError> {
    let asked: Option<String> =
        sqlx::query_scalar("SELECT what FROM pending_fills WHERE what = 'case_facts'")
            .fetch_optional(db)
            .await?;
    if asked.is_some() {
        let filled = fill_missing(db).await?;
        tracing::info!(filled, "case facts filled in for cases stored before them");
        sqlx::query("DELETE FROM pending_fills WHERE what = 'case_facts'")
            .execute(db)
            .await?;
    }
    Ok(())
}

/// Cases read per round when filling in missing facts.
const FILL_BATCH: i64 = 500;

/// Writes the facts of stored cases that have none: those stored before the facts were kept.
/// A case this version cannot read is left out of the figures and logged, rather than keeping
/// the server from starting. Returns how many cases it filled in.
pub async fn fill_missing(db: &Db) -> Result<usize, DataError> {
    let mut filled = 0;
    let mut after = (String::new(), String::new());
    loop {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT municipality, id, body FROM cases
              WHERE (municipality > $1 OR (municipality = $1 AND id > $2))
                AND deleted = 0 AND body IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM case_facts f
                     WHERE f.municipality = cases.municipality AND f.case_id = cases.id)
              ORDER BY municipality, id LIMIT $3",
        )
        .bind(&after.0)
        .bind(&after.1)
        .bind(FILL_BATCH)
        .fetch_all(db)
        .await?;
        let Some((municipality, id, _)) = rows.last() else {
            return Ok(filled);
        };
        after = (municipality.clone(), id.clone());
        let cases: Vec<(String, Case)> = rows
            .into_iter()
            .filter_map(|(municipality, id, body)| match serde_json::from_str(&body) {
                Ok(case) => Some((municipality, case)),
                Err(error) => {
                    tracing::warn!(%municipality, %id, %error, "stored case unreadable: left out of the evaluation");
                    None
                }
            })
            .collect();
        let cases: Vec<(&str, &Case)> = cases
            .iter()
            .map(|(municipality, case)| (municipality.as_str(), case))
            .collect();
        let mut tx = super::begin_write(db).await?;
        write(&mut tx, &cases).await?;
        tx.commit().await?;
        filled += cases.len();
    }
}
