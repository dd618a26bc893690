//! Calendar dates as German forms write them (TT.MM.JJJJ), and plausible birth dates.

use super::Problem;

/// A calendar date; `Ord` compares chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(())?;
        (day >= 1 && day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// Parses `TT.MM.JJJJ` (one-digit day or month accepted, as people write them).
    pub fn parse_german(text: &str) -> Result<Self, Problem> {
        let mut parts = text.trim().split('.');
        let (Some(day), Some(month), Some(year), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Problem::DateFormat);
        };
        let digits = |s: &str, min: usize, max: usize| {
            (s.len() >= min && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
        };
        let (Some(day), Some(month), Some(year)) =
            (digits(day, 1, 2), digits(month, 1, 2), digits(year, 4, 4))
        else {
            return Err(Problem::DateFormat);
        };
        let (day, month) = (day as u8, month as u8);
        if !(1..=12).contains(&month) || day == 0 || day > 31 {
            return Err(Problem::DateFormat);
        }
        Self::new(year, month, day).ok_or(Problem::DateDoesNotExist { day, month, year })
    }

    /// The date as `TT.MM.JJJJ`.
    pub fn german(self) -> String {
        format!("{:02}.{:02}.{:04}", self.day, self.month, self.year)
    }

    /// The date with its weekday, as a heading or a letter says it: `Donnerstag, 10.12.2026`.
    pub fn german_with_weekday(self) -> String {
        const WEEKDAYS: [&str; 7] = [
            "Montag",
            "Dienstag",
            "Mittwoch",
            "Donnerstag",
            "Freitag",
            "Samstag",
            "Sonntag",
        ];
        // 1970-01-01 was a Thursday.
        let weekday = WEEKDAYS[(self.unix_days() + 3).rem_euclid(7) as usize];
        format!("{weekday}, {}", self.german())
    }

    /// The date as ISO 8601 `JJJJ-MM-TT`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn parse_iso(text: &str) -> Option<Self> {
        let mut parts = text.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Self::new(year, month, day)
    }

    /// The civil date of a Unix time (UTC), for turning the browser's clock into "today".
    pub fn from_unix_days(days: i64) -> Self {
        // Howard Hinnant's days-to-civil algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Self { year, month, day }
    }

    /// Days since 1970-01-01 (the inverse of `from_unix_days`).
    pub fn unix_days(self) -> i64 {
        // Howard Hinnant's days-from-civil algorithm.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The Monday of this date's week (ISO 8601 weeks start on Monday; 1970-01-01 was a
    /// Thursday).
    pub fn monday(self) -> Self {
        let days = self.unix_days();
        Self::from_unix_days(days - (days + 3).rem_euclid(7))
    }
}

pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The oldest birth date taken as plausible: older people exist, but a typo is likelier.
pub const MAX_AGE_YEARS: u16 = 120;

pub fn check_birth_date(text: &str, today: Date) -> Result<Date, Problem> {
    let date = Date::parse_german(text)?;
    if date > today {
        return Err(Problem::BirthDateInFuture);
    }
    let oldest = Date {
        year: today.year.saturating_sub(MAX_AGE_YEARS),
        ..today
    };
    if date < oldest {
        return Err(Problem::BirthDateTooOld);
    }
    Ok(date)
}
