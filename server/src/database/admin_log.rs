//! What admins did in the console (and the operator on the command line), per municipality:
//! written by the data functions that do it, in their transaction, so no action goes unlogged.

use super::{DataError, Db, to_i64, to_u64};
use domain::municipality::RegionalKey;
use domain::wire::{AdminAction, AdminLogEntry};
use sqlx::{Any, Transaction};

/// Who did it, as the log names them: a user name, or the operator's command line.
pub const COMMAND_LINE: &str = "Kommandozeile";

/// Notes `action` on `subject` in `municipality`'s log.
pub async fn note(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
    (by, now): (&str, u64),
    action: AdminAction,
    subject: &str,
) -> Result<(), DataError> {
    sqlx::query(
        "INSERT INTO admin_log (municipality, at, by_user, action, subject)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(municipality)
    .bind(to_i64(now))
    .bind(by)
    .bind(action.name())
    .bind(subject)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The newest `limit` entries of a municipality's log, newest first.
pub async fn newest(
    db: &Db,
    municipality: &RegionalKey,
    limit: usize,
) -> Result<Vec<AdminLogEntry>, DataError> {
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT at, by_user, action, subject FROM admin_log WHERE municipality = $1
          ORDER BY id DESC LIMIT $2",
    )
    .bind(municipality.to_string())
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(at, by, action, subject)| {
            let action = AdminAction::from_name(&action)
                .ok_or_else(|| DataError::Corrupt(format!("unknown admin action {action}")))?;
            Ok(AdminLogEntry {
                at: to_u64(at),
                by,
                action,
                subject,
            })
        })
        .collect()
}
