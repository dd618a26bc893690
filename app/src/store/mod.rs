//! The encrypted store in IndexedDB. In clear lie only what must be read before unlocking: the
//! device id and credential (which grant nothing without the clerk's password), the wrapped data
//! key with its salt and IV, the offline lease and the unlock back-off. Every record — session,
//! cases, catalogues, settings and later the outbox — is AES-256-GCM ciphertext bound to its kind and id.

mod batch;
mod device;
mod fields;
mod keys;
pub mod marker;
mod records;
mod segments;

pub use batch::Batch;
pub use device::{DeviceRecord, SigningKeyRecord};
pub use records::{
    StoredCases, put_case, put_correction, put_outcomes, put_sync_state, remove_case,
    remove_correction,
};

use crate::platform::crypto::{self, CryptoError};
use crate::platform::indexed_db::{self, Access, StoreSpec};
use crate::platform::timer;
use domain::vault::{RecordKind, record_aad};
use fields::{bytes, get, get_bytes, get_string, set};
use js_sys::{Object, Uint8Array};
use segments::{Segment, new_segment_id};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CryptoKey, IdbDatabase, IdbKeyRange, IdbTransaction};

pub const DATABASE: &str = "buergerkoffer";
/// The database's schema version: version 2 holds the three stores below.
const VERSION: u32 = 2;
const DEVICE_STORE: &str = "device";
const DEVICE_KEY: &str = "this-device";
/// Loose records: one per save, each its own ciphertext.
const RECORD_STORE: &str = "records";
/// Segments: many records of one kind sealed together (see `segments`).
const SEGMENT_STORE: &str = "segments";
const STORES: [StoreSpec; 3] = [
    StoreSpec {
        name: DEVICE_STORE,
        key_path: None,
    },
    StoreSpec {
        name: RECORD_STORE,
        key_path: Some("id"),
    },
    StoreSpec {
        name: SEGMENT_STORE,
        key_path: Some("id"),
    },
];
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

