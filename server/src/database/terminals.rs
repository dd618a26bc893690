//! Bürger-Terminals: devices bound to one of the municipality's places, enrolled with a one-time
//! code an admin makes (kept as a digest until used or expired), listed for the admin.

use super::{DataError, Db, admin_log, to_i64, to_u64};
use crate::secrets;
use domain::municipality::RegionalKey;
use domain::wire::{AdminAction, TerminalSummary};

/// How long a terminal's code may wait for the kiosk.
pub const CODE_LIFETIME_SECS: u64 = 60 * 60;

/// Who makes a code: the admin's user id and user name.
pub struct Admin<'a> {
    pub id: i64,
    pub username: &'a str,
}

/// Keeps `code` (as a digest) to enrol a terminal called `label` at `place`, and notes it in the
/// admin log, in one transaction. Codes past their time are dropped on the way.
pub async fn invite(
    db: &Db,
    municipality: &RegionalKey,
    (label, place): (&str, &str),
    (admin, code): (Admin<'_>, &str),
    now: u64,
) -> Result<u64, DataError> {
    let expires_at = now + CODE_LIFETIME_SECS;
    let mut tx = super::begin_write(db).await?;
    sqlx::query("DELETE FROM terminal_codes WHERE expires_at <= $1")
        .bind(to_i64(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO terminal_codes (code_hash, municipality, place, label, created_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(secrets::terminal_code_digest(code))
    .bind(municipality.to_string())
    .bind(place)
    .bind(label)
    .bind(admin.id)
    .bind(to_i64(expires_at))
    .execute(&mut *tx)
    .await?;
    admin_log::note(
        &mut tx,
        &municipality.to_string(),
        (admin.username, now),
        AdminAction::TerminalInvited,
        &format!("{label} ({place})"),
    )
    .await?;
    tx.commit().await?;
    Ok(expires_at)
}

/// Enrols the terminal a valid code names as device `id` with `credential`, and uses the code
/// up, in one transaction: of two kiosks racing with one code, one gets it. `false` when the
/// code is unknown, used or past its time.
pub async fn enrol(
    db: &Db,
    code: &str,
    (id, credential): (&str, &str),
    now: u64,
) -> Result<bool, DataError> {
    let mut tx = super::begin_write(db).await?;
    let invitation: Option<(String, String, String, i64)> = sqlx::query_as(
        "DELETE FROM terminal_codes WHERE code_hash = $1 AND expires_at > $2
         RETURNING municipality, place, label, created_by",
    )
    .bind(secrets::terminal_code_digest(code))
    .bind(to_i64(now))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((municipality, place, label, created_by)) = invitation else {
        return Ok(false);
    };
    sqlx::query(
        "INSERT INTO devices (id, municipality, enrolled_by, label, credential_hash, enrolled_at, last_contact_at, kind, place)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'terminal', $8)",
    )
    .bind(id)
    .bind(municipality)
    .bind(created_by)
    .bind(label)
    .bind(secrets::digest(credential))
    .bind(to_i64(now))
    .bind(to_i64(now))
    .bind(place)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// A terminal's row as the console lists it.
#[derive(sqlx::FromRow)]
struct TerminalRow {
    id: String,
    label: String,
    place: Option<String>,
    enrolled_at: i64,
    last_contact_at: i64,
    revoked_at: Option<i64>,
}

/// Who a terminal files in the name of: its name, and the admin who enrolled it, whom its
/// cases' record events hold to account.
pub struct Filer {
    pub label: String,
    pub enrolled_by: i64,
}

/// The filer of terminal `id`.
pub async fn filer<'e, E>(db: E, id: &str) -> Result<Option<Filer>, DataError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT label, enrolled_by FROM devices WHERE id = $1 AND kind = 'terminal'",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(label, enrolled_by)| Filer { label, enrolled_by }))
}

/// The terminals of a municipality, most recently heard from first.
pub async fn of_municipality(
    db: &Db,
    municipality: &RegionalKey,
) -> Result<Vec<TerminalSummary>, DataError> {
    let rows: Vec<TerminalRow> = sqlx::query_as(
        "SELECT id, label, place, enrolled_at, last_contact_at, revoked_at FROM devices
          WHERE municipality = $1 AND kind = 'terminal'
          ORDER BY last_contact_at DESC, id",
    )
    .bind(municipality.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| TerminalSummary {
            id: row.id,
            label: row.label,
            place: row.place.unwrap_or_default(),
            enrolled_at: to_u64(row.enrolled_at),
            last_contact_at: to_u64(row.last_contact_at),
            revoked: row.revoked_at.is_some(),
        })
        .collect())
}
