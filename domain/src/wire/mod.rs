//! Types that travel between app and server as JSON. Only these are `Serialize`; internal types
//! convert to them explicitly at the boundary.

use serde::{Deserialize, Serialize};

mod terminal;

pub use terminal::{
    AssistanceTicket, CardPayment, IceServer, NewTerminal, TerminalCode, TerminalContact,
    TerminalEnrolment, TerminalFiling, TerminalReceipt, TerminalSummary,
};

/// Answer of `GET /api/health`: whether the server and its database work, and which release it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthReport {
    pub status: HealthStatus,
    pub version: String,
    pub database: HealthStatus,
}

/// Answer of `GET /api/health/live`: the process answers, and which release it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveReport {
    pub status: HealthStatus,
    pub version: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Ok,
    Failing,
}

/// What a clerk may do. Back-office staff work at the town hall; admins manage people and devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    BackOffice,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Clerk => "clerk",
            Self::BackOffice => "back_office",
            Self::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Clerk, Self::BackOffice, Self::Admin]
            .into_iter()
            .find(|role| role.as_str() == text)
    }
}

/// `POST /api/sessions`: sign in. Without `device`, the laptop is enrolled as a new device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
    #[serde(default)]
    pub device: Option<DeviceProof>,
    /// How the clerk calls this laptop, e.g. "Koffer 2"; used at enrolment only.
    #[serde(default)]
    pub device_label: Option<String>,
    /// At enrolment: the municipality (Regionalschlüssel) the laptop's cases belong to. A laptop
    /// enrolled anew (the server no longer knows it) sends it, so that a clerk of another
    /// municipality is refused before a device is enrolled that the laptop could not use.
    #[serde(default)]
    pub enrol_for: Option<String>,
    /// The public half of the laptop's signing key (ECDSA P-256, SEC1 uncompressed, hex). Kept
    /// at enrolment, or at the first sign-in of a laptop enrolled without one; never replaced.
    #[serde(default)]
    pub device_key: Option<String>,
}

/// The device id and the secret the server handed out at enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceProof {
    pub id: String,
    pub credential: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInResponse {
    /// Bearer token for API calls, valid until `expires_at` (seconds since the Unix epoch).
    pub token: String,
    pub expires_at: u64,
    pub device_id: String,
    /// Only present when this sign-in enrolled the device; the server keeps just its hash.
    pub device_credential: Option<String>,
    pub clerk: ClerkProfile,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClerkProfile {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality: MunicipalityInfo,
    /// Municipalities this clerk's municipality serves by delegation.
    pub serves: Vec<MunicipalityInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityInfo {
    pub regional_key: String,
    pub name: String,
    /// Days a device of this municipality may work without reaching the server.
    pub offline_lease_days: u32,
}

/// A person as the admin's list shows them (`GET /api/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality: String,
    /// Disabled people can neither sign in nor enrol a laptop.
    pub disabled: bool,
}

/// `POST /api/users/{username}/password`: the new password an admin sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPassword {
    pub password: String,
}

/// `POST /api/users`: a person an admin creates in their municipality, with a first password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPerson {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// A laptop of the municipality as the admin's console lists it (`GET /api/devices`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSummary {
    pub id: String,
    pub label: String,
    /// The user name of who enrolled it.
    pub enrolled_by: String,
    /// Seconds since the epoch.
    pub enrolled_at: u64,
    pub last_contact_at: u64,
    pub revoked: bool,
}

/// What an admin did (`AdminLogEntry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdminAction {
    PersonCreated,
    PersonDisabled,
    PasswordSet,
    DeviceRevoked,
    PlacesChanged,
    LeaseChanged,
    CatalogueReplaced,
    /// The operator set where a service's cases are submitted (FIT-Connect).
    RouteSet,
    RouteRemoved,
    /// The admin made a code to enrol a Bürger-Terminal.
    TerminalInvited,
}

impl AdminAction {
    const NAMES: [(Self, &'static str); 10] = [
        (Self::PersonCreated, "person_created"),
        (Self::PersonDisabled, "person_disabled"),
        (Self::PasswordSet, "password_set"),
        (Self::DeviceRevoked, "device_revoked"),
        (Self::PlacesChanged, "places_changed"),
        (Self::LeaseChanged, "lease_changed"),
        (Self::CatalogueReplaced, "catalogue_replaced"),
        (Self::RouteSet, "route_set"),
        (Self::RouteRemoved, "route_removed"),
        (Self::TerminalInvited, "terminal_invited"),
    ];

    /// The action as the wire and the log name it.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(action, _)| *action == self)
            .map_or("", |(_, name)| name)
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, known)| *known == name)
            .map(|(action, _)| *action)
    }
}

