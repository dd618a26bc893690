//! Citizens' requests to be called back, made at a terminal: kept for the back office of its
//! municipality, marked done, and deleted `KEPT_DONE_SECS` after that.

use super::{DataError, Db, to_i64, to_u64};
use domain::callback::{Callback, CallbackRequest};
use domain::municipality::RegionalKey;

/// How long a request stays listed after it was done.
pub const KEPT_DONE_SECS: u64 = 30 * 24 * 60 * 60;

/// Where a request comes from: the terminal, its municipality and place.
pub struct Origin<'a> {
    pub terminal: &'a str,
    pub municipality: &'a RegionalKey,
    pub place: &'a str,
}

pub async fn add(
    db: &Db,
    id: &str,
    origin: Origin<'_>,
    request: &CallbackRequest,
    now: u64,
) -> Result<(), DataError> {
    sqlx::query(
        "INSERT INTO callback_requests (id, municipality, terminal, place, name, phone, topic, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(origin.municipality.to_string())
    .bind(origin.terminal)
    .bind(origin.place)
    .bind(&request.name)
    .bind(&request.phone)
    .bind(&request.topic)
    .bind(to_i64(now))
    .execute(db)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    place: String,
    name: String,
    phone: String,
    topic: String,
    requested_at: i64,
    done_at: Option<i64>,
    done_by: Option<String>,
}

/// The municipality's requests, open ones first, each group oldest first. Requests done longer
/// than `KEPT_DONE_SECS` ago are deleted on the way.
pub async fn of(db: &Db, municipality: &RegionalKey, now: u64) -> Result<Vec<Callback>, DataError> {
    sqlx::query("DELETE FROM callback_requests WHERE done_at < $1")
        .bind(to_i64(now.saturating_sub(KEPT_DONE_SECS)))
        .execute(db)
        .await?;
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, place, name, phone, topic, requested_at, done_at, done_by
           FROM callback_requests WHERE municipality = $1
          ORDER BY done_at IS NOT NULL, requested_at, id",
    )
    .bind(municipality.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Callback {
            id: row.id,
            place: row.place,
            name: row.name,
            phone: row.phone,
            topic: row.topic,
            requested_at: to_u64(row.requested_at),
            done_at: row.done_at.map(to_u64),
            done_by: row.done_by,
        })
        .collect())
}

/// Marks a request of the municipality done (once); `false` when it has no such request.
pub async fn mark_done(
    db: &Db,
    municipality: &RegionalKey,
    id: &str,
    (by, now): (&str, u64),
) -> Result<bool, DataError> {
    let found: Option<String> = sqlx::query_scalar(
        "UPDATE callback_requests SET done_at = coalesce(done_at, $1), done_by = coalesce(done_by, $2)
          WHERE municipality = $3 AND id = $4 RETURNING id",
    )
    .bind(to_i64(now))
    .bind(by)
    .bind(municipality.to_string())
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}
