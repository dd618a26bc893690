//! The encrypted store in IndexedDB. In clear lie only what must be read before unlocking: the
//! device id and credential (which grant nothing without the clerk's password), the wrapped data
//! key with its salt and IV, the offline lease and the unlock back-off. Every record — session,
//! drafts, later cases and the outbox — is AES-256-GCM ciphertext bound to its kind and id.

pub mod marker;

use crate::platform::crypto::{self, CryptoError};
use domain::backoff::FailureRecord;
use domain::vault::{OfflineLease, PBKDF2_ITERATIONS, RecordKind, record_aad};
use js_sys::{Object, Reflect, Uint8Array};
use rexie::{ObjectStore, Rexie, TransactionMode};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::CryptoKey;

pub const DATABASE: &str = "buergerkoffer";
const DEVICE_STORE: &str = "device";
const DEVICE_KEY: &str = "this-device";
const RECORD_STORE: &str = "records";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// IndexedDB is missing or refused (private mode in some browsers, storage blocked).
    Unavailable(String),
    WrongPassphrase,
    /// A record failed its integrity check.
    Tampered,
    Failed(String),
}

impl From<rexie::Error> for StoreError {
    fn from(error: rexie::Error) -> Self {
        Self::Failed(error.to_string())
    }
}

impl From<CryptoError> for StoreError {
    fn from(error: CryptoError) -> Self {
        match error {
            CryptoError::WrongPassphrase => Self::WrongPassphrase,
            CryptoError::Tampered => Self::Tampered,
            CryptoError::Unavailable => Self::Unavailable("WebCrypto".into()),
            CryptoError::Failed(detail) => Self::Failed(detail),
        }
    }
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
}

fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

fn get(object: &JsValue, key: &str) -> Result<JsValue, StoreError> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
        .ok_or_else(|| StoreError::Failed(format!("stored record lacks {key}")))
}

fn get_string(object: &JsValue, key: &str) -> Result<String, StoreError> {
    get(object, key)?
        .as_string()
        .ok_or_else(|| StoreError::Failed(format!("{key} is not text")))
}

fn get_number(object: &JsValue, key: &str) -> Result<u64, StoreError> {
    let number = get(object, key)?
        .as_f64()
        .ok_or_else(|| StoreError::Failed(format!("{key} is not a number")))?;
    // Stored numbers are whole, non-negative and far below 2^53.
    Ok(number.max(0.0) as u64)
}

fn get_bytes(object: &JsValue, key: &str) -> Result<Vec<u8>, StoreError> {
    let value = get(object, key)?;
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| StoreError::Failed(format!("{key} is not bytes")))
}

impl DeviceRecord {
    fn to_js(&self) -> JsValue {
        let object = Object::new();
        set(&object, "deviceId", self.device_id.as_str().into());
        set(
            &object,
            "deviceCredential",
            self.device_credential.as_str().into(),
        );
        set(
            &object,
            "salt",
            Uint8Array::from(self.salt.as_slice()).into(),
        );
        set(&object, "iterations", self.iterations.into());
        set(
            &object,
            "wrapIv",
            Uint8Array::from(self.wrap_iv.as_slice()).into(),
        );
        set(
            &object,
            "wrappedKey",
            Uint8Array::from(self.wrapped_key.as_slice()).into(),
        );
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
        object.into()
    }

    fn from_js(value: &JsValue) -> Result<Self, StoreError> {
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
        })
    }
}

/// The store while locked: the database is open, the data key is not in memory.
#[derive(Clone)]
pub struct Vault {
    /// Shared by every clone, so `close` closes the connection for all of them at once.
    db: Rc<RefCell<Option<Rc<Rexie>>>>,
}

impl Vault {
    pub async fn open() -> Result<Self, StoreError> {
        let db = Rexie::builder(DATABASE)
            .version(1)
            .add_object_store(ObjectStore::new(DEVICE_STORE))
            .add_object_store(ObjectStore::new(RECORD_STORE).key_path("id"))
            .build()
            .await
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        Ok(Self {
            db: Rc::new(RefCell::new(Some(Rc::new(db)))),
        })
    }

