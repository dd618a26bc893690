//! The tour plan: when the Koffer goes where. A date is a time window at one of the
//! municipality's places, with the clerks who go and the minutes a slot of each service takes;
//! dates may repeat every few weeks, and a date may be provisional: it stands only if enough
//! citizens have booked by a deadline. Pure: the caller passes today, the catalogue, the
//! municipality's clerks and the dates already planned; each refusal is a `TourRefusal`.

use crate::catalogue::Catalogue;
use crate::forms::Date;
use serde::{Deserialize, Serialize};

/// Dates one request may plan at most (a year of weekly dates).
pub const MAX_DATES: usize = 53;
/// How far ahead a date may be planned, in days.
pub const MAX_DAYS_AHEAD: i64 = 2 * 366;
/// Clerks at one date: one, or two where the room or the services need a second.
pub const MAX_CLERKS: usize = 2;
/// A slot's length, in minutes.
pub const SLOT_MINUTES: std::ops::RangeInclusive<u16> = 5..=240;

/// What the back office asks for (`POST /api/tours/{municipality}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TourRequest {
    /// One of the places of the municipality's catalogue.
    pub place: String,
    /// The (first) date, `JJJJ-MM-TT`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub date: String,
    /// Start of the window, `HH:MM` (German time).
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{2}:[0-9]{2}$"))]
    pub starts: String,
    /// End of the window, `HH:MM`, after the start on the same day.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{2}:[0-9]{2}$"))]
    pub ends: String,
    /// User names of the clerks who go: one or two.
    pub clerks: Vec<String>,
    /// The services offered and how long a slot of each takes.
    pub slots: Vec<Slot>,
    /// About the room: key, stairs, socket, network.
    #[serde(default)]
    pub notes: String,
    /// The same window every few weeks, up to a last date.
    #[serde(default)]
    pub repeat: Option<Repeat>,
    /// Kept only if enough citizens book by a deadline.
    #[serde(default)]
    pub provisional: Option<Provisional>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    /// A service of the catalogue.
    pub service: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 240))]
    pub minutes: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Repeat {
    /// 1: weekly, 2: every second week, … up to 4.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 4))]
    pub every_weeks: u8,
    /// The last date it may fall on, `JJJJ-MM-TT`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provisional {
    /// Bookings it needs to stand.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub min_bookings: u16,
    /// Days before the date by which they must have come.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 60))]
    pub decide_days_before: u16,
}

/// Where a date stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TourStatus {
    /// Planned and standing.
    Planned,
    /// Waits for enough bookings by its deadline.
    Provisional,
    Cancelled,
}

impl TourStatus {
    pub fn name(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Provisional => "provisional",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Planned, Self::Provisional, Self::Cancelled]
            .into_iter()
            .find(|status| status.name() == name)
    }
}

/// A date of the plan as the back office reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TourDate {
    pub id: String,
    pub municipality: String,
    /// Dates planned together (a repeat) share it: the id of the first.
    pub series: String,
    pub place: String,
    /// `JJJJ-MM-TT`.
    pub date: String,
    /// `HH:MM`.
    pub starts: String,
    /// `HH:MM`.
    pub ends: String,
    pub clerks: Vec<String>,
    pub slots: Vec<Slot>,
    pub notes: String,
    pub status: TourStatus,
    /// For a provisional date: the bookings it needs and the day it is decided, `JJJJ-MM-TT`.
    pub min_bookings: Option<u16>,
    pub decide_on: Option<String>,
    /// Bookings holding a slot (not waiting, not cancelled).
    #[serde(default)]
    pub booked: u32,
}

/// A clerk who may go on the municipality's dates, for the plan's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TourClerk {
    pub username: String,
    pub display_name: String,
}

/// One date the plan gains, checked; the server gives it its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDate {
    pub date: Date,
    pub starts: Minute,
    pub ends: Minute,
    pub decide_on: Option<Date>,
}

/// Minutes since midnight, German time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minute(pub u16);

impl Minute {
    /// Reads `HH:MM`.
    pub fn parse(text: &str) -> Option<Self> {
        let (hours, minutes) = text.split_once(':')?;
        let two_digits = |part: &str| {
            (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u16>().ok())
                .flatten()
        };
        let (hours, minutes) = (two_digits(hours)?, two_digits(minutes)?);
        (hours < 24 && minutes < 60).then_some(Self(hours * 60 + minutes))
    }

