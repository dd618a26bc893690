//! The server's API as the apps call it: the only place that knows its paths, methods and
//! headers. Each route is a `Call` typed with what it sends and answers; `http` carries
//! it out, so a wrong body or answer type does not compile.

use crate::http::{Call, RawAnswer};
use domain::callback::{Callback, CallbackRequest};
use domain::catalogue::Service;
use domain::sync::wire::{PullResponse, PushRequest, PushResponse, UploadOffset};
use domain::tours::booking::{
    Booking, BookingReceipt, BookingRequest, OutcomeAnswer, OutcomeReport,
};
use domain::tours::{TourClerk, TourDate, TourMove, TourRequest};
use domain::wire::{
    AdminLogEntry, AssistanceTicket, CaseDetail, CaseFilter, CaseSummary, CatalogueReview,
    ConflictDecision, DeviceContact, DeviceProof, DeviceSummary, Evaluation, FreeStarts,
    HandoverRoute, HandoverSubmission, MunicipalitySettings, NewHandoverRoute, NewLease,
    NewPassword, NewPerson, NewPlaces, NewTerminal, SignInRequest, SignInResponse,
    StatusChangeRequest, TerminalCode, TerminalContact, TerminalEnrolment, TerminalFiling,
    TerminalReceipt, TerminalSummary, UserSummary,
};

/// A call made with the session's bearer token.
fn signed_in<B: ?Sized, R>(method: &'static str, path: String, token: &str) -> Call<B, R> {
    signed_in_with(method, path, token, Vec::new())
}

