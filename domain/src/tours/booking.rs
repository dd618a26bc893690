//! Booking a date of the tour plan, by a citizen on the public page or by staff on a citizen's
//! behalf. A booking asks for one or more of the date's services and takes as many minutes as
//! their slots add up to; it starts on the date's grid (every shortest slot from the window's
//! start) and fits the window. As many bookings may overlap as clerks go. A date with no room
//! left for the services asked takes the booking onto its waitlist, to move up when a booking
//! is cancelled. Pure: the caller passes the date, what is booked and what the contact holds.

use super::{Minute, TourDate, TourStatus};
use crate::forms::Date;
use serde::{Deserialize, Serialize};

/// Services one booking may ask for.
pub const MAX_SERVICES: usize = 3;
/// Bookings one contact (e-mail address or phone number) may hold at once in a municipality,
/// so that one person cannot empty the dates.
pub const MAX_PER_CONTACT: usize = 3;
/// Characters of a name.
pub const MAX_NAME_CHARS: usize = 100;
/// Characters of a contact.
pub const MAX_CONTACT_CHARS: usize = 120;

/// What a citizen or staff member asks for at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRequest {
    /// Services of the date, one to three.
    pub services: Vec<String>,
    /// The start, `HH:MM`, one of the free ones; absent: onto the waitlist (only when full).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{2}:[0-9]{2}$"))]
    pub starts: Option<String>,
    /// Who comes.
    pub name: String,
    /// An e-mail address (for the reminder) or a phone number; may be empty.
    #[serde(default)]
    pub contact: String,
}

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Booked,
    /// On the waitlist of a full date.
    Waiting,
    Cancelled,
    /// Came: the clerk opened a visit for the booking.
    Attended,
    /// Did not come, as the clerk noted at the date.
    NoShow,
}

impl BookingStatus {
    pub fn name(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Waiting => "waiting",
            Self::Cancelled => "cancelled",
            Self::Attended => "attended",
            Self::NoShow => "no_show",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Booked,
            Self::Waiting,
            Self::Cancelled,
            Self::Attended,
            Self::NoShow,
        ]
        .into_iter()
        .find(|status| status.name() == name)
    }
}

/// A booking as staff read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    pub id: String,
    /// The date booked.
    pub tour_date: String,
    /// What the citizen says at the table or on the phone, e.g. `K7QM-4XPA`.
    pub code: String,
    pub services: Vec<String>,
    /// `HH:MM`; absent while waiting.
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub name: String,
    pub contact: String,
    pub status: BookingStatus,
    /// The staff member who booked on the citizen's behalf; absent when the citizen booked.
    pub booked_by: Option<String>,
}

/// A date a clerk goes to, with its bookings: what the laptop receives with a pull, to work
/// the day's list offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayList {
    pub date: TourDate,
    /// Not cancelled, in the order they came.
    pub bookings: Vec<Booking>,
}

/// What became of a booking at its date, as the clerk's laptop reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingOutcome {
    pub booking: String,
    /// The visit opened for it; absent: the citizen did not come.
    #[serde(default)]
    pub case: Option<String>,
}

/// An outcome a laptop noted and the server has not answered for yet (at rest in its store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotedOutcome {
    pub municipality: String,
    /// Who booked, to tell the clerk if the server refuses it.
    pub name: String,
    pub outcome: BookingOutcome,
}

/// The outcomes a laptop reports for one municipality (`POST /api/sync/outcomes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeReport {
    /// Regionalschlüssel.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^(0[1-9]|1[0-6])[0-9]{10}$"))]
    pub municipality: String,
    pub outcomes: Vec<BookingOutcome>,
}

/// The server's answer for one outcome: kept, or refused with a German sentence (the laptop
/// keeps it to show the clerk, and sends it no more).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeAnswer {
    pub booking: String,
    #[serde(default)]
    pub refused: Option<String>,
}

/// Why an outcome is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeRefusal {
    /// The date is cancelled, or the booking was.
    Cancelled,
    /// The clerk does not go on this date.
    NotYourDate,
    /// The date has not come yet.
    NotYet,
    /// Another outcome was reported already.
    AlreadyReported,
    /// A citizen on the waitlist had no slot to miss.
    NoSlotToMiss,
    /// No such booking in the municipality (the server's finding).
    UnknownBooking,
    /// The visit named is not one this laptop transferred there (the server's finding).
    CaseNotTransferred,
}

