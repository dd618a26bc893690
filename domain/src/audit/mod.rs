//! The tamper-evident record of a case. Every stored change is an event that names the one before
//! it by its SHA-256 and the state of the case after it; the server seals the newest event of
//! every case a push or decision touched with its own ECDSA P-256 signature (one signature per
//! push, so the record costs a push almost nothing). Altering, dropping, reordering or
//! re-signing an event breaks a link or a seal, and a case changed without an event no longer
//! matches the state its newest event names.
//!
//! What a device files or edits it proposes under its own signature: one ECDSA P-256 signature
//! per push (made in WebCrypto with the key the device registered at enrolment) over a
//! `Proposal` per change — the case and the SHA-256 of the case as sent. The event the server
//! records names that content and signature, so neither the server nor anyone with the database
//! can claim a device filed what it did not.
//!
//! The events travel as wire types; hashing, signing and checking need the `audit` feature
//! (SHA-256 and P-256), which only the server turns on. The app builds the proposals' message
//! here and signs it with WebCrypto.

use crate::cases::CaseStatus;
use serde::{Deserialize, Serialize};

/// What a stored change was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A device filed the case (captured at the table; the server added "Übertragen").
    Filed,
    /// The device that filed it corrected parts of it.
    Edited,
    /// The back office set its status.
    Status(CaseStatus),
    /// The town hall decided which value of a flagged part stays.
    Resolved,
}

/// One entry of a case's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// 0 for the first event of a case, then one more each.
    pub seq: u64,
    pub kind: EventKind,
    /// The server's clock when it stored the change.
    pub at_ms: u64,
    /// The user name of the person signed in.
    pub by: String,
    /// The device they used.
    pub device: String,
    /// Lower-case hex SHA-256 of the case as stored after this change.
    pub state: String,
    /// The hash of the event before (64 zeros for the first).
    pub prev: String,
    /// The seal that covers this event (it, or a later event of the same case).
    pub seal: u64,
    /// For what a device filed or edited: what it signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Proposed>,
}

/// The content a device proposed and the device signature that covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposed {
    /// Lower-case hex SHA-256 of the case as the device sent it (`serde_json` of the `Case`).
    pub content: String,
    /// The id of the `DeviceSignature`.
    pub signature: u64,
}

/// One change of a push as the device signs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub mutation: u64,
    pub base_version: u64,
    /// `case_key` of the case.
    pub case: String,
    /// SHA-256 of the case as sent; `None` for a deletion.
    pub content: Option<String>,
}

/// A device's signature over the proposals of one push, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSignature {
    pub id: u64,
    pub device: String,
    pub proposals: Vec<Proposal>,
    /// Lower-case hex of the 64-byte ECDSA P-256 signature (r ‖ s, as WebCrypto makes it) over
    /// `proposal_message`.
    pub signature: String,
}

/// What a device signs for a push: its id and each proposal, length-prefixed where it is text.
pub fn proposal_message(device: &str, proposals: &[Proposal]) -> String {
    let mut message = format!("bk-proposal-v1\n{}:{device}\n", device.len());
    for proposal in proposals {
        message.push_str(&format!(
            "{} {} {}:{} {}\n",
            proposal.mutation,
            proposal.base_version,
            proposal.case.len(),
            proposal.case,
            proposal.content.as_deref().unwrap_or("-")
        ));
    }
    message
}

/// The server's signature over the newest event of each case one push or decision touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Seal {
    pub id: u64,
    pub heads: Vec<Head>,
    /// Lower-case hex of the 64-byte ECDSA P-256 signature (r ‖ s) over `seal_message`.
    pub signature: String,
}

/// A case (`<Regionalschlüssel>/<id>`) and the hash of its newest event when sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Head {
    pub case: String,
    pub event: String,
}

/// What names a case in seals.
pub fn case_key(municipality: &str, id: &str) -> String {
    format!("{municipality}/{id}")
}

/// The `prev` of a case's first event.
pub const NO_EVENT: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Where a record does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The case has no record.
    Empty,
    /// The event at this position is not the one the record expects there: one was dropped,
    /// moved or inserted.
    OutOfOrder { seq: u64 },
    /// This event does not name the one before it: that one was altered.
    Altered { seq: u64 },
    /// No seal by the server's key names this event (or a later one of its seal).
    Unsealed { seq: u64 },
    /// The case as stored is not the state its newest event records: changed without a record.
    StateChanged,
    /// A change by a device that no signature of that device's registered key covers.
    NotSignedByDevice { seq: u64 },
}

/// Everything a case's record is checked against besides its events: the server's seals, the
/// devices' signatures the events name, and the public keys the devices registered (device id
/// and SEC1 hex), and which of the devices are Bürger-Terminals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub seals: Vec<Seal>,
    pub device_signatures: Vec<DeviceSignature>,
    pub device_keys: Vec<(String, String)>,
    /// A terminal holds no signing key (anyone at a public kiosk could use it): what a citizen
    /// files there the server makes into a case, and it stands on the server's seal alone.
    pub terminals: Vec<String>,
}

#[cfg(feature = "audit")]
mod crypto;
#[cfg(feature = "audit")]
pub use crypto::*;

#[cfg(all(test, feature = "audit"))]
mod tests;
