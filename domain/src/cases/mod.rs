//! A case: one citizen, one visit, one or more services. It moves through
//! Entwurf → Erfasst → Übertragen → In Bearbeitung → Abholbereit → Ausgehändigt (or Abgelehnt),
//! and every step is kept with its time and clerk.
//!
//! The case is also the at-rest form the app seals into its encrypted store, hence `Serialize`.

use crate::catalogue::{Catalogue, Peripheral};
use crate::forms::{Date, FieldError, FormValues, Part, validate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Entwurf: being captured.
    Draft,
    /// Erfasst: finished at the table, not yet at the town hall.
    Captured,
    /// Übertragen: the server has it.
    Transferred,
    /// In Bearbeitung.
    InProgress,
    /// Abholbereit.
    ReadyForPickup,
    /// Ausgehändigt.
    HandedOver,
    /// Abgelehnt.
    Rejected,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 7] = [
        Self::Draft,
        Self::Captured,
        Self::Transferred,
        Self::InProgress,
        Self::ReadyForPickup,
        Self::HandedOver,
        Self::Rejected,
    ];

    /// The steps that may follow this one.
    pub fn may_become(self, next: CaseStatus) -> bool {
        use CaseStatus::*;
        matches!(
            (self, next),
            (Draft, Captured)
                | (Captured, Transferred)
                | (Transferred, InProgress | ReadyForPickup | Rejected)
                | (InProgress, ReadyForPickup | Rejected)
                | (ReadyForPickup, HandedOver)
        )
    }

    /// The status as the wire names it (`in_progress`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Captured => "captured",
            Self::Transferred => "transferred",
            Self::InProgress => "in_progress",
            Self::ReadyForPickup => "ready_for_pickup",
            Self::HandedOver => "handed_over",
            Self::Rejected => "rejected",
        }
    }

    /// Work that exists only on the device until a sync.
    pub fn is_untransferred(self) -> bool {
        matches!(self, Self::Draft | Self::Captured)
    }
}

/// One step of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    pub status: CaseStatus,
    pub at_ms: u64,
    /// The display name of the clerk (or back-office user) who made the step.
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    pub place: String,
}

impl Address {
    pub fn one_line(&self) -> String {
        format!(
            "{} {}, {} {}",
            self.street, self.house_number, self.postcode, self.place
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Citizen {
    pub id: String,
    pub family_name: String,
    pub given_names: String,
    /// TT.MM.JJJJ as typed and checked.
    pub birth_date: String,
    pub address: Address,
}

/// The form the UI shows for a citizen: the same engine and validators as every service form.
pub fn citizen_form() -> crate::forms::FormSchema {
    use crate::forms::{FieldKind, FieldSpec, FormSchema, Label};
    let label = |de: &str, en: &str| Label {
        de: de.to_owned(),
        en: en.to_owned(),
    };
    FormSchema {
        fields: vec![
            FieldSpec {
                id: "person".to_owned(),
                label: label("Person", "Person"),
                kind: FieldKind::Person,
                required: true,
                shown_if: None,
            },
            FieldSpec {
                id: "address".to_owned(),
                label: label("Anschrift", "Address"),
                kind: FieldKind::Address,
                required: true,
                shown_if: None,
            },
        ],
    }
}

impl Citizen {
    pub fn form_values(&self) -> FormValues {
        let pairs = [
            (Part::FamilyName.input_id("person"), &self.family_name),
            (Part::GivenNames.input_id("person"), &self.given_names),
            (Part::BirthDate.input_id("person"), &self.birth_date),
            (Part::Street.input_id("address"), &self.address.street),
            (
                Part::HouseNumber.input_id("address"),
                &self.address.house_number,
            ),
            (Part::Postcode.input_id("address"), &self.address.postcode),
            (Part::Place.input_id("address"), &self.address.place),
        ];
        pairs.into_iter().map(|(k, v)| (k, v.clone())).collect()
    }

    /// Builds a citizen from the citizen form once it validates.
    pub fn from_form(
        id: String,
        values: &FormValues,
        today: Date,
    ) -> Result<Self, Vec<FieldError>> {
        let errors = validate(&citizen_form(), values, today);
        if !errors.is_empty() {
            return Err(errors);
        }
        let get = |part: Part, field: &str| {
            values
                .get(&part.input_id(field))
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let birth_date = Date::parse_german(&get(Part::BirthDate, "person"))
            .map(Date::german)
            .unwrap_or_default();
        Ok(Self {
            id,
            family_name: get(Part::FamilyName, "person"),
            given_names: get(Part::GivenNames, "person"),
            birth_date,
            address: Address {
                street: get(Part::Street, "address"),
                house_number: get(Part::HouseNumber, "address"),
                postcode: get(Part::Postcode, "address"),
                place: get(Part::Place, "address"),
            },
        })
    }

    /// "Müller-Lüdenscheidt, Anna".
    pub fn full_name(&self) -> String {
        format!("{}, {}", self.family_name, self.given_names)
    }
}

/// Where and when the Koffer was set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deployment {
    pub municipality: String,
    pub municipality_name: String,
    pub place: String,
    /// ISO date.
    pub date: String,
}

/// One service requested in a case, with the form as filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestedService {
    pub service: String,
    pub values: FormValues,
}

/// Strokes as their type reads them: points of exactly three numbers that fit in 16 bits (the
/// derived schema knows neither).
#[cfg(feature = "openapi")]
fn strokes_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let coordinate = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(0))
        .maximum(Some(u16::MAX));
    let point = ArrayBuilder::new()
        .items(coordinate)
        .min_items(Some(3))
        .max_items(Some(3));
    ArrayBuilder::new()
        .items(ArrayBuilder::new().items(point))
        .build()
}

