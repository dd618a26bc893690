//! What one push decides about one space (a municipality): which of its mutations the server
//! files and how (`domain::filing`), each change an event of the case's record, the storage it
//! takes against the quota, and the rows to write.

use super::{MAX_CASE_BYTES, TRANSFERRED_BY};
use crate::database::DataError;
use crate::database::cases::{
    CaseRow, HeldCase, find_cases, numbers_held, reserve_versions, to_row,
};
use crate::database::record::NewEvent;
use crate::database::storage::Usage;
use base64::Engine;
use domain::audit::{EventKind, Proposed, event_hash, next_event, sha256_hex};
use domain::cases::{Case, CaseStatus, Channel, Signature};
use domain::catalogue::Catalogue;
use domain::filing::{self, MAX_CONFLICTS, Refusal};
use domain::municipality::RegionalKey;
use domain::sync::wire::{Change as WireChange, Mutation, Outcome};
use domain::sync::{MergeOutcome, StoredCase};
use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};
use std::collections::{BTreeMap, BTreeSet};

/// The space a mutation names, as the `spaces` of a push know it: the Regionalschlüssel as
/// written canonically ("14 524 511 8250" and "145245118250" are one space), or the text as
/// sent when it is none (its mutations are refused).
pub(super) fn space_name(mutation: &Mutation) -> String {
    let municipality = mutation.target().0;
    RegionalKey::parse(municipality).map_or_else(|_| municipality.to_owned(), |key| key.to_string())
}

/// Who files, and the events the push has recorded so far.
pub(super) struct Filing {
    /// The display name of the person signed in: the clerk's steps carry it.
    pub by: String,
    /// Their user name: the record names them by it.
    pub username: String,
    pub device_id: String,
    /// How the device files: a laptop's cases are the Koffer's, a terminal's its own.
    pub channel: Channel,
    /// The server's clock.
    pub now_ms: u64,
    /// What the device signed for the mutation being applied.
    pub proposed: Option<Proposed>,
    pub events: Vec<NewEvent>,
}

/// What one push knows about one space.
#[derive(Default)]
pub(super) struct Space {
    /// The parsed Regionalschlüssel, once loaded; `None` when the mutations named none.
    pub key: Option<RegionalKey>,
    allowed: bool,
    mutations: usize,
    ids: BTreeSet<String>,
    numbers: BTreeSet<String>,
    photos: BTreeSet<String>,
    missing_photos: BTreeSet<String>,
    /// Case numbers the space holds, with their case's id; the batch adds its own.
    numbers_held: BTreeMap<String, String>,
    /// The cases of `ids` the server holds, updated as the batch applies; the changed ones are
    /// written at the end, in the order of their ids.
    stored: BTreeMap<String, Slot>,
    catalogue: Option<Catalogue>,
    pub usage: Option<Usage>,
    /// The first version reserved for this push: no device was ever handed this one or later.
    first_version: u64,
    next_version: u64,
}

/// A case of a space as a push holds it.
struct Slot {
    case: HeldCase,
    /// Its new version and its row (case and bookkeeping as JSON), once a mutation of the push
    /// has changed it.
    written: Option<(u64, Row)>,
}

/// A case's two columns as JSON.
type Row = (String, String);

impl Space {
    pub fn note(&mut self, mutation: &Mutation) {
        self.mutations += 1;
        self.ids.insert(mutation.target().1.to_owned());
        if let WireChange::PutCase { case, .. } = &mutation.change {
            self.numbers.insert(case.number.clone());
            self.photos
                .extend(case.attachments.iter().map(|a| a.sha256.clone()));
        }
    }

    pub async fn load(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        name: &str,
        caller_municipality: &RegionalKey,
        now: u64,
    ) -> Result<(), DataError> {
        let Ok(key) = RegionalKey::parse(name) else {
            return Ok(());
        };
        self.allowed =
            crate::database::municipalities::may_act_for(&mut **tx, caller_municipality, &key)
                .await?;
        if self.allowed {
            self.first_version = reserve_versions(tx, &key, self.mutations, now).await?;
            self.next_version = self.first_version;
            self.stored = find_cases(tx, &key, &self.ids)
                .await?
                .into_iter()
                .map(|(id, case)| {
                    let slot = Slot {
                        case,
                        written: None,
                    };
                    (id, slot)
                })
                .collect();
            self.numbers_held = numbers_held(tx, &key, &self.numbers).await?;
            let photos: Vec<String> = self.photos.iter().cloned().collect();
            self.missing_photos = crate::database::attachments::missing(&mut **tx, &key, &photos)
                .await?
                .into_iter()
                .collect();
            self.catalogue = crate::database::catalogues::find(&mut **tx, &key).await?;
            self.usage = Some(crate::database::storage::usage(&mut **tx, &key).await?);
        }
        self.key = Some(key);
        Ok(())
    }

