//! Leases on scheduled jobs: among instances sharing one database, only the holder of a job's
//! lease runs it. A lease lasts until `expires_at`; its holder renews it, and once it expires
//! any instance may take it (one that died mid-job hands it on that way).

use super::{DataError, Db, to_i64};

/// Takes or renews the lease on `job` for `holder` until `now + secs`; whether it is theirs.
pub async fn take(
    db: &Db,
    job: &str,
    holder: &str,
    (now, secs): (u64, u64),
) -> Result<bool, DataError> {
    // One statement, so two instances asking at once cannot both win: the row is inserted, or
    // updated only where it has expired or is the caller's own.
    let taken: Option<String> = sqlx::query_scalar(
        "INSERT INTO job_leases (job, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE job_leases.expires_at <= $4 OR job_leases.holder = excluded.holder
         RETURNING holder",
    )
    .bind(job)
    .bind(holder)
    .bind(to_i64(now.saturating_add(secs)))
    .bind(to_i64(now))
    .fetch_optional(db)
    .await?;
    Ok(taken.is_some())
}