/// The citizen's signature: the strokes as drawn, the image shown on paper, and its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Signature {
    /// Each stroke a list of (x, y, pressure 0–1000) on a 1000 × 400 grid.
    #[cfg_attr(feature = "openapi", schema(schema_with = strokes_schema))]
    pub strokes: Vec<Vec<[u16; 3]>>,
    /// `data:image/png;base64,…`
    pub png: String,
    /// Lower-case hex SHA-256 of the PNG bytes.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// Not decided yet (a case with fees cannot finish like this).
    Open,
    Paid {
        method: PaymentMethod,
        /// The terminal's receipt number, or the clerk's cash-book number.
        #[serde(default)]
        receipt: String,
    },
    /// The citizen gets an invoice.
    Invoiced,
    /// Nothing to pay.
    Free,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Card,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Case {
    pub id: String,
    /// Human-readable and unique without a network: year, device tag, sequence.
    pub number: String,
    pub deployment: Deployment,
    pub citizen: Citizen,
    pub services: Vec<RequestedService>,
    pub signature: Option<Signature>,
    pub payment: Payment,
    /// Photos of documents: their content address, and where this device keeps them sealed.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    pub history: Vec<StatusChange>,
    /// Where it was filed: by a clerk with the Koffer, or by the citizen at a Bürger-Terminal.
    #[serde(default, skip_serializing_if = "Channel::is_koffer")]
    pub channel: Channel,
}

/// A photo of a document. The server knows it by the SHA-256 of its bytes (uploaded once,
/// verified, idempotent); `record` is the id of the sealed copy on the device that took it
/// (another device fetches the bytes by their hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// Lower-case hex SHA-256 of the JPEG.
    pub sha256: String,
    #[serde(default)]
    pub record: String,
    pub bytes: u64,
}

