//! A case as a device pushed it. Most pushed cases are new to the server: their JSON text is
//! checked against the shape of `Case` without building one, and stored as sent, with the
//! transfer step added to its history. Building each `Case`, writing it out again and freeing it
//! was most of a push's work outside the database.
//!
//! The check is stricter than `Case`: it takes no field `Case` does not know, and no field name
//! written with escapes. Anything it does not take is read as a `Case`, as before, so the server
//! accepts and refuses exactly the cases it did before, and what it stores reads back as the
//! same `Case` (tests below and in `tests/sync.rs`).
//!
//! A push is read in one pass when every case in it passes the check: each case's text is found
//! from where its first and last field names lie in the request. Reading each case's text first
//! (as `RawValue`) and then checking it scanned every case twice. When any case does not pass,
//! the push is read again the two-pass way, which tells each case apart.

use crate::error::ApiError;
use crate::payload::not_as_expected;
use domain::cases::{Attachment, Case, CaseStatus};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// A push as it arrives: `PushRequest` (domain::sync::wire) field for field, each case carried
/// as `C` (its text, or a `SentCase`).
#[derive(Deserialize)]
pub(crate) struct SentPush<C> {
    pub(crate) protocol: u32,
    pub(crate) client_id: String,
    pub(crate) mutations: Vec<SentMutation<C>>,
}

/// What a push must pass before its cases are read: a push the server cannot take as a whole is
/// refused for that, whatever its cases hold.
pub(crate) struct Envelope<'p> {
    pub(crate) protocol: u32,
    pub(crate) client_id: &'p str,
    pub(crate) mutations: usize,
}

impl<C> SentPush<C> {
    fn envelope(&self) -> Envelope<'_> {
        Envelope {
            protocol: self.protocol,
            client_id: &self.client_id,
            mutations: self.mutations.len(),
        }
    }
}

impl<'a> SentPush<SentCase<'a>> {
    /// The push in `text` with every case read, if `accept` takes its envelope; otherwise the
    /// sentence saying why not.
    pub(crate) fn read(
        text: &'a str,
        accept: impl Fn(Envelope) -> Result<(), ApiError>,
    ) -> Result<Self, ApiError> {
        if let Some(push) = Self::read_checked(text) {
            accept(push.envelope())?;
            return Ok(push);
        }
        let sent: SentPush<&RawValue> = serde_json::from_str(text).map_err(not_as_expected)?;
        accept(sent.envelope())?;
        Ok(SentPush {
            protocol: sent.protocol,
            client_id: sent.client_id,
            mutations: sent
                .mutations
                .into_iter()
                .map(SentMutation::read)
                .collect::<Result<_, _>>()?,
        })
    }

    /// The push in `text` read in one pass, if every case in it passes the check.
    fn read_checked(text: &'a str) -> Option<Self> {
        let mut push: Self = serde_json::from_str(text).ok()?;
        for mutation in &mut push.mutations {
            if let SentChange::PutCase {
                case: SentCase::Checked(case),
                ..
            } = &mut mutation.change
            {
                case.locate(text)?;
            }
        }
        Some(push)
    }
}

#[derive(Deserialize)]
pub(crate) struct SentMutation<C> {
    pub(crate) id: u64,
    pub(crate) base_version: u64,
    pub(crate) change: SentChange<C>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SentChange<C> {
    PutCase { case: C, changed: Vec<String> },
    DeleteCase { municipality: String, id: String },
}

impl<'a> SentMutation<&'a RawValue> {
    /// The mutation with its case read, or the sentence saying why it holds no case.
    fn read(self) -> Result<SentMutation<SentCase<'a>>, ApiError> {
        Ok(SentMutation {
            id: self.id,
            base_version: self.base_version,
            change: match self.change {
                SentChange::PutCase { case, changed } => SentChange::PutCase {
                    case: SentCase::read(case)?,
                    changed,
                },
                SentChange::DeleteCase { municipality, id } => {
                    SentChange::DeleteCase { municipality, id }
                }
            },
        })
    }
}

pub(crate) enum SentCase<'a> {
    /// Checked against the shape of `Case`; held as the text.
    Checked(CheckedCase<'a>),
    /// Read as a `Case`: text the strict check did not take.
    Read(Box<Case>),
}

