//! The records the Koffer keeps, typed: cases (and the outbox rule), corrections, the
//! catalogues, the day's deployment, the day lists and their outcomes, the sync state and photos. The one place that knows their kinds, ids and form;
//! a value that does not serialise is an error, never an empty record.

use super::{Batch, StoreError, Unlocked, new_record_id};
use domain::cases::{Case, Deployment};
use domain::catalogue::Catalogue;
use domain::sync::client::SyncState;
use domain::sync::correction::Correction;
use domain::tours::booking::{DayList, NotedOutcome};
use domain::vault::RecordKind;
use serde::Serialize;
use std::collections::BTreeMap;

/// The catalogues, kept as the server sent them (the app never re-encodes a catalogue it got).
const CATALOGUES_ID: &str = "catalogue-all";
const DEPLOYMENT_ID: &str = "setting-deployment";
const SYNC_STATE_ID: &str = "setting-sync";
const DAY_LISTS_ID: &str = "setting-day-lists";
const OUTCOMES_ID: &str = "setting-outcomes";

fn encode(value: &impl Serialize) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(value).map_err(|error| StoreError::Failed(error.to_string()))
}

/// Untransferred cases are the outbox hand-back waits for; once the server holds a case it
/// moves to the synced kind, in the same transaction, so it is never in neither or both.
pub fn put_case(batch: &mut Batch, case: &Case) -> Result<(), StoreError> {
    let json = encode(case)?;
    if case.status().is_untransferred() {
        batch.put(RecordKind::Case, &case.id, json);
    } else {
        batch.put(RecordKind::Synced, &synced_id(&case.id), json);
        batch.delete(RecordKind::Case, &case.id);
    }
    Ok(())
}

/// A case the server deleted: gone here too, whichever kind it was.
pub fn remove_case(batch: &mut Batch, id: &str) {
    batch.delete(RecordKind::Case, id);
    batch.delete(RecordKind::Synced, &synced_id(id));
}

/// A correction waits beside its case, under the case's id behind `correction-`.
pub fn put_correction(batch: &mut Batch, correction: &Correction) -> Result<(), StoreError> {
    let id = correction_id(&correction.base.id);
    batch.put(RecordKind::Correction, &id, encode(correction)?);
    Ok(())
}

pub fn remove_correction(batch: &mut Batch, case_id: &str) {
    batch.delete(RecordKind::Correction, &correction_id(case_id));
}

fn correction_id(case_id: &str) -> String {
    format!("correction-{case_id}")
}

/// The outcomes noted at dates and not yet answered for by the server (`desk::day_lists`).
pub fn put_outcomes(batch: &mut Batch, outcomes: &[NotedOutcome]) -> Result<(), StoreError> {
    batch.put(RecordKind::Setting, OUTCOMES_ID, encode(&outcomes)?);
    Ok(())
}

pub fn put_sync_state(batch: &mut Batch, state: &SyncState) -> Result<(), StoreError> {
    batch.put(RecordKind::Setting, SYNC_STATE_ID, encode(state)?);
    Ok(())
}

/// Record ids start with their kind: a synced case's record id is its case id behind `synced-`.
fn synced_id(case_id: &str) -> String {
    format!("synced-{case_id}")
}

/// The cases stored here, and how many records could not be read as a case.
pub struct StoredCases {
    pub cases: Vec<Case>,
    pub unreadable: usize,
}

impl Unlocked {
    /// Every case, the newer of two copies where a write was cut short between the kinds (the
    /// longer history wins).
    pub async fn cases(&self) -> Result<StoredCases, StoreError> {
        let mut records = self.all(RecordKind::Synced).await?;
        records.extend(self.all(RecordKind::Case).await?);
        let mut by_id: std::collections::BTreeMap<String, Case> = Default::default();
        let mut unreadable = 0;
        for (_, json) in &records {
            let Ok(case) = serde_json::from_slice::<Case>(json) else {
                unreadable += 1;
                continue;
            };
            match by_id.get(&case.id) {
                Some(held) if held.history.len() > case.history.len() => {}
                _ => {
                    by_id.insert(case.id.clone(), case);
                }
            }
        }
        Ok(StoredCases {
            cases: by_id.into_values().collect(),
            unreadable,
        })
    }