impl Attachment {
    /// Whether `text` looks like a lower-case hex SHA-256 (64 characters).
    pub fn is_content_address(text: &str) -> bool {
        text.len() == 64
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

/// Why a case cannot be finished yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinishProblem {
    NoService,
    UnknownService(String),
    /// A service that needs the register or a certified component, while offline.
    NeedsConnection(String),
    Form {
        service: String,
        errors: Vec<FieldError>,
    },
    Citizen(Vec<FieldError>),
    SignatureMissing,
    PaymentOpen,
    NotADraft(CaseStatus),
}

impl Case {
    pub fn new(
        id: String,
        number: String,
        deployment: Deployment,
        citizen: Citizen,
        at_ms: u64,
        by: &str,
    ) -> Self {
        Self {
            id,
            number,
            deployment,
            citizen,
            services: Vec::new(),
            signature: None,
            payment: Payment::Open,
            attachments: Vec::new(),
            channel: Channel::Koffer,
            history: vec![StatusChange {
                status: CaseStatus::Draft,
                at_ms,
                by: by.to_owned(),
                reason: None,
            }],
        }
    }

    pub fn status(&self) -> CaseStatus {
        self.history.last().map_or(CaseStatus::Draft, |c| c.status)
    }

    pub fn started_at_ms(&self) -> u64 {
        self.history.first().map_or(0, |c| c.at_ms)
    }

    pub fn total_fee_cents(&self, catalogue: &Catalogue) -> u32 {
        self.services
            .iter()
            .filter_map(|r| catalogue.service(&r.service))
            .map(|s| s.fee_cents)
            .sum()
    }

    pub fn needs(&self, catalogue: &Catalogue, peripheral: Peripheral) -> bool {
        self.services
            .iter()
            .filter_map(|r| catalogue.service(&r.service))
            .any(|s| s.uses(peripheral))
    }

    /// Everything that stands between this draft and "Erfasst".
    pub fn finish_problems(
        &self,
        catalogue: &Catalogue,
        today: Date,
        online: bool,
    ) -> Vec<FinishProblem> {
        let mut problems = Vec::new();
        if self.status() != CaseStatus::Draft {
            problems.push(FinishProblem::NotADraft(self.status()));
        }
        problems.extend(self.content_problems(catalogue, today, online));
        problems
    }

    /// What the case holds that would keep it from "Erfasst", whatever its status: the check the
    /// server runs again on what a device files.
    pub fn content_problems(
        &self,
        catalogue: &Catalogue,
        today: Date,
        online: bool,
    ) -> Vec<FinishProblem> {
        let mut problems = Vec::new();
        let citizen_errors = validate(&citizen_form(), &self.citizen.form_values(), today);
        if !citizen_errors.is_empty() {
            problems.push(FinishProblem::Citizen(citizen_errors));
        }
        if self.services.is_empty() {
            problems.push(FinishProblem::NoService);
        }
        for requested in &self.services {
            let Some(service) = catalogue.service(&requested.service) else {
                problems.push(FinishProblem::UnknownService(requested.service.clone()));
                continue;
            };
            if service.offline == crate::catalogue::OfflinePolicy::NeedsConnection && !online {
                problems.push(FinishProblem::NeedsConnection(service.id.clone()));
            }
            let errors = validate(&self.channel.form_of(service), &requested.values, today);
            if !errors.is_empty() {
                problems.push(FinishProblem::Form {
                    service: service.id.clone(),
                    errors,
                });
            }
        }
        if self.needs(catalogue, Peripheral::Signature) && self.signature.is_none() {
            problems.push(FinishProblem::SignatureMissing);
        }
        let fee_due = self.total_fee_cents(catalogue) > 0;
        if fee_due && matches!(self.payment, Payment::Open | Payment::Free) {
            problems.push(FinishProblem::PaymentOpen);
        }
        problems
    }

    /// Moves the draft to "Erfasst" if nothing stands in the way.
    pub fn finish(
        &mut self,
        catalogue: &Catalogue,
        today: Date,
        online: bool,
        at_ms: u64,
        by: &str,
    ) -> Result<(), Vec<FinishProblem>> {
        let problems = self.finish_problems(catalogue, today, online);
        if !problems.is_empty() {
            return Err(problems);
        }
        if self.total_fee_cents(catalogue) == 0 {
            self.payment = Payment::Free;
        }
        self.advance(CaseStatus::Captured, at_ms, by, None)
            .map_err(|status| vec![FinishProblem::NotADraft(status)])
    }

