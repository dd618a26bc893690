//! Photos of documents, content-addressed: a device uploads the bytes under their SHA-256 before
//! it pushes the case that references them. The server checks the hash, decodes the photo as a
//! JPEG (a file that only starts like one is refused), counts it against the municipality's
//! quota, keeps one copy per municipality, and answers a repeated upload as the first (so a retry
//! after a lost answer is harmless). Sync refuses a case whose photos it does not hold. A photo
//! goes back out only to the back office and to the devices that uploaded it.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::attachments::{self, Stored};
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
    let stored = attachments::store(
        &state.db,
        (&key, &sha256),
        (content_type, &body),
        &signed_in.device_id,
        state.now(),
    )
    .await?;
    let status = match stored {
        Stored::New => StatusCode::CREATED,
        Stored::AlreadyHeld => StatusCode::OK,
        Stored::QuotaReached => return Err(ApiError::QuotaReached),
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
    let row = attachments::fetch(
        &state.db,
        (&key, &sha256),
        (back_office, &signed_in.device_id),
    )
    .await?;
    let (content_type, body) = row.ok_or(ApiError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, content_type)], body))
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