/// Only for reading a push in one pass (`SentPush::read_checked`): the case checked, its text
/// still to be found in the push (`CheckedCase::locate`).
impl<'de> Deserialize<'de> for SentCase<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        CheckedCase::deserialize(deserializer).map(Self::Checked)
    }
}

impl<'a> SentCase<'a> {
    /// The case in `raw`, or the sentence saying why it is no case.
    pub(crate) fn read(raw: &'a RawValue) -> Result<Self, ApiError> {
        let text = raw.get();
        match CheckedCase::check(text) {
            Some(checked) => Ok(Self::Checked(checked)),
            None => serde_json::from_str(text)
                .map(Self::Read)
                .map_err(not_as_expected),
        }
    }

    pub(crate) fn municipality(&self) -> &str {
        match self {
            Self::Checked(case) => &case.municipality,
            Self::Read(case) => &case.deployment.municipality,
        }
    }

    pub(crate) fn id(&self) -> &str {
        match self {
            Self::Checked(case) => &case.id,
            Self::Read(case) => &case.id,
        }
    }

    pub(crate) fn attachments(&self) -> &[Attachment] {
        match self {
            Self::Checked(case) => &case.attachments,
            Self::Read(case) => &case.attachments,
        }
    }

    /// The case itself, for merging it into one the server holds.
    pub(crate) fn into_case(self) -> Result<Case, ApiError> {
        match self {
            Self::Checked(case) => serde_json::from_str(case.text).map_err(|error| {
                ApiError::Internal(format!("checked case {} unreadable: {error}", case.id))
            }),
            Self::Read(case) => Ok(*case),
        }
    }
}

/// A case's text that has the shape of `Case`, and what the server needs to know of it.
pub(crate) struct CheckedCase<'a> {
    /// The case's text: empty until `locate` has found it.
    text: &'a str,
    municipality: Cow<'a, str>,
    id: Cow<'a, str>,
    services: Vec<Cow<'a, str>>,
    attachments: Vec<Attachment>,
    status: CaseStatus,
    /// Where in `text` the history's closing `]` is.
    history_close: usize,
    history_steps: usize,
    /// Field names as they lie in the text the case was read from (without quotes): the first,
    /// the last and the history's, to find the case's text and its history's end.
    first_name: &'a str,
    last_name: &'a str,
    history_name: &'a str,
}

impl<'a> CheckedCase<'a> {
    fn check(text: &'a str) -> Option<Self> {
        let mut case: Self = serde_json::from_str(text).ok()?;
        case.locate(text)?;
        Some(case)
    }

    pub(crate) fn status(&self) -> CaseStatus {
        self.status
    }

    /// The ids of the services the case requests, in order.
    pub(crate) fn services(&self) -> impl Iterator<Item = &str> + Clone {
        self.services.iter().map(|s| s.as_ref())
    }

    /// The text to store: as sent, with a step (its JSON) appended to the history when there is
    /// one.
    pub(crate) fn stored_text(&self, step_json: Option<&str>) -> String {
        let Some(step) = step_json else {
            return self.text.to_owned();
        };
        let (before, after) = self.text.split_at(self.history_close);
        let separator = if self.history_steps == 0 { "" } else { "," };
        [before, separator, step, after].concat()
    }
}

/// The shape of `Case` (domain::cases), field for field. Values are checked, and only what the
/// server needs is kept (the other fields are never read, hence the `allow`).
#[allow(dead_code)]
mod shape {
    use super::CheckedCase;
    use domain::cases::{Attachment, CaseStatus, PaymentMethod};
    use serde::Deserialize;
    use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::borrow::Cow;
    use std::fmt;

    const FIELDS: &[&str] = &[
        "id",
        "number",
        "deployment",
        "citizen",
        "services",
        "signature",
        "payment",
        "attachments",
        "history",
    ];

    /// JSON's whitespace.
    pub(super) const WHITESPACE: &[char] = &[' ', '\t', '\n', '\r'];

