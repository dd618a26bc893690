//! Photos of documents, content-addressed: a device uploads the bytes under their SHA-256 before
//! it pushes the case that references them. The server checks the hash, decodes the photo as a
//! JPEG (a file that only starts like one is refused), counts it against the municipality's
//! quota, keeps one copy per municipality, and answers a repeated upload as the first (so a retry
//! after a lost answer is harmless). Sync refuses a case whose photos it does not hold. A photo
//! goes back out only to the back office and to the devices that uploaded it.
//!
//! Over a bad link a photo goes up in parts (`…/upload`, the core of the tus protocol): the
//! device asks how much the server holds (`GET`, answered from the device's own upload only) and
//! sends the next part with its offset (`PATCH`, `Upload-Offset` and `Upload-Length`); the server
//! appends it only at exactly that offset and answers with the new one. The last part makes the
//! whole, which goes through the same checks as a whole upload. Holding a photo's address is no
//! proof of holding the photo: a device becomes a holder only by sending every byte.

use crate::AppState;
use crate::auth::SignedIn;
use crate::database::attachments::{self, Stored};
use crate::database::uploads::{self, PartTaken, UploadKey};
use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use domain::cases::Attachment;
use domain::municipality::RegionalKey;
use domain::sync::wire::UploadOffset;
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
        .routes(routes!(upload_offset, upload_part))
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
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("sha256" = String, Path, description = "Lower-case hex SHA-256 of the body", pattern = r"^[0-9a-f]{64}$")),
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
    if content_type != JPEG {
        return Err(ApiError::BadRequest(
            "Anhänge werden als JPEG (image/jpeg) angenommen.".into(),
        ));
    }
    let status = match keep_whole(&state, &signed_in, (&key, &sha256), body.to_vec()).await? {
        Stored::New => StatusCode::CREATED,
        _ => StatusCode::OK,
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
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("sha256" = String, Path, description = "Lower-case hex SHA-256", pattern = r"^[0-9a-f]{64}$")),
    responses((status = 200, description = "The photo", content_type = "image/jpeg", body = Vec<u8>), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 404, description = "Not held", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
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

/// Checks a whole photo against its address and as a JPEG, then keeps it with the device as a
/// holder: the one way in, for a whole upload and for the last part of one in parts.
async fn keep_whole(
    state: &AppState,
    signed_in: &SignedIn,
    (key, sha256): (&RegionalKey, &str),
    body: Vec<u8>,
) -> Result<Stored, ApiError> {
    let actual = domain::hex::to_hex(&Sha256::digest(&body));
    if actual != sha256 {
        return Err(ApiError::Unprocessable(format!(
            "Der Inhalt passt nicht zu seiner Adresse (SHA-256 {actual}); die Übertragung war \
             unvollständig und wird wiederholt."
        )));
    }
    let (body, decodes) = tokio::task::spawn_blocking(move || {
        let decodes = decodes_as_jpeg(&body);
        (body, decodes)
    })
    .await
    .map_err(|error| ApiError::Internal(error.to_string()))?;
    if !decodes {
        return Err(ApiError::Unprocessable(
            "Die Datei ist kein lesbares JPEG-Foto. Bitte das Foto neu aufnehmen.".into(),
        ));
    }
    match attachments::store(
        &state.db,
        (key, sha256),
        (JPEG, &body),
        &signed_in.device_id,
        state.now(),
    )
    .await?
    {
        Stored::QuotaReached => Err(ApiError::QuotaReached),
        stored => Ok(stored),
    }
}

/// How much of a photo the server holds for the calling device: all of it once the device has
/// uploaded it, else what its upload in parts has reached (none yet: offset 0).
#[utoipa::path(get, path = "/attachments/{municipality}/{sha256}/upload", tag = "sync", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("sha256" = String, Path, description = "Lower-case hex SHA-256 of the whole photo", pattern = r"^[0-9a-f]{64}$"), ("Upload-Length" = u64, Header, description = "The whole photo's length in bytes", maximum = 8388608)),
    responses((status = 200, description = "Bytes held", body = UploadOffset), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody)))]