/// A call made with the session's bearer token and `headers` besides.
fn signed_in_with<B: ?Sized, R>(
    method: &'static str,
    path: String,
    token: &str,
    mut headers: Vec<(&'static str, String)>,
) -> Call<B, R> {
    headers.push(("authorization", format!("Bearer {token}")));
    Call::new(method, path, headers)
}

/// Signs a clerk in; enrols the laptop when the request carries no device proof.
pub fn sign_in() -> Call<SignInRequest, SignInResponse> {
    Call::new("POST", "/api/sessions".into(), Vec::new())
}

/// The laptop says it is alive, proven by its id and credential (no sign-in needed).
pub fn contact(device_id: &str, credential: &str) -> Call<(), DeviceContact> {
    Call::new(
        "POST",
        "/api/devices/contact".into(),
        device_headers(device_id, credential),
    )
}

/// A ticket for the town hall's back office to go on duty for video assistance.
pub fn assistance_ticket(token: &str) -> Call<(), AssistanceTicket> {
    signed_in("POST", "/api/assistance/tickets".into(), token)
}

/// A ticket for a terminal's assistance socket.
pub fn terminal_assistance_ticket(device: &DeviceProof) -> Call<(), AssistanceTicket> {
    terminal_call("POST", "/api/terminal/assistance/tickets".into(), device)
}

/// The headers a device proves itself with (`auth::EnrolledDevice`, `auth::EnrolledTerminal`).
fn device_headers(id: &str, credential: &str) -> Vec<(&'static str, String)> {
    vec![
        ("x-device-id", id.to_owned()),
        ("x-device-credential", credential.to_owned()),
    ]
}

/// The catalogues of the clerk's municipalities, answered as the server's bytes (kept as such).
pub fn catalogues(token: &str) -> Call<(), RawAnswer> {
    signed_in("GET", "/api/catalogues".into(), token)
}

/// A page of the space's changes after `cookie`, with its catalogue if newer than `catalogue`.
pub fn pull(
    token: &str,
    municipality: &str,
    (cookie, limit, catalogue): (u64, usize, u64),
) -> Call<(), PullResponse> {
    signed_in(
        "GET",
        format!(
            "/api/sync/pull?municipality={municipality}&cookie={cookie}&limit={limit}&catalogue={catalogue}"
        ),
        token,
    )
}

pub fn push(token: &str) -> Call<PushRequest, PushResponse> {
    signed_in("POST", "/api/sync/push".into(), token)
}

/// How much of a photo (by its SHA-256 and `length`) the server holds for this device.
pub fn upload_offset(
    token: &str,
    (municipality, sha256): (&str, &str),
    length: u64,
) -> Call<(), UploadOffset> {
    let headers = vec![("upload-length", length.to_string())];
    signed_in_with("GET", upload_path(municipality, sha256), token, headers)
}

/// One part of a photo, starting at `offset`; sent as `PHOTO_PART`.
pub fn upload_part(
    token: &str,
    (municipality, sha256): (&str, &str),
    (offset, length): (u64, u64),
) -> Call<[u8], UploadOffset> {
    let headers = vec![
        ("upload-offset", offset.to_string()),
        ("upload-length", length.to_string()),
    ];
    signed_in_with("PATCH", upload_path(municipality, sha256), token, headers)
}

/// The content type of a part of a photo (the tus protocol's).
pub const PHOTO_PART: &str = "application/offset+octet-stream";

fn upload_path(municipality: &str, sha256: &str) -> String {
    format!("/api/attachments/{municipality}/{sha256}/upload")
}

/// A query parameter's value as a URL carries it.
fn encoded(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

/// A page of the back office's inbox: the cases of a municipality `filter` lets through, newest
/// change first, at most `limit`, continuing before `before` (the last version of the previous
/// page).
pub fn cases(
    token: &str,
    municipality: &str,
    filter: &CaseFilter,
    (before, limit): (Option<u64>, usize),
) -> Call<(), Vec<CaseSummary>> {
    let mut path = format!("/api/cases?municipality={municipality}&limit={limit}");
    if let Some(before) = before {
        path.push_str(&format!("&before={before}"));
    }
    for (name, value) in filter.parameters() {
        path.push_str(&format!("&{name}={}", encoded(&value)));
    }
    signed_in("GET", path, token)
}

/// The handover packages of the cases `filter` lets through, as a ZIP with a manifest.
pub fn handover_batch(token: &str, municipality: &str, filter: &CaseFilter) -> Call<(), RawAnswer> {
    let mut path = format!("/api/cases/handover?municipality={municipality}");
    for (name, value) in filter.parameters() {
        path.push_str(&format!("&{name}={}", encoded(&value)));
    }
    signed_in("GET", path, token)
}

/// Releases a case's routed services for submission over FIT-Connect; its submissions after.
pub fn release_submissions(
    token: &str,
    municipality: &str,
    id: &str,
) -> Call<(), Vec<HandoverSubmission>> {
    signed_in(
        "POST",
        format!("/api/cases/{municipality}/{id}/submissions"),
        token,
    )
}

/// A case's handover package (PDF/A-3a with the case inside).
pub fn handover(token: &str, municipality: &str, id: &str) -> Call<(), RawAnswer> {
    signed_in(
        "GET",
        format!("/api/cases/{municipality}/{id}/handover"),
        token,
    )
}

/// The evaluation's tables as a file: `table` as CSV, or (`None`) every table as one XLSX
/// workbook.
pub fn evaluation_export(
    token: &str,
    municipality: &str,
    (from, to): (&str, &str),
    table: Option<&str>,
) -> Call<(), RawAnswer> {
    let format = match table {
        Some(table) => format!("format=csv&table={}", encoded(table)),
        None => "format=xlsx".to_owned(),
    };
    signed_in(
        "GET",
        format!(
            "/api/evaluation/export?municipality={municipality}&from={}&to={}&{format}",
            encoded(from),
            encoded(to)
        ),
        token,
    )
}

/// The evaluation's figures of a municipality for the visits from `from` to `to` (ISO days).
pub fn evaluation(token: &str, municipality: &str, from: &str, to: &str) -> Call<(), Evaluation> {
    signed_in(
        "GET",
        format!(
            "/api/evaluation?municipality={municipality}&from={}&to={}",
            encoded(from),
            encoded(to)
        ),
        token,
    )
}

/// One case whole, with its record and what the server found checking it.
pub fn case_detail(token: &str, municipality: &str, id: &str) -> Call<(), CaseDetail> {
    signed_in("GET", format!("/api/cases/{municipality}/{id}"), token)
}

/// What became of the bookings at a date, as the clerk's laptop reports it.
pub fn report_outcomes(token: &str) -> Call<OutcomeReport, Vec<OutcomeAnswer>> {
    signed_in("POST", "/api/sync/outcomes".into(), token)
}

/// The municipality's tour plan from `from` to `to` (ISO days), cancelled dates too.
pub fn tours(token: &str, municipality: &str, (from, to): (&str, &str)) -> Call<(), Vec<TourDate>> {
    let path = format!(
        "/api/tours/{municipality}?from={}&to={}",
        encoded(from),
        encoded(to)
    );
    signed_in("GET", path, token)
}

/// Plans one date, or the same window every few weeks.
pub fn plan_tour(token: &str, municipality: &str) -> Call<TourRequest, Vec<TourDate>> {
    signed_in("POST", format!("/api/tours/{municipality}"), token)
}

/// Cancels a date with its bookings (who booked with an e-mail address is told).
pub fn cancel_tour(token: &str, municipality: &str, id: &str) -> Call<(), TourDate> {
    signed_in(
        "POST",
        format!("/api/tours/{municipality}/{id}/cancel"),
        token,
    )
}

/// Moves a date to another day or window, its bookings with it.
pub fn move_tour(token: &str, municipality: &str, id: &str) -> Call<TourMove, TourDate> {
    signed_in(
        "POST",
        format!("/api/tours/{municipality}/{id}/move"),
        token,
    )
}

/// The clerks who may go on the municipality's dates.
pub fn tour_clerks(token: &str, municipality: &str) -> Call<(), Vec<TourClerk>> {
    signed_in("GET", format!("/api/tours/{municipality}/clerks"), token)
}

/// The bookings of a date, in the order they came.
pub fn bookings(token: &str, municipality: &str, date: &str) -> Call<(), Vec<Booking>> {
    signed_in(
        "GET",
        format!("/api/tours/{municipality}/{date}/bookings"),
        token,
    )
}

/// Books a date on a citizen's behalf.
pub fn book(token: &str, municipality: &str, date: &str) -> Call<BookingRequest, BookingReceipt> {
    signed_in(
        "POST",
        format!("/api/tours/{municipality}/{date}/bookings"),
        token,
    )
}

/// Cancels a booking (who waits moves up).
pub fn cancel_booking(token: &str, municipality: &str, booking: &str) -> Call<(), Booking> {
    let path = format!("/api/tours/{municipality}/bookings/{booking}/cancel");
    signed_in("POST", path, token)
}

/// The people of the admin's municipality.
pub fn people(token: &str) -> Call<(), Vec<UserSummary>> {
    signed_in("GET", "/api/users".into(), token)
}

/// An admin creates a person of their municipality.
pub fn create_person(token: &str) -> Call<NewPerson, UserSummary> {
    signed_in("POST", "/api/users".into(), token)
}

/// The laptops of the admin's municipality.
pub fn laptops(token: &str) -> Call<(), Vec<DeviceSummary>> {
    signed_in("GET", "/api/devices".into(), token)
}

/// An admin revokes a laptop: it wipes itself at its next contact.
pub fn revoke_device(token: &str, id: &str) -> Call<(), ()> {
    signed_in("POST", format!("/api/devices/{id}/revoke"), token)
}

/// The Bürger-Terminals of the admin's municipality.
pub fn terminals(token: &str) -> Call<(), Vec<TerminalSummary>> {
    signed_in("GET", "/api/terminals".into(), token)
}

/// An admin makes the one-time code that enrols a terminal at a place (revoking one is
/// `revoke_device`).
pub fn invite_terminal(token: &str) -> Call<NewTerminal, TerminalCode> {
    signed_in("POST", "/api/terminals".into(), token)
}

/// The kiosk trades the admin's code for its device id and credential.
pub fn enrol_terminal() -> Call<TerminalEnrolment, DeviceProof> {
    Call::new("POST", "/api/terminals/enrol".into(), Vec::new())
}

/// The terminal reports in, proven by its id and credential: where it stands, or that it was
/// revoked.
pub fn terminal_contact(device: &DeviceProof) -> Call<(), TerminalContact> {
    terminal_call("POST", "/api/terminal/contact".into(), device)
}

fn terminal_call<B: ?Sized, R>(
    method: &'static str,
    path: String,
    device: &DeviceProof,
) -> Call<B, R> {
    Call::new(method, path, device_headers(&device.id, &device.credential))
}

/// The free starts of a date at the terminal's place for `services`.
pub fn terminal_free_starts(
    device: &DeviceProof,
    date: &str,
    services: &[String],
) -> Call<(), FreeStarts> {
    let services = encoded(&services.join(","));
    terminal_call(
        "GET",
        format!("/api/terminal/dates/{date}/starts?services={services}"),
        device,
    )
}

/// Books a date at the terminal's place for the citizen at the kiosk.
pub fn terminal_book(device: &DeviceProof, date: &str) -> Call<BookingRequest, BookingReceipt> {
    terminal_call(
        "POST",
        format!("/api/terminal/dates/{date}/bookings"),
        device,
    )
}

/// The services a citizen may file alone at the terminal, with their forms.
pub fn terminal_services(device: &DeviceProof) -> Call<(), Vec<Service>> {
    terminal_call("GET", "/api/terminal/services".into(), device)
}

/// Files what a citizen filled in, reviewed and signed at the terminal.
pub fn file_at_terminal(device: &DeviceProof) -> Call<TerminalFiling, TerminalReceipt> {
    terminal_call("POST", "/api/terminal/cases".into(), device)
}

/// A citizen at the terminal asks to be called back.
pub fn terminal_request_callback(device: &DeviceProof) -> Call<CallbackRequest, Callback> {
    terminal_call("POST", "/api/terminal/callbacks".into(), device)
}

/// The call-back requests of a municipality's terminals, open ones first.
pub fn callbacks(token: &str, municipality: &str) -> Call<(), Vec<Callback>> {
    signed_in("GET", format!("/api/callbacks/{municipality}"), token)
}

/// The town hall called back.
pub fn mark_callback_done(token: &str, municipality: &str, id: &str) -> Call<(), ()> {
    signed_in(
        "POST",
        format!("/api/callbacks/{municipality}/{id}/done"),
        token,
    )
}

/// The admin log of the admin's municipality, newest first.
pub fn admin_log(token: &str) -> Call<(), Vec<AdminLogEntry>> {
    signed_in("GET", "/api/admin-log".into(), token)
}

/// The admin's municipality as they set it up.
pub fn municipality_settings(token: &str) -> Call<(), MunicipalitySettings> {
    signed_in("GET", "/api/municipality".into(), token)
}

/// The admin sets the laptops' offline lease.
pub fn set_lease(token: &str) -> Call<NewLease, ()> {
    signed_in("PUT", "/api/municipality/lease".into(), token)
}

/// The admin sets where the Koffer is set up; answers the catalogue's new version.
pub fn set_places(token: &str) -> Call<NewPlaces, u32> {
    signed_in("PUT", "/api/municipality/places".into(), token)
}

/// The FIT-Connect routes of the admin's municipality.
pub fn handover_routes(token: &str) -> Call<(), Vec<HandoverRoute>> {
    signed_in("GET", "/api/municipality/routes".into(), token)
}

/// The admin sets where a service's cases are submitted.
pub fn set_handover_route(token: &str, service: &str) -> Call<NewHandoverRoute, HandoverRoute> {
    signed_in("PUT", format!("/api/municipality/routes/{service}"), token)
}

/// The admin removes a service's route.
pub fn remove_handover_route(token: &str, service: &str) -> Call<(), ()> {
    signed_in(
        "DELETE",
        format!("/api/municipality/routes/{service}"),
        token,
    )
}

/// What an uploaded catalogue (its file's JSON) would change; stores nothing.
pub fn preview_catalogue(token: &str) -> Call<str, CatalogueReview> {
    signed_in("POST", "/api/catalogue/preview".into(), token)
}

/// Takes an uploaded catalogue as the municipality's.
pub fn replace_catalogue(token: &str) -> Call<str, CatalogueReview> {
    signed_in("PUT", "/api/catalogue".into(), token)
}

/// An admin disables a person: their sessions end and their laptops are revoked.
pub fn disable_person(token: &str, username: &str) -> Call<(), UserSummary> {
    signed_in("POST", format!("/api/users/{username}/disable"), token)
}

/// An admin sets a new password for a person; their sessions end.
pub fn set_password(token: &str, username: &str) -> Call<NewPassword, ()> {
    signed_in("POST", format!("/api/users/{username}/password"), token)
}

/// The town hall decides a flagged conflict of a case.
pub fn resolve_conflict(
    token: &str,
    municipality: &str,
    id: &str,
) -> Call<ConflictDecision, CaseSummary> {
    signed_in(
        "POST",
        format!("/api/cases/{municipality}/{id}/conflicts"),
        token,
    )
}

/// A photo of a case's documents, by its SHA-256.
pub fn photo(token: &str, municipality: &str, sha256: &str) -> Call<(), RawAnswer> {
    signed_in(
        "GET",
        format!("/api/attachments/{municipality}/{sha256}"),
        token,
    )
}

/// The back office sets a case's status.
pub fn set_status(
    token: &str,
    municipality: &str,
    id: &str,
) -> Call<StatusChangeRequest, CaseSummary> {
    signed_in(
        "POST",
        format!("/api/cases/{municipality}/{id}/status"),
        token,
    )
}
