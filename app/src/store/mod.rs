//! The encrypted store in IndexedDB. In clear lie only what must be read before unlocking: the
//! device id and credential (which grant nothing without the clerk's password), the wrapped data
//! key with its salt and IV, the offline lease and the unlock back-off. Every record — session,
//! cases, catalogues, settings and later the outbox — is AES-256-GCM ciphertext bound to its kind and id.

pub mod marker;
mod strict;

use crate::platform::crypto::{self, CryptoError};
use crate::platform::timer;
use domain::backoff::FailureRecord;
use domain::vault::{
    OfflineLease, PBKDF2_ITERATIONS, RecordKind, decode_segment, encode_segment, record_aad,
    segment_aad,
};
use js_sys::{Object, Reflect, Uint8Array};
use rexie::{ObjectStore, Rexie, TransactionMode};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CryptoKey, IdbDatabase};

pub const DATABASE: &str = "buergerkoffer";
const DEVICE_STORE: &str = "device";
const DEVICE_KEY: &str = "this-device";
/// Loose records: one per save, each its own ciphertext.
const RECORD_STORE: &str = "records";
/// Segments: many records of one kind sealed together (see `domain::vault::encode_segment`).
const SEGMENT_STORE: &str = "segments";
/// Records per segment when packing.
const SEGMENT_RECORDS: usize = 1000;
/// Loose records of one kind that a load packs into a segment.
const PACK_LOOSE_AT: usize = 64;

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
    /// Shared by every clone, so `close` closes the connections for all of them at once.
    connections: Rc<Connections>,
}

/// The open connections to the database. Closed when the last `Vault` clone goes, too: an
/// open connection blocks deleting the database (hand-back, revocation) for as long as the
/// page lives, and a vault dropped without `close` (say, the one that found the laptop not yet
/// enrolled) would otherwise leave one behind.
struct Connections {
    db: RefCell<Option<Rc<Rexie>>>,
    /// A second connection for writes with strict durability (see `strict`).
    strict: RefCell<Option<IdbDatabase>>,
}

impl Drop for Connections {
    fn drop(&mut self) {
        if let Some(strict) = self.strict.take() {
            strict.close();
        }
        // Operations borrow the vault, so none holds the connection once the last vault goes.
        if let Some(db) = self.db.take().and_then(|db| Rc::try_unwrap(db).ok()) {
            db.close();
        }
    }
}

impl Vault {
    pub async fn open() -> Result<Self, StoreError> {
        let db = Rexie::builder(DATABASE)
            .version(2)
            .add_object_store(ObjectStore::new(DEVICE_STORE))
            .add_object_store(ObjectStore::new(RECORD_STORE).key_path("id"))
            .add_object_store(ObjectStore::new(SEGMENT_STORE).key_path("id"))
            .build()
            .await
            .map_err(|error| StoreError::Unavailable(error.to_string()))?;
        let strict = strict::connect(DATABASE)
            .await
            .map_err(|error| StoreError::Unavailable(format!("{error:?}")))?;
        Ok(Self {
            connections: Rc::new(Connections {
                db: RefCell::new(Some(Rc::new(db))),
                strict: RefCell::new(Some(strict)),
            }),
        })
    }

    fn db(&self) -> Result<Rc<Rexie>, StoreError> {
        self.connections
            .db
            .borrow()
            .clone()
            .ok_or_else(|| StoreError::Unavailable("store closed".into()))
    }

    fn strict_db(&self) -> Result<IdbDatabase, StoreError> {
        self.connections
            .strict
            .borrow()
            .clone()
            .ok_or_else(|| StoreError::Unavailable("store closed".into()))
    }

