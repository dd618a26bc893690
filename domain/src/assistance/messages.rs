//! What crosses the assistance WebSocket, as JSON text frames: a variant as its name, or as an
//! object of one member, its name (serde's external tagging: the apps read it without buffering).

use serde::{Deserialize, Serialize};

/// Longest session description relayed: a browser's offer with audio, video and a data channel
/// is a few kilobytes.
pub const MAX_SDP_BYTES: usize = 16 * 1024;
/// Longest ICE candidate line or media id relayed.
pub const MAX_CANDIDATE_BYTES: usize = 1024;

/// A call's number on this server.
pub type CallId = u64;

/// What a party sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FromParty {
    /// A terminal asks to talk to the administration.
    Call,
    /// Someone on duty takes a waiting call.
    Accept { call: CallId },
    /// For the other party of this party's call.
    Signal(Signal),
    /// Ends this party's call, waiting or under way.
    HangUp,
}

/// WebRTC's negotiation, relayed unchanged between the two parties of a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Signal {
    Offer {
        sdp: String,
    },
    Answer {
        sdp: String,
    },
    Candidate {
        candidate: String,
        sdp_mid: Option<String>,
        sdp_m_line_index: Option<u16>,
    },
}

impl Signal {
    /// Whether it is small enough to relay.
    pub fn within_bounds(&self) -> bool {
        match self {
            Self::Offer { sdp } | Self::Answer { sdp } => sdp.len() <= MAX_SDP_BYTES,
            Self::Candidate {
                candidate, sdp_mid, ..
            } => {
                candidate.len() <= MAX_CANDIDATE_BYTES
                    && sdp_mid
                        .as_ref()
                        .is_none_or(|mid| mid.len() <= MAX_CANDIDATE_BYTES)
            }
        }
    }
}

/// What the two parties of a call say to each other directly, over the call's data channel: the
/// server never sees it. A photo of a document travels as a binary message of its own, the
/// JPEG's bytes, at most `MAX_PHOTO_BYTES`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum InCall {
    /// The town hall asks the citizen to hold a document to the terminal's camera.
    DocumentWanted,
    /// The citizen would rather not send one.
    DocumentDeclined,
    /// The town hall has the terminal print a note for the citizen: what was agreed, a
    /// reference, the next step (at most `MAX_NOTE_CHARS`).
    Print { text: String },
    /// The terminal's answer to `Print`.
    Printed,
    /// The terminal has no printer, or it failed.
    NotPrinted,
}

/// Longest note the terminal prints: a receipt's length, not a letter's.
pub const MAX_NOTE_CHARS: usize = 1500;

/// Largest photo of a document taken from the other side: a frame of a kiosk's camera as JPEG
/// is far smaller.
pub const MAX_PHOTO_BYTES: usize = 512 * 1024;

/// A call waiting for someone on duty, as the town hall's queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingCall {
    pub call: CallId,
    pub municipality_name: String,
    pub place: String,
    /// Seconds since the epoch.
    pub since: u64,
}

/// What a party is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToParty {
    /// To a terminal: whether anyone is on duty who may take its call; if not, the terminal
    /// offers a call-back or a booking instead.
    Duty {
        staffed: bool,
    },
    /// To someone on duty: the calls they may take, oldest first.
    Queue {
        calls: Vec<WaitingCall>,
    },
    /// To a terminal: its call rings in the town hall.
    Ringing {
        call: CallId,
    },
    /// To both: the call is taken. `peer` names the other side (the person on duty, or the
    /// terminal's place); the terminal makes the offer.
    Connected {
        call: CallId,
        peer: String,
        makes_offer: bool,
    },
    Signal(Signal),
    /// The call is over.
    Ended {
        reason: EndReason,
    },
    /// What was sent is not taken; nothing changed.
    Refused {
        refusal: AssistanceRefusal,
        message: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The other party hung up.
    HungUp,
    /// The other party's connection is gone.
    PeerLeft,
    /// The terminal was revoked in the console.
    Revoked,
}

/// Why a message is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssistanceRefusal {
    Malformed,
    OnlyTerminalsCall,
    AlreadyCalling,
    NoOneOnDuty,
    OnlyStaffAccept,
    AlreadyInCall,
    NoSuchCall,
    NotYourMunicipality,
    NotInCall,
    SignalTooLarge,
}

impl AssistanceRefusal {
    /// The sentence for the person at either end.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::Malformed => {
                "Die Nachricht ist unvollständig oder unbekannt. Bitte laden Sie die Seite neu."
            }
            Self::OnlyTerminalsCall => "Anrufen kann nur ein Bürger-Terminal.",
            Self::AlreadyCalling => "Dieses Terminal ruft bereits an.",
            Self::NoOneOnDuty => {
                "Gerade ist niemand im Dienst. Bitte bitten Sie um Rückruf oder buchen Sie einen Termin."
            }
            Self::OnlyStaffAccept => "Einen Anruf annehmen kann nur, wer im Rathaus Dienst hat.",
            Self::AlreadyInCall => "Sie führen schon ein Gespräch. Bitte beenden Sie es zuerst.",
            Self::NoSuchCall => {
                "Dieser Anruf wartet nicht mehr: Er wurde beendet oder von jemand anderem angenommen."
            }
            Self::NotYourMunicipality => {
                "Dieser Anruf gehört zu einer Gemeinde, für die Sie nicht zuständig sind."
            }
            Self::NotInCall => "Es besteht kein Gespräch, dem diese Nachricht gelten kann.",
            Self::SignalTooLarge => "Die Nachricht ist zu groß für den Verbindungsaufbau.",
        }
    }
}

impl From<AssistanceRefusal> for ToParty {
    fn from(refusal: AssistanceRefusal) -> Self {
        Self::Refused {
            refusal,
            message: refusal.sentence().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_the_browsers_write_them() {
        let accept: FromParty = serde_json::from_str(r#"{"accept":{"call":7}}"#).expect("ok");
        assert_eq!(accept, FromParty::Accept { call: 7 });
        assert_eq!(
            serde_json::from_str::<FromParty>(r#""call""#).expect("ok"),
            FromParty::Call
        );
        let candidate: FromParty = serde_json::from_str(
            r#"{"signal":{"candidate":{"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdp_mid":"0","sdp_m_line_index":0}}}"#,
        )
        .expect("ok");
        assert!(matches!(
            candidate,
            FromParty::Signal(Signal::Candidate { .. })
        ));
        assert!(serde_json::from_str::<FromParty>(r#"{"accept":{"call":"1"}}"#).is_err());
        assert!(
            serde_json::from_str::<FromParty>(r#"{"accept":{"call":1,"as":"admin"}}"#).is_err()
        );
        assert!(serde_json::from_str::<FromParty>(r#"{"queue":{"calls":[]}}"#).is_err());
        let refused =
            serde_json::to_value(ToParty::from(AssistanceRefusal::NotInCall)).expect("json");
        assert_eq!(refused["refused"]["refusal"], "not_in_call");
    }
}
