//! What crosses the assistance WebSocket, as JSON text frames: a variant as its name, or as an
//! object of one member, its name (serde's external tagging: the apps read it without buffering).

use crate::forms::{FieldKind, FormSchema, FormValues, Part};
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
    /// The terminal shares the form the citizen is filling during the call, sent anew with each
    /// change, so the town hall sees it as it is filled.
    Form(SharedForm),
    /// The town hall types into an input of the shared form; the terminal takes it only for an
    /// input the form has, and of at most `MAX_FILLED_CHARS` (`SharedForm::may_fill`).
    Fill { input: String, value: String },
    /// The citizen left the form: sent, or gone back.
    FormClosed,
}

/// The form a citizen fills at the terminal, as the town hall sees it in a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedForm {
    /// The service's title.
    pub title: String,
    pub inputs: Vec<SharedInput>,
}

/// One input of a shared form: its id, its label in German, what it holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedInput {
    pub input: String,
    pub label: String,
    pub value: String,
}

/// Longest value the town hall may type into a shared form; a form's longest field is shorter.
pub const MAX_FILLED_CHARS: usize = 500;
/// Most inputs a shared form may have; the catalogue's longest form has a few dozen.
pub const MAX_SHARED_INPUTS: usize = 200;

impl SharedForm {
    /// The form as shared: each input of each shown field of `forms` (a schema and what it
    /// holds), labelled in German; an address's or a person's parts as `part_label` names them.
    pub fn of(
        title: String,
        forms: &[(&FormSchema, &FormValues)],
        part_label: impl Fn(Part) -> String,
    ) -> Self {
        let mut inputs = Vec::new();
        for (schema, values) in forms {
            for field in schema.fields.iter().filter(|field| field.is_shown(values)) {
                for input in field.input_ids() {
                    let label = match schema.field_of_input(&input) {
                        Some((_, Some(part))) => {
                            format!("{}: {}", field.label.de, part_label(part))
                        }
                        _ => match &field.kind {
                            FieldKind::Documents { items } => items
                                .iter()
                                .find(|item| format!("{}.{}", field.id, item.value) == input)
                                .map_or_else(
                                    || field.label.de.clone(),
                                    |item| item.label.de.clone(),
                                ),
                            _ => field.label.de.clone(),
                        },
                    };
                    let value = values.get(&input).cloned().unwrap_or_default();
                    inputs.push(SharedInput {
                        input,
                        label,
                        value,
                    });
                }
            }
        }
        Self { title, inputs }
    }

    /// Whether the town hall shows it: a form's size, not a flood.
    pub fn within_bounds(&self) -> bool {
        self.inputs.len() <= MAX_SHARED_INPUTS
            && self.title.chars().count() <= MAX_FILLED_CHARS
            && self.inputs.iter().all(|shared| {
                shared.input.len() <= MAX_FILLED_CHARS
                    && shared.label.chars().count() <= MAX_FILLED_CHARS
                    && shared.value.chars().count() <= MAX_FILLED_CHARS
            })
    }

    /// Whether the terminal takes the town hall's `value` for `input`: an input this form has,
    /// and a value no longer than any form takes.
    pub fn may_fill(&self, input: &str, value: &str) -> bool {
        value.chars().count() <= MAX_FILLED_CHARS
            && self.inputs.iter().any(|shared| shared.input == input)
    }
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

    fn fundsache() -> FormSchema {
        serde_json::from_value(serde_json::json!({ "fields": [
            { "id": "item", "label": { "de": "Gegenstand", "en": "Item" }, "kind": { "text": { "max_chars": 160 } }, "required": true },
            { "id": "claims_reward", "label": { "de": "Finderlohn?", "en": "Reward?" }, "kind": "yes_no", "required": true },
            { "id": "iban", "label": { "de": "IBAN", "en": "IBAN" }, "kind": "iban", "required": true,
              "shown_if": { "field": "claims_reward", "equals": "ja" } }
        ] }))
        .expect("schema")
    }

    #[test]
    fn a_shared_form_holds_the_shown_inputs_and_takes_fills_only_for_them() {
        let citizen = crate::cases::citizen_form();
        let person: FormValues = [("person.family_name".to_owned(), "Köhler".to_owned())].into();
        let answers: FormValues = [("item".to_owned(), "Schlüssel".to_owned())].into();
        let shared = SharedForm::of(
            "Fundsache abgeben".into(),
            &[(&citizen, &person), (&fundsache(), &answers)],
            |part| format!("{part:?}"),
        );
        let inputs: Vec<(&str, &str, &str)> = shared
            .inputs
            .iter()
            .map(|i| (i.input.as_str(), i.label.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            inputs[0],
            ("person.family_name", "Person: FamilyName", "Köhler")
        );
        assert_eq!(
            inputs.len(),
            3 + 4 + 2,
            "the IBAN is not asked unless a reward is claimed"
        );
        assert_eq!(inputs[7], ("item", "Gegenstand", "Schlüssel"));
        assert!(shared.within_bounds());
        assert!(shared.may_fill("item", "Schlüsselbund"));
        assert!(
            !shared.may_fill("iban", "DE89370400440532013000"),
            "not shown, not filled"
        );
        assert!(!shared.may_fill("item", &"x".repeat(MAX_FILLED_CHARS + 1)));

        let said = serde_json::to_string(&InCall::Form(shared.clone())).expect("json");
        assert_eq!(
            serde_json::from_str::<InCall>(&said).expect("reads"),
            InCall::Form(shared)
        );
        let mut flood = SharedForm::of("x".into(), &[], |_| String::new());
        flood.inputs = vec![
            SharedInput {
                input: "a".into(),
                label: "a".into(),
                value: String::new()
            };
            MAX_SHARED_INPUTS + 1
        ];
        assert!(!flood.within_bounds());
    }
}