/// Whether `outcome` may be recorded for `booking` at `date` by `clerk` on `today`; `Ok(false)`
/// when it was recorded already (the same outcome again changes nothing).
pub fn check_outcome(
    outcome: &BookingOutcome,
    (booking, date): (&Booking, &TourDate),
    clerk: &str,
    today: Date,
) -> Result<bool, OutcomeRefusal> {
    if !date.clerks.iter().any(|c| c == clerk) {
        return Err(OutcomeRefusal::NotYourDate);
    }
    if Date::parse_iso(&date.date).is_none_or(|day| day > today) {
        return Err(OutcomeRefusal::NotYet);
    }
    let attended = outcome.case.is_some();
    match booking.status {
        BookingStatus::Cancelled => Err(OutcomeRefusal::Cancelled),
        _ if date.status == TourStatus::Cancelled => Err(OutcomeRefusal::Cancelled),
        BookingStatus::Attended if attended => Ok(false),
        BookingStatus::NoShow if !attended => Ok(false),
        BookingStatus::Attended | BookingStatus::NoShow => Err(OutcomeRefusal::AlreadyReported),
        BookingStatus::Waiting if !attended => Err(OutcomeRefusal::NoSlotToMiss),
        BookingStatus::Booked | BookingStatus::Waiting => Ok(true),
    }
}

/// A booked name as the visit's person form takes it, for the clerk to check: the last word
/// as the family name, the words before it as the given names.
pub fn names_of(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((family, given)) => (given.join(" "), (*family).to_owned()),
        None => (String::new(), String::new()),
    }
}

/// A booking staff made on a citizen's behalf, with the link to give them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingReceipt {
    pub booking: Booking,
    /// The whole link, to read out or send.
    pub link: String,
}

/// How to reach who booked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    None,
    Email(String),
    Phone(String),
}

impl Contact {
    /// Reads what was typed: empty, an e-mail address, or a phone number (digits, spaces and
    /// `+ - / ( )`, at least six digits).
    pub fn parse(text: &str) -> Result<Self, BookingRefusal> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Self::None);
        }
        if text.chars().count() > MAX_CONTACT_CHARS || text.chars().any(char::is_control) {
            return Err(BookingRefusal::NotAContact);
        }
        if let Some((local, domain)) = text.split_once('@') {
            let plain = |part: &str| {
                !part.is_empty()
                    && !part
                        .chars()
                        .any(|c| c.is_whitespace() || "<>,;:\"()[]\\@".contains(c))
            };
            let labels_fit = domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-'));
            return if plain(local) && plain(domain) && domain.contains('.') && labels_fit {
                Ok(Self::Email(text.to_owned()))
            } else {
                Err(BookingRefusal::NotAContact)
            };
        }
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let phone_like = text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-/()".contains(c));
        if phone_like && digits >= 6 && !text[1..].contains('+') {
            Ok(Self::Phone(text.to_owned()))
        } else {
            Err(BookingRefusal::NotAContact)
        }
    }

    /// The same contact however it was written, for the cap per contact: an address in lower
    /// case, a number's digits (a leading 0 read as +49).
    pub fn key(&self) -> Option<String> {
        match self {
            Self::None => None,
            Self::Email(address) => Some(address.to_lowercase()),
            Self::Phone(number) => {
                let digits: String = number.chars().filter(char::is_ascii_digit).collect();
                let international = if number.trim_start().starts_with('+') {
                    digits
                } else if let Some(national) = digits.strip_prefix("00") {
                    national.to_owned()
                } else if let Some(national) = digits.strip_prefix('0') {
                    format!("49{national}")
                } else {
                    digits
                };
                Some(format!("+{international}"))
            }
        }
    }

    /// The address reminders go to.
    pub fn email(&self) -> Option<&str> {
        match self {
            Self::Email(address) => Some(address),
            _ => None,
        }
    }
}

/// A booking standing at the date, as far as room goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    pub starts: Minute,
    pub ends: Minute,
}

/// What a request comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    Slot(Taken),
    Waitlist,
}

/// Why a booking is refused; the server says it in German.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingRefusal {
    DateCancelled,
    DatePassed,
    NoService,
    TooManyServices,
    UnknownService(String),
    ServiceTwice(String),
    NotATime(String),
    /// Not one of the date's starts for these services.
    NotAStart(String),
    /// Another booking took it first.
    SlotTaken,
    /// A free start is left, so there is no waitlist.
    StillFree,
    NoName,
    NameTooLong,
    NotAContact,
    TooManyForContact,
}

/// Minutes the services take at `date`.
pub fn minutes(date: &TourDate, services: &[String]) -> Result<u16, BookingRefusal> {
    if services.is_empty() {
        return Err(BookingRefusal::NoService);
    }
    if services.len() > MAX_SERVICES {
        return Err(BookingRefusal::TooManyServices);
    }
    let mut total = 0u16;
    for (at, service) in services.iter().enumerate() {
        let slot = date
            .slots
            .iter()
            .find(|slot| slot.service == *service)
            .ok_or_else(|| BookingRefusal::UnknownService(service.clone()))?;
        if services[..at].contains(service) {
            return Err(BookingRefusal::ServiceTwice(service.clone()));
        }
        total = total.saturating_add(slot.minutes);
    }
    Ok(total)
}

