//! Who may use the app on this laptop right now — not enrolled, locked, unlocked, or wiped — and
//! the steps between: enrolment, unlock (offline, or online once the lease ran out), lock,
//! hand-back, and the device's regular contact with the server, which wipes a revoked device.

use crate::messages::Text;
use crate::platform::crypto;
use crate::platform::wipe::wipe_everything;
use crate::store::{self, DeviceRecord, StoreError, Unlocked, Vault, marker};
use domain::backoff::FailureRecord;
use domain::vault::{OfflineLease, RecordKind, UNLOCK_BACKOFF};
use domain::wire::{DeviceContact, DeviceProof, ErrorCode, SignInRequest, SignInResponse};
use leptos::prelude::*;
use ui::api;
use ui::http::{self, ApiFailure};

/// The record id under which the signed-in session (profile and token) is kept, encrypted.
const SESSION_ID: &str = "session";
/// Minimum passphrase length; PBKDF2 makes each guess cost, length makes guesses many.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

#[derive(Clone)]
pub enum Access {
    Starting,
    /// No IndexedDB or WebCrypto: the app cannot keep data safely here.
    Unavailable,
    /// Not set up on this laptop. `vanished` counts untransferred work whose data disappeared.
    NotEnrolled {
        vanished: Option<u32>,
    },
    Locked {
        vault: Vault,
        device: DeviceRecord,
    },
    Unlocked(Workspace),
    Wiped(WipeReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WipeReason {
    HandedBack,
    Revoked,
}

/// An unlocked store with the clerk it belongs to.
#[derive(Clone)]
pub struct Workspace {
    pub store: Unlocked,
    pub session: SignInResponse,
}

pub type AccessSignal = RwSignal<Access, LocalStorage>;

/// Something the clerk must be told, in words from `messages` or the server's own sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Say(Text),
    /// A German sentence the server sent.
    Server(String),
    /// Wrong passphrase; the next attempt is possible after this many seconds (0: at once).
    WrongPassphrase {
        wait_secs: u64,
    },
    /// Too early after failed attempts.
    Wait {
        wait_secs: u64,
    },
    /// Stored cases this app cannot read (damaged, or written by a newer version).
    Unreadable {
        records: usize,
    },
}

pub fn now_ms() -> u64 {
    // Date.now() is a whole, positive number of milliseconds.
    js_sys::Date::now() as u64
}

pub fn now_secs() -> u64 {
    now_ms() / 1000
}

impl From<StoreError> for Problem {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::WrongPassphrase => Self::WrongPassphrase { wait_secs: 0 },
            StoreError::Unavailable(_) => Self::Say(Text::StoreUnavailable),
            StoreError::Tampered | StoreError::Failed(_) => Self::Say(Text::StoreFailed),
        }
    }
}

impl From<ApiFailure> for Problem {
    fn from(failure: ApiFailure) -> Self {
        match failure {
            ApiFailure::Unreachable => Self::Say(Text::ServerUnreachable),
            ApiFailure::Refused { body, .. } => Self::Server(body.message),
            ApiFailure::Garbled(_) => Self::Say(Text::UnexpectedAnswer),
        }
    }
}

/// Opens the store and finds out where this laptop stands.
pub async fn start() -> Access {
    let Ok(vault) = Vault::open().await else {
        return Access::Unavailable;
    };
    match vault.device().await {
        Ok(Some(device)) => Access::Locked { vault, device },
        Ok(None) => Access::NotEnrolled {
            vanished: marker::vanished_pending(),
        },
        Err(_) => Access::Unavailable,
    }
}

pub struct Enrolment {
    pub username: String,
    pub password: String,
    pub device_label: String,
    pub passphrase: String,
}

/// First sign-in on this laptop: the server enrols it, the store is created under the passphrase.
pub async fn enrol(enrolment: Enrolment) -> Result<Workspace, Problem> {
    if enrolment.passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Problem::Say(Text::PassphraseTooShort));
    }
    let (signing_key, public_key) = crypto::generate_signing_key()
        .await
        .map_err(StoreError::from)?;
    let request = SignInRequest {
        username: enrolment.username,
        password: enrolment.password,
        device: None,
        device_label: Some(enrolment.device_label),
        enrol_for: None,
        device_key: Some(crypto::to_hex(&public_key)),
    };
    let mut session: SignInResponse = http::send(api::sign_in(), Some(&request)).await?;
    let credential = session
        .device_credential
        .take()
        .ok_or(Problem::Say(Text::UnexpectedAnswer))?;
    let vault = Vault::open().await?;
    let lease = OfflineLease {
        last_contact_at: now_secs(),
        days: session.clerk.municipality.offline_lease_days,
    };
    let store = vault
        .enrol(
            (session.device_id.clone(), credential),
            lease,
            &enrolment.passphrase,
            (signing_key, public_key),
        )
        .await?;
    save_session(&store, &session).await?;
    marker::remember(&session.device_id, 0);
    Ok(Workspace { store, session })
}