    /// `HH:MM`.
    pub fn text(self) -> String {
        format!("{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// Why a plan is refused; the server says it in German.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TourRefusal {
    UnknownPlace,
    NotADate(String),
    NotATime(String),
    InThePast,
    TooFarAhead,
    WindowEndsBeforeItStarts,
    NoClerk,
    TooManyClerks,
    UnknownClerk(String),
    ClerkTwice(String),
    NoService,
    UnknownService(String),
    ServiceTwice(String),
    SlotLength(String),
    RepeatEndsBeforeItStarts,
    TooManyDates,
    /// Another date overlaps on this day at the same place or with the same clerk.
    Overlaps(Date),
    DecidedTooLate,
    /// The catalogue says two people go to this place.
    PlaceNeedsTwo,
    /// A cancelled date does not move.
    Cancelled,
    /// The bookings, moved with the window's start, would not fit the new window.
    BookingsDoNotFit,
}

/// A date already in the plan, as far as overlaps go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken<'a> {
    pub date: Date,
    pub starts: Minute,
    pub ends: Minute,
    /// Its place; `None` for a date of another municipality, which shares only clerks.
    pub place: Option<&'a str>,
    pub clerks: &'a [String],
}

/// Checks `request` and lays out its dates. `clerks` are the user names of the clerks who may
/// work for the municipality; `taken` the dates not cancelled on those days (of any
/// municipality: a clerk cannot be at two places at once).
pub fn plan(
    request: &TourRequest,
    catalogue: &Catalogue,
    clerks: &[String],
    taken: &[Taken<'_>],
    today: Date,
) -> Result<Vec<PlannedDate>, TourRefusal> {
    if !catalogue.places.contains(&request.place) {
        return Err(TourRefusal::UnknownPlace);
    }
    let date = |text: &str| Date::parse_iso(text).ok_or(TourRefusal::NotADate(text.to_owned()));
    let time = |text: &str| Minute::parse(text).ok_or(TourRefusal::NotATime(text.to_owned()));
    let first = date(&request.date)?;
    let (starts, ends) = (time(&request.starts)?, time(&request.ends)?);
    if first < today {
        return Err(TourRefusal::InThePast);
    }
    if ends <= starts {
        return Err(TourRefusal::WindowEndsBeforeItStarts);
    }
    check_clerks(&request.clerks, clerks)?;
    if catalogue.two_clerk_places.contains(&request.place) && request.clerks.len() < 2 {
        return Err(TourRefusal::PlaceNeedsTwo);
    }
    check_slots(&request.slots, catalogue)?;

    let last_allowed = Date::from_unix_days(today.unix_days() + MAX_DAYS_AHEAD);
    let mut dates = vec![first];
    if let Some(repeat) = &request.repeat {
        let until = date(&repeat.until)?;
        if until < first {
            return Err(TourRefusal::RepeatEndsBeforeItStarts);
        }
        let step = i64::from(repeat.every_weeks.clamp(1, 4)) * 7;
        let mut next = first.unix_days() + step;
        while next <= until.unix_days() {
            if dates.len() == MAX_DATES {
                return Err(TourRefusal::TooManyDates);
            }
            dates.push(Date::from_unix_days(next));
            next += step;
        }
    }
    if dates.last().is_some_and(|last| *last > last_allowed) {
        return Err(TourRefusal::TooFarAhead);
    }

    let mut planned = Vec::with_capacity(dates.len());
    for date in dates {
        let window = (date, starts, ends);
        if taken
            .iter()
            .any(|other| overlaps(other, window, (&request.place, &request.clerks)))
        {
            return Err(TourRefusal::Overlaps(date));
        }
        let decide_on = match &request.provisional {
            Some(provisional) => {
                let day = Date::from_unix_days(
                    date.unix_days() - i64::from(provisional.decide_days_before.max(1)),
                );
                if day < today {
                    return Err(TourRefusal::DecidedTooLate);
                }
                Some(day)
            }
            None => None,
        };
        planned.push(PlannedDate {
            date,
            starts,
            ends,
            decide_on,
        });
    }
    Ok(planned)
}

/// Whether `other` takes the place or one of the clerks during `window` on its day.
fn overlaps(
    other: &Taken<'_>,
    (date, starts, ends): (Date, Minute, Minute),
    (place, clerks): (&str, &[String]),
) -> bool {
    other.date == date
        && other.starts < ends
        && starts < other.ends
        && (other.place == Some(place) || other.clerks.iter().any(|c| clerks.contains(c)))
}

/// Where a date moves to (`POST /api/tours/{municipality}/{id}/move`): another day, another
/// window, or both. Its bookings move with it, each by as much as the window's start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TourMove {
    /// `JJJJ-MM-TT`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub date: String,
    /// `HH:MM`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{2}:[0-9]{2}$"))]
    pub starts: String,
    /// `HH:MM`.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9]{2}:[0-9]{2}$"))]
    pub ends: String,
}

/// Checks moving `date` as `request` asks, beside the dates `taken` on the new day (without
/// `date` itself) and the slots of its bookings (`booked`, as `(starts, ends)`): the new
/// window, its deadline if provisional (as many days before as before), and by how many
/// minutes the bookings shift.
pub fn relocate(
    date: &TourDate,
    request: &TourMove,
    taken: &[Taken<'_>],
    booked: &[(Minute, Minute)],
    today: Date,
) -> Result<(PlannedDate, i32), TourRefusal> {
    if date.status == TourStatus::Cancelled {
        return Err(TourRefusal::Cancelled);
    }
    let day = Date::parse_iso(&request.date).ok_or(TourRefusal::NotADate(request.date.clone()))?;
    let time = |text: &str| Minute::parse(text).ok_or(TourRefusal::NotATime(text.to_owned()));
    let (starts, ends) = (time(&request.starts)?, time(&request.ends)?);
    let was_day = Date::parse_iso(&date.date).ok_or(TourRefusal::NotADate(date.date.clone()))?;
    let was_starts = time(&date.starts)?;
    if day < today || was_day < today {
        return Err(TourRefusal::InThePast);
    }
    if day.unix_days() > today.unix_days() + MAX_DAYS_AHEAD {
        return Err(TourRefusal::TooFarAhead);
    }
    if ends <= starts {
        return Err(TourRefusal::WindowEndsBeforeItStarts);
    }
    if taken
        .iter()
        .any(|other| overlaps(other, (day, starts, ends), (&date.place, &date.clerks)))
    {
        return Err(TourRefusal::Overlaps(day));
    }
    let shift = i32::from(starts.0) - i32::from(was_starts.0);
    let fits = |minute: Minute| {
        let moved = i32::from(minute.0) + shift;
        (i32::from(starts.0)..=i32::from(ends.0)).contains(&moved)
    };
    if !booked.iter().all(|(from, to)| fits(*from) && fits(*to)) {
        return Err(TourRefusal::BookingsDoNotFit);
    }
    let decide_on = match date.decide_on.as_deref().and_then(Date::parse_iso) {
        Some(deadline) if date.status == TourStatus::Provisional => {
            let moved =
                Date::from_unix_days(deadline.unix_days() + day.unix_days() - was_day.unix_days());
            if moved < today {
                return Err(TourRefusal::DecidedTooLate);
            }
            Some(moved)
        }
        _ => None,
    };
    Ok((
        PlannedDate {
            date: day,
            starts,
            ends,
            decide_on,
        },
        shift,
    ))
}

fn check_clerks(going: &[String], clerks: &[String]) -> Result<(), TourRefusal> {
    match going.len() {
        0 => return Err(TourRefusal::NoClerk),
        n if n > MAX_CLERKS => return Err(TourRefusal::TooManyClerks),
        _ => {}
    }
    for (at, clerk) in going.iter().enumerate() {
        if !clerks.contains(clerk) {
            return Err(TourRefusal::UnknownClerk(clerk.clone()));
        }
        if going[..at].contains(clerk) {
            return Err(TourRefusal::ClerkTwice(clerk.clone()));
        }
    }
    Ok(())
}

fn check_slots(slots: &[Slot], catalogue: &Catalogue) -> Result<(), TourRefusal> {
    if slots.is_empty() {
        return Err(TourRefusal::NoService);
    }
    for (at, slot) in slots.iter().enumerate() {
        if !catalogue.services.iter().any(|s| s.id == slot.service) {
            return Err(TourRefusal::UnknownService(slot.service.clone()));
        }
        if slots[..at].iter().any(|s| s.service == slot.service) {
            return Err(TourRefusal::ServiceTwice(slot.service.clone()));
        }
        if !SLOT_MINUTES.contains(&slot.minutes) {
            return Err(TourRefusal::SlotLength(slot.service.clone()));
        }
    }
    Ok(())
}

pub mod booking;
pub mod calendar;
pub mod notice;

#[cfg(test)]
mod tests;