async fn upload_offset(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, sha256)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<UploadOffset>, ApiError> {
    let key = address(&signed_in, &state.db, (&municipality, &sha256)).await?;
    let length = number_header(&headers, UPLOAD_LENGTH)?;
    if let Some(size) =
        attachments::held_by(&state.db, (&key, &sha256), &signed_in.device_id).await?
    {
        return Ok(Json(UploadOffset {
            offset: size,
            length: size,
            complete: true,
        }));
    }
    let upload = UploadKey {
        municipality: &key,
        sha256: &sha256,
        device_id: &signed_in.device_id,
    };
    let (offset, length) = uploads::held(&state.db, &upload)
        .await?
        .unwrap_or((0, length));
    Ok(Json(UploadOffset {
        offset,
        length,
        complete: false,
    }))
}

/// One part of a photo, appended at `Upload-Offset` if the server holds exactly that much; the
/// last part is checked and kept like a whole upload.
#[utoipa::path(patch, path = "/attachments/{municipality}/{sha256}/upload", tag = "sync", security(("bearer" = [])),
    params(("municipality" = String, Path, description = "Regionalschlüssel", pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"), ("sha256" = String, Path, description = "Lower-case hex SHA-256 of the whole photo", pattern = r"^[0-9a-f]{64}$"), ("Upload-Offset" = u64, Header, description = "Where this part starts"), ("Upload-Length" = u64, Header, description = "The whole photo's length in bytes", maximum = 8388608)),
    request_body(content = Vec<u8>, content_type = "application/offset+octet-stream"),
    responses((status = 200, description = "Taken; the new offset", body = UploadOffset), (status = 409, description = "The part does not start at the held offset; the body names it", body = ErrorBody), (status = 400, description = "Malformed request; the body says what to fix", body = ErrorBody), (status = 401, description = "Not signed in or session expired", body = ErrorBody), (status = 403, description = "Another municipality or role", body = ErrorBody), (status = 507, description = "The municipality's storage is full", body = ErrorBody)))]
async fn upload_part(
    signed_in: SignedIn,
    State(state): State<AppState>,
    Path((municipality, sha256)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<UploadOffset>, ApiError> {
    let key = address(&signed_in, &state.db, (&municipality, &sha256)).await?;
    if headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        != Some(PART)
    {
        return Err(ApiError::BadRequest(format!(
            "Ein Teil eines Fotos wird als {PART} gesendet."
        )));
    }
    let offset = number_header(&headers, UPLOAD_OFFSET)?;
    let length = number_header(&headers, UPLOAD_LENGTH)?;
    if length > MAX_BYTES as u64 {
        return Err(ApiError::BadRequest(format!(
            "Ein Foto darf höchstens {MAX_BYTES} Bytes groß sein."
        )));
    }
    let upload = UploadKey {
        municipality: &key,
        sha256: &sha256,
        device_id: &signed_in.device_id,
    };
    match uploads::add_part(&state.db, &upload, (offset, length), &body, state.now()).await? {
        PartTaken::Held { offset } => Ok(Json(UploadOffset {
            offset,
            length,
            complete: false,
        })),
        PartTaken::Mismatch { held } => Err(ApiError::UploadOffsetMismatch { held }),
        PartTaken::QuotaReached => Err(ApiError::QuotaReached),
        PartTaken::Whole(photo) => {
            keep_whole(&state, &signed_in, (&key, &sha256), photo).await?;
            Ok(Json(UploadOffset {
                offset: length,
                length,
                complete: true,
            }))
        }
    }
}

const JPEG: &str = "image/jpeg";
/// The content type of a part (tus).
const PART: &str = "application/offset+octet-stream";
const UPLOAD_OFFSET: &str = "upload-offset";
const UPLOAD_LENGTH: &str = "upload-length";

/// A header holding a number of bytes, or a German sentence naming it.
fn number_header(headers: &HeaderMap, name: &str) -> Result<u64, ApiError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            ApiError::BadRequest(format!("Der Kopf {name} fehlt oder ist keine Byte-Zahl."))
        })
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