async fn save_session(store: &Unlocked, session: &SignInResponse) -> Result<(), Problem> {
    let json = serde_json::to_vec(session).map_err(|_| Problem::Say(Text::StoreFailed))?;
    store.put(RecordKind::Session, SESSION_ID, &json).await?;
    Ok(())
}

/// Unlocks with the passphrase. Past the offline lease, `online_sign_in` (user name and password)
/// must renew the session with the server first.
pub async fn unlock(
    vault: &Vault,
    passphrase: &str,
    online_sign_in: Option<(String, String)>,
) -> Result<Workspace, Problem> {
    let now = now_secs();
    let mut device = vault
        .device()
        .await?
        .ok_or(Problem::Say(Text::StoreFailed))?;
    let wait_secs = device.unlock_failures.wait_at(&UNLOCK_BACKOFF, now);
    if wait_secs > 0 {
        return Err(Problem::Wait { wait_secs });
    }
    let store = match vault.unlock(&mut device, passphrase).await {
        Ok(store) => store,
        Err(StoreError::WrongPassphrase) => {
            device.unlock_failures = device.unlock_failures.failed_at(now);
            vault.save_device(&device).await?;
            return Err(Problem::WrongPassphrase {
                wait_secs: device.unlock_failures.wait_at(&UNLOCK_BACKOFF, now),
            });
        }
        Err(error) => return Err(error.into()),
    };
    device.unlock_failures = FailureRecord::default();
    vault.save_device(&device).await?;

    let session = if device.lease.is_expired(now) {
        let (username, password) = online_sign_in.ok_or(Problem::Say(Text::LeaseExpired))?;
        renew_session(&store, username, password).await?
    } else {
        stored_session(&store).await?
    };
    Ok(Workspace { store, session })
}

/// Signs in again on an enrolled, unlocked laptop: past the offline lease (at unlock), or when
/// the server's session ran out (sessions last a working day; the Koffer stays unlocked). The
/// device proves itself with its credential; the new session is sealed like the old one, and the
/// offline lease starts anew.
///
/// A server that no longer knows the device (its database restored from a backup older than
/// the enrolment) checked the password first and then says `unknown_device`: the laptop is then
/// enrolled anew under a new id, for the same municipality, keeping its sealed data. The new id
/// has no mutations on the server, so the next transfer finds the server set back and sends
/// again what it lost (`domain::sync::setback`).
pub async fn renew_session(
    store: &Unlocked,
    username: String,
    password: String,
) -> Result<SignInResponse, Problem> {
    let vault = store.vault();
    let mut device = vault
        .device()
        .await?
        .ok_or(Problem::Say(Text::StoreFailed))?;
    let mut request = SignInRequest {
        username,
        password,
        device: Some(DeviceProof {
            id: device.device_id.clone(),
            credential: device.device_credential.clone(),
        }),
        device_label: None,
        enrol_for: None,
        // Registered if the server has none for this laptop (enrolled before it signed).
        device_key: device
            .signing_key
            .as_ref()
            .map(|key| crypto::to_hex(&key.public)),
    };
    let answer: Result<SignInResponse, ApiFailure> =
        http::send(api::sign_in(), Some(&request)).await;
    let session = match answer {
        Ok(session) => session,
        Err(failure) if failure.code() == Some(ErrorCode::UnknownDevice) => {
            let before = stored_session(store).await?;
            let municipality = &before.clerk.municipality.regional_key;
            request.device = None;
            // For the operator's device list (the server keeps 80 characters).
            request.device_label =
                Some(format!("Wieder eingerichtet, vorher {}", device.device_id));
            // The cases here belong to the laptop's municipality: the server enrols no device
            // for another one (which this laptop could not use).
            request.enrol_for = Some(municipality.clone());
            let mut session: SignInResponse = match http::send(api::sign_in(), Some(&request)).await
            {
                Err(failure) if failure.code() == Some(ErrorCode::DeviceOfOtherMunicipality) => {
                    return Err(Problem::Say(Text::ReEnrolOtherMunicipality));
                }
                answer => answer?,
            };
            if session.clerk.municipality.regional_key != *municipality {
                return Err(Problem::Say(Text::ReEnrolOtherMunicipality));
            }
            device.device_id = session.device_id.clone();
            device.device_credential = session
                .device_credential
                .take()
                .ok_or(Problem::Say(Text::UnexpectedAnswer))?;
            marker::remember(&device.device_id, vault.untransferred_count().await?);
            session
        }
        Err(failure) => return Err(failure.into()),
    };
    device.lease = OfflineLease {
        last_contact_at: now_secs(),
        days: session.clerk.municipality.offline_lease_days,
    };
    vault.save_device(&device).await?;
    save_session(store, &session).await?;
    Ok(session)
}