    /// The corrections waiting for the server, and how many records could not be read as one.
    pub async fn corrections(&self) -> Result<(Vec<Correction>, usize), StoreError> {
        let records = self.all(RecordKind::Correction).await?;
        let mut unreadable = 0;
        let mut corrections = Vec::with_capacity(records.len());
        for (_, json) in &records {
            match serde_json::from_slice(json) {
                Ok(correction) => corrections.push(correction),
                Err(_) => unreadable += 1,
            }
        }
        Ok((corrections, unreadable))
    }

    /// The catalogues as the server sent them; `None` before the first contact.
    pub async fn catalogue_bytes(&self) -> Result<Option<Vec<u8>>, StoreError> {
        self.get(RecordKind::Catalogue, CATALOGUES_ID).await
    }

    pub async fn save_catalogue_bytes(&self, json: &[u8]) -> Result<(), StoreError> {
        self.put(RecordKind::Catalogue, CATALOGUES_ID, json).await
    }

    /// The catalogues after one of them came newer with a pull.
    pub async fn save_catalogues(&self, all: &[Catalogue]) -> Result<(), StoreError> {
        self.save_catalogue_bytes(&encode(&all)?).await
    }

    pub async fn deployment(&self) -> Result<Option<Deployment>, StoreError> {
        let json = self.get(RecordKind::Setting, DEPLOYMENT_ID).await?;
        // An unreadable choice of the day is chosen again, not an error.
        Ok(json.and_then(|json| serde_json::from_slice(&json).ok()))
    }

    pub async fn save_deployment(&self, deployment: &Deployment) -> Result<(), StoreError> {
        self.put(RecordKind::Setting, DEPLOYMENT_ID, &encode(deployment)?)
            .await
    }

    /// The day lists of the last pull; unreadable ones come again with the next.
    pub async fn day_lists(&self) -> Result<BTreeMap<String, Vec<DayList>>, StoreError> {
        let json = self.get(RecordKind::Setting, DAY_LISTS_ID).await?;
        Ok(json
            .and_then(|json| serde_json::from_slice(&json).ok())
            .unwrap_or_default())
    }

    pub async fn save_day_lists(
        &self,
        all: &BTreeMap<String, Vec<DayList>>,
    ) -> Result<(), StoreError> {
        self.put(RecordKind::Setting, DAY_LISTS_ID, &encode(all)?)
            .await
    }

    /// The outcomes noted and not yet answered for. Unreadable ones are an error: they are
    /// the clerk's work.
    pub async fn outcomes(&self) -> Result<Vec<NotedOutcome>, StoreError> {
        match self.get(RecordKind::Setting, OUTCOMES_ID).await? {
            None => Ok(Vec::new()),
            Some(json) => {
                serde_json::from_slice(&json).map_err(|error| StoreError::Failed(error.to_string()))
            }
        }
    }

    /// What sync remembers; a state this version cannot read starts over (a pull from 0 loses
    /// nothing).
    pub async fn sync_state(&self) -> Result<SyncState, StoreError> {
        let json = self.get(RecordKind::Setting, SYNC_STATE_ID).await?;
        Ok(json
            .and_then(|json| serde_json::from_slice(&json).ok())
            .unwrap_or_default())
    }

    pub async fn save_sync_state(&self, state: &SyncState) -> Result<(), StoreError> {
        self.put(RecordKind::Setting, SYNC_STATE_ID, &encode(state)?)
            .await
    }

    /// Seals a photo; returns the id of its record.
    pub async fn save_photo(&self, jpeg: &[u8]) -> Result<String, StoreError> {
        let record = new_record_id(RecordKind::Attachment)?;
        self.put(RecordKind::Attachment, &record, jpeg).await?;
        Ok(record)
    }

    pub async fn photo(&self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.get(RecordKind::Attachment, record).await
    }

    /// Deletes a case that never reached the server (a discarded draft).
    pub async fn discard_case(&self, id: &str) -> Result<(), StoreError> {
        self.delete(RecordKind::Case, id).await
    }
}