    /// One mutation against the space's current state: its outcome, or why it is refused.
    pub fn apply(&mut self, mutation: Mutation, filing: &mut Filing) -> Result<Outcome, Refusal> {
        let Some(key) = self.key else {
            return Err(Refusal::UnknownMunicipality(mutation.target().0.to_owned()));
        };
        if mutation.target().1.is_empty() {
            return Err(Refusal::NoId);
        }
        if !self.allowed {
            return Err(Refusal::OtherMunicipality(key.to_string()));
        }
        let version = self.next_version;
        self.next_version += 1;
        match mutation.change {
            WireChange::DeleteCase { id, .. } => Err(if self.stored.contains_key(&id) {
                Refusal::DeleteOnServer
            } else {
                Refusal::NoSuchCase
            }),
            WireChange::PutCase { case, changed } => {
                if case
                    .attachments
                    .iter()
                    .any(|a| self.missing_photos.contains(&a.sha256))
                {
                    return Err(Refusal::PhotosMissing);
                }
                if case
                    .signature
                    .as_ref()
                    .is_some_and(|s| !signature_matches(s))
                {
                    return Err(Refusal::SignatureMismatch);
                }
                if self.stored.contains_key(&case.id) {
                    self.edit(*case, &changed, mutation.base_version, version, filing)
                } else {
                    self.file(*case, version, filing)
                }
            }
        }
    }

    /// Files a case the server sees for the first time.
    fn file(
        &mut self,
        mut case: Case,
        version: u64,
        filing: &mut Filing,
    ) -> Result<Outcome, Refusal> {
        if case.channel != filing.channel {
            return Err(Refusal::DeploymentMismatch);
        }
        filing::check_new(&case, self.catalogue(), filing.now_ms)?;
        if self
            .numbers_held
            .get(&case.number)
            .is_some_and(|id| *id != case.id)
        {
            return Err(Refusal::NumberTaken(case.number));
        }
        filing::stamp_clerk_steps(&mut case, &filing.by);
        let mut stored = StoredCase::new(case, version);
        stored
            .record_step(
                CaseStatus::Transferred,
                filing.now_ms,
                TRANSFERRED_BY,
                None,
                version,
            )
            .map_err(Refusal::NotCaptured)?;
        let row = row_within_limit(&stored)?;
        let bytes = row.0.len() + row.1.len();
        self.charge(bytes)?;
        let id = stored.case.id.clone();
        self.numbers_held
            .insert(stored.case.number.clone(), id.clone());
        let newest_event = self.record(&id, None, EventKind::Filed, (version, &row), filing);
        self.stored.insert(
            id,
            Slot {
                case: HeldCase {
                    stored,
                    version,
                    device_id: Some(filing.device_id.clone()),
                    bytes,
                    newest_event: Some(newest_event),
                },
                written: Some((version, row)),
            },
        );
        Ok(Outcome::Applied)
    }

    /// The event of a change to case `id` whose record's newest event is `newest`, noted for
    /// the push's seal; returns its seq and hash, the case's new newest event.
    fn record(
        &self,
        id: &str,
        newest: Option<(u64, &str)>,
        kind: EventKind,
        (version, row): (u64, &Row),
        filing: &mut Filing,
    ) -> (u64, String) {
        let mut event = next_event(
            newest,
            kind,
            (filing.now_ms, &filing.username, &filing.device_id),
            sha256_hex(row.0.as_bytes()),
        );
        event.proposed = filing.proposed.clone();
        let hash = event_hash(&event);
        let newest = (event.seq, hash.clone());
        filing.events.push(NewEvent {
            municipality: self
                .key
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            case_id: id.to_owned(),
            version,
            event,
            hash,
        });
        newest
    }