    /// Closes the connections for every clone, so the database can be deleted. An operation
    /// under way (a transfer's last write, say) still holds the connection: it is closed as
    /// soon as that operation has let go, and new operations find the store closed.
    pub async fn close(&self) {
        if let Some(strict) = self.connections.strict.take() {
            strict.close();
        }
        let mut held = self.connections.db.take();
        // Bounded: IndexedDB operations end; should one not, deleting waits as it did before.
        for _ in 0..100 {
            match held.map(Rc::try_unwrap) {
                Some(Ok(db)) => return db.close(),
                Some(Err(db)) => held = Some(db),
                None => return,
            }
            timer::sleep(50).await;
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
    /// and ids are in clear, contents are not.
    pub async fn untransferred_count(&self) -> Result<u32, StoreError> {
        let db = self.db()?;
        let tx = db.transaction(&[RECORD_STORE, SEGMENT_STORE], TransactionMode::ReadOnly)?;
        let loose = tx.store(RECORD_STORE)?.get_all(None, None).await?;
        let segments = tx.store(SEGMENT_STORE)?.get_all(None, None).await?;
        tx.done().await?;
        let untransferred = |record: &JsValue| {
            get_string(record, "kind").is_ok_and(|kind| {
                RecordKind::parse(&kind).is_some_and(RecordKind::is_untransferred_work)
            })
        };
        // A record may be in a segment and loose at once (a newer edit): count it once.
        let mut ids = HashSet::new();
        for record in loose.iter().filter(|r| untransferred(r)) {
            ids.insert(get_string(record, "id")?);
        }
        for segment in segments.iter().filter(|s| untransferred(s)) {
            ids.extend(SegmentRecord::from_js(segment)?.ids);
        }
        Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
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
        let record = self.seal_record(kind, id, plaintext).await?;
        let db = self.vault.db()?;
        let tx = db.transaction(&[RECORD_STORE], TransactionMode::ReadWrite)?;
        tx.store(RECORD_STORE)?.put(&record, None).await?;
        tx.done().await?;
        Ok(())
    }

    /// Stores many records of `kind` at once, packed into segments: all or none are written.
    pub async fn put_many(
        &self,
        kind: RecordKind,
        records: &[(String, Vec<u8>)],
    ) -> Result<(), StoreError> {
        let segments = self.read_segments(kind).await?;
        let mut seq = segments.iter().map(|s| s.seq).max().unwrap_or(0);
        let mut sealed = Vec::new();
        for chunk in records.chunks(SEGMENT_RECORDS) {
            seq += 1;
            sealed.push(self.seal_segment(kind, seq, chunk).await?);
        }
        let db = self.vault.db()?;
        let tx = db.transaction(&[SEGMENT_STORE, RECORD_STORE], TransactionMode::ReadWrite)?;
        let segment_store = tx.store(SEGMENT_STORE)?;
        for segment in &sealed {
            segment_store.put(segment, None).await?;
        }
        // A loose copy of the same id would otherwise win over the new segment.
        let record_store = tx.store(RECORD_STORE)?;
        for (id, _) in records {
            record_store.delete(id.as_str().into()).await?;
        }
        tx.done().await?;
        Ok(())
    }

    pub async fn get(&self, kind: RecordKind, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let db = self.vault.db()?;
        let tx = db.transaction(&[RECORD_STORE], TransactionMode::ReadOnly)?;
        let value = tx.store(RECORD_STORE)?.get(id.into()).await?;
        tx.done().await?;
        if let Some(record) = value {
            return Ok(Some(self.open_record(kind, &record).await?));
        }
        let segments = self.read_segments(kind).await?;
        // The newest segment holding the id wins (segments come in order).
        match segments.iter().rfind(|s| s.ids.iter().any(|i| i == id)) {
            None => Ok(None),
            Some(segment) => Ok(self
                .open_segment(kind, segment)
                .await?
                .into_iter()
                .find(|(i, _)| i == id)
                .map(|(_, data)| data)),
        }
    }

    /// Every record of `kind`, decrypted, with its id. Segments are opened in order (a later one
    /// wins), then loose records, which are newer still. Loose records are decrypted
    /// concurrently; once there are many, they are packed into a new segment, so the next load
    /// needs a few decryptions instead of thousands.
    pub async fn all(&self, kind: RecordKind) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let segments = self.read_segments(kind).await?;
        let db = self.vault.db()?;
        let tx = db.transaction(&[RECORD_STORE], TransactionMode::ReadOnly)?;
        let range = rexie::KeyRange::bound(
            &JsValue::from_str(kind.as_str()),
            &JsValue::from_str(&format!("{}\u{ffff}", kind.as_str())),
            Some(false),
            Some(false),
        )
        .map_err(|error| StoreError::Failed(error.to_string()))?;
        let loose = tx.store(RECORD_STORE)?.get_all(Some(range), None).await?;
        tx.done().await?;

        let mut ids = Vec::new();
        let pending = js_sys::Array::new();
        for record in &loose {
            if get_string(record, "kind")? != kind.as_str() {
                continue;
            }
            let id = get_string(record, "id")?;
            // IV and ciphertext go to WebCrypto as the arrays IndexedDB returned: copying them
            // into wasm and back would double the work for every record.
            let iv = get(record, "iv")?;
            let data = get(record, "data")?;
            let promise = crypto::open_promise_js(
                &self.key,
                &iv,
                &record_aad(kind, &id),
                data.unchecked_ref(),
            )?;
            pending.push(promise.as_ref());
            ids.push(id);
        }
        let opened_loose = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&pending));

