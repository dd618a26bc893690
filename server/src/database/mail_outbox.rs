//! Mails waiting for the SMTP relay. A mail is queued in the transaction that makes it due (a
//! booking, a cancelled date), so that none is lost and none is sent for a change that did not
//! happen; a scheduled job hands them to the relay and deletes each once the relay took it.

use super::{DataError, Db, to_i64};
use sqlx::{Any, Transaction};

/// A mail to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub recipient: String,
    pub subject: String,
    pub body: String,
}

/// A queued mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub id: String,
    pub mail: Mail,
    pub attempts: u32,
}

/// Queues `mail` within `tx`, due at once.
pub async fn queue(
    tx: &mut Transaction<'_, Any>,
    id: &str,
    mail: &Mail,
    now: u64,
) -> Result<(), DataError> {
    sqlx::query(
        "INSERT INTO mail_outbox (id, recipient, subject, body, queued_at, attempts, next_at)
         VALUES ($1, $2, $3, $4, $5, 0, $5)",
    )
    .bind(id)
    .bind(&mail.recipient)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(to_i64(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Up to `limit` mails due at `now`, oldest first.
pub async fn due(db: &Db, now: u64, limit: u32) -> Result<Vec<Queued>, DataError> {
    let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, recipient, subject, body, attempts FROM mail_outbox
          WHERE next_at <= $1 ORDER BY queued_at, id LIMIT $2",
    )
    .bind(to_i64(now))
    .bind(i64::from(limit))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, recipient, subject, body, attempts)| Queued {
            id,
            mail: Mail {
                recipient,
                subject,
                body,
            },
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        })
        .collect())
}

/// The relay took the mail: it leaves the outbox.
pub async fn sent(db: &Db, id: &str) -> Result<(), DataError> {
    sqlx::query("DELETE FROM mail_outbox WHERE id = $1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The relay could not take it: tried again at `next_at`.
pub async fn failed(db: &Db, id: &str, next_at: u64) -> Result<(), DataError> {
    sqlx::query("UPDATE mail_outbox SET attempts = attempts + 1, next_at = $2 WHERE id = $1")
        .bind(id)
        .bind(to_i64(next_at))
        .execute(db)
        .await?;
    Ok(())
}

/// Drops mails queued before `before` that never went out (a relay down for days, an address
/// that does not exist); returns how many.
pub async fn drop_stale(db: &Db, before: u64) -> Result<u64, DataError> {
    Ok(sqlx::query("DELETE FROM mail_outbox WHERE queued_at < $1")
        .bind(to_i64(before))
        .execute(db)
        .await?
        .rows_affected())
}