    /// Appends a step if the current status allows it; otherwise returns the current status.
    pub fn advance(
        &mut self,
        next: CaseStatus,
        at_ms: u64,
        by: &str,
        reason: Option<String>,
    ) -> Result<(), CaseStatus> {
        let current = self.status();
        if !current.may_become(next) {
            return Err(current);
        }
        self.history.push(StatusChange {
            status: next,
            at_ms,
            by: by.to_owned(),
            reason,
        });
        Ok(())
    }
}

mod channel;
mod number;
mod search;

pub use channel::Channel;
pub use number::{case_number, case_reference, next_sequence, number_in_reference};
pub use search::{fold_for_search, matches_query, search_text};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{OfflinePolicy, Service};
    use crate::forms::{FieldKind, FieldSpec, FormSchema, Label};

    const TODAY: Date = Date {
        year: 2026,
        month: 11,
        day: 22,
    };

    fn label(t: &str) -> Label {
        Label {
            de: t.into(),
            en: t.into(),
        }
    }

    fn catalogue() -> Catalogue {
        let service = |id: &str, fee_cents, offline, peripherals: Vec<Peripheral>| Service {
            id: id.into(),
            leika: None,
            leika_confirmed: false,
            title: label(id),
            offline,
            fee_cents,
            fee_basis: String::new(),
            documents: vec![],
            peripherals,
            form: FormSchema {
                fields: vec![FieldSpec {
                    id: "moved_in".into(),
                    label: label("Einzug"),
                    kind: FieldKind::Date,
                    required: true,
                    shown_if: None,
                }],
            },
            paper_form: None,
            self_service: false,
        };
        Catalogue {
            municipality: "145245118250".into(),
            municipality_name: "Schönberg".into(),
            version: 1,
            places: vec!["Schönberg, Gemeindeamt".into()],
            two_clerk_places: Vec::new(),
            submission_checks: Vec::new(),
            services: vec![
                service(
                    "anmeldung",
                    0,
                    OfflinePolicy::CompletedAfterTransfer,
                    vec![Peripheral::Signature],
                ),
                service(
                    "fuehrungszeugnis",
                    1300,
                    OfflinePolicy::CompletedAfterTransfer,
                    vec![Peripheral::Payment],
                ),
                service(
                    "meldebescheinigung",
                    1000,
                    OfflinePolicy::NeedsConnection,
                    vec![],
                ),
            ],
        }
    }

    fn citizen() -> Citizen {
        Citizen {
            id: "c1".into(),
            family_name: "Müller-Lüdenscheidt".into(),
            given_names: "Anna".into(),
            birth_date: "03.05.1948".into(),
            address: Address {
                street: "Hauptstraße".into(),
                house_number: "3".into(),
                postcode: "08393".into(),
                place: "Schönberg".into(),
            },
        }
    }

    /// A draft Anmeldung of Anna Müller (also for the search tests).
    pub(super) fn draft() -> Case {
        let deployment = Deployment {
            municipality: "145245118250".into(),
            municipality_name: "Schönberg".into(),
            place: "Schönberg, Gemeindeamt".into(),
            date: "2026-11-22".into(),
        };
        Case::new(
            "k1".into(),
            "2026-ABCD-0001".into(),
            deployment,
            citizen(),
            1000,
            "Maria Schreiber",
        )
    }

    fn moved_in(date: &str) -> FormValues {
        [("moved_in".to_string(), date.to_string())].into()
    }

