//! Segments: many records of one kind sealed together (`domain::vault::encode_segment`), so a
//! load needs a few decryptions instead of thousands. Ids and order lie in clear (opaque random
//! ids); the ciphertext repeats the ids, and a segment whose clear list disagrees is refused.

use super::StoreError;
use super::fields::{bytes, get, get_bytes, get_number, get_string, set};
use crate::platform::crypto;
use domain::vault::{RecordKind, decode_segment, encode_segment, segment_aad};
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;
use web_sys::CryptoKey;

/// A segment as stored.
pub(super) struct Segment {
    pub id: String,
    /// Of two copies of a record, the one in the segment with the higher seq wins.
    pub seq: u64,
    pub ids: Vec<String>,
    iv: Vec<u8>,
    data: Vec<u8>,
}

impl Segment {
    /// Seals `records` as segment `id` (a fresh IV every time).
    pub async fn seal(
        key: &CryptoKey,
        kind: RecordKind,
        id: String,
        seq: u64,
        records: &[(String, Vec<u8>)],
    ) -> Result<Self, StoreError> {
        let iv = crypto::new_iv()?;
        let data =
            crypto::seal(key, &iv, &segment_aad(kind, &id), &encode_segment(records)).await?;
        Ok(Self {
            id,
            seq,
            ids: records.iter().map(|(id, _)| id.clone()).collect(),
            iv,
            data,
        })
    }

    /// Its records, decrypted, in order.
    pub async fn open(
        &self,
        key: &CryptoKey,
        kind: RecordKind,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let plaintext =
            crypto::open(key, &self.iv, &segment_aad(kind, &self.id), &self.data).await?;
        let records = decode_segment(&plaintext).map_err(|_| StoreError::Tampered)?;
        // The clear list of ids must match what the ciphertext says, or deletes could miss.
        if records.iter().map(|(id, _)| id).ne(self.ids.iter()) {
            return Err(StoreError::Tampered);
        }
        Ok(records)
    }

    pub fn to_js(&self, kind: RecordKind) -> JsValue {
        let ids: Array = self.ids.iter().map(|id| JsValue::from_str(id)).collect();
        let segment = Object::new();
        set(&segment, "id", self.id.as_str().into());
        set(&segment, "kind", kind.as_str().into());
        set(&segment, "seq", (self.seq as f64).into());
        set(&segment, "ids", ids.into());
        set(&segment, "iv", bytes(&self.iv));
        set(&segment, "data", bytes(&self.data));
        segment.into()
    }

    pub fn from_js(value: &JsValue) -> Result<Self, StoreError> {
        let ids = Array::from(&get(value, "ids")?)
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
pub(super) fn new_segment_id(kind: RecordKind) -> Result<String, StoreError> {
    Ok(format!("{}~{}", kind.as_str(), crypto::random_hex(16)?))
}
