//! Attempts on the public booking pages and at the terminals per subject (a keyed digest of a
//! client address, a date, a terminal) and window, for their rate limits: counted in the
//! database so that every instance counts alike, and forgotten after the window.

use super::{DataError, Db, to_i64};

/// Counts an attempt for each of `subjects` (with its limit) in the window starting at
/// `window_start`, in one statement; whether all stay within their limits.
pub async fn count_attempt(
    db: &Db,
    subjects: &[(String, u32)],
    window_start: u64,
) -> Result<bool, DataError> {
    if subjects.is_empty() {
        return Ok(true);
    }
    let rows: Vec<String> = (0..subjects.len())
        .map(|at| format!("(${}, $1, 1)", at + 2))
        .collect();
    let sql = format!(
        "INSERT INTO booking_attempts (subject, window_start, attempts) VALUES {}
         ON CONFLICT (subject, window_start)
             DO UPDATE SET attempts = booking_attempts.attempts + 1
         RETURNING subject, attempts",
        rows.join(", ")
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(to_i64(window_start));
    for (subject, _) in subjects {
        query = query.bind(subject);
    }
    let counted: Vec<(String, i64)> = query.fetch_all(db).await?;
    Ok(counted.iter().all(|(subject, attempts)| {
        subjects
            .iter()
            .find(|(asked, _)| asked == subject)
            .is_some_and(|(_, limit)| *attempts <= i64::from(*limit))
    }))
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