        let mut merged: Vec<(String, Vec<u8>)> = Vec::new();
        let mut position: HashMap<String, usize> = HashMap::new();
        let mut keep = |id: String, data: Vec<u8>, merged: &mut Vec<(String, Vec<u8>)>| {
            match position.get(&id) {
                Some(&at) => merged[at].1 = data,
                None => {
                    position.insert(id.clone(), merged.len());
                    merged.push((id, data));
                }
            }
        };
        for segment in &segments {
            for (id, data) in self.open_segment(kind, segment).await? {
                keep(id, data, &mut merged);
            }
        }
        let opened_loose =
            js_sys::Array::from(&opened_loose.await.map_err(|_| StoreError::Tampered)?);
        let loose_records: Vec<(String, Vec<u8>)> = ids
            .into_iter()
            .zip(opened_loose.iter())
            .map(|(id, buffer)| (id, Uint8Array::new(&buffer).to_vec()))
            .collect();
        for (id, data) in &loose_records {
            keep(id.clone(), data.clone(), &mut merged);
        }
        if loose_records.len() >= PACK_LOOSE_AT {
            self.put_many(kind, &loose_records).await?;
        }
        Ok(merged)
    }

    /// Deletes record `id` wherever it lies: loose, or inside segments (which are rewritten
    /// without it, or dropped when it was their last record).
    pub async fn delete(&self, kind: RecordKind, id: &str) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        batch.delete(kind, id);
        self.commit(batch).await
    }

    /// Writes `batch` in one IndexedDB transaction with strict durability: all of it lands or
    /// none, and once this returns it is on the disk (not in a cache a power cut would lose).
    pub async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let mut records = Vec::with_capacity(batch.puts.len());
        for (kind, id, plaintext) in &batch.puts {
            records.push(self.seal_record(*kind, id, plaintext).await?);
        }
        let mut segments_to_put = Vec::new();
        let mut segments_to_drop = Vec::new();
        for kind in RecordKind::ALL {
            let gone: Vec<&str> = batch
                .deletes
                .iter()
                .filter(|(k, _)| k == kind)
                .map(|(_, id)| id.as_str())
                .collect();
            if gone.is_empty() {
                continue;
            }
            for segment in self.read_segments(*kind).await? {
                if !segment.ids.iter().any(|i| gone.contains(&i.as_str())) {
                    continue;
                }
                let rest: Vec<(String, Vec<u8>)> = self
                    .open_segment(*kind, &segment)
                    .await?
                    .into_iter()
                    .filter(|(i, _)| !gone.contains(&i.as_str()))
                    .collect();
                if rest.is_empty() {
                    segments_to_drop.push(segment.id);
                } else {
                    segments_to_put.push(
                        self.seal_segment_as(*kind, &segment.id, segment.seq, &rest)
                            .await?,
                    );
                }
            }
        }
        let failed = |error: JsValue| StoreError::Failed(format!("{error:?}"));
        let db = self.vault.strict_db()?;
        let tx = strict::begin(&db, &[RECORD_STORE, SEGMENT_STORE]).map_err(failed)?;
        let requested = (|| -> Result<(), JsValue> {
            let record_store = tx.object_store(RECORD_STORE)?;
            let segment_store = tx.object_store(SEGMENT_STORE)?;
            // Deletes first: a record deleted and put again in one batch ends up put.
            for (_, id) in &batch.deletes {
                record_store.delete(&id.as_str().into())?;
            }
            for segment_id in &segments_to_drop {
                segment_store.delete(&segment_id.as_str().into())?;
            }
            for segment in &segments_to_put {
                segment_store.put(segment)?;
            }
            for record in &records {
                record_store.put(record)?;
            }
            Ok(())
        })();
        if let Err(error) = requested {
            // Nothing of a half-issued batch may commit.
            let _ = tx.abort();
            return Err(failed(error));
        }
        strict::committed(&tx).await.map_err(failed)
    }

    async fn seal_record(
        &self,
        kind: RecordKind,
        id: &str,
        plaintext: &[u8],
    ) -> Result<JsValue, StoreError> {
        let iv = crypto::new_iv()?;
        let sealed = crypto::seal(&self.key, &iv, &record_aad(kind, id), plaintext).await?;
        let record = Object::new();
        set(&record, "id", id.into());
        set(&record, "kind", kind.as_str().into());
        set(&record, "iv", Uint8Array::from(iv.as_slice()).into());
        set(&record, "data", Uint8Array::from(sealed.as_slice()).into());
        Ok(record.into())
    }

    async fn open_record(&self, kind: RecordKind, record: &JsValue) -> Result<Vec<u8>, StoreError> {
        let id = get_string(record, "id")?;
        let iv = get_bytes(record, "iv")?;
        let data = get_bytes(record, "data")?;
        Ok(crypto::open(&self.key, &iv, &record_aad(kind, &id), &data).await?)
    }

    /// The segments of `kind`, oldest first.
    async fn read_segments(&self, kind: RecordKind) -> Result<Vec<SegmentRecord>, StoreError> {
        let db = self.vault.db()?;
        let tx = db.transaction(&[SEGMENT_STORE], TransactionMode::ReadOnly)?;
        let all = tx.store(SEGMENT_STORE)?.get_all(None, None).await?;
        tx.done().await?;
        let mut segments = all
            .iter()
            .filter(|s| get_string(s, "kind").is_ok_and(|k| k == kind.as_str()))
            .map(SegmentRecord::from_js)
            .collect::<Result<Vec<_>, _>>()?;
        // Oldest first: of two copies of a record, the later segment's wins.
        segments.sort_by_key(|s| s.seq);
        Ok(segments)
    }

    async fn open_segment(
        &self,
        kind: RecordKind,
        segment: &SegmentRecord,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let plaintext = crypto::open(
            &self.key,
            &segment.iv,
            &segment_aad(kind, &segment.id),
            &segment.data,
        )
        .await?;
        let records = decode_segment(&plaintext).map_err(|_| StoreError::Tampered)?;
        // The clear list of ids must match what the ciphertext says, or deletes could miss.
        if records.iter().map(|(id, _)| id).ne(segment.ids.iter()) {
            return Err(StoreError::Tampered);
        }
        Ok(records)
    }

    async fn seal_segment(
        &self,
        kind: RecordKind,
        seq: u64,
        records: &[(String, Vec<u8>)],
    ) -> Result<JsValue, StoreError> {
        let id = new_segment_id(kind)?;
        self.seal_segment_as(kind, &id, seq, records).await
    }

    async fn seal_segment_as(
        &self,
        kind: RecordKind,
        segment_id: &str,
        seq: u64,
        records: &[(String, Vec<u8>)],
    ) -> Result<JsValue, StoreError> {
        let iv = crypto::new_iv()?;
        let sealed = crypto::seal(
            &self.key,
            &iv,
            &segment_aad(kind, segment_id),
            &encode_segment(records),
        )
        .await?;
        let ids: js_sys::Array = records
            .iter()
            .map(|(id, _)| JsValue::from_str(id))
            .collect();
        let segment = Object::new();
        set(&segment, "id", segment_id.into());
        set(&segment, "kind", kind.as_str().into());
        set(&segment, "seq", (seq as f64).into());
        set(&segment, "ids", ids.into());
        set(&segment, "iv", Uint8Array::from(iv.as_slice()).into());
        set(&segment, "data", Uint8Array::from(sealed.as_slice()).into());
        Ok(segment.into())
    }
}

