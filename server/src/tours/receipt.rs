//! A booking's own page: where it stands, its code and a QR code of its link (to keep on the
//! phone or print), what to bring, and forms to cancel it or move it to another free start of
//! its date. Plain HTML like the rest of the public pages.

use super::booking_page::{bring_list, heading, privacy};
use super::page::{document, escape};
use crate::AppState;
use domain::catalogue::Catalogue;
use domain::tours::booking::{self as rules, Booking, BookingStatus, Taken};
use domain::tours::{TourDate, TourStatus};
use qrcodegen::{QrCode, QrCodeEcc};
use std::fmt::Write;

/// The page of `booking` at `date`, beside the other bookings' `taken` slots; `link` is its own
/// address, `problem` what went wrong with the last request.
pub fn render(
    state: &AppState,
    catalogue: &Catalogue,
    (booking, date): (&Booking, &TourDate),
    taken: &[Taken],
    (link, problem): (&str, Option<&str>),
) -> String {
    let mut main = format!(
        "<p><a href=\"/termine/{}\">Alle Termine</a></p>\n<h1>Ihre Buchung</h1>\n",
        escape(&date.municipality)
    );
    if let Some(problem) = problem {
        let _ = writeln!(
            main,
            "<p role=\"alert\"><strong>{}</strong></p>",
            escape(problem)
        );
    }
    let standing = match (booking.status, date.status) {
        (BookingStatus::Cancelled, TourStatus::Cancelled) => {
            "Der Termin ist abgesagt; Ihre Buchung gilt nicht mehr."
        }
        (BookingStatus::Cancelled, _) => "Diese Buchung ist storniert.",
        (BookingStatus::Waiting, _) => {
            "Sie stehen auf der Warteliste. Wird ein Platz frei, bekommen Sie ihn."
        }
        (BookingStatus::Booked, TourStatus::Provisional) => {
            "Gebucht. Der Termin ist noch vorläufig: Er findet statt, wenn sich genug Personen \
             anmelden."
        }
        (BookingStatus::Booked, _) => "Gebucht.",
        (BookingStatus::Attended, _) => "Sie waren da. Vielen Dank!",
        (BookingStatus::NoShow, _) => "Laut Verwaltung sind Sie zu diesem Termin nicht gekommen.",
    };
    let time = booking.starts.as_deref().map_or_else(
        || "Uhrzeit folgt".to_owned(),
        |starts| format!("{starts} Uhr"),
    );
    let _ = write!(
        main,
        "<p><strong>{standing}</strong></p>\n<dl>\n<dt>Termin</dt><dd>{}</dd>\n\
         <dt>Ihre Uhrzeit</dt><dd>{time}</dd>\n<dt>Ort</dt><dd>{}</dd>\n\
         <dt>Name</dt><dd>{}</dd>\n<dt>Buchungscode</dt><dd><strong>{}</strong></dd>\n</dl>\n",
        heading(date),
        escape(&date.place),
        escape(&booking.name),
        escape(&booking.code)
    );
    if !matches!(
        booking.status,
        BookingStatus::Booked | BookingStatus::Waiting
    ) {
        return document("Bürgerkoffer: Ihre Buchung", &main);
    }
    bring_list(&mut main, catalogue, &booking.services);
    let _ = write!(
        main,
        "<h2>Diese Seite wiederfinden</h2>\n<p>Speichern Sie diesen Link oder den QR-Code: \
         <a href=\"{0}\">{0}</a></p>\n{1}\n",
        escape(link),
        qr_svg(link)
    );
    main.push_str(
        "<h2>Absagen</h2>\n<form method=\"post\">\n<input type=\"hidden\" name=\"aktion\" \
         value=\"stornieren\">\n<p><button type=\"submit\">Buchung stornieren</button></p>\n\
         </form>\n",
    );
    if booking.status == BookingStatus::Booked {
        let length = rules::minutes(date, &booking.services).unwrap_or(0);
        let free: Vec<_> = rules::free_starts(date, length, taken)
            .into_iter()
            .filter(|start| Some(start.text().as_str()) != booking.starts.as_deref())
            .collect();
        if !free.is_empty() {
            main.push_str(
                "<h2>Uhrzeit ändern</h2>\n<form method=\"post\">\n<input type=\"hidden\" \
                 name=\"aktion\" value=\"aendern\">\n<fieldset>\n<legend>Neue Uhrzeit</legend>\n",
            );
            for (n, start) in free.iter().enumerate() {
                let text = start.text();
                let _ = writeln!(
                    main,
                    "<div><input type=\"radio\" id=\"neu-{n}\" name=\"beginn\" value=\"{text}\" \
                     required> <label for=\"neu-{n}\">{text} Uhr</label></div>"
                );
            }
            main.push_str(
                "</fieldset>\n<p><button type=\"submit\">Uhrzeit ändern</button></p>\n</form>\n",
            );
        }
    }
    main.push_str(&privacy(state));
    document("Bürgerkoffer: Ihre Buchung", &main)
}

/// `text` as a QR code in SVG, one path of dark modules with the quiet zone around them.
fn qr_svg(text: &str) -> String {
    let Ok(code) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        return String::new();
    };
    let size = code.size();
    let border = 4;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                let _ = write!(path, "M{},{}h1v1h-1z", x + border, y + border);
            }
        }
    }
    let side = size + 2 * border;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" width=\"200\" \
         height=\"200\" role=\"img\" aria-label=\"QR-Code mit dem Link zu Ihrer Buchung\">\
         <rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" \
         fill=\"#000\"/></svg>"
    )
}
