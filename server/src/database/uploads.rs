//! Photos under way in parts, per device (`domain::sync::upload` is the device's side): how much
//! the server holds, and each part appended at exactly that offset. The last part hands the whole
//! back for its checks (`attachments::store` keeps it) and ends the upload.

use super::{DataError, Db, begin_write, storage, to_i64};
use domain::municipality::RegionalKey;

/// Uploads a device may have open at once; a day's work is photographed and sent one at a time.
const MOST_OPEN_PER_DEVICE: i64 = 16;

/// An upload no part has reached for this long is dropped (a laptop handed back mid-transfer).
const ABANDONED_AFTER_SECS: u64 = 24 * 60 * 60;

/// Whose upload of which photo.
pub struct UploadKey<'a> {
    pub municipality: &'a RegionalKey,
    pub sha256: &'a str,
    pub device_id: &'a str,
}

/// What a part did.
pub enum PartTaken {
    /// Appended; the server now holds `offset` bytes of the photo.
    Held { offset: u64 },
    /// It was the last: the whole photo, for the caller's checks. The upload is ended.
    Whole(Vec<u8>),
    /// The part does not start where the held bytes end; nothing was stored.
    Mismatch { held: u64 },
    /// The municipality's storage cannot take the photo; nothing was stored.
    QuotaReached,
}

/// The bytes held of the device's upload and its whole length, if one is open.
pub async fn held(db: &Db, key: &UploadKey<'_>) -> Result<Option<(u64, u64)>, DataError> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT u.total_bytes,
                CAST(coalesce((SELECT sum(length(p.body)) FROM upload_parts p
                                WHERE p.municipality = u.municipality AND p.sha256 = u.sha256
                                  AND p.device_id = u.device_id), 0) AS BIGINT)
           FROM uploads u WHERE u.municipality = $1 AND u.sha256 = $2 AND u.device_id = $3",
    )
    .bind(key.municipality.to_string())
    .bind(key.sha256)
    .bind(key.device_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(total, held)| (unsigned(held), unsigned(total))))
}

/// Appends `part` at `offset` to the device's upload of a photo of `total` bytes, opening the
/// upload with its first part; all in one transaction.
pub async fn add_part(
    db: &Db,
    key: &UploadKey<'_>,
    (offset, total): (u64, u64),
    part: &[u8],
    now: u64,
) -> Result<PartTaken, DataError> {
    let mut tx = begin_write(db).await?;
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT total_bytes FROM uploads
          WHERE municipality = $1 AND sha256 = $2 AND device_id = $3",
    )
    .bind(key.municipality.to_string())
    .bind(key.sha256)
    .bind(key.device_id)
    .fetch_optional(&mut *tx)
    .await?;
    match open {
        Some(open) if unsigned(open) != total => {
            return Err(DataError::Invalid(format!(
                "Dieses Foto wird bereits mit {open} Bytes übertragen, nicht mit {total}."
            )));
        }
        Some(_) => {}
        None if offset != 0 => return Ok(PartTaken::Mismatch { held: 0 }),
        None => {
            let abandoned = now.saturating_sub(ABANDONED_AFTER_SECS);
            sqlx::query("DELETE FROM uploads WHERE started_at < $1")
                .bind(to_i64(abandoned))
                .execute(&mut *tx)
                .await?;
            let open_here: i64 =
                sqlx::query_scalar("SELECT count(*) FROM uploads WHERE device_id = $1")
                    .bind(key.device_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if open_here >= MOST_OPEN_PER_DEVICE {
                return Err(DataError::Invalid(
                    "Dieses Gerät hat zu viele unvollständige Fotos offen. Bitte die Übertragung \
                     erneut starten, wenn die Verbindung besser ist."
                        .into(),
                ));
            }
            if !storage::usage(&mut *tx, key.municipality)
                .await?
                .admits(to_i64(total))
            {
                return Ok(PartTaken::QuotaReached);
            }
            sqlx::query(
                "INSERT INTO uploads (municipality, sha256, device_id, total_bytes, started_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(key.municipality.to_string())
            .bind(key.sha256)
            .bind(key.device_id)
            .bind(to_i64(total))
            .bind(to_i64(now))
            .execute(&mut *tx)
            .await?;
        }
    }
    let held: i64 = sqlx::query_scalar(
        "SELECT CAST(coalesce(sum(length(body)), 0) AS BIGINT) FROM upload_parts
          WHERE municipality = $1 AND sha256 = $2 AND device_id = $3",
    )
    .bind(key.municipality.to_string())
    .bind(key.sha256)
    .bind(key.device_id)
    .fetch_one(&mut *tx)
    .await?;
    let held = unsigned(held);
    if held != offset {
        return Ok(PartTaken::Mismatch { held });
    }
    let reached = offset + part.len() as u64;
    if reached > total {
        return Err(DataError::Invalid(format!(
            "Der Teil reicht über das Ende des Fotos ({total} Bytes) hinaus."
        )));
    }
    // Two attempts racing after a cut both read the same offset; the key lets one in.
    let appended = sqlx::query(
        "INSERT INTO upload_parts (municipality, sha256, device_id, part_offset, body)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(key.municipality.to_string())
    .bind(key.sha256)
    .bind(key.device_id)
    .bind(to_i64(offset))
    .bind(part.to_vec())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if appended == 0 {
        return Ok(PartTaken::Mismatch { held });
    }
    if reached < total {
        tx.commit().await?;
        return Ok(PartTaken::Held { offset: reached });
    }
    let parts: Vec<Vec<u8>> = sqlx::query_scalar(
        "SELECT body FROM upload_parts
          WHERE municipality = $1 AND sha256 = $2 AND device_id = $3 ORDER BY part_offset",
    )
    .bind(key.municipality.to_string())
    .bind(key.sha256)
    .bind(key.device_id)
    .fetch_all(&mut *tx)
    .await?;
    end(&mut *tx, key).await?;
    tx.commit().await?;
    Ok(PartTaken::Whole(parts.concat()))
}

/// Ends the device's upload of a photo, dropping its parts.
async fn end<'e, E>(db: E, key: &UploadKey<'_>) -> Result<(), DataError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    // The parts go with it (ON DELETE CASCADE).
    sqlx::query("DELETE FROM uploads WHERE municipality = $1 AND sha256 = $2 AND device_id = $3")
        .bind(key.municipality.to_string())
        .bind(key.sha256)
        .bind(key.device_id)
        .execute(db)
        .await?;
    Ok(())
}

fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}