    fn db(&self) -> Result<Rc<Rexie>, StoreError> {
        self.db
            .borrow()
            .clone()
            .ok_or_else(|| StoreError::Unavailable("store closed".into()))
    }

    /// Closes the connection for every clone, so the database can be deleted at once.
    pub fn close(&self) {
        let db = self.db.borrow_mut().take();
        if let Some(db) = db.and_then(|db| Rc::try_unwrap(db).ok()) {
            db.close();
        }
    }

    pub async fn device(&self) -> Result<Option<DeviceRecord>, StoreError> {
        let tx = self
            .db()?
            .transaction(&[DEVICE_STORE], TransactionMode::ReadOnly)?;
        let value = tx.store(DEVICE_STORE)?.get(DEVICE_KEY.into()).await?;
        tx.done().await?;
        value.map(|v| DeviceRecord::from_js(&v)).transpose()
    }

    pub async fn save_device(&self, device: &DeviceRecord) -> Result<(), StoreError> {
        let tx = self
            .db()?
            .transaction(&[DEVICE_STORE], TransactionMode::ReadWrite)?;
        tx.store(DEVICE_STORE)?
            .put(&device.to_js(), Some(&DEVICE_KEY.into()))
            .await?;
        tx.done().await?;
        Ok(())
    }

    /// First use on this laptop: a fresh data key, wrapped under the clerk's passphrase.
    pub async fn enrol(
        &self,
        device_id: String,
        device_credential: String,
        lease: OfflineLease,
        passphrase: &str,
    ) -> Result<Unlocked, StoreError> {
        let salt = crypto::new_salt()?;
        let wrap_iv = crypto::new_iv()?;
        let wrapping = crypto::derive_wrapping_key(passphrase, &salt, PBKDF2_ITERATIONS).await?;
        let data_key = crypto::generate_data_key().await?;
        let wrapped_key = crypto::wrap_data_key(&data_key, &wrapping, &wrap_iv).await?;
        // Re-import through unwrap, so the key kept in memory is not extractable.
        let data_key = crypto::unwrap_data_key(&wrapped_key, &wrapping, &wrap_iv).await?;
        let device = DeviceRecord {
            device_id,
            device_credential,
            salt,
            iterations: PBKDF2_ITERATIONS,
            wrap_iv,
            wrapped_key,
            lease,
            idle_minutes: domain::vault::IdleLock::DEFAULT_MINUTES,
            unlock_failures: FailureRecord::default(),
        };
        self.save_device(&device).await?;
        Ok(Unlocked {
            vault: self.clone(),
            key: data_key,
        })
    }

    /// Derives the wrapping key from the passphrase and unwraps the data key into memory.
    pub async fn unlock(
        &self,
        device: &DeviceRecord,
        passphrase: &str,
    ) -> Result<Unlocked, StoreError> {
        let wrapping =
            crypto::derive_wrapping_key(passphrase, &device.salt, device.iterations).await?;
        let key = crypto::unwrap_data_key(&device.wrapped_key, &wrapping, &device.wrap_iv).await?;
        Ok(Unlocked {
            vault: self.clone(),
            key,
        })
    }

    /// How many records hold work that has not reached the server. Readable while locked: kinds
    /// are in clear, contents are not.
    pub async fn untransferred_count(&self) -> Result<u32, StoreError> {
        let tx = self
            .db()?
            .transaction(&[RECORD_STORE], TransactionMode::ReadOnly)?;
        let all = tx.store(RECORD_STORE)?.get_all(None, None).await?;
        tx.done().await?;
        let mut count = 0;
        for record in all {
            let kind = get_string(&record, "kind")?;
            if RecordKind::parse(&kind).is_some_and(RecordKind::is_untransferred_work) {
                count += 1;
            }
        }
        Ok(count)
    }
}

/// The store while unlocked: holds the data key, in memory only. Dropping it locks.
#[derive(Clone)]
pub struct Unlocked {
    vault: Vault,
    key: CryptoKey,
}

