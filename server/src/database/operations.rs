//! What the operator's metrics read from the database at each scrape (`crate::metrics`).

use super::{DataError, Db, to_i64};

/// Cases held, per status (each case once: the row of its first service).
pub async fn cases_by_status(db: &Db) -> Result<Vec<(String, i64)>, DataError> {
    Ok(sqlx::query_as(
        "SELECT status, count(*) FROM case_facts WHERE first_service = 1
          GROUP BY status ORDER BY status",
    )
    .fetch_all(db)
    .await?)
}

/// Devices not revoked that were in contact at or after `since` (seconds).
pub async fn devices_in_contact_since(db: &Db, since: u64) -> Result<i64, DataError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM devices WHERE revoked_at IS NULL AND last_contact_at >= $1",
    )
    .bind(to_i64(since))
    .fetch_one(db)
    .await?)
}
