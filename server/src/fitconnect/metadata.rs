//! The metadata document of a FIT-Connect submission (schema 1.0.0 as FITKO publishes it,
//! `https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json`): which service the
//! submission is for (its LeiKa URN), the SHA-512 and schema of the data, and each attachment
//! with its id, purpose, type and SHA-512. It travels encrypted like everything else; the
//! destination checks the parts it receives against these hashes.

use serde::Serialize;
use sha2::{Digest, Sha512};

pub const SCHEMA: &str = "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    pub public_service_type: PublicServiceType,
    pub content_structure: ContentStructure,
    pub additional_reference_info: ReferenceInfo,
}

#[derive(Debug, Serialize)]
pub struct PublicServiceType {
    pub name: String,
    /// `urn:de:fim:leika:leistung:<key>`.
    pub identifier: String,
}

#[derive(Debug, Serialize)]
pub struct ContentStructure {
    pub data: DataPart,
    pub attachments: Vec<AttachmentPart>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataPart {
    pub hash: Hash,
    pub submission_schema: SubmissionSchema,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubmissionSchema {
    pub schema_uri: String,
    pub mime_type: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Hash {
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Lower-case hex.
    pub content: String,
}

impl Hash {
    pub fn sha512(bytes: &[u8]) -> Self {
        Hash {
            kind: "sha512",
            content: Sha512::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// The application as a person reads it (our PDF/A package).
    Form,
    /// A document the citizen showed (a photo).
    Attachment,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentPart {
    pub attachment_id: String,
    pub hash: Hash,
    pub purpose: Purpose,
    pub filename: String,
    pub mime_type: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceInfo {
    /// The case's number, by which the town hall finds it again.
    pub sender_reference: String,
    /// The day the citizen applied (ISO).
    pub application_date: String,
}

/// One part to attach: its announced id, name, type, purpose and bytes.
pub struct Part<'a> {
    pub id: &'a str,
    pub filename: &'a str,
    pub media_type: &'a str,
    pub purpose: Purpose,
    pub bytes: &'a [u8],
}

/// The metadata of a submission of `data` (JSON under `schema_uri`) with `parts`.
pub fn describe(
    (service_name, leika_urn): (&str, &str),
    (data, schema_uri): (&[u8], &str),
    parts: &[Part],
    (case_number, applied_on): (&str, &str),
) -> Metadata {
    Metadata {
        schema: SCHEMA,
        public_service_type: PublicServiceType {
            name: service_name.to_owned(),
            identifier: leika_urn.to_owned(),
        },
        content_structure: ContentStructure {
            data: DataPart {
                hash: Hash::sha512(data),
                submission_schema: SubmissionSchema {
                    schema_uri: schema_uri.to_owned(),
                    mime_type: "application/json",
                },
            },
            attachments: parts
                .iter()
                .map(|part| AttachmentPart {
                    attachment_id: part.id.to_owned(),
                    hash: Hash::sha512(part.bytes),
                    purpose: part.purpose,
                    filename: part.filename.to_owned(),
                    mime_type: part.media_type.to_owned(),
                })
                .collect(),
        },
        additional_reference_info: ReferenceInfo {
            sender_reference: case_number.to_owned(),
            application_date: applied_on.to_owned(),
        },
    }
}

/// A random UUID (version 4), as FIT-Connect names attachments.
pub fn uuid_v4() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| error.to_string())?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}
