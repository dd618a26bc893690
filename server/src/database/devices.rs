//! Enrolled devices: enrolment with the public key a device signs with, contact, revocation,
//! and the operator's list.

use super::{DataError, Db, admin_log};
use crate::secrets;
use domain::municipality::RegionalKey;
use domain::wire::{AdminAction, DeviceSummary};

fn as_db_time(now: u64) -> i64 {
    i64::try_from(now).unwrap_or(i64::MAX)
}

/// Enrols a new device `id` for `municipality` with the public key it signs its pushes with. Its
/// credential is shown to the device once and stored here only as a digest.
pub async fn enrol(
    db: &Db,
    municipality: &RegionalKey,
    enrolled_by: i64,
    (label, public_key): (&str, Option<&DeviceKey>),
    (id, credential): (&str, &str),
    now: u64,
) -> Result<(), DataError> {
    let label = label.trim();
    let label = if label.is_empty() { "Koffer" } else { label };
    sqlx::query(
        "INSERT INTO devices (id, municipality, enrolled_by, label, credential_hash, enrolled_at, last_contact_at, public_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(municipality.to_string())
    .bind(enrolled_by)
    .bind(label.chars().take(80).collect::<String>())
    .bind(secrets::digest(credential))
    .bind(as_db_time(now))
    .bind(as_db_time(now))
    .bind(public_key.map(|key| key.0.as_str()))
    .execute(db)
    .await?;
    Ok(())
}

/// The public half of a device's signing key, checked to be a P-256 point (SEC1 hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceKey(String);

impl DeviceKey {
    pub fn parse(text: &str) -> Result<Self, DataError> {
        let text = text.trim().to_ascii_lowercase();
        if text.len() <= 200 && domain::audit::device_key_from_hex(&text).is_some() {
            Ok(Self(text))
        } else {
            Err(DataError::Invalid(
                "Der Schlüssel des Geräts ist kein öffentlicher P-256-Schlüssel.".into(),
            ))
        }
    }
}

/// Registers `key` for a device enrolled without one. The first key stays: a later one (say,
/// from someone who copied the device's credential) changes nothing.
pub async fn register_key_if_none(db: &Db, id: &str, key: &DeviceKey) -> Result<(), DataError> {
    sqlx::query("UPDATE devices SET public_key = $1 WHERE id = $2 AND public_key IS NULL")
        .bind(key.0.as_str())
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The key a device signs its pushes with, if it registered one.
pub async fn public_key(db: &Db, id: &str) -> Result<Option<String>, DataError> {
    let key: Option<Option<String>> =
        sqlx::query_scalar("SELECT public_key FROM devices WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(key.flatten())
}

/// Whether device `id` is a Bürger-Terminal.
pub async fn is_terminal(db: &Db, id: &str) -> Result<bool, DataError> {
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM devices WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(kind.as_deref() == Some("terminal"))
}

/// Marks the device revoked and ends its sessions. Returns false when no such device exists.
pub async fn revoke(db: &Db, id: &str, (by, now): (&str, u64)) -> Result<bool, DataError> {
    let mut tx = super::begin_write(db).await?;
    let revoked: Option<(String, String)> = sqlx::query_as(
        "UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2
         RETURNING municipality, label",
    )
    .bind(as_db_time(now))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((municipality, label)) = &revoked {
        let subject = format!("{label} ({id})");
        admin_log::note(
            &mut tx,
            municipality,
            (by, now),
            AdminAction::DeviceRevoked,
            &subject,
        )
        .await?;
    }
    sqlx::query("DELETE FROM sessions WHERE device_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(revoked.is_some())
}

/// The laptops of a municipality (devices that sign what they file; a browser signed in at the
/// town hall signs nothing and is not one), most recently heard from first.
pub async fn laptops_of(
    db: &Db,
    municipality: &RegionalKey,
) -> Result<Vec<DeviceSummary>, DataError> {
    let rows: Vec<(String, String, String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT d.id, d.label, u.username, d.enrolled_at, d.last_contact_at, d.revoked_at
           FROM devices d JOIN users u ON u.id = d.enrolled_by
          WHERE d.municipality = $1 AND d.kind = 'laptop' AND d.public_key IS NOT NULL
          ORDER BY d.last_contact_at DESC, d.id",
    )
    .bind(municipality.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, label, enrolled_by, enrolled_at, last_contact_at, revoked_at)| DeviceSummary {
                id,
                label,
                enrolled_by,
                enrolled_at: super::to_u64(enrolled_at),
                last_contact_at: super::to_u64(last_contact_at),
                revoked: revoked_at.is_some(),
            },
        )
        .collect())
}

/// A device as the operator's `device list` shows it.
pub struct DeviceListing {
    pub id: String,
    pub municipality: String,
    pub label: String,
    pub last_contact_at: i64,
    pub revoked: bool,
}

pub async fn list(db: &Db) -> Result<Vec<DeviceListing>, DataError> {
    let rows: Vec<(String, String, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, municipality, label, last_contact_at, revoked_at FROM devices ORDER BY municipality, enrolled_at",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, municipality, label, last_contact_at, revoked_at)| DeviceListing {
                id,
                municipality,
                label,
                last_contact_at,
                revoked: revoked_at.is_some(),
            },
        )
        .collect())
}

/// Notes that a device reported in.
pub async fn record_contact(db: &Db, id: &str, now: u64) -> Result<(), DataError> {
    sqlx::query("UPDATE devices SET last_contact_at = $1 WHERE id = $2")
        .bind(as_db_time(now))
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// The municipality a device is enrolled for; `None` if there is no such device.
pub async fn municipality_of(db: &Db, id: &str) -> Result<Option<String>, DataError> {
    Ok(
        sqlx::query_scalar("SELECT municipality FROM devices WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// What a device's proof (id and credential) shows.
pub enum Proof {
    /// No device with this id and credential.
    Unknown,
    Revoked,
    /// A laptop enrolled for this municipality.
    Laptop(String),
    /// A Bürger-Terminal enrolled for this municipality, and its place.
    Terminal {
        municipality: String,
        place: String,
    },
}

/// What `check_proof` reads of a device.
#[derive(sqlx::FromRow)]
struct ProofRow {
    municipality: String,
    credential_hash: Vec<u8>,
    revoked_at: Option<i64>,
    kind: String,
    place: Option<String>,
}

/// Checks a device's id and credential against the digest kept at enrolment.
pub async fn check_proof(db: &Db, id: &str, credential: &str) -> Result<Proof, DataError> {
    let row: Option<ProofRow> = sqlx::query_as(
        "SELECT municipality, credential_hash, revoked_at, kind, place FROM devices WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        None => Proof::Unknown,
        Some(row) if row.credential_hash != secrets::digest(credential) => Proof::Unknown,
        Some(row) if row.revoked_at.is_some() => Proof::Revoked,
        Some(row) if row.kind == "terminal" => Proof::Terminal {
            municipality: row.municipality,
            place: row.place.unwrap_or_default(),
        },
        Some(row) => Proof::Laptop(row.municipality),
    })
}