impl Unlocked {
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Encrypts and stores `plaintext` as record `id` of `kind` (fresh IV every time).
    pub async fn put(
        &self,
        kind: RecordKind,
        id: &str,
        plaintext: &[u8],
    ) -> Result<(), StoreError> {
        self.put_many(kind, &[(id.to_owned(), plaintext.to_vec())])
            .await
    }

    /// Encrypts and stores many records of `kind` in one transaction: all or none are written.
    pub async fn put_many(
        &self,
        kind: RecordKind,
        records: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        let mut sealed_records = Vec::with_capacity(records.len());
        for (id, plaintext) in records {
            let iv = crypto::new_iv()?;
            let sealed = crypto::seal(&self.key, &iv, &record_aad(kind, id), plaintext).await?;
            let record = Object::new();
            set(&record, "id", id.as_str().into());
            set(&record, "kind", kind.as_str().into());
            set(&record, "iv", Uint8Array::from(iv.as_slice()).into());
            set(&record, "data", Uint8Array::from(sealed.as_slice()).into());
            sealed_records.push(JsValue::from(record));
        }
        let db = self.vault.db()?;
        let tx = db.transaction(&[RECORD_STORE], TransactionMode::ReadWrite)?;
        let store = tx.store(RECORD_STORE)?;
        for record in &sealed_records {
            store.put(record, None).await?;
        }
        tx.done().await?;
        Ok(())
    }

    pub async fn get(&self, kind: RecordKind, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self
            .vault
            .db()?
            .transaction(&[RECORD_STORE], TransactionMode::ReadOnly)?;
        let value = tx.store(RECORD_STORE)?.get(id.into()).await?;
        tx.done().await?;
        match value {
            None => Ok(None),
            Some(record) => Ok(Some(self.open_record(kind, &record).await?)),
        }
    }

    /// Every record of `kind`, decrypted, with its id. Decryptions run concurrently: WebCrypto
    /// answers each by promise, and waiting for them one by one would idle most of the time.
    pub async fn all(&self, kind: RecordKind) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let db = self.vault.db()?;
        let tx = db.transaction(&[RECORD_STORE], TransactionMode::ReadOnly)?;
        let records = tx.store(RECORD_STORE)?.get_all(None, None).await?;
        tx.done().await?;
        let mut ids = Vec::new();
        let pending = js_sys::Array::new();
        for record in records {
            if get_string(&record, "kind")? != kind.as_str() {
                continue;
            }
            let id = get_string(&record, "id")?;
            // IV and ciphertext go to WebCrypto as the arrays IndexedDB returned: copying them
            // into wasm and back would double the work for every record.
            let iv = get(&record, "iv")?;
            let data = get(&record, "data")?;
            let promise = crypto::open_promise_js(
                &self.key,
                &iv,
                &record_aad(kind, &id),
                data.unchecked_ref(),
            )?;
            pending.push(promise.as_ref());
            ids.push(id);
        }
        let opened = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&pending))
            .await
            .map_err(|_| StoreError::Tampered)?;
        let opened = js_sys::Array::from(&opened);
        Ok(ids
            .into_iter()
            .zip(opened.iter())
            .map(|(id, buffer)| (id, Uint8Array::new(&buffer).to_vec()))
            .collect())
    }

    async fn open_record(&self, kind: RecordKind, record: &JsValue) -> Result<Vec<u8>, StoreError> {
        let id = get_string(record, "id")?;
        let iv = get_bytes(record, "iv")?;
        let data = get_bytes(record, "data")?;
        Ok(crypto::open(&self.key, &iv, &record_aad(kind, &id), &data).await?)
    }

    pub async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let tx = self
            .vault
            .db()?
            .transaction(&[RECORD_STORE], TransactionMode::ReadWrite)?;
        tx.store(RECORD_STORE)?.delete(id.into()).await?;
        tx.done().await?;
        Ok(())
    }
}

/// A new record id: 16 random bytes as hex, never derived from the content.
pub fn new_record_id(kind: RecordKind) -> Result<String, StoreError> {
    let bytes = crypto::random_bytes(16)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{}-{hex}", kind.as_str()))
}
