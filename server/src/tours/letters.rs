//! The mails to who booked: on booking, on the waitlist, when a booking is changed or
//! cancelled, when it moves up from the waitlist, when its date is cancelled, and the day
//! before. Plain German text with the date, the place, the booking code, what to bring for
//! each service and the link to cancel or change; who gave no e-mail address gets none.

use crate::database::bookings::Letter;
use crate::database::mail_outbox::Mail;
use crate::secrets::LinkKey;
use domain::catalogue::Catalogue;
use domain::forms::Date;
use domain::tours::TourDate;
use domain::tours::booking::{Booking, Contact};
use std::fmt::Write;

/// What every letter of a municipality needs.
pub struct Letterhead<'a> {
    pub catalogue: &'a Catalogue,
    /// Where citizens reach the server, e.g. `https://koffer.meerane.de` (no slash at the end).
    pub public_url: &'a str,
    pub link_key: &'a LinkKey,
    pub retention_days: u16,
    /// Whether the server has a mail relay: without one, no letter is written.
    pub mail_on: bool,
}

/// The path of booking `id`'s page, where its citizen cancels or changes it.
pub fn booking_path(municipality: &str, id: &str, link_key: &LinkKey) -> String {
    format!(
        "/termine/{municipality}/buchung/{id}/{}",
        link_key.secret(id)
    )
}

impl Letterhead<'_> {
    /// The mail of `letter` to who made `booking` at `date`, if they gave an e-mail address.
    pub fn compose(&self, letter: Letter, booking: &Booking, date: &TourDate) -> Option<Mail> {
        if !self.mail_on {
            return None;
        }
        let recipient = Contact::parse(&booking.contact).ok()?.email()?.to_owned();
        let day = Date::parse_iso(&date.date)
            .map(Date::german_with_weekday)
            .unwrap_or_else(|| date.date.clone());
        let time = booking.starts.as_deref().unwrap_or(&date.starts);
        let (subject, lead) = match letter {
            Letter::Booked => (
                format!("Ihr Termin beim Bürgerkoffer: {day}, {time} Uhr"),
                "Ihr Termin ist gebucht.",
            ),
            Letter::Waiting => (
                format!("Warteliste: Bürgerkoffer am {day}"),
                "Der Termin ist ausgebucht; Sie stehen auf der Warteliste. Wird ein Platz frei, \
                 bekommen Sie ihn und eine E-Mail.",
            ),
            Letter::Changed => (
                format!("Geändert: Ihr Termin am {day}, {time} Uhr"),
                "Ihr Termin ist geändert.",
            ),
            Letter::Cancelled => (
                format!("Storniert: Ihr Termin am {day}"),
                "Ihr Termin ist storniert. Sie können jederzeit einen neuen buchen.",
            ),
            Letter::MovedUp => (
                format!("Ein Platz ist frei: Ihr Termin am {day}, {time} Uhr"),
                "Ein Platz ist frei geworden: Sie haben jetzt einen Termin.",
            ),
            Letter::DateCancelled => (
                format!("Abgesagt: Bürgerkoffer am {day}"),
                "Leider muss der Termin ausfallen. Bitte buchen Sie einen anderen Termin.",
            ),
            Letter::Moved => (
                format!("Verlegt: Ihr Termin ist jetzt am {day}, {time} Uhr"),
                "Der Termin wurde verlegt. Ihre Buchung gilt für die neue Zeit; passt sie Ihnen \
                 nicht, sagen Sie bitte über den Link unten ab.",
            ),
            Letter::Reminder => (
                format!("Erinnerung: morgen Bürgerkoffer, {time} Uhr"),
                "Wir erinnern Sie an Ihren Termin morgen.",
            ),
        };
        let mut body = format!("Guten Tag {},\n\n{lead}\n\n", booking.name);
        let _ = writeln!(body, "Wann: {day}, {time} Uhr");
        let _ = writeln!(body, "Wo: {}", date.place);
        let _ = writeln!(body, "Buchungscode: {}\n", booking.code);
        let ended = matches!(letter, Letter::Cancelled | Letter::DateCancelled);
        if !ended {
            body.push_str("Ihre Anliegen und was Sie bitte mitbringen:\n");
            for id in &booking.services {
                let Some(service) = self.catalogue.services.iter().find(|s| s.id == *id) else {
                    continue;
                };
                let _ = writeln!(body, "- {}", service.title.de);
                for document in &service.documents {
                    let _ = writeln!(body, "  * {}", document.label.de);
                }
            }
            let _ = writeln!(
                body,
                "\nAbsagen oder ändern: {}{}",
                self.public_url,
                booking_path(&date.municipality, &booking.id, self.link_key)
            );
        } else {
            let _ = writeln!(
                body,
                "Die nächsten Termine: {}/termine/{}",
                self.public_url, date.municipality
            );
        }
        let _ = write!(
            body,
            "\nIhre Angaben werden {} Tage nach dem Termin gelöscht.\n\n\
             Mit freundlichen Grüßen\nIhre Verwaltung {}\n",
            self.retention_days, self.catalogue.municipality_name
        );
        Some(Mail {
            recipient,
            subject,
            body,
        })
    }
}