async fn stored_session(store: &Unlocked) -> Result<SignInResponse, Problem> {
    let json = store
        .get(RecordKind::Session, SESSION_ID)
        .await?
        .ok_or(Problem::Say(Text::StoreFailed))?;
    serde_json::from_slice(&json).map_err(|_| Problem::Say(Text::StoreFailed))
}

/// Locks: the data key leaves memory with the workspace; the database connection stays.
pub async fn lock(access: AccessSignal) {
    let Access::Unlocked(workspace) = access.get_untracked() else {
        return;
    };
    let vault = workspace.store.vault().clone();
    drop(workspace);
    let next = match vault.device().await {
        Ok(Some(device)) => Access::Locked { vault, device },
        // The device record vanished while unlocked: start over and say so.
        _ => start().await,
    };
    access.set(next);
}

/// Wipes everything, then says why. The clerk is told only once it is done.
pub async fn wipe(access: AccessSignal, vault: Option<Vault>, reason: WipeReason) {
    // Deleting a database waits for open connections: close ours first.
    if let Some(vault) = vault {
        vault.close().await;
    }
    wipe_everything(&[store::DATABASE]).await;
    marker::forget();
    access.set(Access::Wiped(reason));
}

/// Why the laptop may not be handed back yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandBackRefused {
    /// This many records have not reached the server.
    Untransferred(u32),
    /// Everything looks transferred, but the server has not just confirmed it holds it all: a
    /// server restored from an older backup may have lost cases this laptop holds as
    /// "Übertragen", and only a transfer notices and sends them again.
    Unconfirmed,
}

/// Hand-back: wipes the laptop, but only once nothing is untransferred and the server has
/// confirmed it holds the rest (`server_confirmed`: a transfer has just ended well, or there is
/// nothing it could have lost).
pub async fn hand_back(
    access: AccessSignal,
    workspace: Workspace,
    server_confirmed: bool,
) -> Result<(), HandBackRefused> {
    let vault = workspace.store.vault().clone();
    let pending = vault
        .untransferred_count()
        .await
        .map_err(|_| HandBackRefused::Untransferred(u32::MAX))?;
    if pending > 0 {
        return Err(HandBackRefused::Untransferred(pending));
    }
    if !server_confirmed {
        return Err(HandBackRefused::Unconfirmed);
    }
    drop(workspace);
    wipe(access, Some(vault), WipeReason::HandedBack).await;
    Ok(())
}

/// The device reports to the server: a revoked device wipes itself; otherwise the offline lease
/// is renewed. Offline or server trouble changes nothing.
pub async fn contact_server(access: AccessSignal) {
    let vault = match access.get_untracked() {
        Access::Locked { vault, .. } => vault,
        Access::Unlocked(workspace) => workspace.store.vault().clone(),
        _ => return,
    };
    let Ok(Some(mut device)) = vault.device().await else {
        return;
    };
    let contact = api::contact(&device.device_id, &device.device_credential);
    let answer: Result<DeviceContact, ApiFailure> = http::send(contact, None).await;
    match answer {
        Ok(contact) => {
            device.lease = OfflineLease {
                last_contact_at: contact.server_time,
                days: contact.offline_lease_days,
            };
            let _ = vault.save_device(&device).await;
        }
        Err(failure) if failure.code() == Some(ErrorCode::DeviceRevoked) => {
            wipe(access, Some(vault), WipeReason::Revoked).await;
        }
        Err(_) => {}
    }
}