impl From<JsValue> for StoreError {
    fn from(error: JsValue) -> Self {
        Self::Failed(format!("{error:?}"))
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

/// Issues a write transaction's requests; should one fail, aborts it, so nothing of a
/// half-issued write lands. Then waits until it has committed.
async fn write(
    transaction: IdbTransaction,
    requests: impl FnOnce(&IdbTransaction) -> Result<(), JsValue>,
) -> Result<(), StoreError> {
    if let Err(error) = requests(&transaction) {
        let _ = transaction.abort();
        return Err(error.into());
    }
    Ok(indexed_db::finished(&transaction).await?)
}

/// The store while locked: the database is open, the data key is not in memory.
#[derive(Clone)]
pub struct Vault {
    /// Shared by every clone, so `close` closes the connection for all of them at once.
    connection: Rc<Connection>,
}

/// The open connection to the database. Closed when the last `Vault` clone goes, too: an open
/// connection blocks deleting the database (hand-back, revocation) for as long as the page
/// lives, and a vault dropped without `close` (say, the one that found the laptop not yet
/// enrolled) would otherwise leave one behind.
struct Connection(RefCell<Option<Rc<IdbDatabase>>>);

impl Drop for Connection {
    fn drop(&mut self) {
        // Operations borrow the vault, so none holds the connection once the last vault goes.
        if let Some(db) = self.0.take() {
            db.close();
        }
    }
}

impl Vault {
    pub async fn open() -> Result<Self, StoreError> {
        let db = indexed_db::open(DATABASE, VERSION, &STORES)
            .await
            .map_err(|error| StoreError::Unavailable(format!("{error:?}")))?;
        Ok(Self {
            connection: Rc::new(Connection(RefCell::new(Some(Rc::new(db))))),
        })
    }

    /// The connection, held by an operation until it ends (see `close`).
    fn db(&self) -> Result<Rc<IdbDatabase>, StoreError> {
        self.connection
            .0
            .borrow()
            .clone()
            .ok_or_else(|| StoreError::Unavailable("store closed".into()))
    }

    /// Closes the connection for every clone, so the database can be deleted. An operation
    /// under way (a transfer's last write, say) still holds the connection: it is closed as
    /// soon as that operation has let go, and new operations find the store closed.
    pub async fn close(&self) {
        let mut held = self.connection.0.take();
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
        let db = self.db()?;
        let tx = indexed_db::begin(&db, &[DEVICE_STORE], Access::Read)?;
        let request = tx.object_store(DEVICE_STORE)?.get(&DEVICE_KEY.into())?;
        indexed_db::finished(&tx).await?;
        let value = request.result()?;
        (!value.is_undefined())
            .then(|| DeviceRecord::from_js(&value))
            .transpose()
    }

    pub async fn save_device(&self, device: &DeviceRecord) -> Result<(), StoreError> {
        let db = self.db()?;
        let tx = indexed_db::begin(&db, &[DEVICE_STORE], Access::StrictWrite)?;
        write(tx, |tx| {
            tx.object_store(DEVICE_STORE)?
                .put_with_key(&device.to_js(), &DEVICE_KEY.into())
                .map(|_| ())
        })
        .await
    }

    /// How many records hold work that has not reached the server. Readable while locked: kinds
    /// and ids are in clear, contents are not.
    pub async fn untransferred_count(&self) -> Result<u32, StoreError> {
        let db = self.db()?;
        let tx = indexed_db::begin(&db, &[RECORD_STORE, SEGMENT_STORE], Access::Read)?;
        let loose = tx.object_store(RECORD_STORE)?.get_all()?;
        let segments = tx.object_store(SEGMENT_STORE)?.get_all()?;
        indexed_db::finished(&tx).await?;
        let untransferred = |record: &JsValue| {
            get_string(record, "kind").is_ok_and(|kind| {
                RecordKind::parse(&kind).is_some_and(RecordKind::is_untransferred_work)
            })
        };
        // A record may be in a segment and loose at once (a newer edit): count it once.
        let mut ids = HashSet::new();
        for record in js_sys::Array::from(&loose.result()?).iter() {
            if untransferred(&record) {
                ids.insert(get_string(&record, "id")?);
            }
        }
        for segment in js_sys::Array::from(&segments.result()?).iter() {
            if untransferred(&segment) {
                ids.extend(Segment::from_js(&segment)?.ids);
            }
        }
        Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
    }
}

/// The store while unlocked: holds the data key and the signing key, in memory only. Dropping
/// it locks.
#[derive(Clone)]
pub struct Unlocked {
    vault: Vault,
    key: CryptoKey,
    signing_key: CryptoKey,
}

impl Unlocked {
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// The laptop's signature over `message` (ECDSA P-256, r ‖ s).
    pub async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, StoreError> {
        Ok(crypto::sign(&self.signing_key, message).await?)
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
        let tx = indexed_db::begin(&db, &[RECORD_STORE], Access::Write)?;
        write(tx, |tx| {
            tx.object_store(RECORD_STORE)?.put(&record).map(|_| ())
        })
        .await
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
            let id = new_segment_id(kind)?;
            sealed.push(
                Segment::seal(&self.key, kind, id, seq, chunk)
                    .await?
                    .to_js(kind),
            );
        }
        let db = self.vault.db()?;
        let tx = indexed_db::begin(&db, &[SEGMENT_STORE, RECORD_STORE], Access::Write)?;
        write(tx, |tx| {
            let segment_store = tx.object_store(SEGMENT_STORE)?;
            for segment in &sealed {
                segment_store.put(segment)?;
            }
            // A loose copy of the same id would otherwise win over the new segment.
            let record_store = tx.object_store(RECORD_STORE)?;
            for (id, _) in records {
                record_store.delete(&id.as_str().into())?;
            }
            Ok(())
        })
        .await
    }

    pub async fn get(&self, kind: RecordKind, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let db = self.vault.db()?;
        let tx = indexed_db::begin(&db, &[RECORD_STORE], Access::Read)?;
        let request = tx.object_store(RECORD_STORE)?.get(&id.into())?;
        indexed_db::finished(&tx).await?;
        let record = request.result()?;
        if !record.is_undefined() {
            return Ok(Some(self.open_record(kind, &record).await?));
        }
        let segments = self.read_segments(kind).await?;
        // The newest segment holding the id wins (segments come in order).
        match segments.iter().rfind(|s| s.ids.iter().any(|i| i == id)) {
            None => Ok(None),
            Some(segment) => Ok(segment
                .open(&self.key, kind)
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
        let tx = indexed_db::begin(&db, &[RECORD_STORE], Access::Read)?;
        // Record ids start with their kind.
        let range = IdbKeyRange::bound(
            &JsValue::from_str(kind.as_str()),
            &JsValue::from_str(&format!("{}\u{ffff}", kind.as_str())),
        )?;
        let request = tx.object_store(RECORD_STORE)?.get_all_with_key(&range)?;
        indexed_db::finished(&tx).await?;
        let loose = js_sys::Array::from(&request.result()?);

        let mut ids = Vec::new();
        let pending = js_sys::Array::new();
        for record in loose.iter() {
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
            for (id, data) in segment.open(&self.key, kind).await? {
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
                let rest: Vec<(String, Vec<u8>)> = segment
                    .open(&self.key, *kind)
                    .await?
                    .into_iter()
                    .filter(|(i, _)| !gone.contains(&i.as_str()))
                    .collect();
                if rest.is_empty() {
                    segments_to_drop.push(segment.id);
                } else {
                    let resealed =
                        Segment::seal(&self.key, *kind, segment.id, segment.seq, &rest).await?;
                    segments_to_put.push(resealed.to_js(*kind));
                }
            }
        }
        let db = self.vault.db()?;
        let tx = indexed_db::begin(&db, &[RECORD_STORE, SEGMENT_STORE], Access::StrictWrite)?;
        write(tx, |tx| {
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
        })
        .await
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
        set(&record, "iv", bytes(&iv));
        set(&record, "data", bytes(&sealed));
        Ok(record.into())
    }

    async fn open_record(&self, kind: RecordKind, record: &JsValue) -> Result<Vec<u8>, StoreError> {
        let id = get_string(record, "id")?;
        let iv = get_bytes(record, "iv")?;
        let data = get_bytes(record, "data")?;
        Ok(crypto::open(&self.key, &iv, &record_aad(kind, &id), &data).await?)
    }

    /// The segments of `kind`, oldest first.
    async fn read_segments(&self, kind: RecordKind) -> Result<Vec<Segment>, StoreError> {
        let db = self.vault.db()?;
        let tx = indexed_db::begin(&db, &[SEGMENT_STORE], Access::Read)?;
        let request = tx.object_store(SEGMENT_STORE)?.get_all()?;
        indexed_db::finished(&tx).await?;
        let mut segments = js_sys::Array::from(&request.result()?)
            .iter()
            .filter(|s| get_string(s, "kind").is_ok_and(|k| k == kind.as_str()))
            .map(|s| Segment::from_js(&s))
            .collect::<Result<Vec<_>, _>>()?;
        // Oldest first: of two copies of a record, the later segment's wins.
        segments.sort_by_key(|s| s.seq);
        Ok(segments)
    }
}

/// A new record id: 16 random bytes as hex, never derived from the content.
pub fn new_record_id(kind: RecordKind) -> Result<String, StoreError> {
    Ok(format!("{}-{}", kind.as_str(), crypto::random_hex(16)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::vault::OfflineLease;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Each test gets an empty database. The previous test's connection must be closed first:
    /// deleting a database waits for every open connection.
    async fn fresh_store() -> Unlocked {
        if let Some(previous) = OPEN_VAULT.with(|open| open.borrow_mut().take()) {
            previous.close().await;
        }
        let _ = indexed_db::delete(DATABASE).await;
        let vault = Vault::open().await.expect("open");
        OPEN_VAULT.with(|open| *open.borrow_mut() = Some(vault.clone()));
        let lease = OfflineLease {
            last_contact_at: 0,
            days: 14,
        };
        let signing = crypto::generate_signing_key().await.expect("signing key");
        vault
            .enrol(
                ("test-device".into(), "credential".into()),
                lease,
                "Apfelbaum im Mai",
                signing,
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
        let holders = vault.connection.0.borrow().as_ref().map(Rc::strong_count);
        assert_eq!(holders, Some(2), "a read holds the connection");
        vault.close().await;
        assert!(!deleting_was_blocked().await);
    }

    #[wasm_bindgen_test]
    async fn a_laptop_enrolled_without_a_signing_key_gets_one_at_unlock_and_keeps_it() {
        let store = fresh_store().await;
        let vault = store.vault().clone();
        let mut device = vault.device().await.expect("read").expect("device");
        device.signing_key = None;
        vault.save_device(&device).await.expect("save");

        let mut device = vault.device().await.expect("read").expect("device");
        let unlocked = vault
            .unlock(&mut device, "Apfelbaum im Mai")
            .await
            .expect("unlock");
        let made = vault.device().await.expect("read").expect("device");
        let key = made.signing_key.clone().expect("made at unlock and saved");
        assert_eq!(device.signing_key.as_ref(), Some(&key));
        assert_eq!(
            (key.public.len(), key.public[0]),
            (65, 4),
            "SEC1, uncompressed"
        );
        assert_eq!(
            unlocked.sign(b"bk-proposal-v1").await.expect("sign").len(),
            64
        );

        let mut again = made.clone();
        vault
            .unlock(&mut again, "Apfelbaum im Mai")
            .await
            .expect("unlock");
        assert_eq!(again.signing_key, Some(key), "the same key, not a new one");
        assert_eq!(
            vault.unlock(&mut again, "falsch").await.err(),
            Some(StoreError::WrongPassphrase)
        );
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

        // Such a commit asks for strict durability.
        let db = store.vault().db().expect("connection");
        let tx = indexed_db::begin(&db, &[RECORD_STORE], Access::StrictWrite).expect("transaction");
        let durability =
            js_sys::Reflect::get(&tx, &JsValue::from_str("durability")).expect("durability");
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
            let tx = indexed_db::begin(&db, &[RECORD_STORE], Access::Read).expect("tx");
            let count = tx
                .object_store(RECORD_STORE)
                .expect("store")
                .count()
                .expect("count");
            indexed_db::finished(&tx).await.expect("done");
            count.result().expect("count").as_f64()
        };
        assert_eq!(loose_left, Some(0.0), "packed into a segment");
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
        let tx = indexed_db::begin(&db, &[SEGMENT_STORE], Access::Read).expect("tx");
        let all = tx
            .object_store(SEGMENT_STORE)
            .expect("store")
            .get_all()
            .expect("all");
        indexed_db::finished(&tx).await.expect("read");
        let segment = js_sys::Array::from(&all.result().expect("all")).get(0);
        let old_id = get_string(&segment, "id").expect("id");
        set(segment.unchecked_ref(), "id", "case~forged".into());
        let tx = indexed_db::begin(&db, &[SEGMENT_STORE], Access::Write).expect("tx");
        write(tx, |tx| {
            let segments = tx.object_store(SEGMENT_STORE)?;
            segments.delete(&old_id.into())?;
            segments.put(&segment).map(|_| ())
        })
        .await
        .expect("moved");
        assert_eq!(
            store.all(RecordKind::Case).await.err(),
            Some(StoreError::Tampered)
        );
    }
}
