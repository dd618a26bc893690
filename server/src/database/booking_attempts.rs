//! Attempts on the public booking pages per subject (a keyed digest of a client address, a
//! date) and window, for their rate limits: counted in the database so that every instance
//! counts alike, and forgotten after the window.

use super::{DataError, Db, to_i64};

/// Counts an attempt for `subject` in the window starting at `window_start`; whether it stays
/// within `limit`. Windows before it are forgotten.
pub async fn count_attempt(
    db: &Db,
    subject: &str,
    window_start: u64,
    limit: u32,
) -> Result<bool, DataError> {
    let attempts: i64 = sqlx::query_scalar(
        "INSERT INTO booking_attempts (subject, window_start, attempts) VALUES ($1, $2, 1)
         ON CONFLICT (subject, window_start)
             DO UPDATE SET attempts = booking_attempts.attempts + 1
         RETURNING attempts",
    )
    .bind(subject)
    .bind(to_i64(window_start))
    .fetch_one(db)
    .await?;
    Ok(attempts <= i64::from(limit))
}

/// Forgets the attempts of windows before `window_start`.
pub async fn forget_attempts(db: &Db, window_start: u64) -> Result<u64, DataError> {
    Ok(
        sqlx::query("DELETE FROM booking_attempts WHERE window_start < $1")
            .bind(to_i64(window_start))
            .execute(db)
            .await?
            .rows_affected(),
    )
}