    /// Merges a device's new version of a case the server holds.
    fn edit(
        &mut self,
        mut incoming: Case,
        changed: &[String],
        base_version: u64,
        version: u64,
        filing: &mut Filing,
    ) -> Result<Outcome, Refusal> {
        let catalogue = self.catalogue().clone();
        let first_version = self.first_version;
        let slot = self.stored.get(&incoming.id).ok_or(Refusal::NoSuchCase)?;
        if slot.case.device_id.as_deref() != Some(filing.device_id.as_str()) {
            return Err(Refusal::NotOwnCase);
        }
        if base_version >= first_version {
            return Err(Refusal::ForgedBase);
        }
        let held = &slot.case.stored;
        filing::check_edit(&held.case, &incoming, changed, &catalogue, filing.now_ms)?;
        // The history is the server's: what the device holds of it was checked above.
        incoming.history = held.case.history.clone();
        let mut merged = held.clone();
        let outcome = merged.merge(&incoming, changed, base_version, version, &filing.device_id);
        if merged.conflicts.len() > MAX_CONFLICTS {
            return Err(Refusal::TooManyConflicts);
        }
        let id = incoming.id;
        let outcome = match outcome {
            MergeOutcome::Applied => Outcome::Applied,
            MergeOutcome::Merged { kept_from_server } => Outcome::Merged { kept_from_server },
            MergeOutcome::Conflict { parts } => Outcome::Conflict { parts },
        };
        if merged == *held {
            return Ok(outcome);
        }
        let row = row_within_limit(&merged)?;
        let bytes = row.0.len() + row.1.len();
        let (before, newest) = (slot.case.bytes, slot.case.newest_event.clone());
        self.charge_replacing(bytes, before)?;
        let newest = newest.as_ref().map(|(seq, hash)| (*seq, hash.as_str()));
        let newest_event = self.record(&id, newest, EventKind::Edited, (version, &row), filing);
        let slot = self.stored.get_mut(&id).ok_or(Refusal::NoSuchCase)?;
        slot.case.stored = merged;
        slot.case.bytes = bytes;
        slot.case.version = version;
        slot.case.newest_event = Some(newest_event);
        slot.written = Some((version, row));
        Ok(outcome)
    }

    /// The rows of the cases this push changed in the space, to be written (a new case is
    /// filed by `pusher`).
    pub fn changed_rows<'a>(&'a self, pusher: &'a str) -> Vec<CaseRow<'a>> {
        let Some(key) = &self.key else {
            return Vec::new();
        };
        self.stored
            .iter()
            .filter_map(|(id, slot)| {
                let (version, (body, meta)) = slot.written.as_ref()?;
                Some(CaseRow {
                    municipality: key,
                    id,
                    version: *version,
                    flagged: !slot.case.stored.conflicts.is_empty(),
                    body,
                    meta,
                    device_id: slot.case.device_id.as_deref().unwrap_or(pusher),
                    number: &slot.case.stored.case.number,
                    newest_event: slot.case.newest_event.as_ref(),
                    case: &slot.case.stored.case,
                })
            })
            .collect()
    }

    fn catalogue(&mut self) -> &Catalogue {
        let key = self
            .key
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        self.catalogue.get_or_insert_with(|| Catalogue {
            municipality: key,
            municipality_name: String::new(),
            version: 0,
            places: Vec::new(),
            two_clerk_places: Vec::new(),
            submission_checks: Vec::new(),
            services: Vec::new(),
        })
    }

    fn charge(&mut self, bytes: usize) -> Result<(), Refusal> {
        self.charge_replacing(bytes, 0)
    }

    /// Counts `bytes` replacing `before` against the municipality's quota.
    fn charge_replacing(&mut self, bytes: usize, before: usize) -> Result<(), Refusal> {
        let more =
            i64::try_from(bytes).unwrap_or(i64::MAX) - i64::try_from(before).unwrap_or(i64::MAX);
        match &mut self.usage {
            Some(usage) if usage.admits(more) => {
                usage.added += more;
                Ok(())
            }
            _ => Err(Refusal::QuotaReached),
        }
    }
}

/// A case's row, written once; a case over the limit is refused.
fn row_within_limit(stored: &StoredCase) -> Result<Row, Refusal> {
    let too_large = Refusal::TooLarge {
        limit: MAX_CASE_BYTES,
    };
    let row = to_row(stored).map_err(|_| too_large.clone())?;
    if row.0.len() > MAX_CASE_BYTES {
        return Err(too_large);
    }
    Ok(row)
}

/// Whether the signature's digest is the SHA-256 of its image, and the image a PNG.
fn signature_matches(signature: &Signature) -> bool {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    let Some(data) = signature.png.strip_prefix("data:image/png;base64,") else {
        return false;
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data) else {
        return false;
    };
    bytes.starts_with(PNG) && domain::hex::to_hex(&Sha256::digest(&bytes)) == signature.sha256
}