    impl<'a> CheckedCase<'a> {
        /// Finds the case's text in `around`, the text it was read from: from the `{` before its
        /// first field name to the `}` after its last value; and its history's closing `]`.
        pub(super) fn locate(&mut self, around: &'a str) -> Option<()> {
            let bytes = around.as_bytes();
            let offset = |part: &str| {
                let at = (part.as_ptr() as usize).checked_sub(around.as_ptr() as usize)?;
                (at + part.len() <= around.len()).then_some(at)
            };
            let first_name = offset(self.first_name)?;
            let before = around.get(..first_name.checked_sub(1)?)?;
            let start = before.trim_end_matches(WHITESPACE).len().checked_sub(1)?;
            // After the history's name only `"`, `:` and whitespace come before its `[`.
            let after_history_name = offset(self.history_name)? + self.history_name.len();
            let history_open = after_history_name + around.get(after_history_name..)?.find('[')?;
            let history_close = closing(bytes, history_open + 1)?;
            let last_value_from = if self.last_name == "history" {
                history_close + 1
            } else {
                offset(self.last_name)? + self.last_name.len() + 1
            };
            let end = closing(bytes, last_value_from)?;
            let well_placed = bytes[first_name - 1] == b'"'
                && bytes[start] == b'{'
                && around[after_history_name..history_open]
                    .trim_start_matches('"')
                    .trim_matches(WHITESPACE)
                    == ":"
                && bytes[history_close] == b']'
                && bytes[end] == b'}'
                && start < history_open
                && history_close < end;
            if !well_placed {
                return None;
            }
            self.text = &around[start..=end];
            self.history_close = history_close - start;
            Some(())
        }
    }

    /// Where the object or array that `bytes[from..]` lies in closes: the first `}` or `]`
    /// outside strings that closes nothing opened after `from`. The text is JSON serde_json has
    /// read.
    fn closing(bytes: &[u8], from: usize) -> Option<usize> {
        let (mut depth, mut in_string, mut escaped) = (0_usize, false, false);
        for (at, &byte) in bytes.get(from..)?.iter().enumerate() {
            if in_string {
                match byte {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match byte {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return Some(from + at),
                b'}' | b']' => depth -= 1,
                _ => {}
            }
        }
        None
    }

    impl<'de> Deserialize<'de> for CheckedCase<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(CaseVisitor)
        }
    }

    /// Reads a case field for field, as a struct of `Case`'s fields derived with
    /// `deny_unknown_fields` would (each field once, none unknown, the optional ones may be
    /// missing), but takes field names only as they lie in the text (borrowed, without escapes),
    /// so that the first and the last tell where the case lies.
    struct CaseVisitor;

