//! Wire types of `POST /api/sync/push` and `GET /api/sync/pull` (protocol version 1).

use crate::audit::{Proposal, case_key};
use crate::cases::Case;
use crate::municipality::RegionalKey;
use serde::{Deserialize, Serialize};

pub const PROTOCOL_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    /// `PROTOCOL_VERSION`: a device speaking another is told to update.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1))]
    pub protocol: u32,
    /// The enrolled device pushing; must be the device of the caller's session.
    pub client_id: String,
    pub mutations: Vec<Mutation>,
    /// The device's signature over the push's proposals (`audit::proposal_message`), hex.
    #[serde(default)]
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mutation {
    /// Per client, counting up from 1 without gaps.
    pub id: u64,
    /// The space version the client had pulled when it made the change.
    pub base_version: u64,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The whole case and the parts changed since `base_version` (all parts when new).
    PutCase {
        case: Box<Case>,
        changed: Vec<String>,
    },
    DeleteCase {
        municipality: String,
        id: String,
    },
}

impl Mutation {
    /// The case it names: its municipality as sent and its id.
    pub fn target(&self) -> (&str, &str) {
        match &self.change {
            Change::PutCase { case, .. } => (&case.deployment.municipality, &case.id),
            Change::DeleteCase { municipality, id } => (municipality, id),
        }
    }

    /// The bytes whose SHA-256 the device signs for it: the case as JSON (a form both
    /// sides make from the same type); nothing for a deletion.
    pub fn content_to_hash(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
        match &self.change {
            Change::PutCase { case, .. } => serde_json::to_vec(case).map(Some),
            Change::DeleteCase { .. } => Ok(None),
        }
    }

    /// What the device signs for it, given the SHA-256 (hex) of `content_to_hash`.
    pub fn proposal(&self, content: Option<String>) -> Proposal {
        let (municipality, id) = self.target();
        let municipality = RegionalKey::parse(municipality)
            .map_or_else(|_| municipality.to_owned(), |key| key.to_string());
        Proposal {
            mutation: self.id,
            base_version: self.base_version,
            case: case_key(&municipality, id),
            content,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub results: Vec<MutationResult>,
    /// The last mutation id the server has processed for this client.
    pub last_mutation_id: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MutationResult {
    pub id: u64,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// Processed before: nothing changed this time.
    AlreadyApplied,
    /// Taken; these parts changed on the server meanwhile and were kept.
    Merged {
        kept_from_server: Vec<String>,
    },
    /// Both sides changed these parts: the server's values stay, the client's are kept for
    /// review.
    Conflict {
        parts: Vec<String>,
    },
    /// Not taken, with a German reason; counted as processed.
    Rejected {
        reason: String,
    },
    /// Mutations are missing before this one; nothing from here on was processed.
    Gap {
        expected: u64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub municipality: String,
    pub changes: Vec<PulledChange>,
    /// Pass this back as `cookie` for the next page or the next pull.
    pub cookie: u64,
    /// More changes wait beyond this page.
    pub more: bool,
    pub last_mutation_id: u64,
    /// The space's service catalogue, when it is newer than the version the client said it
    /// holds (`catalogue` query parameter): catalogue changes arrive by the same pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<crate::catalogue::Catalogue>,
    /// On the last page: the coming dates of the space the signed-in clerk goes to, with their
    /// bookings, for the day's list offline (`None` on other pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day_lists: Option<Vec<crate::tours::booking::DayList>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PulledChange {
    pub version: u64,
    pub id: String,
    /// `None`: the case was deleted (a tombstone).
    pub case: Option<Case>,
    /// Parts changed on two sides that wait for review.
    pub flagged: bool,
}

/// How much of a photo's upload in parts the server holds
/// (`/api/attachments/{municipality}/{sha256}/upload`): its answer to the question and to each
/// part (`sync::upload`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadOffset {
    /// Bytes held; the next part starts here.
    pub offset: u64,
    /// The whole photo's length, as the first part named it.
    pub length: u64,
    /// The server holds the whole photo, checked, for this device: nothing more to send.
    pub complete: bool,
}
