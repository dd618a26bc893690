//! Photos of documents, content-addressed: a device uploads the bytes under their SHA-256 before
//! it pushes the case that references them. The server checks the hash, decodes the photo as a
//! JPEG (a file that only starts like one is refused), counts it against the municipality's
//! quota, keeps one copy per municipality, and answers a repeated upload as the first (so a retry
//! after a lost answer is harmless). Sync refuses a case whose photos it does not hold. A photo
//! goes back out only to the back office and to the devices that uploaded it.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::DataError;
use crate::database::Db;
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use domain::cases::Attachment;
use domain::municipality::RegionalKey;
use domain::wire::AttachmentReceipt;
use domain::wire::ErrorBody;
use domain::wire::Role;
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Largest photo accepted. The app sends JPEGs downscaled to 1600 px (a few hundred KB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

/// Most pixels a photo may have: decoding takes three bytes each, and the app's photos have
/// under two million.
const MAX_PIXELS: u64 = 16 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload, download))
        .layer(DefaultBodyLimit::max(MAX_BYTES))
}

/// The municipality of an attachment's address, once the caller may act for it and the
/// address is an SHA-256.
async fn address(
    signed_in: &SignedIn,
    db: &crate::database::Db,
    (municipality, sha256): (&str, &str),
) -> Result<RegionalKey, ApiError> {
    if !Attachment::is_content_address(sha256) {
        return Err(ApiError::BadRequest(
            "Die Adresse eines Anhangs ist sein SHA-256 als 64 Kleinbuchstaben-Hexziffern.".into(),
        ));
    }
    signed_in.reach(db, municipality).await
}

/// Uploads a photo under the SHA-256 of its bytes (checked); a repeat answers 200, nothing changes.
#[utoipa::path(put, path = "/attachments/{municipality}/{sha256}", tag = "sync", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel"), ("sha256" = String, Path, description = "Lower-case hex SHA-256 of the body")),
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 201, description = "Stored", body = AttachmentReceipt), (status = 200, description = "Already held", body = AttachmentReceipt), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn upload(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, sha256)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<AttachmentReceipt>), ApiError> {
    let key = address(&signed_in, &state.db, (&municipality, &sha256)).await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    if content_type != "image/jpeg" {
        return Err(ApiError::BadRequest(
            "Anhänge werden als JPEG (image/jpeg) angenommen.".into(),
        ));
    }
    let actual = domain::hex::to_hex(&Sha256::digest(&body));
    if actual != sha256 {
        return Err(ApiError::BadRequest(format!(
            "Der Inhalt passt nicht zu seiner Adresse (SHA-256 {actual}); die Übertragung war \
             unvollständig und wird wiederholt."
        )));
    }
    let jpeg = body.clone();
    if !tokio::task::spawn_blocking(move || decodes_as_jpeg(&jpeg))
        .await
        .map_err(|error| ApiError::Internal(error.to_string()))?
    {
        return Err(ApiError::BadRequest(
            "Die Datei ist kein lesbares JPEG-Foto. Bitte das Foto neu aufnehmen.".into(),
        ));
    }
    let key = key.to_string();
    let size = i64::try_from(body.len()).unwrap_or(i64::MAX);
    let mut tx = crate::database::begin_write(&state.db).await?;
    let inserted = sqlx::query(
        "INSERT INTO attachments (municipality, sha256, content_type, size, body, received_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (municipality, sha256) DO NOTHING",
    )
    .bind(&key)
    .bind(&sha256)
    .bind(content_type)
    .bind(size)
    .bind(body.to_vec())
    .bind(i64::try_from(state.now()).unwrap_or(i64::MAX))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 1 {
        if !crate::storage::usage(&mut *tx, &key).await?.admits(size) {
            // Dropping the transaction undoes the insert.
            return Err(ApiError::QuotaReached);
        }
        crate::storage::add(&mut *tx, &key, size).await?;
    }
    sqlx::query(
        "INSERT INTO attachment_holders (municipality, sha256, device_id) VALUES ($1, $2, $3)
         ON CONFLICT (municipality, sha256, device_id) DO NOTHING",
    )
    .bind(&key)
    .bind(&sha256)
    .bind(&signed_in.device_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let status = if inserted == 1 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(AttachmentReceipt {
            sha256,
            bytes: body.len() as u64,
        }),
    ))
}

/// A photo, for the back office, or for a device that uploaded it; to anyone else it does not
/// exist.
#[utoipa::path(get, path = "/attachments/{municipality}/{sha256}", tag = "sync", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel"), ("sha256" = String, Path, description = "Lower-case hex SHA-256")),
    responses((status = 200, description = "The photo", content_type = "image/jpeg", body = Vec<u8>), (status = 404, description = "Not held", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn download(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, sha256)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let key = address(&signed_in, &state.db, (&municipality, &sha256)).await?;
    let back_office = matches!(signed_in.role, Role::BackOffice | Role::Admin);
    let row: Option<(String, Vec<u8>)> = sqlx::query_as(
        "SELECT a.content_type, a.body FROM attachments a
          WHERE a.municipality = $1 AND a.sha256 = $2
            AND ($3 = 1 OR EXISTS (SELECT 1 FROM attachment_holders h
                  WHERE h.municipality = a.municipality AND h.sha256 = a.sha256
                    AND h.device_id = $4))",
    )
    .bind(key.to_string())
    .bind(&sha256)
    .bind(i64::from(back_office))
    .bind(&signed_in.device_id)
    .fetch_optional(&state.db)
    .await?;
    let (content_type, body) = row.ok_or(ApiError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, content_type)], body))
}

/// The content addresses among `wanted` that the server does not hold for `municipality`.
pub(crate) async fn missing<'e, E>(
    db: E,
    municipality: &str,
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
    let mut query = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(municipality);
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

/// Whether `bytes` decode as a JPEG of a sane size, not just start like one.
fn decodes_as_jpeg(bytes: &[u8]) -> bool {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let Ok(()) = decoder.read_info() else {
        return false;
    };
    let Some(info) = decoder.info() else {
        return false;
    };
    if u64::from(info.width) * u64::from(info.height) > MAX_PIXELS {
        return false;
    }
    decoder.decode().is_ok()
}

/// How many photos the server holds for `municipality` (for tests and the operator).
pub async fn count(db: &Db, municipality: &str) -> Result<i64, DataError> {
    sqlx::query_scalar("SELECT count(*) FROM attachments WHERE municipality = $1")
        .bind(municipality)
        .fetch_one(db)
        .await
        .map_err(DataError::from)
}