/// A municipality as its admin sets it up (`GET /api/municipality`): the offline lease, the
/// places of its catalogue and its version, and the municipalities it serves by delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalitySettings {
    pub municipality: MunicipalityInfo,
    pub places: Vec<String>,
    /// Of `places`, those where two people go.
    #[serde(default)]
    pub two_clerk_places: Vec<String>,
    pub catalogue_version: u32,
    pub serves: Vec<MunicipalityInfo>,
}

/// `PUT /api/municipality/lease`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLease {
    pub offline_lease_days: u32,
}

/// `PUT /api/municipality/places`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPlaces {
    pub places: Vec<String>,
    /// Of `places`, those where two people go.
    #[serde(default)]
    pub two_clerk_places: Vec<String>,
}

/// What a catalogue the admin uploads would change (`POST /api/catalogue/preview`), or did
/// (`PUT /api/catalogue`), against the version the municipality has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueReview {
    /// The version held before; the replacement becomes the next.
    pub version: u32,
    pub changes: Vec<crate::catalogue::CatalogueChange>,
}

/// One line of a municipality's admin log (`GET /api/admin-log`), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminLogEntry {
    /// Seconds since the epoch.
    pub at: u64,
    /// The admin's user name, or "Kommandozeile" for the operator's commands.
    pub by: String,
    pub action: AdminAction,
    /// The person (user name) or laptop (label and id) acted on.
    pub subject: String,
}

/// `POST /api/devices/contact`: the device reports in and learns whether it may go on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceContact {
    pub device_id: String,
    pub offline_lease_days: u32,
    pub server_time: u64,
}

/// A date of the tour plan as the public sees it: when, whether it stands, and what may be
/// booked there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceDate {
    pub id: String,
    /// `JJJJ-MM-TT`.
    pub date: String,
    /// `HH:MM`.
    pub starts: String,
    /// `HH:MM`.
    pub ends: String,
    pub status: crate::tours::TourStatus,
    pub services: Vec<OfferedService>,
}

/// A service a date offers, with its title and the minutes a booking of it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferedService {
    pub service: String,
    pub title: crate::forms::Label,
    pub minutes: u16,
}

/// `GET /api/terminal/dates/{id}/starts`: the free starts for the services chosen, `HH:MM`;
/// none when the date is full for them (then the waitlist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FreeStarts {
    pub minutes: u16,
    pub starts: Vec<String>,
}

/// Every API error: a stable code for programs and a German sentence for the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u64>,
}

/// What went wrong, for programs (the app decides by it what to do next); the sentence for the
/// clerk comes beside it. On the wire, its name in snake case (`NAMES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    BadRequest,
    InvalidCredentials,
    TooManyAttempts,
    NotSignedIn,
    SessionExpired,
    UnknownDevice,
    DeviceOfOtherMunicipality,
    DeviceRevoked,
    AccountDisabled,
    Forbidden,
    NotFound,
    QuotaReached,
    /// The device has registered no signing key yet: sign in with the password again.
    DeviceKeyMissing,
    /// A push's device signature does not hold.
    DeviceSignatureInvalid,
    /// A part of an upload was sent for another offset than the server holds: ask it, resume there.
    UploadOffsetMismatch,
    Busy,
    TimedOut,
    Internal,
    /// A code this app does not know yet (a newer server): a refusal like any other.
    Unknown,
}

impl ErrorCode {
    /// Every code with its name on the wire. Read and written through this one table: serde's
    /// derived enum reader cost the app's bundle 400 bytes more.
    const NAMES: [(Self, &'static str); 19] = [
        (Self::BadRequest, "bad_request"),
        (Self::InvalidCredentials, "invalid_credentials"),
        (Self::TooManyAttempts, "too_many_attempts"),
        (Self::NotSignedIn, "not_signed_in"),
        (Self::SessionExpired, "session_expired"),
        (Self::UnknownDevice, "unknown_device"),
        (
            Self::DeviceOfOtherMunicipality,
            "device_of_other_municipality",
        ),
        (Self::DeviceRevoked, "device_revoked"),
        (Self::AccountDisabled, "account_disabled"),
        (Self::Forbidden, "forbidden"),
        (Self::NotFound, "not_found"),
        (Self::QuotaReached, "quota_reached"),
        (Self::DeviceKeyMissing, "device_key_missing"),
        (Self::DeviceSignatureInvalid, "device_signature_invalid"),
        (Self::UploadOffsetMismatch, "upload_offset_mismatch"),
        (Self::Busy, "busy"),
        (Self::TimedOut, "timed_out"),
        (Self::Internal, "internal"),
        (Self::Unknown, "unknown"),
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(code, _)| *code == self)
            .map_or("unknown", |(_, name)| name)
    }