/// The starts at `date` where `length` minutes still fit beside `taken`, earliest first.
pub fn free_starts(date: &TourDate, length: u16, taken: &[Taken]) -> Vec<Minute> {
    let (Some(window_starts), Some(window_ends)) =
        (Minute::parse(&date.starts), Minute::parse(&date.ends))
    else {
        return Vec::new();
    };
    let grid = date
        .slots
        .iter()
        .map(|slot| slot.minutes)
        .min()
        .unwrap_or(length)
        .max(1);
    let room = date.clerks.len().max(1);
    let mut starts = Vec::new();
    let mut start = window_starts.0;
    while start + length <= window_ends.0 {
        let end = start + length;
        // Bookings at once peak at the start or where one of them begins.
        let peak = std::iter::once(start)
            .chain(
                taken
                    .iter()
                    .map(|t| t.starts.0)
                    .filter(|&s| start < s && s < end),
            )
            .map(|moment| {
                taken
                    .iter()
                    .filter(|t| t.starts.0 <= moment && moment < t.ends.0)
                    .count()
            })
            .max()
            .unwrap_or(0);
        if peak < room {
            starts.push(Minute(start));
        }
        start += grid;
    }
    starts
}

/// The slots `bookings` hold: booked ones, not waiting or cancelled.
pub fn taken_of(bookings: &[Booking]) -> Vec<Taken> {
    bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Booked)
        .filter_map(|b| {
            Some(Taken {
                starts: Minute::parse(b.starts.as_deref()?)?,
                ends: Minute::parse(b.ends.as_deref()?)?,
            })
        })
        .collect()
}

/// Checks `request` at `date` on `today`, beside the bookings `taken` there and the
/// `held_by_contact` bookings its contact holds in the municipality.
pub fn check(
    request: &BookingRequest,
    date: &TourDate,
    taken: &[Taken],
    held_by_contact: usize,
    today: Date,
) -> Result<Accepted, BookingRefusal> {
    if date.status == TourStatus::Cancelled {
        return Err(BookingRefusal::DateCancelled);
    }
    if Date::parse_iso(&date.date).is_none_or(|day| day < today) {
        return Err(BookingRefusal::DatePassed);
    }
    let length = minutes(date, &request.services)?;
    let name = request.name.trim();
    if name.is_empty() {
        return Err(BookingRefusal::NoName);
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(BookingRefusal::NameTooLong);
    }
    if Contact::parse(&request.contact)? != Contact::None && held_by_contact >= MAX_PER_CONTACT {
        return Err(BookingRefusal::TooManyForContact);
    }
    let free = free_starts(date, length, taken);
    match &request.starts {
        None if free.is_empty() => Ok(Accepted::Waitlist),
        None => Err(BookingRefusal::StillFree),
        Some(text) => {
            let starts =
                Minute::parse(text).ok_or_else(|| BookingRefusal::NotATime(text.clone()))?;
            if free.contains(&starts) {
                return Ok(Accepted::Slot(Taken {
                    starts,
                    ends: Minute(starts.0 + length),
                }));
            }
            // On the grid and inside the window, it was free once: someone else was quicker.
            let on_grid = free_starts(date, length, &[]).contains(&starts);
            Err(if on_grid {
                BookingRefusal::SlotTaken
            } else {
                BookingRefusal::NotAStart(text.clone())
            })
        }
    }
}

/// Which of the `waiting` bookings (their lengths, in the order they came) move up beside
/// `taken`, and to which start: each takes the earliest start that fits, in turn.
pub fn move_up(date: &TourDate, waiting: &[u16], taken: &[Taken]) -> Vec<Option<Minute>> {
    let mut taken = taken.to_vec();
    waiting
        .iter()
        .map(|&length| {
            let start = free_starts(date, length, &taken).first().copied()?;
            taken.push(Taken {
                starts: start,
                ends: Minute(start.0 + length),
            });
            Some(start)
        })
        .collect()
}

/// A booking code from 40 random bits: eight characters of Crockford's base32, which has no
/// I, L, O or U to mistake when read out on the phone, as two groups.
pub fn code(random: [u8; 5]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bits = random
        .iter()
        .fold(0u64, |bits, &byte| (bits << 8) | u64::from(byte));
    let mut code = String::with_capacity(9);
    for at in 0..8 {
        if at == 4 {
            code.push('-');
        }
        let index = (bits >> (35 - 5 * at)) & 31;
        code.push(char::from(ALPHABET[index as usize]));
    }
    code
}

#[cfg(test)]
mod tests;
