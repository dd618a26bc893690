//! Who is calling: a signed-in person (bearer token, bound to an enrolled device) or an enrolled
//! device reporting in (device id and credential), both as extractors, so a handler that names
//! one cannot run for a caller without it; and what a caller may reach: its own municipality and
//! those it serves by delegation.

use crate::AppState;
use crate::database::DataError;
use crate::database::Db;
use crate::error::ApiError;
use crate::secrets::digest;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use domain::municipality::RegionalKey;
use domain::wire::Role;

pub const DEVICE_ID_HEADER: &str = "x-device-id";
pub const DEVICE_CREDENTIAL_HEADER: &str = "x-device-credential";

/// A person signed in on an enrolled, unrevoked device, with a session that has not expired.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: i64,
    pub username: String,
    /// How the person is named in a case's history.
    pub display_name: String,
    pub role: Role,
    pub municipality: String,
    pub device_id: String,
    pub token_digest: Vec<u8>,
}

impl SignedIn {
    /// Refuses unless `key` is the caller's municipality or one it serves by delegation.
    pub async fn require_access(&self, db: &Db, key: &RegionalKey) -> Result<(), ApiError> {
        if may_act_for(db, &self.municipality, &key.to_string()).await? {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    /// The municipality `text` names, parsed strictly, once the caller may act for it: the way
    /// a handler reaches a municipality's data.
    pub async fn reach(&self, db: &Db, text: &str) -> Result<RegionalKey, ApiError> {
        let key =
            RegionalKey::parse(text).map_err(|error| ApiError::BadRequest(error.to_string()))?;
        self.require_access(db, &key).await?;
        Ok(key)
    }

    pub fn require_role(&self, role: Role) -> Result<(), ApiError> {
        if self.role == role {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// expires_at, user id, username, display name, role, municipality, device id, device revoked_at
type SessionRow = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = header(parts, AUTHORIZATION.as_str())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ApiError::NotSignedIn)?;
        let token_digest = digest(token.trim());
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT s.expires_at, u.id, u.username, u.display_name, u.role, u.municipality, d.id, d.revoked_at
             FROM sessions s
             JOIN users u ON u.id = s.user_id
             JOIN devices d ON d.id = s.device_id
             WHERE s.token_hash = $1",
        )
        .bind(&token_digest)
        .fetch_optional(&state.db)
        .await?;
        let (
            expires_at,
            user_id,
            username,
            display_name,
            role,
            municipality,
            device_id,
            revoked_at,
        ) = row.ok_or(ApiError::NotSignedIn)?;
        if revoked_at.is_some() {
            return Err(ApiError::DeviceRevoked);
        }
        if u64::try_from(expires_at).unwrap_or(0) <= state.now() {
            return Err(ApiError::SessionExpired);
        }
        Ok(Self {
            user_id,
            username,
            display_name,
            role: Role::parse(&role).unwrap_or(Role::Clerk),
            municipality,
            device_id,
            token_digest,
        })
    }
}

/// An enrolled device proving itself with the credential it got at enrolment. Works without a
/// session, so a device that was offline for days still learns at once that it was revoked.
#[derive(Debug, Clone)]
pub struct EnrolledDevice {
    pub id: String,
    pub municipality: String,
}

impl FromRequestParts<AppState> for EnrolledDevice {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let id = header(parts, DEVICE_ID_HEADER).ok_or(ApiError::UnknownDevice)?;
        let credential = header(parts, DEVICE_CREDENTIAL_HEADER).ok_or(ApiError::UnknownDevice)?;
        let municipality = verify_device(&state.db, id, credential).await?;
        Ok(Self {
            id: id.to_owned(),
            municipality,
        })
    }
}

/// Whether a clerk of `own` may act for `target`.
pub async fn may_act_for<'e, E>(db: E, own: &str, target: &str) -> Result<bool, DataError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if own == target {
        return Ok(true);
    }
    let delegated: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM delegations WHERE serving = $1 AND served = $2")
            .bind(own)
            .bind(target)
            .fetch_optional(db)
            .await?;
    Ok(delegated.is_some())
}

/// Checks a device's proof; returns its municipality.
pub async fn verify_device(db: &Db, id: &str, credential: &str) -> Result<String, ApiError> {
    let row: Option<(String, Vec<u8>, Option<i64>)> = sqlx::query_as(
        "SELECT municipality, credential_hash, revoked_at FROM devices WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?;
    let (municipality, credential_hash, revoked_at) = row.ok_or(ApiError::UnknownDevice)?;
    if credential_hash != digest(credential) {
        return Err(ApiError::UnknownDevice);
    }
    if revoked_at.is_some() {
        return Err(ApiError::DeviceRevoked);
    }
    Ok(municipality)
}