    pub fn from_name(name: &str) -> Self {
        Self::NAMES
            .iter()
            .find(|(_, known)| *known == name)
            .map_or(Self::Unknown, |(code, _)| *code)
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|name| Self::from_name(&name))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(Self::NAMES.iter().map(|(_, name)| *name)))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ErrorCode {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_travel_as_snake_case_and_an_unknown_one_is_still_read() {
        let body: ErrorBody = serde_json::from_str(
            r#"{"error":"device_of_other_municipality","message":"Dieses Gerät …"}"#,
        )
        .expect("parses");
        assert_eq!(body.error, ErrorCode::DeviceOfOtherMunicipality);
        let newer: ErrorBody =
            serde_json::from_str(r#"{"error":"from_a_newer_server","message":"…"}"#)
                .expect("parses");
        assert_eq!(newer.error, ErrorCode::Unknown);
        assert_eq!(
            serde_json::to_string(&ErrorCode::SessionExpired).expect("json"),
            "\"session_expired\""
        );
        for (code, name) in ErrorCode::NAMES {
            assert_eq!((code.name(), ErrorCode::from_name(name)), (name, code));
        }
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in [Role::Clerk, Role::BackOffice, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).expect("serializes");
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("mayor"), None);
    }

    #[test]
    fn sign_in_without_device_parses_from_minimal_json() {
        let request: SignInRequest =
            serde_json::from_str(r#"{"username":"anna","password":"geheim"}"#).expect("parses");
        assert_eq!(request.device, None);
        assert_eq!(request.device_label, None);
    }

    #[test]
    fn health_report_has_a_stable_json_shape() {
        let report = HealthReport {
            status: HealthStatus::Ok,
            version: "0.1.0".into(),
            database: HealthStatus::Failing,
        };
        let json = serde_json::to_string(&report).expect("serializes");
        assert_eq!(
            json,
            r#"{"status":"ok","version":"0.1.0","database":"failing"}"#
        );
        assert_eq!(
            serde_json::from_str::<HealthReport>(&json).expect("parses"),
            report
        );
    }
}

/// One line of the back office's list (`GET /api/cases?municipality=…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseSummary {
    pub municipality: String,
    pub id: String,
    pub number: String,
    pub citizen: String,
    pub services: Vec<String>,
    pub status: crate::cases::CaseStatus,
    /// Parts changed on two devices wait for a decision.
    pub flagged: bool,
    pub version: u64,
    /// Taken with the Koffer, or filed by the citizen at a Bürger-Terminal.
    #[serde(default, skip_serializing_if = "crate::cases::Channel::is_koffer")]
    pub channel: crate::cases::Channel,
}

/// Which cases the back office's list shows (`GET /api/cases?municipality=…&…`): every field
/// that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseFilter {
    #[serde(default)]
    pub status: Option<crate::cases::CaseStatus>,
    /// A service id of the catalogue.
    #[serde(default)]
    pub service: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    /// Visits on or after this day (ISO).
    #[serde(default)]
    pub from: Option<String>,
    /// Visits on or before this day (ISO).
    #[serde(default)]
    pub to: Option<String>,
    /// The clerk who opened the case, as the record names them.
    #[serde(default)]
    pub clerk: Option<String>,
    /// Only cases with parts that wait for a decision.
    #[serde(default)]
    pub flagged: bool,
}

impl CaseFilter {
    /// The set fields as query parameters (names and values, not yet encoded).
    pub fn parameters(&self) -> Vec<(&'static str, String)> {
        let mut parameters = Vec::new();
        if let Some(status) = self.status {
            parameters.push(("status", status.name().to_owned()));
        }
        let texts = [
            ("service", &self.service),
            ("place", &self.place),
            ("from", &self.from),
            ("to", &self.to),
            ("clerk", &self.clerk),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                parameters.push((name, value.clone()));
            }
        }
        if self.flagged {
            parameters.push(("flagged", "true".to_owned()));
        }
        parameters
    }
}

/// The pilot's figures for one municipality and period (`GET /api/evaluation?municipality=…`).
/// Every count below `evaluation::SMALL_CELL` is `None`: withheld, not zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Evaluation {
    pub municipality: String,
    /// The period, both days included (ISO).
    pub from: String,
    pub to: String,
    /// Cases whose visit lies in the period.
    pub cases: Option<u64>,
    /// Per service: its cases, how many were refused, how it is offered and how long it took.
    pub services: Vec<ServiceFigures>,
    /// Cases per week (the Monday, ISO).
    pub weeks: Vec<WeekFigures>,
    /// Cases per service, place and week.
    pub per_service_place_week: Vec<ServicePlaceWeek>,
    /// Per deployment (place and day): cases and the time from the first case opened to the
    /// last finished.
    pub deployments: Vec<DeploymentFigures>,
    /// Reasons given for Abgelehnt, each only if given at least `SMALL_CELL` times.
    pub rejection_reasons: Vec<ReasonCount>,
    /// The tour plan's bookings at dates in the period, and the visits without one.
    #[serde(default)]
    pub appointments: AppointmentFigures,
}