/// Writes that land together or not at all (see `Unlocked::commit`).
#[derive(Debug, Default, Clone)]
pub struct Batch {
    puts: Vec<(RecordKind, String, Vec<u8>)>,
    deletes: Vec<(RecordKind, String)>,
}

impl Batch {
    pub fn put(&mut self, kind: RecordKind, id: &str, plaintext: Vec<u8>) {
        self.puts.push((kind, id.to_owned(), plaintext));
    }

    pub fn delete(&mut self, kind: RecordKind, id: &str) {
        self.deletes.push((kind, id.to_owned()));
    }

    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }
}

/// A segment as stored: ids and order in clear (opaque random ids), records sealed together.
struct SegmentRecord {
    id: String,
    seq: u64,
    ids: Vec<String>,
    iv: Vec<u8>,
    data: Vec<u8>,
}

impl SegmentRecord {
    fn from_js(value: &JsValue) -> Result<Self, StoreError> {
        let ids = js_sys::Array::from(&get(value, "ids")?)
            .iter()
            .map(|id| id.as_string().ok_or(StoreError::Tampered))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            id: get_string(value, "id")?,
            seq: get_number(value, "seq")?,
            ids,
            iv: get_bytes(value, "iv")?,
            data: get_bytes(value, "data")?,
        })
    }
}

