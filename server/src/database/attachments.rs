//! Photos of documents, kept by their SHA-256 per municipality, and the devices that uploaded
//! each (besides the back office, only they may fetch it again).

use super::{DataError, Db, begin_write, storage};
use domain::municipality::RegionalKey;

/// What storing a photo did.
pub enum Stored {
    New,
    /// Held before (by this or another device); this device may now fetch it too.
    AlreadyHeld,
    /// The municipality's storage is full: nothing was stored.
    QuotaReached,
}

/// Stores a photo under `(municipality, sha256)` (checked by the caller), counts it against the
/// municipality's storage, and notes `device_id` as one that holds it; all in one transaction.
pub async fn store(
    db: &Db,
    (municipality, sha256): (&RegionalKey, &str),
    (content_type, body): (&str, &[u8]),
    device_id: &str,
    now: u64,
) -> Result<Stored, DataError> {
    let size = i64::try_from(body.len()).unwrap_or(i64::MAX);
    let mut tx = begin_write(db).await?;
    let inserted = sqlx::query(
        "INSERT INTO attachments (municipality, sha256, content_type, size, body, received_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (municipality, sha256) DO NOTHING",
    )
    .bind(municipality.to_string())
    .bind(sha256)
    .bind(content_type)
    .bind(size)
    .bind(body.to_vec())
    .bind(i64::try_from(now).unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        if !storage::usage(&mut *tx, municipality).await?.admits(size) {
            // Dropping the transaction undoes the insert.
            return Ok(Stored::QuotaReached);
        }
        storage::add(&mut *tx, municipality, size).await?;
    }
    sqlx::query(
        "INSERT INTO attachment_holders (municipality, sha256, device_id) VALUES ($1, $2, $3)
         ON CONFLICT (municipality, sha256, device_id) DO NOTHING",
    )
    .bind(municipality.to_string())
    .bind(sha256)
    .bind(device_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(if inserted == 1 {
        Stored::New
    } else {
        Stored::AlreadyHeld
    })
}

/// A photo's content type and bytes, for the back office or a device that holds it; `None` for
/// anyone else, as for a photo that is not there.
pub async fn fetch(
    db: &Db,
    (municipality, sha256): (&RegionalKey, &str),
    (back_office, device_id): (bool, &str),
) -> Result<Option<(String, Vec<u8>)>, DataError> {
    Ok(sqlx::query_as(
        "SELECT a.content_type, a.body FROM attachments a
          WHERE a.municipality = $1 AND a.sha256 = $2
            AND ($3 = 1 OR EXISTS (SELECT 1 FROM attachment_holders h
                  WHERE h.municipality = a.municipality AND h.sha256 = a.sha256
                    AND h.device_id = $4))",
    )
    .bind(municipality.to_string())
    .bind(sha256)
    .bind(i64::from(back_office))
    .bind(device_id)
    .fetch_optional(db)
    .await?)
}

/// The size of a photo the server holds for `municipality` and `device_id` has uploaded.
pub async fn held_by(
    db: &Db,
    (municipality, sha256): (&RegionalKey, &str),
    device_id: &str,
) -> Result<Option<u64>, DataError> {
    let size: Option<i64> = sqlx::query_scalar(
        "SELECT a.size FROM attachments a JOIN attachment_holders h
             ON h.municipality = a.municipality AND h.sha256 = a.sha256
          WHERE a.municipality = $1 AND a.sha256 = $2 AND h.device_id = $3",
    )
    .bind(municipality.to_string())
    .bind(sha256)
    .bind(device_id)
    .fetch_optional(db)
    .await?;
    Ok(size.map(|size| u64::try_from(size).unwrap_or(0)))
}

/// The content addresses among `wanted` that the server does not hold for `municipality`.
pub async fn missing<'e, E>(
    db: E,
    municipality: &RegionalKey,
    wanted: &[String],
) -> Result<Vec<String>, DataError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (0..wanted.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT sha256 FROM attachments WHERE municipality = $1 AND sha256 IN ({})",
        placeholders.join(", ")
    );
    let mut query =
        sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(municipality.to_string());
    for sha256 in wanted {
        query = query.bind(sha256.as_str());
    }
    let held = query.fetch_all(db).await?;
    Ok(wanted
        .iter()
        .filter(|sha256| !held.contains(sha256))
        .cloned()
        .collect())
}

/// How many photos the server holds for `municipality` (for tests and the operator).
pub async fn count(db: &Db, municipality: &RegionalKey) -> Result<i64, DataError> {
    sqlx::query_scalar("SELECT count(*) FROM attachments WHERE municipality = $1")
        .bind(municipality.to_string())
        .fetch_one(db)
        .await
        .map_err(DataError::from)
}
