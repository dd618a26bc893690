//! The tour plan as a notice for the Amtsblatt and the notice board: the coming dates of a
//! period with place, time, services and what to bring, how to book, and the provisional ones
//! marked. Written as lines with their role, so that the plain text (to paste into the
//! Amtsblatt) and the PDF (to print and pin up) say the same.

use super::{TourDate, TourStatus};
use crate::catalogue::Catalogue;
use crate::forms::Date;

/// What a line of the notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    /// A date: its day and time.
    Heading,
    Text,
    /// Under a date: a service and what to bring.
    Item,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub role: Role,
    pub text: String,
}

/// The notice of `dates` (of `catalogue`'s municipality) from `from` to `to`; citizens book at
/// `booking_url`. Cancelled dates are left out: a notice printed later would announce them.
pub fn notice(
    dates: &[TourDate],
    catalogue: &Catalogue,
    (from, to): (Date, Date),
    booking_url: &str,
) -> Vec<Line> {
    let line = |role, text: String| Line { role, text };
    let mut lines = vec![
        line(
            Role::Title,
            format!(
                "Bürgerkoffer in {}: Termine vom {} bis {}",
                catalogue.municipality_name,
                from.german(),
                to.german()
            ),
        ),
        line(
            Role::Text,
            "Die Verwaltung kommt mit dem Bürgerkoffer zu Ihnen. Bitte buchen Sie einen Termin \
             im Internet oder telefonisch im Rathaus und bringen Sie mit, was bei Ihrem \
             Anliegen steht."
                .into(),
        ),
        line(Role::Text, format!("Termine buchen: {booking_url}")),
    ];
    let standing: Vec<&TourDate> = dates
        .iter()
        .filter(|date| date.status != TourStatus::Cancelled)
        .collect();
    if standing.is_empty() {
        lines.push(line(
            Role::Text,
            "In diesem Zeitraum sind keine Termine geplant.".into(),
        ));
    }
    for date in standing {
        let day = Date::parse_iso(&date.date)
            .map_or_else(|| date.date.clone(), Date::german_with_weekday);
        lines.push(line(
            Role::Heading,
            format!("{day}, {} bis {} Uhr", date.starts, date.ends),
        ));
        lines.push(line(Role::Text, date.place.clone()));
        for slot in &date.slots {
            let Some(service) = catalogue.service(&slot.service) else {
                continue;
            };
            let documents: Vec<&str> = service
                .documents
                .iter()
                .map(|document| document.label.de.as_str())
                .collect();
            let text = if documents.is_empty() {
                service.title.de.clone()
            } else {
                format!(
                    "{} – bitte mitbringen: {}",
                    service.title.de,
                    documents.join(", ")
                )
            };
            lines.push(line(Role::Item, text));
        }
        if date.status == TourStatus::Provisional
            && let Some(deadline) = date.decide_on.as_deref().and_then(Date::parse_iso)
        {
            lines.push(line(
                Role::Text,
                format!(
                    "Vorläufig: Der Termin findet statt, wenn bis zum {} genug Buchungen \
                     eingehen.",
                    deadline.german()
                ),
            ));
        }
    }
    lines
}

/// The notice as plain text: a blank line before each date, items indented with a dash.
pub fn text(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        match line.role {
            Role::Title => {
                out.push_str(&line.text);
                out.push('\n');
                out.push_str(&"=".repeat(line.text.chars().count()));
                out.push('\n');
            }
            Role::Heading => {
                out.push('\n');
                out.push_str(&line.text);
                out.push('\n');
            }
            Role::Text => {
                out.push_str(&line.text);
                out.push('\n');
            }
            Role::Item => {
                out.push_str("  - ");
                out.push_str(&line.text);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{OfflinePolicy, Service};
    use crate::forms::{ChoiceOption, FormSchema, Label};
    use crate::tours::Slot;

    #[test]
    fn the_notice_lists_standing_dates_with_what_to_bring_and_leaves_out_cancelled_ones() {
        let catalogue = Catalogue {
            municipality: "145245118250".into(),
            municipality_name: "Schönberg".into(),
            version: 1,
            places: vec!["Tettau, Dorfgemeinschaftshaus".into()],
            two_clerk_places: Vec::new(),
            submission_checks: Vec::new(),
            services: vec![Service {
                id: "lebensbescheinigung".into(),
                leika: None,
                leika_confirmed: false,
                title: Label {
                    de: "Lebensbescheinigung".into(),
                    en: "Life certificate".into(),
                },
                offline: OfflinePolicy::FinishesOffline,
                fee_cents: 0,
                fee_basis: String::new(),
                documents: vec![ChoiceOption {
                    value: "ausweis".into(),
                    label: Label {
                        de: "Personalausweis oder Reisepass".into(),
                        en: "ID card or passport".into(),
                    },
                }],
                peripherals: vec![],
                form: FormSchema { fields: vec![] },
                paper_form: None,
                self_service: false,
            }],
        };
        let date = |id: &str, day: &str, status| TourDate {
            id: id.into(),
            municipality: "145245118250".into(),
            series: id.into(),
            place: "Tettau, Dorfgemeinschaftshaus".into(),
            date: day.into(),
            starts: "09:00".into(),
            ends: "12:00".into(),
            clerks: vec!["m.schreiber".into()],
            slots: vec![Slot {
                service: "lebensbescheinigung".into(),
                minutes: 10,
            }],
            notes: "Schlüssel beim Ortsvorsteher".into(),
            status,
            min_bookings: Some(2),
            decide_on: Some("2027-01-14".into()),
            booked: 0,
        };
        let period = (
            Date::new(2027, 1, 1).expect("date"),
            Date::new(2027, 1, 31).expect("date"),
        );
        let dates = [
            date("a", "2027-01-21", TourStatus::Provisional),
            date("b", "2027-01-28", TourStatus::Cancelled),
        ];
        let written = text(&notice(
            &dates,
            &catalogue,
            period,
            "https://koffer.example/termine/145245118250",
        ));
        assert!(
            written
                .starts_with("Bürgerkoffer in Schönberg: Termine vom 01.01.2027 bis 31.01.2027\n")
        );
        for expected in [
            "Termine buchen: https://koffer.example/termine/145245118250",
            "\nDonnerstag, 21.01.2027, 09:00 bis 12:00 Uhr\nTettau, Dorfgemeinschaftshaus\n",
            "  - Lebensbescheinigung – bitte mitbringen: Personalausweis oder Reisepass",
            "bis zum 14.01.2027 genug Buchungen",
        ] {
            assert!(
                written.contains(expected),
                "{expected} missing in\n{written}"
            );
        }
        assert!(!written.contains("28.01.2027"), "cancelled");
        assert!(!written.contains("Ortsvorsteher"), "notes are the staff's");
    }
}
