//! This laptop's enrolment as stored in clear: readable before unlocking, and granting nothing
//! without the clerk's password and passphrase.

use super::StoreError;
use super::fields::{bytes, get_bytes, get_number, get_string, set};
use domain::backoff::FailureRecord;
use domain::vault::{OfflineLease, PBKDF2_ITERATIONS};
use js_sys::Object;
use wasm_bindgen::JsValue;

/// The laptop's signing key, wrapped like the data key, and its public half.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKeyRecord {
    pub wrapped: Vec<u8>,
    pub iv: Vec<u8>,
    /// SEC1, uncompressed: what the server registers.
    pub public: Vec<u8>,
}

/// This laptop's enrolment, readable while locked.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceRecord {
    pub device_id: String,
    pub device_credential: String,
    pub salt: Vec<u8>,
    pub iterations: u32,
    pub wrap_iv: Vec<u8>,
    pub wrapped_key: Vec<u8>,
    pub lease: OfflineLease,
    pub idle_minutes: u64,
    pub unlock_failures: FailureRecord,
    /// `None` on a laptop enrolled before devices signed their pushes; made at its next unlock.
    pub signing_key: Option<SigningKeyRecord>,
}

impl DeviceRecord {
    pub(super) fn to_js(&self) -> JsValue {
        let object = Object::new();
        set(&object, "deviceId", self.device_id.as_str().into());
        set(
            &object,
            "deviceCredential",
            self.device_credential.as_str().into(),
        );
        set(&object, "salt", bytes(&self.salt));
        set(&object, "iterations", self.iterations.into());
        set(&object, "wrapIv", bytes(&self.wrap_iv));
        set(&object, "wrappedKey", bytes(&self.wrapped_key));
        set(
            &object,
            "lastContactAt",
            (self.lease.last_contact_at as f64).into(),
        );
        set(&object, "leaseDays", self.lease.days.into());
        set(&object, "idleMinutes", (self.idle_minutes as f64).into());
        set(
            &object,
            "unlockFailures",
            self.unlock_failures.failures.into(),
        );
        set(
            &object,
            "lastUnlockFailureAt",
            (self.unlock_failures.last_failure_at as f64).into(),
        );
        if let Some(key) = &self.signing_key {
            set(&object, "signingKey", bytes(&key.wrapped));
            set(&object, "signingIv", bytes(&key.iv));
            set(&object, "signingPublic", bytes(&key.public));
        }
        object.into()
    }

    pub(super) fn from_js(value: &JsValue) -> Result<Self, StoreError> {
        Ok(Self {
            device_id: get_string(value, "deviceId")?,
            device_credential: get_string(value, "deviceCredential")?,
            salt: get_bytes(value, "salt")?,
            iterations: u32::try_from(get_number(value, "iterations")?)
                .unwrap_or(PBKDF2_ITERATIONS),
            wrap_iv: get_bytes(value, "wrapIv")?,
            wrapped_key: get_bytes(value, "wrappedKey")?,
            lease: OfflineLease {
                last_contact_at: get_number(value, "lastContactAt")?,
                days: u32::try_from(get_number(value, "leaseDays")?).unwrap_or(1),
            },
            idle_minutes: get_number(value, "idleMinutes")?,
            unlock_failures: FailureRecord {
                failures: u32::try_from(get_number(value, "unlockFailures")?).unwrap_or(u32::MAX),
                last_failure_at: get_number(value, "lastUnlockFailureAt")?,
            },
            signing_key: match get_bytes(value, "signingKey") {
                Ok(wrapped) => Some(SigningKeyRecord {
                    wrapped,
                    iv: get_bytes(value, "signingIv")?,
                    public: get_bytes(value, "signingPublic")?,
                }),
                Err(_) => None,
            },
        })
    }
}