    #[test]
    fn a_draft_finishes_only_with_valid_forms_signature_and_decided_fee() {
        let catalogue = catalogue();
        let mut case = draft();
        assert_eq!(
            case.finish_problems(&catalogue, TODAY, false),
            vec![FinishProblem::NoService]
        );

        case.services.push(RequestedService {
            service: "anmeldung".into(),
            values: moved_in("31.11.2026"),
        });
        case.services.push(RequestedService {
            service: "fuehrungszeugnis".into(),
            values: moved_in("01.11.2026"),
        });
        let problems = case
            .finish(&catalogue, TODAY, false, 2000, "Maria Schreiber")
            .unwrap_err();
        assert!(
            matches!(&problems[0], FinishProblem::Form { service, .. } if service == "anmeldung")
        );
        assert_eq!(
            problems[1..],
            [FinishProblem::SignatureMissing, FinishProblem::PaymentOpen]
        );
        assert_eq!(
            case.status(),
            CaseStatus::Draft,
            "a refused finish changes nothing"
        );

        case.services[0].values = moved_in("01.11.2026");
        case.signature = Some(Signature {
            strokes: vec![vec![[1, 2, 500]]],
            png: String::new(),
            sha256: String::new(),
        });
        case.payment = Payment::Paid {
            method: PaymentMethod::Card,
            receipt: "000123".into(),
        };
        assert_eq!(case.total_fee_cents(&catalogue), 1300);
        case.finish(&catalogue, TODAY, false, 2000, "Maria Schreiber")
            .expect("finishes");
        assert_eq!(case.status(), CaseStatus::Captured);
        assert_eq!(case.history.len(), 2);
        assert_eq!(case.history[1].at_ms, 2000);
        assert!(
            case.finish(&catalogue, TODAY, false, 3000, "x").is_err(),
            "finishing twice is refused"
        );
    }

    #[test]
    fn services_that_need_the_register_wait_for_a_network_and_free_cases_need_no_payment() {
        let catalogue = catalogue();
        let mut case = draft();
        case.services.push(RequestedService {
            service: "meldebescheinigung".into(),
            values: moved_in("01.11.2026"),
        });
        case.payment = Payment::Paid {
            method: PaymentMethod::Cash,
            receipt: String::new(),
        };
        assert_eq!(
            case.finish_problems(&catalogue, TODAY, false),
            vec![FinishProblem::NeedsConnection("meldebescheinigung".into())]
        );
        assert_eq!(case.finish_problems(&catalogue, TODAY, true), vec![]);

        let mut free = draft();
        free.services.push(RequestedService {
            service: "anmeldung".into(),
            values: moved_in("01.11.2026"),
        });
        free.signature = Some(Signature {
            strokes: vec![],
            png: String::new(),
            sha256: String::new(),
        });
        free.finish(&catalogue, TODAY, false, 5, "x")
            .expect("finishes");
        assert_eq!(free.payment, Payment::Free);
    }

    #[test]
    fn statuses_follow_the_process_and_refuse_shortcuts() {
        let mut case = draft();
        assert_eq!(
            case.advance(CaseStatus::ReadyForPickup, 1, "x", None),
            Err(CaseStatus::Draft)
        );
        for next in [
            CaseStatus::Captured,
            CaseStatus::Transferred,
            CaseStatus::InProgress,
            CaseStatus::ReadyForPickup,
            CaseStatus::HandedOver,
        ] {
            case.advance(next, 1, "x", None).expect("allowed");
        }
        assert_eq!(
            case.advance(CaseStatus::Rejected, 1, "x", None),
            Err(CaseStatus::HandedOver)
        );
        let untransferred: Vec<_> = CaseStatus::ALL
            .into_iter()
            .filter(|s| s.is_untransferred())
            .collect();
        assert_eq!(untransferred, [CaseStatus::Draft, CaseStatus::Captured]);
    }

    #[test]
    fn a_status_is_named_as_the_wire_names_it() {
        for status in CaseStatus::ALL {
            let json = serde_json::to_string(&status).expect("json");
            assert_eq!(json, format!("\"{}\"", status.name()));
        }
    }

    #[test]
    fn citizens_come_from_a_valid_form_only() {
        let mut values = citizen().form_values();
        assert_eq!(
            Citizen::from_form("c1".into(), &values, TODAY),
            Ok(citizen())
        );
        values.insert("address.postcode".into(), "8393".into());
        let errors = Citizen::from_form("c1".into(), &values, TODAY).unwrap_err();
        assert_eq!(errors[0].input, "address.postcode");
    }
}
