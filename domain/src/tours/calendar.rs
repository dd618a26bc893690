//! The tour plan as an iCalendar feed (RFC 5545), for citizens' and staff calendars: one event
//! per date at its place, in German time (the feed describes Europe/Berlin), provisional dates
//! marked tentative and cancelled ones cancelled, so that a subscribed calendar follows the plan.
//! Only what the public may read: the place, the time and the services, never the notes on the
//! room or who goes. Lines end in CRLF and are folded at 75 octets.

use super::{TourDate, TourStatus};
use crate::catalogue::Catalogue;
use crate::forms::Date;

/// Europe/Berlin as RFC 5545 describes a time zone: summer time from the last Sunday of March
/// to the last Sunday of October.
const BERLIN: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// The feed of `dates` (of `catalogue`'s municipality), written at `now_secs` (Unix time).
pub fn feed(dates: &[TourDate], catalogue: &Catalogue, now_secs: u64) -> String {
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Bürgerkoffer//Tourenplan//DE");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!(
        "X-WR-CALNAME:{}",
        escape(&format!("Bürgerkoffer {}", catalogue.municipality_name))
    ));
    out.push_str(BERLIN);
    let stamp = utc_stamp(now_secs);
    for date in dates {
        event(&mut out, date, catalogue, &stamp);
    }
    fold_into(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, date: &TourDate, catalogue: &Catalogue, stamp: &str) {
    let day = date.date.replace('-', "");
    let time = |hh_mm: &str| format!("{day}T{}00", hh_mm.replace(':', ""));
    let services: Vec<String> = date
        .slots
        .iter()
        .map(|slot| {
            let title = catalogue
                .services
                .iter()
                .find(|s| s.id == slot.service)
                .map_or(slot.service.as_str(), |s| s.title.de.as_str());
            format!("{title} ({} Min.)", slot.minutes)
        })
        .collect();
    let mut description = format!("Angebot: {}.", services.join(", "));
    let (status, sequence) = match date.status {
        TourStatus::Planned => ("CONFIRMED", 0),
        TourStatus::Provisional => {
            if let Some(deadline) = date.decide_on.as_deref().and_then(Date::parse_iso) {
                description.push_str(&format!(
                    "\nFindet statt, wenn bis zum {} genug Anmeldungen eingehen.",
                    deadline.german()
                ));
            }
            ("TENTATIVE", 0)
        }
        // A later sequence, so that calendars replace the event they hold.
        TourStatus::Cancelled => ("CANCELLED", 1),
    };
    for text in [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@buergerkoffer", date.id),
        format!("DTSTAMP:{stamp}"),
        format!("DTSTART;TZID=Europe/Berlin:{}", time(&date.starts)),
        format!("DTEND;TZID=Europe/Berlin:{}", time(&date.ends)),
        format!(
            "SUMMARY:{}",
            escape(&format!("Bürgerkoffer: {}", date.place))
        ),
        format!("LOCATION:{}", escape(&date.place)),
        format!("DESCRIPTION:{}", escape(&description)),
        format!("STATUS:{status}"),
        format!("SEQUENCE:{sequence}"),
        "END:VEVENT".to_owned(),
    ] {
        fold_into(out, &text);
    }
}

/// `now_secs` as a UTC date-time, `JJJJMMTTTHHMMSSZ`.
fn utc_stamp(now_secs: u64) -> String {
    let day = Date::from_unix_days(i64::try_from(now_secs / 86_400).unwrap_or(0));
    let secs = now_secs % 86_400;
    format!(
        "{}T{:02}{:02}{:02}Z",
        day.iso().replace('-', ""),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// A text value with RFC 5545's escapes.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Appends `line` with CRLF, folded so that no line exceeds 75 octets (a continuation starts
/// with a space); never inside a character.
fn fold_into(out: &mut String, line: &str) {
    let mut room = 75;
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > room {
            out.push_str("\r\n ");
            room = 74;
            used = 0;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "Ü".repeat(100));
        fold_into(&mut out, &line);
        for part in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn text_is_escaped_and_the_stamp_is_utc() {
        assert_eq!(
            escape("Rathaus, Saal; 1\\2\nOben"),
            "Rathaus\\, Saal\\; 1\\\\2\\nOben"
        );
        assert_eq!(utc_stamp(1_800_000_000), "20270115T080000Z");
    }
}
