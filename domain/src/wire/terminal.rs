//! What the Bürger-Terminals and the console exchange with the server: enrolling a terminal,
//! its contact, a case a citizen files there, and the tickets and relays of video assistance.

use super::PlaceDate;
use serde::{Deserialize, Serialize};

/// `POST /api/terminals`: an admin makes a one-time code that enrols a Bürger-Terminal at one of
/// the municipality's places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTerminal {
    /// How the town hall calls it, e.g. "Terminal Sparkasse".
    pub label: String,
    /// One of the places of the municipality's catalogue.
    pub place: String,
}

/// The code that enrols a terminal, shown once to the admin, valid until `expires_at` (seconds
/// since the epoch) and for one enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalCode {
    pub code: String,
    pub expires_at: u64,
}

/// A ticket that opens the assistance WebSocket (`/api/assistance/socket?ticket=…`) once: a
/// browser cannot put its credential in a WebSocket's headers, so it fetches a ticket with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssistanceTicket {
    pub ticket: String,
    /// Seconds since the epoch; after that, and after its one use, it opens nothing.
    pub expires_at: u64,
    /// What the party's calls relay through when the browsers cannot meet directly; empty
    /// without a TURN server. Its credentials hold a day; a terminal opens its line anew twice
    /// a day.
    pub ice_servers: Vec<IceServer>,
}

/// A server for WebRTC's ICE, as `RTCIceServer` takes it: a TURN server with a credential
/// that ends by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IceServer {
    pub urls: Vec<String>,
    pub username: Option<String>,
    pub credential: Option<String>,
}

/// `POST /api/terminals/enrol`: the kiosk trades the code for its device id and credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalEnrolment {
    pub code: String,
}

/// A terminal of the municipality as the admin's console lists it (`GET /api/terminals`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalSummary {
    pub id: String,
    pub label: String,
    pub place: String,
    /// Seconds since the epoch.
    pub enrolled_at: u64,
    pub last_contact_at: u64,
    pub revoked: bool,
}

/// `POST /api/terminal/contact`: an enrolled terminal reports in and learns where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalContact {
    pub device_id: String,
    pub municipality_name: String,
    pub place: String,
    /// The Koffer's coming dates at the terminal's place, as the public page shows them.
    pub coming_dates: Vec<PlaceDate>,
    /// The public page where a date is booked (`/termine/{Regionalschlüssel}`).
    pub booking_url: String,
}

/// `POST /api/terminal/cases`: what a citizen files alone at a Bürger-Terminal. The server
/// makes the case of it (`filing::terminal_case`): numbered, dated and placed by the server, of
/// services the terminal offers only, and finished by the same rules as at the Koffer's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalFiling {
    /// Made by the terminal, so that sending again after a lost answer files nothing twice.
    pub id: String,
    pub citizen: crate::cases::Citizen,
    pub services: Vec<crate::cases::RequestedService>,
    pub signature: Option<crate::cases::Signature>,
    /// The fee as the kiosk's card terminal took it; none for free services.
    #[serde(default)]
    pub paid_by_card: Option<CardPayment>,
}

/// A payment the kiosk's card terminal (ZVT) approved: the amount it charged and the number on
/// its card slip, by which the town hall matches it with the bank's settlement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardPayment {
    pub amount_cents: u32,
    pub receipt: String,
}

/// What the citizen takes home from the terminal: the case's number and the reference its
/// receipt's QR code holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TerminalReceipt {
    pub number: String,
    pub reference: String,
    /// Milliseconds since the epoch, by the server's clock.
    pub filed_at_ms: u64,
}
