//! Photos of documents, content-addressed: a device uploads the bytes under their SHA-256 before
//! it pushes the case that references them. The server checks the hash, keeps one copy per
//! municipality, and answers a repeated upload as the first (so a retry after a lost answer is
//! harmless). Sync refuses a case whose photos it does not hold.

use crate::AppState;
use crate::auth::SignedIn;
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
use sha2::{Digest, Sha256};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Largest photo accepted. The app sends JPEGs downscaled to 1600 px (a few hundred KB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload, download))
        .layer(DefaultBodyLimit::max(MAX_BYTES))
}

fn address(municipality: &str, sha256: &str) -> Result<RegionalKey, ApiError> {
    let key = RegionalKey::parse(municipality)
        .map_err(|error| ApiError::BadRequest(error.to_string()))?;
    if !Attachment::is_content_address(sha256) {
        return Err(ApiError::BadRequest(
            "Die Adresse eines Anhangs ist sein SHA-256 als 64 Kleinbuchstaben-Hexziffern.".into(),
        ));
    }
    Ok(key)
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
    let key = address(&municipality, &sha256)?;
    signed_in.require_access(&state.db, &key).await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream");
    if content_type != "image/jpeg" {
        return Err(ApiError::BadRequest(
            "Anhänge werden als JPEG (image/jpeg) angenommen.".into(),
        ));
    }
    let actual = hex(&Sha256::digest(&body));
    if actual != sha256 {
        return Err(ApiError::BadRequest(format!(
            "Der Inhalt passt nicht zu seiner Adresse (SHA-256 {actual}); die Übertragung war \
             unvollständig und wird wiederholt."
        )));
    }
    let inserted = sqlx::query(
        "INSERT INTO attachments (municipality, sha256, content_type, size, body, received_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (municipality, sha256) DO NOTHING",
    )
    .bind(key.to_string())
    .bind(&sha256)
    .bind(content_type)
    .bind(i64::try_from(body.len()).unwrap_or(i64::MAX))
    .bind(body.to_vec())
    .bind(i64::try_from(state.now()).unwrap_or(i64::MAX))
    .execute(&state.db)
    .await?
    .rows_affected();
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

#[utoipa::path(get, path = "/attachments/{municipality}/{sha256}", tag = "sync", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel"), ("sha256" = String, Path, description = "Lower-case hex SHA-256")),
    responses((status = 200, description = "The photo", content_type = "image/jpeg", body = Vec<u8>), (status = 404, description = "Not held", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn download(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, sha256)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let key = address(&municipality, &sha256)?;
    signed_in.require_access(&state.db, &key).await?;
    let row: Option<(String, Vec<u8>)> = sqlx::query_as(
        "SELECT content_type, body FROM attachments WHERE municipality = $1 AND sha256 = $2",
    )
    .bind(key.to_string())
    .bind(&sha256)
    .fetch_optional(&state.db)
    .await?;
    let (content_type, body) = row.ok_or(ApiError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, content_type)], body))
}

/// The content addresses among `wanted` that the server does not hold for `municipality`.
pub(crate) async fn missing<'e, E>(
    db: E,
    municipality: &str,
    wanted: &[Attachment],
) -> Result<Vec<String>, ApiError>
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
    for attachment in wanted {
        query = query.bind(attachment.sha256.clone());
    }
    let held = query.fetch_all(db).await?;
    Ok(wanted
        .iter()
        .filter(|a| !held.contains(&a.sha256))
        .map(|a| a.sha256.clone())
        .collect())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How many photos the server holds for `municipality` (for tests and the operator).
pub async fn count(db: &Db, municipality: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM attachments WHERE municipality = $1")
        .bind(municipality)
        .fetch_one(db)
        .await
}
