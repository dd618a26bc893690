//! The handover package's machine-readable case: what the registration software or another
//! deciding authority reads out of the PDF/A file the server builds for a case (carried inside
//! it as an associated file). It holds the case as stored, each service under its LeiKa URN
//! with its fields under the catalogue's stable ids, the SHA-512 of every file the case
//! carries, and the case's record with all it is checked against, so whoever receives the file
//! can check it without the server. For FIT-Connect, a service's data (`submission_data`) and
//! the check of it against the destination's schema (`schema`), which the laptop runs before a
//! case is finished (`precheck`).

pub mod precheck;
pub mod schema;

use crate::audit::{DeviceSignature, Event, Evidence, Seal};
use crate::cases::Case;
use crate::catalogue::Catalogue;
use crate::forms::answers;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What `HandoverCase::format` names: this layout, version 1.
pub const FORMAT: &str = "buergerkoffer-handover/1";

/// A LeiKa key as the FIM and FIT-Connect name a service.
pub fn leika_urn(key: &str) -> String {
    format!("urn:de:fim:leika:leistung:{key}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverCase {
    pub format: String,
    /// The Amtlicher Regionalschlüssel of the municipality that holds the case.
    pub municipality: String,
    pub municipality_name: String,
    /// When the server built the package (ms since 1970, UTC).
    pub created_at_ms: u64,
    /// The case exactly as the server stores it.
    pub case: Case,
    pub services: Vec<ServiceData>,
    /// The files of the case (signature image, photos), each embedded beside this document.
    pub files: Vec<FileDigest>,
    pub record: Record,
}

/// One requested service: its LeiKa URN where the catalogue has a key, and its form's shown
/// fields under their ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceData {
    /// The catalogue's id of the service.
    pub id: String,
    pub leika: Option<String>,
    /// Whether the key was checked against the federal service directory.
    pub leika_confirmed: bool,
    pub title: String,
    pub fields: Vec<FieldData>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldData {
    /// The field's stable id in the catalogue's form.
    pub id: String,
    /// Its German label.
    pub label: String,
    /// Its inputs as typed, by input id (`<field>.<part>` for an address, a person or a
    /// checklist).
    pub values: BTreeMap<String, String>,
    /// The answer as a person reads it (a choice by its label).
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileDigest {
    /// Its name among the package's embedded files.
    pub name: String,
    pub media_type: String,
    pub bytes: u64,
    /// Lower-case hex.
    pub sha256: String,
    /// Lower-case hex.
    pub sha512: String,
}

/// The case's record (`audit`): its events, the server's seals and the devices' signatures
/// they rest on, the keys the devices registered, and the server's public sealing key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub events: Vec<Event>,
    pub seals: Vec<Seal>,
    pub device_signatures: Vec<DeviceSignature>,
    pub device_keys: Vec<DeviceKey>,
    /// The devices that are Bürger-Terminals: their filings carry no device signature
    /// (`audit::Evidence::terminals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terminals: Vec<String>,
    /// The server's public sealing key, SEC1 hex. Trust it only as far as it matches the key
    /// the operator publishes.
    pub sealing_key: String,
    /// What the server found checking the record when it built the package; `None`: intact.
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKey {
    pub device: String,
    /// SEC1 hex of the P-256 key the device registered.
    pub key: String,
}

impl Record {
    pub fn new(events: Vec<Event>, evidence: Evidence, sealing_key: String) -> Self {
        Record {
            events,
            seals: evidence.seals,
            device_signatures: evidence.device_signatures,
            device_keys: evidence
                .device_keys
                .into_iter()
                .map(|(device, key)| DeviceKey { device, key })
                .collect(),
            terminals: evidence.terminals,
            sealing_key,
            problem: None,
        }
    }

    pub fn evidence(&self) -> Evidence {
        Evidence {
            seals: self.seals.clone(),
            device_signatures: self.device_signatures.clone(),
            device_keys: self
                .device_keys
                .iter()
                .map(|key| (key.device.clone(), key.key.clone()))
                .collect(),
            terminals: self.terminals.clone(),
        }
    }
}

/// The services of `case` as the package lists them, read through `catalogue` (a service the
/// catalogue no longer has keeps its id and values, without labels).
pub fn services_of(case: &Case, catalogue: &Catalogue) -> Vec<ServiceData> {
    case.services
        .iter()
        .map(|requested| match catalogue.service(&requested.service) {
            Some(service) => ServiceData {
                id: service.id.clone(),
                leika: service.leika.as_deref().map(leika_urn),
                leika_confirmed: service.leika_confirmed,
                title: service.title.de.clone(),
                fields: answers(&service.form_with_checklist(), &requested.values)
                    .into_iter()
                    .map(|answer| FieldData {
                        id: answer.field.id.clone(),
                        label: answer.field.label.de.clone(),
                        values: answer
                            .field
                            .input_ids()
                            .into_iter()
                            .filter_map(|id| {
                                let value = requested.values.get(&id)?.clone();
                                Some((id, value))
                            })
                            .collect(),
                        text: answer.text.de,
                    })
                    .collect(),
            },
            None => ServiceData {
                id: requested.service.clone(),
                leika: None,
                leika_confirmed: false,
                title: requested.service.clone(),
                fields: requested
                    .values
                    .iter()
                    .map(|(id, value)| FieldData {
                        id: id.clone(),
                        label: id.clone(),
                        values: BTreeMap::from([(id.clone(), value.clone())]),
                        text: value.clone(),
                    })
                    .collect(),
            },
        })
        .collect()
}

#[cfg(feature = "audit")]
impl HandoverCase {
    /// Checks the record inside against the case inside and `key` (the server's public
    /// sealing key as the reader knows it): each event linked, sealed and signed, the newest
    /// naming this very case.
    pub fn verify_record(
        &self,
        key: &crate::audit::SealCheckingKey,
    ) -> Result<(), crate::audit::Break> {
        let stored = serde_json::to_string(&self.case).unwrap_or_default();
        crate::audit::verify(
            &crate::audit::case_key(&self.municipality, &self.case.id),
            &self.record.events,
            &self.record.evidence(),
            key,
            &crate::audit::sha256_hex(stored.as_bytes()),
        )
    }
}

/// What `BatchManifest::format` names.
pub const BATCH_FORMAT: &str = "buergerkoffer-handover-batch/1";

/// The table of contents of a batch export (`manifest.json` in its ZIP, written last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchManifest {
    pub format: String,
    pub municipality: String,
    pub created_at_ms: u64,
    pub packages: Vec<BatchEntry>,
    /// Cases whose package could not be made, and why.
    pub failed: Vec<BatchFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchEntry {
    /// The package's name in the ZIP.
    pub file: String,
    pub case_id: String,
    pub number: String,
    pub bytes: u64,
    /// Lower-case hex SHA-512 of the package.
    pub sha512: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchFailure {
    pub case_id: String,
    pub reason: String,
}

/// The data ("Fachdaten") of a FIT-Connect submission of one requested service of `case`: the
/// service's LeiKa URN, the case's reference, the person, and the service's answers under their
/// input ids, as the destination's data schema (`schema`) checks them. `None` if the case does
/// not request `service` or the catalogue gives it no LeiKa key.
pub fn submission_data(
    case: &Case,
    service: &crate::catalogue::Service,
    schema_uri: &str,
) -> Option<serde_json::Value> {
    let requested = case.services.iter().find(|s| s.service == service.id)?;
    let data = SubmissionData {
        schema: schema_uri,
        service: service.leika.as_deref().map(leika_urn)?,
        case: CaseReference {
            id: &case.id,
            number: &case.number,
            municipality: &case.deployment.municipality,
            place: &case.deployment.place,
            date: &case.deployment.date,
        },
        citizen: &case.citizen,
        values: &requested.values,
    };
    // Through the bytes, which the app writes and reads already: a tree serializer would add a
    // copy of each type's serialization to the Koffer's wasm (it checks before finishing).
    serde_json::from_slice(&serde_json::to_vec(&data).ok()?).ok()
}

#[derive(Serialize)]
struct SubmissionData<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    service: String,
    case: CaseReference<'a>,
    citizen: &'a crate::cases::Citizen,
    values: &'a crate::forms::FormValues,
}

#[derive(Serialize)]
struct CaseReference<'a> {
    id: &'a str,
    number: &'a str,
    municipality: &'a str,
    place: &'a str,
    date: &'a str,
}