/// Who came with a booking and who without, who booked and did not come, and who cancelled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentFigures {
    /// Bookings the clerk opened a visit for.
    pub booked_visits: Option<u64>,
    /// Cases without a booking.
    pub walk_ins: Option<u64>,
    pub no_shows: Option<u64>,
    pub cancelled: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceFigures {
    /// The service id of the catalogue.
    pub service: String,
    pub cases: Option<u64>,
    /// Of those, Abgelehnt.
    pub rejected: Option<u64>,
    /// How the catalogue offers it (`None`: no longer in the catalogue).
    pub offline: Option<crate::catalogue::OfflinePolicy>,
    /// Opening a case at the table to finishing it there ("Erfasst"), in milliseconds: first
    /// quartile, median, third quartile (`None` below `SMALL_CELL` cases).
    pub handling_ms: Option<[u64; 3]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekFigures {
    pub week: String,
    pub cases: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServicePlaceWeek {
    pub service: String,
    pub place: String,
    pub week: String,
    pub cases: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeploymentFigures {
    pub place: String,
    pub day: String,
    pub cases: Option<u64>,
    /// First case opened to last case finished, in minutes.
    pub minutes_on_site: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    pub reason: String,
    pub cases: u64,
}

/// One case as the back office reads it (`GET /api/cases/{municipality}/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub case: crate::cases::Case,
    /// Values a device sent for parts the server had changed meanwhile, each waiting for the
    /// town hall to decide which stays (`ConflictDecision`).
    #[serde(default)]
    pub conflicts: Vec<crate::sync::Conflict>,
    /// Every stored change of the case, oldest first (`domain::audit`).
    pub record: Vec<crate::audit::Event>,
    /// Where the record does not hold, in German; `None`: it is intact and sealed by the server.
    pub record_problem: Option<String>,
    /// Its services released for submission over FIT-Connect, and how far each got.
    #[serde(default)]
    pub submissions: Vec<HandoverSubmission>,
}

/// How far a service of a case got on its way to the deciding authority over FIT-Connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubmissionState {
    /// Released by the back office; the server sends it at its next round.
    Released,
    /// The submission service has it; the destination has not decided yet.
    Submitted,
    Accepted,
    /// With the destination's problems; it may be corrected and sent again.
    Rejected,
    /// The server could not send it (the reason in `problems`); it may be sent again.
    Failed,
}

/// One service of a case on its way over FIT-Connect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverSubmission {
    /// The catalogue's id of the service.
    pub service: String,
    /// The destination's id.
    pub destination: String,
    pub state: SubmissionState,
    /// The submission service's id, once it has one.
    pub submission_id: Option<String>,
    /// Why the destination rejected it, or why sending failed, in its own words.
    #[serde(default)]
    pub problems: Vec<String>,
    /// Who released it.
    pub released_by: String,
    /// When it last changed (seconds since 1970).
    pub updated_at: u64,
}

/// The back office sets a case's next status (`POST /api/cases/{municipality}/{id}/status`); a
/// rejection needs a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChangeRequest {
    pub status: crate::cases::CaseStatus,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The town hall decides a flagged conflict (`POST /api/cases/{municipality}/{id}/conflicts`):
/// which of the two values stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictDecision {
    /// Its place in `CaseDetail::conflicts`.
    #[cfg_attr(feature = "openapi", schema(maximum = 18446744073709551615_u64))]
    pub conflict: usize,
    pub keep: crate::sync::Keep,
}

/// The server's answer to an attachment upload (`PUT /api/attachments/{municipality}/{sha256}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentReceipt {
    pub sha256: String,
    pub bytes: u64,
}

/// A FIT-Connect route of the admin's municipality (`GET /api/municipality/routes`): where a
/// service's cases are submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverRoute {
    /// The catalogue's id of the service.
    pub service: String,
    /// The destination's id (a UUID).
    pub destination: String,
    /// The last day the destination's key is used (ISO).
    pub key_valid_until: String,
    pub schema_uri: String,
}

/// The admin sets a service's route (`PUT /api/municipality/routes/{service}`): the destination,
/// its public key and its data schema as the files' text, checked as `buergerkoffer route set`
/// checks them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewHandoverRoute {
    pub destination: String,
    /// The destination's public encryption key, a JWK (RSA, at least 4096 bits, RSA-OAEP-256).
    pub key_jwk: String,
    /// The last day the key is valid (ISO, JJJJ-MM-TT).
    pub key_valid_until: String,
    pub schema_uri: String,
    /// The JSON Schema the destination checks the data against.
    pub data_schema: String,
}
