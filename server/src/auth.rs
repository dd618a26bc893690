//! Who is calling: a signed-in person (bearer token, bound to an enrolled laptop), an enrolled
//! laptop reporting in, or an enrolled terminal (device id and credential), each as an
//! extractor, so a handler that names one cannot run for a caller without it; and what a caller
//! may reach: its own municipality and those it serves by delegation.

use crate::AppState;
use crate::database::devices::{self, Proof};
use crate::database::municipalities::may_act_for;
use crate::database::{Db, sessions, stored_key};
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
    pub municipality: RegionalKey,
    pub device_id: String,
    pub token_digest: Vec<u8>,
    /// Seconds since the epoch.
    pub session_expires_at: u64,
}

impl SignedIn {
    /// Refuses unless `key` is the caller's municipality or one it serves by delegation.
    pub async fn require_access(&self, db: &Db, key: &RegionalKey) -> Result<(), ApiError> {
        if may_act_for(db, &self.municipality, key).await? {
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

    /// Refuses a clerk: the town hall's routes are for its back office and admins.
    pub fn require_town_hall(&self) -> Result<(), ApiError> {
        match self.role {
            Role::BackOffice | Role::Admin => Ok(()),
            Role::Clerk => Err(ApiError::Forbidden),
        }
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

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = header(parts, AUTHORIZATION.as_str())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(ApiError::NotSignedIn)?;
        let token_digest = digest(token.trim());
        let session = sessions::by_token(&state.db, &token_digest)
            .await?
            .ok_or(ApiError::NotSignedIn)?;
        if session.device_revoked {
            return Err(ApiError::DeviceRevoked);
        }
        if session.expires_at <= state.now() {
            return Err(ApiError::SessionExpired);
        }
        Ok(Self {
            user_id: session.user_id,
            username: session.username,
            display_name: session.display_name,
            role: session.role,
            municipality: session.municipality,
            device_id: session.device_id,
            token_digest,
            session_expires_at: session.expires_at,
        })
    }
}

/// An enrolled device proving itself with the credential it got at enrolment. Works without a
/// session, so a device that was offline for days still learns at once that it was revoked.
#[derive(Debug, Clone)]
pub struct EnrolledDevice {
    pub id: String,
    pub municipality: RegionalKey,
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

/// Checks a laptop's proof; returns its municipality. A terminal's credential proves no laptop:
/// nobody signs in on a kiosk, nor pushes from it.
pub async fn verify_device(db: &Db, id: &str, credential: &str) -> Result<RegionalKey, ApiError> {
    match devices::check_proof(db, id, credential).await? {
        Proof::Unknown | Proof::Terminal { .. } => Err(ApiError::UnknownDevice),
        Proof::Revoked => Err(ApiError::DeviceRevoked),
        Proof::Laptop(municipality) => Ok(stored_key(&municipality)?),
    }
}

/// An enrolled Bürger-Terminal proving itself with the credential it got for its code, with the
/// place it stands at. A laptop's credential proves no terminal.
#[derive(Debug, Clone)]
pub struct EnrolledTerminal {
    pub id: String,
    pub municipality: RegionalKey,
    pub place: String,
}

impl FromRequestParts<AppState> for EnrolledTerminal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let id = header(parts, DEVICE_ID_HEADER).ok_or(ApiError::UnknownDevice)?;
        let credential = header(parts, DEVICE_CREDENTIAL_HEADER).ok_or(ApiError::UnknownDevice)?;
        match devices::check_proof(&state.db, id, credential).await? {
            Proof::Unknown | Proof::Laptop(_) => Err(ApiError::UnknownDevice),
            Proof::Revoked => Err(ApiError::DeviceRevoked),
            Proof::Terminal {
                municipality,
                place,
            } => Ok(Self {
                id: id.to_owned(),
                municipality: stored_key(&municipality)?,
                place,
            }),
        }
    }
}
