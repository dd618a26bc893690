//! Failed sign-ins per subject (an account, a client address), kept in the database so that
//! every instance serving it counts them alike. The waits follow `domain::backoff`; here they are
//! read and counted in one transaction, each subject's row locked for it.

use super::{DataError, Db, begin_write, to_i64};
use domain::backoff::{BackoffPolicy, FailureRecord};

/// Counts an attempt as failed for each of `subjects` before its password is checked (so that
/// parallel guesses cannot all pass while one is checked) — unless one of them must still wait:
/// then nothing is counted and the longest wait in seconds is returned.
pub async fn count_attempt(
    db: &Db,
    subjects: &[(String, BackoffPolicy)],
    now: u64,
) -> Result<u64, DataError> {
    let mut sorted: Vec<&(String, BackoffPolicy)> = subjects.iter().collect();
    // One order for every transaction: two sign-ins never wait for each other's rows in turn.
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let longest = sorted
        .iter()
        .map(|(_, policy)| policy.max_delay_secs)
        .max()
        .unwrap_or(0);
    let mut tx = begin_write(db).await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE last_failure_at < $1")
        .bind(to_i64(now.saturating_sub(longest)))
        .execute(&mut *tx)
        .await?;
    let mut wait = 0;
    for (subject, policy) in &sorted {
        // Touching the row takes its lock until the transaction ends (PostgreSQL; SQLite's
        // write transaction holds the whole database).
        let (failures, last_failure_at): (i64, i64) = sqlx::query_as(
            "INSERT INTO sign_in_failures (subject, failures, last_failure_at) VALUES ($1, 0, 0)
             ON CONFLICT (subject) DO UPDATE SET failures = sign_in_failures.failures
             RETURNING failures, last_failure_at",
        )
        .bind(subject)
        .fetch_one(&mut *tx)
        .await?;
        let record = FailureRecord {
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
            last_failure_at: u64::try_from(last_failure_at).unwrap_or(0),
        };
        wait = wait.max(record.wait_at(policy, now));
    }
    if wait > 0 {
        // Dropping the transaction counts nothing.
        return Ok(wait);
    }
    for (subject, _) in &sorted {
        sqlx::query(
            "UPDATE sign_in_failures SET failures = failures + 1, last_failure_at = $2
              WHERE subject = $1",
        )
        .bind(subject)
        .bind(to_i64(now))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(0)
}

/// After a sign-in that succeeded: the account starts afresh, and the address gets back the
/// failure counted before the check.
pub async fn succeeded(db: &Db, account: &str, address: &str) -> Result<(), DataError> {
    let mut tx = begin_write(db).await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE subject = $1")
        .bind(account)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE sign_in_failures SET failures = failures - 1 WHERE subject = $1 AND failures > 0",
    )
    .bind(address)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