    impl<'de> Visitor<'de> for CaseVisitor {
        type Value = CheckedCase<'de>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a case")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CheckedCase<'de>, A::Error> {
            fn once<T, E: de::Error>(
                slot: &mut Option<T>,
                value: T,
                name: &'static str,
            ) -> Result<(), E> {
                match slot.replace(value) {
                    Some(_) => Err(E::duplicate_field(name)),
                    None => Ok(()),
                }
            }
            let (mut first_name, mut last_name, mut history_name) = (None, "", "");
            let (mut id, mut number, mut deployment, mut citizen, mut services) =
                (None, None, None, None, None);
            let (mut signature, mut payment, mut attachments, mut history) =
                (None, None, None, None);
            while let Some(name) = map.next_key::<&'de str>()? {
                first_name.get_or_insert(name);
                last_name = name;
                match name {
                    "id" => once(&mut id, map.next_value::<BorrowedText>()?.0, "id")?,
                    "number" => once(&mut number, map.next_value::<Text>()?, "number")?,
                    "deployment" => once(
                        &mut deployment,
                        map.next_value::<DeploymentShape>()?,
                        "deployment",
                    )?,
                    "citizen" => once(&mut citizen, map.next_value::<CitizenShape>()?, "citizen")?,
                    "services" => once(
                        &mut services,
                        map.next_value::<Vec<ServiceShape>>()?,
                        "services",
                    )?,
                    "signature" => once(
                        &mut signature,
                        map.next_value::<Option<SignatureShape>>()?,
                        "signature",
                    )?,
                    "payment" => once(&mut payment, map.next_value::<PaymentShape>()?, "payment")?,
                    "attachments" => once(
                        &mut attachments,
                        map.next_value::<Vec<AttachmentShape>>()?,
                        "attachments",
                    )?,
                    "history" => {
                        history_name = name;
                        once(&mut history, map.next_value::<HistoryShape>()?, "history")?
                    }
                    other => return Err(de::Error::unknown_field(other, FIELDS)),
                }
            }
            let missing = de::Error::missing_field;
            let (Some(first_name), Some(id), Some(_), Some(deployment), Some(_)) =
                (first_name, id, number, deployment, citizen)
            else {
                return Err(missing("id, number, deployment or citizen"));
            };
            let (Some(services), Some(_), Some(history)) = (services, payment, history) else {
                return Err(missing("services, payment or history"));
            };
            Ok(CheckedCase {
                text: "",
                id,
                municipality: deployment.municipality,
                services: services.into_iter().map(|s| s.service).collect(),
                attachments: attachments
                    .unwrap_or_default()
                    .into_iter()
                    .map(Attachment::from)
                    .collect(),
                status: history.last_status.unwrap_or(CaseStatus::Draft),
                history_close: 0,
                history_steps: history.steps,
                first_name,
                last_name,
                history_name,
            })
        }
    }

    /// A case's history, checked step by step and not kept: how many steps, and the last one's
    /// status.
    struct HistoryShape {
        steps: usize,
        last_status: Option<CaseStatus>,
    }

    impl<'de> Deserialize<'de> for HistoryShape {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Steps;
            impl<'de> Visitor<'de> for Steps {
                type Value = HistoryShape;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a list of steps")
                }
                fn visit_seq<A: SeqAccess<'de>>(
                    self,
                    mut seq: A,
                ) -> Result<HistoryShape, A::Error> {
                    let mut history = HistoryShape {
                        steps: 0,
                        last_status: None,
                    };
                    while let Some(step) = seq.next_element::<StepShape>()? {
                        history.steps += 1;
                        history.last_status = Some(step.status);
                    }
                    Ok(history)
                }
            }
            deserializer.deserialize_seq(Steps)
        }
    }

    /// A string borrowed from the text where it has no escapes.
    #[derive(Deserialize)]
    struct BorrowedText<'a>(#[serde(borrow)] Cow<'a, str>);

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct DeploymentShape<'a> {
        #[serde(borrow)]
        pub(super) municipality: Cow<'a, str>,
        municipality_name: Text,
        place: Text,
        date: Text,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct CitizenShape {
        id: Text,
        family_name: Text,
        given_names: Text,
        birth_date: Text,
        address: AddressShape,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct AddressShape {
        street: Text,
        house_number: Text,
        postcode: Text,
        place: Text,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct ServiceShape<'a> {
        #[serde(borrow)]
        pub(super) service: Cow<'a, str>,
        values: TextMap,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct SignatureShape {
        strokes: Vec<Vec<[u16; 3]>>,
        png: Text,
        sha256: Text,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "snake_case")]
    pub(super) enum PaymentShape {
        Open,
        Paid {
            method: PaymentMethod,
            #[serde(default)]
            receipt: Text,
        },
        Invoiced,
        Free,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct AttachmentShape {
        sha256: String,
        #[serde(default)]
        record: String,
        bytes: u64,
    }

    impl From<AttachmentShape> for Attachment {
        fn from(shape: AttachmentShape) -> Self {
            Self {
                sha256: shape.sha256,
                record: shape.record,
                bytes: shape.bytes,
            }
        }
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct StepShape {
        pub(super) status: CaseStatus,
        at_ms: u64,
        by: Text,
        #[serde(default)]
        reason: Option<Text>,
    }

    /// A string, checked and not kept.
    #[derive(Default)]
    pub(super) struct Text;

    impl<'de> Deserialize<'de> for Text {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Checked;
            impl Visitor<'_> for Checked {
                type Value = Text;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a string")
                }
                fn visit_str<E>(self, _: &str) -> Result<Text, E> {
                    Ok(Text)
                }
            }
            deserializer.deserialize_str(Checked)
        }
    }

    /// A map of strings to strings (a service's form values), checked and not kept.
    pub(super) struct TextMap;

    impl<'de> Deserialize<'de> for TextMap {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Checked;
            impl<'de> Visitor<'de> for Checked {
                type Value = TextMap;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("a map of strings")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TextMap, A::Error> {
                    while map.next_entry::<Text, Text>()?.is_some() {}
                    Ok(TextMap)
                }
            }
            deserializer.deserialize_map(Checked)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::shape::WHITESPACE;
    use super::*;
    use domain::cases::StatusChange;
    use domain::cases::{
        Address, Citizen, Deployment, Payment, PaymentMethod, RequestedService, Signature,
    };
    use domain::sync::wire::{Change, Mutation, PushRequest};
    use serde_json::{Value, json};

    /// A case using every field, with text that needs escaping.
    fn full_case() -> Case {
        let mut case = Case::new(
            "case-\"quoted\" \\ tab\t".into(),
            "2026-SCH-1".into(),
            Deployment {
                municipality: "14 524 511 8250".into(),
                municipality_name: "Schönberg".into(),
                place: "Schönberg, Gemeindeamt".into(),
                date: "2026-11-22".into(),
            },
            Citizen {
                id: "p1".into(),
                family_name: "Müller".into(),
                given_names: "Anna".into(),
                birth_date: "03.05.1948".into(),
                address: Address {
                    street: "Hauptstraße".into(),
                    house_number: "3".into(),
                    postcode: "08393".into(),
                    place: "Schönberg".into(),
                },
            },
            1_000,
            "Maria Schreiber",
        );
        case.services = vec![
            RequestedService {
                service: "anmeldung".into(),
                values: [("moved_in".to_owned(), "01.11.2026".to_owned())].into(),
            },
            RequestedService {
                service: "hundesteuer".into(),
                values: Default::default(),
            },
        ];
        case.signature = Some(Signature {
            strokes: vec![vec![[1, 2, 3], [4, 5, 6]]],
            png: "iVBORw0KGgo=".into(),
            sha256: "ab".repeat(32),
        });
        case.payment = Payment::Paid {
            method: PaymentMethod::Card,
            receipt: "Q-1".into(),
        };
        case.attachments = vec![Attachment {
            sha256: "cd".repeat(32),
            record: "Ausweis".into(),
            bytes: 1234,
        }];
        case.advance(CaseStatus::Captured, 2_000, "Maria Schreiber", None)
            .expect("a draft may be captured");
        case
    }

    fn transfer_step() -> StatusChange {
        StatusChange {
            status: CaseStatus::Transferred,
            at_ms: 3_000,
            by: "Server".into(),
            reason: None,
        }
    }

    fn checked(text: &str) -> Option<CheckedCase<'_>> {
        CheckedCase::check(text)
    }

    /// What the check took agrees with `Case`: the same facts, and the stored text reads back as
    /// the case with the step appended.
    fn assert_agrees_with_case(text: &str) {
        let case: Case = serde_json::from_str(text).expect("what the check takes, Case takes");
        let checked = checked(text).expect("checked");
        assert_eq!(&*checked.id, case.id);
        assert_eq!(&*checked.municipality, case.deployment.municipality);
        assert!(
            checked
                .services()
                .eq(case.services.iter().map(|s| s.service.as_str()))
        );
        assert_eq!(checked.attachments, case.attachments);
        assert_eq!(checked.status(), case.status());
        let as_sent: Case = serde_json::from_str(&checked.stored_text(None)).expect("reads");
        assert_eq!(as_sent, case);
        let mut transferred = case.clone();
        transferred.history.push(transfer_step());
        let step_json = serde_json::to_string(&transfer_step()).expect("json");
        let stored: Case = serde_json::from_str(&checked.stored_text(Some(&step_json)))
            .expect("the stored text reads as a case");
        assert_eq!(stored, transferred);
    }

    #[test]
    fn a_case_as_the_app_writes_it_is_checked_and_stored_as_sent_plus_the_transfer_step() {
        let text = serde_json::to_string(&full_case()).expect("json");
        assert_agrees_with_case(&text);
        // Spaced and escaped otherwise than serde_json writes it.
        let spaced = serde_json::to_string_pretty(&full_case())
            .expect("json")
            .replace("ü", "\\u00fc");
        assert_agrees_with_case(&spaced);
        // With an empty history, and with none of the optional fields.
        let mut bare = serde_json::to_value(full_case()).expect("json");
        bare["history"] = json!([]);
        bare.as_object_mut().expect("object").remove("attachments");
        bare.as_object_mut().expect("object").remove("signature");
        let bare = serde_json::to_string(&bare).expect("json");
        assert_agrees_with_case(&bare);
        assert_eq!(checked(&bare).expect("checked").status(), CaseStatus::Draft);
    }

    /// Every object and array inside `value`, by path.
    fn paths(value: &Value, at: Vec<String>, all: &mut Vec<Vec<String>>) {
        match value {
            Value::Object(members) => {
                all.push(at.clone());
                for (key, member) in members {
                    let mut next = at.clone();
                    next.push(key.clone());
                    paths(member, next, all);
                }
            }
            Value::Array(items) => {
                all.push(at.clone());
                for (index, item) in items.iter().enumerate() {
                    let mut next = at.clone();
                    next.push(index.to_string());
                    paths(item, next, all);
                }
            }
            _ => all.push(at),
        }
    }

    fn at<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Value {
        path.iter().fold(value, |value, step| match value {
            Value::Array(items) => &mut items[step.parse::<usize>().expect("index")],
            other => &mut other[step.as_str()],
        })
    }

    #[test]
    fn whatever_the_check_takes_case_takes_the_same_way() {
        let original = serde_json::to_value(full_case()).expect("json");
        let mut all = Vec::new();
        paths(&original, Vec::new(), &mut all);
        let replacements = [
            json!(null),
            json!(0),
            json!(-1),
            json!(1.5),
            json!(70000),
            json!("x"),
            json!(true),
            json!([]),
            json!({}),
            json!(["x"]),
            json!({"x": "y"}),
        ];
        let (mut mutants, mut taken, mut sent_on_as_case) = (0, 0, 0);
        let mut judge = |text: String| {
            mutants += 1;
            let by_case = serde_json::from_str::<Case>(&text).is_ok();
            // Read in one pass within a push, the case is taken exactly when the check alone
            // takes it, and as the same text.
            let push = push_of(std::slice::from_ref(&text));
            let in_one_pass = SentPush::read_checked(&push).map(|push| {
                checked_cases(&push)
                    .iter()
                    .map(|case| case.text.to_owned())
                    .collect::<Vec<_>>()
            });
            assert_eq!(
                in_one_pass,
                checked(&text).map(|case| vec![case.text.to_owned()]),
                "{text}"
            );
            if checked(&text).is_some() {
                taken += 1;
                assert!(by_case, "the check took what Case refuses: {text}");
                assert_agrees_with_case(&text);
            } else if by_case {
                sent_on_as_case += 1;
            }
        };
        for path in &all {
            for replacement in &replacements {
                let mut mutant = original.clone();
                *at(&mut mutant, path) = replacement.clone();
                judge(mutant.to_string());
            }
            let Some((last, parent)) = path.split_last() else {
                continue;
            };
            let mut mutant = original.clone();
            match at(&mut mutant, parent) {
                Value::Object(members) => drop(members.remove(last)),
                Value::Array(items) => drop(items.remove(last.parse::<usize>().expect("index"))),
                _ => unreachable!("a parent holds its children"),
            }
            judge(mutant.to_string());
        }
        for path in &all {
            let mut mutant = original.clone();
            // A service's form values are a map: any key is a value, not a field.
            if path.last().is_some_and(|step| step == "values") {
                continue;
            }
            if let Value::Object(members) = at(&mut mutant, path) {
                members.insert("unknown".into(), json!("x"));
                let text = mutant.to_string();
                assert!(
                    checked(&text).is_none(),
                    "an unknown field is Case's to read"
                );
                judge(text);
            }
        }
        // A field given twice.
        let text = original.to_string();
        judge(text.replacen('{', "{\"number\":\"2026-SCH-2\",", 1));
        judge(text.replacen("{\"street\"", "{\"street\":\"A\",\"street\"", 1));
        assert!(mutants > 400, "{mutants} mutants");
        // Both ways were taken: some mutants checked, some (unknown fields) read as `Case`.
        assert!(
            taken > 20 && sent_on_as_case >= 10,
            "{taken} {sent_on_as_case}"
        );
    }

    #[test]
    fn a_push_reads_as_the_apps_push_request_and_refuses_what_it_refuses() {
        let request = PushRequest {
            protocol: 1,
            client_id: "device-1".into(),
            mutations: vec![
                Mutation {
                    id: 1,
                    base_version: 0,
                    change: Change::PutCase {
                        case: Box::new(full_case()),
                        changed: vec!["citizen".into()],
                    },
                },
                Mutation {
                    id: 2,
                    base_version: 7,
                    change: Change::DeleteCase {
                        municipality: "145245118250".into(),
                        id: "k2".into(),
                    },
                },
            ],
        };
        let text = serde_json::to_string(&request).expect("json");
        let sent = SentPush::read(&text, |_| Ok(())).expect("reads");
        assert_eq!((sent.protocol, sent.client_id.as_str()), (1, "device-1"));
        for (sent, wanted) in sent.mutations.into_iter().zip(&request.mutations) {
            assert_eq!(
                (sent.id, sent.base_version),
                (wanted.id, wanted.base_version)
            );
            match (sent.change, &wanted.change) {
                (
                    SentChange::PutCase { case, changed },
                    Change::PutCase {
                        case: wanted_case,
                        changed: wanted_changed,
                    },
                ) => {
                    assert!(matches!(case, SentCase::Checked(_)));
                    assert_eq!(&case.into_case().expect("case"), &**wanted_case);
                    assert_eq!(&changed, wanted_changed);
                }
                (
                    SentChange::DeleteCase { municipality, id },
                    Change::DeleteCase {
                        municipality: wanted_municipality,
                        id: wanted_id,
                    },
                ) => assert_eq!((&municipality, &id), (wanted_municipality, wanted_id)),
                _ => panic!("another kind of change"),
            }
        }
        let value = serde_json::to_value(&request).expect("json");
        for broken in [
            json!({"protocol": 1, "mutations": []}),
            json!({"protocol": -1, "client_id": "d", "mutations": []}),
            json!({"protocol": 1, "client_id": "d", "mutations": [{"id": 1, "change": value["mutations"][1]["change"]}]}),
            json!({"protocol": 1, "client_id": "d", "mutations": [{"id": 1, "base_version": 0, "change": {"rename_case": {}}}]}),
            json!({"protocol": 1, "client_id": "d", "mutations": [{"id": 1, "base_version": 0, "change": {"put_case": {"case": {}}}}]}),
        ] {
            let text = broken.to_string();
            assert!(
                serde_json::from_str::<PushRequest>(&text).is_err(),
                "{text}"
            );
            assert!(SentPush::read(&text, |_| Ok(())).is_err(), "{text}");
        }
    }

    /// The case's fields written in `order`, `spacing` around every name and value.
    fn written_in_order(case: &Value, order: &[&str], spacing: &str) -> String {
        let fields: Vec<String> = order
            .iter()
            .map(|name| {
                format!(
                    "{spacing}\"{name}\"{spacing}:{spacing}{}{spacing}",
                    case[*name]
                )
            })
            .collect();
        format!("{{{}}}", fields.join(","))
    }

    fn push_of(cases: &[String]) -> String {
        let mutations: Vec<String> = cases
            .iter()
            .enumerate()
            .map(|(index, case)| {
                format!(
                    r#"{{"id":{},"base_version":0,"change":{{"put_case":{{"case":{case},"changed":[]}}}}}}"#,
                    index + 1
                )
            })
            .collect();
        format!(
            r#"{{"protocol":1,"client_id":"device-1","mutations":[{}]}}"#,
            mutations.join(",")
        )
    }

    /// The push read the two-pass way: each case's text first, then each case on its own.
    fn read_in_two_passes(text: &str) -> SentPush<SentCase<'_>> {
        let sent: SentPush<&RawValue> = serde_json::from_str(text).expect("json");
        SentPush {
            protocol: sent.protocol,
            client_id: sent.client_id,
            mutations: sent
                .mutations
                .into_iter()
                .map(|m| m.read().map_err(|e| format!("{e:?}")))
                .collect::<Result<_, _>>()
                .expect("cases read"),
        }
    }

    fn checked_cases<'p>(push: &'p SentPush<SentCase<'p>>) -> Vec<&'p CheckedCase<'p>> {
        push.mutations
            .iter()
            .map(|mutation| match &mutation.change {
                SentChange::PutCase {
                    case: SentCase::Checked(case),
                    ..
                } => case,
                _ => panic!("a checked case"),
            })
            .collect()
    }

    #[test]
    fn a_push_whose_cases_all_pass_the_check_is_read_in_one_pass_as_in_two() {
        let mut case = serde_json::to_value(full_case()).expect("json");
        // Text in the way of finding where a case ends: braces, brackets and quotes in strings.
        case["number"] = json!("}]\"{[\\\"}");
        case["payment"] = json!({"paid": {"method": "cash", "receipt": "}\\"}});
        case["history"][0]["by"] = json!("Maria ]\"[ Schreiber\\");
        let names: Vec<&str> = case
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut cases = vec![
            serde_json::to_string(&full_case()).expect("json"),
            serde_json::to_string_pretty(&full_case()).expect("json"),
        ];
        // Each field once first and once last, with JSON's whitespace around it or none.
        for (turn, _) in names.iter().enumerate() {
            let mut order = names.clone();
            order.rotate_left(turn);
            cases.push(written_in_order(&case, &order, ""));
            order.reverse();
            cases.push(written_in_order(&case, &order, " \n\t\r"));
        }
        let text = push_of(&cases);
        let one_pass = SentPush::read_checked(&text).expect("every case passes the check");
        let two_passes = read_in_two_passes(&text);
        let (once, twice) = (checked_cases(&one_pass), checked_cases(&two_passes));
        assert_eq!(once.len(), cases.len());
        for ((once, twice), sent) in once.iter().zip(&twice).zip(&cases) {
            assert_eq!(once.text, sent.trim_matches(WHITESPACE));
            assert_eq!(
                (once.text, once.history_close, once.history_steps),
                (twice.text, twice.history_close, twice.history_steps)
            );
            assert_agrees_with_case(once.text);
        }
    }

    #[test]
    fn a_push_with_a_case_the_check_does_not_take_is_read_case_by_case() {
        let plain = serde_json::to_string(&full_case()).expect("json");
        let mut unknown = serde_json::to_value(full_case()).expect("json");
        unknown["unknown"] = json!("x");
        // A field name written with an escape: Case reads it, the check leaves it to Case.
        let escaped = plain.replacen("\"number\"", "\"\\u006eumber\"", 1);
        for odd in [unknown.to_string(), escaped] {
            let text = push_of(&[plain.clone(), odd, plain.clone()]);
            assert!(SentPush::read_checked(&text).is_none());
            let sent = SentPush::read(&text, |_| Ok(())).expect("reads");
            let kinds: Vec<bool> = sent
                .mutations
                .iter()
                .map(|m| {
                    matches!(
                        m.change,
                        SentChange::PutCase {
                            case: SentCase::Checked(_),
                            ..
                        }
                    )
                })
                .collect();
            assert_eq!(kinds, [true, false, true]);
        }
    }

    #[test]
    fn a_push_refused_as_a_whole_is_refused_for_that_before_its_cases_are_read() {
        let plain = serde_json::to_string(&full_case()).expect("json");
        let refuse = |envelope: Envelope| {
            Err(ApiError::BadRequest(format!(
                "protocol {} from {} with {}",
                envelope.protocol, envelope.client_id, envelope.mutations
            )))
        };
        for cases in [vec![plain.clone()], vec![plain, "{}".into()]] {
            let text = push_of(&cases);
            let error = SentPush::read(&text, refuse).err().expect("refused");
            assert_eq!(
                format!("{error:?}"),
                format!(
                    "{:?}",
                    ApiError::BadRequest(format!("protocol 1 from device-1 with {}", cases.len()))
                )
            );
        }
    }
}