/// Segment ids start with their kind too, but `~` keeps them apart from record ids.
fn new_segment_id(kind: RecordKind) -> Result<String, StoreError> {
    Ok(format!("{}~{}", kind.as_str(), random_hex()?))
}

/// 16 random bytes as hex: ids say nothing about their content.
fn random_hex() -> Result<String, StoreError> {
    let bytes = crypto::random_bytes(16)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A new record id: 16 random bytes as hex, never derived from the content.
pub fn new_record_id(kind: RecordKind) -> Result<String, StoreError> {
    Ok(format!("{}-{}", kind.as_str(), random_hex()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Each test gets an empty database. The previous test's connection must be closed first:
    /// deleting a database waits for every open connection.
    async fn fresh_store() -> Unlocked {
        if let Some(previous) = OPEN_VAULT.with(|open| open.borrow_mut().take()) {
            previous.close().await;
        }
        let _ = Rexie::delete(DATABASE).await;
        let vault = Vault::open().await.expect("open");
        OPEN_VAULT.with(|open| *open.borrow_mut() = Some(vault.clone()));
        let lease = OfflineLease {
            last_contact_at: 0,
            days: 14,
        };
        vault
            .enrol(
                "test-device".into(),
                "credential".into(),
                lease,
                "Apfelbaum im Mai",
            )
            .await
            .expect("enrol")
    }

    thread_local! {
        static OPEN_VAULT: RefCell<Option<Vault>> = const { RefCell::new(None) };
    }

    fn sorted(mut records: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
        records.sort();
        records
    }

    fn records(range: std::ops::Range<usize>, text: &str) -> Vec<(String, Vec<u8>)> {
        range
            .map(|n| (format!("case-{n:04}"), format!("{text} {n}").into_bytes()))
            .collect()
    }

    /// Deletes the database and says whether that had to wait for a connection left open.
    async fn deleting_was_blocked() -> bool {
        use wasm_bindgen::closure::Closure;
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .expect("indexedDB");
        let request = factory.delete_database(DATABASE).expect("deleteDatabase");
        let answer = js_sys::Promise::new(&mut |resolve, _| {
            let on_blocked = resolve.clone();
            request.set_onblocked(Some(
                Closure::once_into_js(move || {
                    let _ = on_blocked.call1(&JsValue::NULL, &true.into());
                })
                .unchecked_ref(),
            ));
            request.set_onsuccess(Some(
                Closure::once_into_js(move || {
                    let _ = resolve.call1(&JsValue::NULL, &false.into());
                })
                .unchecked_ref(),
            ));
        });
        let blocked = wasm_bindgen_futures::JsFuture::from(answer).await;
        blocked.expect("an answer").as_bool().expect("a boolean")
    }

    /// Hand-back and revocation delete the database, which waits for every open connection.
    #[wasm_bindgen_test]
    async fn no_connection_is_left_open_to_block_deleting_the_database() {
        let store = fresh_store().await;
        store
            .put_many(RecordKind::Case, &records(0..2500, "Fall"))
            .await
            .expect("put_many");
        // A vault dropped without closing it, as when the app finds the laptop not enrolled.
        drop(Vault::open().await.expect("open"));
        // Reads one after the other until the store is closed: one is under way when it is, as
        // a transfer's last write may be at hand-back.
        let reads = Rc::new(std::cell::Cell::new(0_u32));
        let (reader, counted) = (store.clone(), reads.clone());
        wasm_bindgen_futures::spawn_local(async move {
            while reader.all(RecordKind::Case).await.is_ok() {
                counted.set(counted.get() + 1);
            }
        });
        while reads.get() == 0 {
            timer::sleep(1).await;
        }
        let vault = OPEN_VAULT
            .with(|open| open.borrow_mut().take())
            .expect("open vault");
        let holders = vault.connections.db.borrow().as_ref().map(Rc::strong_count);
        assert_eq!(holders, Some(2), "a read holds the connection");
        vault.close().await;
        assert!(!deleting_was_blocked().await);
    }

    #[wasm_bindgen_test]
    async fn loose_records_round_trip_and_delete() {
        let store = fresh_store().await;
        store
            .put(RecordKind::Case, "case-a", b"Anna")
            .await
            .expect("put");
        store
            .put(RecordKind::Case, "case-b", b"Bernd")
            .await
            .expect("put");
        store
            .put(RecordKind::Session, "session", b"token")
            .await
            .expect("put");
        assert_eq!(
            store.get(RecordKind::Case, "case-a").await.expect("get"),
            Some(b"Anna".to_vec())
        );
        assert_eq!(
            sorted(store.all(RecordKind::Case).await.expect("all")),
            [
                ("case-a".to_owned(), b"Anna".to_vec()),
                ("case-b".to_owned(), b"Bernd".to_vec())
            ]
        );
        assert_eq!(store.vault().untransferred_count().await.expect("count"), 2);
        store
            .delete(RecordKind::Case, "case-a")
            .await
            .expect("delete");
        assert_eq!(
            store.get(RecordKind::Case, "case-a").await.expect("get"),
            None
        );
        assert_eq!(store.vault().untransferred_count().await.expect("count"), 1);
    }

    #[wasm_bindgen_test]
    async fn records_in_segments_are_found_overridden_and_deleted() {
        let store = fresh_store().await;
        store
            .put_many(RecordKind::Case, &records(0..2500, "Fassung 1"))
            .await
            .expect("put_many");
        assert_eq!(
            store.vault().untransferred_count().await.expect("count"),
            2500
        );
        assert_eq!(
            store.get(RecordKind::Case, "case-1234").await.expect("get"),
            Some(b"Fassung 1 1234".to_vec())
        );
        // A later edit of one record wins over its copy in the segment.
        store
            .put(RecordKind::Case, "case-1234", b"Fassung 2")
            .await
            .expect("put");
        assert_eq!(
            store.get(RecordKind::Case, "case-1234").await.expect("get"),
            Some(b"Fassung 2".to_vec())
        );
        let all = store.all(RecordKind::Case).await.expect("all");
        assert_eq!(all.len(), 2500);
        assert!(all.contains(&("case-1234".to_owned(), b"Fassung 2".to_vec())));
        assert_eq!(
            store.vault().untransferred_count().await.expect("count"),
            2500,
            "counted once"
        );

        store
            .delete(RecordKind::Case, "case-1234")
            .await
            .expect("delete");
        store
            .delete(RecordKind::Case, "case-0007")
            .await
            .expect("delete");
        assert_eq!(
            store.get(RecordKind::Case, "case-1234").await.expect("get"),
            None
        );
        assert_eq!(
            store.get(RecordKind::Case, "case-0007").await.expect("get"),
            None
        );
        assert_eq!(store.all(RecordKind::Case).await.expect("all").len(), 2498);
        assert_eq!(
            store.vault().untransferred_count().await.expect("count"),
            2498
        );
    }

    #[wasm_bindgen_test]
    async fn a_batch_moves_cases_between_kinds_and_stores_the_cookie_in_one_strict_commit() {
        let store = fresh_store().await;
        store
            .put_many(RecordKind::Case, &records(0..100, "erfasst"))
            .await
            .expect("put_many");
        store
            .put(RecordKind::Case, "case-loose", b"lose")
            .await
            .expect("put");
        // A pulled page: two cases now held by the server (one packed, one loose), one deleted
        // there, and the cookie past them.
        let mut batch = Batch::default();
        batch.put(
            RecordKind::Synced,
            "synced-case-0003",
            b"beim Rathaus 3".to_vec(),
        );
        batch.delete(RecordKind::Case, "case-0003");
        batch.put(
            RecordKind::Synced,
            "synced-case-loose",
            b"beim Rathaus".to_vec(),
        );
        batch.delete(RecordKind::Case, "case-loose");
        batch.delete(RecordKind::Case, "case-0050");
        batch.put(
            RecordKind::Setting,
            "setting-sync",
            b"{\"cookie\":7}".to_vec(),
        );
        store.commit(batch).await.expect("commit");

        let cases = store.all(RecordKind::Case).await.expect("all");
        assert_eq!(cases.len(), 98);
        assert!(
            !cases
                .iter()
                .any(|(id, _)| ["case-0003", "case-0050", "case-loose"].contains(&id.as_str()))
        );
        let synced = store.all(RecordKind::Synced).await.expect("all");
        assert_eq!(synced.len(), 2);
        assert_eq!(
            store
                .get(RecordKind::Setting, "setting-sync")
                .await
                .expect("get"),
            Some(b"{\"cookie\":7}".to_vec())
        );
        assert_eq!(
            store.vault().untransferred_count().await.expect("count"),
            98
        );

        // The second connection asks for strict durability.
        let db = store.vault().strict_db().expect("strict connection");
        let tx = strict::begin(&db, &[RECORD_STORE]).expect("transaction");
        let durability = Reflect::get(&tx, &JsValue::from_str("durability")).expect("durability");
        assert_eq!(durability.as_string().as_deref(), Some("strict"));
        tx.abort().expect("abort");
    }

    #[wasm_bindgen_test]
    async fn many_loose_records_are_packed_without_losing_or_changing_any() {
        let store = fresh_store().await;
        let expected = records(0..(PACK_LOOSE_AT + 6), "einzeln");
        for (id, data) in &expected {
            store.put(RecordKind::Case, id, data).await.expect("put");
        }
        let first = sorted(store.all(RecordKind::Case).await.expect("first load packs"));
        assert_eq!(first, expected);
        let loose_left = {
            let db = store.vault.db().expect("db");
            let tx = db
                .transaction(&[RECORD_STORE], TransactionMode::ReadOnly)
                .expect("tx");
            let count = tx
                .store(RECORD_STORE)
                .expect("store")
                .count(None)
                .await
                .expect("count");
            tx.done().await.expect("done");
            count
        };
        assert_eq!(loose_left, 0, "packed into a segment");
        assert_eq!(
            sorted(store.all(RecordKind::Case).await.expect("second load")),
            expected
        );
        assert_eq!(
            store.vault().untransferred_count().await.expect("count"),
            u32::try_from(expected.len()).expect("small")
        );
    }

    #[wasm_bindgen_test]
    async fn a_segment_moved_under_another_id_does_not_open() {
        let store = fresh_store().await;
        store
            .put_many(RecordKind::Case, &records(0..3, "x"))
            .await
            .expect("put_many");
        let db = store.vault.db().expect("db");
        let tx = db
            .transaction(&[SEGMENT_STORE], TransactionMode::ReadWrite)
            .expect("tx");
        let segments = tx.store(SEGMENT_STORE).expect("store");
        let segment = segments.get_all(None, None).await.expect("all").remove(0);
        let old_id = get_string(&segment, "id").expect("id");
        set(segment.unchecked_ref(), "id", "case~forged".into());
        segments.delete(old_id.into()).await.expect("delete");
        segments.put(&segment, None).await.expect("put");
        tx.done().await.expect("done");
        assert_eq!(
            store.all(RecordKind::Case).await.err(),
            Some(StoreError::Tampered)
        );
    }
}
