//! When the Koffer comes to the terminal's place: the coming dates of the tour plan, as the public
//! page lists them, and where to book one.

use crate::messages::Text;
use domain::forms::Date;
use domain::tours::TourStatus;
use domain::wire::{PlaceDate, TerminalContact};
use leptos::prelude::*;
use ui::{Language, fill, tr};

/// A date as the citizen reads (or hears) it: "Dienstag, 15.12.2026, 09:00 bis 12:00 Uhr –
/// fällt aus".
pub fn date_line(date: &PlaceDate, language: Language) -> String {
    let day = Date::parse_iso(&date.date).map_or_else(
        || date.date.clone(),
        |day| match language {
            Language::German => day.german_with_weekday(),
            Language::English => day.german(),
        },
    );
    let mut line = fill(Text::DateTime, language, &[&day, &date.starts, &date.ends]);
    let note = match date.status {
        TourStatus::Planned => None,
        TourStatus::Provisional => Some(Text::DateProvisional),
        TourStatus::Cancelled => Some(Text::DateCancelled),
    };
    if let Some(note) = note {
        line.push_str(" – ");
        line.push_str(note.in_language(language));
    }
    line
}

/// What the screen says, in one text for reading aloud.
pub fn spoken(contact: &TerminalContact, language: Language) -> String {
    let mut text = format!(
        "{}: {}. ",
        Text::DatesHeading.in_language(language),
        contact.place
    );
    if contact.coming_dates.is_empty() {
        text.push_str(Text::NoDates.in_language(language));
    } else {
        for date in &contact.coming_dates {
            text.push_str(&date_line(date, language));
            text.push_str(". ");
        }
    }
    text
}

#[component]
pub fn PlaceDates(contact: Signal<Option<TerminalContact>>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let lines = move || {
        contact.with(|contact| {
            contact
                .as_ref()
                .map(|c| {
                    c.coming_dates
                        .iter()
                        .map(|date| date_line(date, language.get()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let booking_url = move || contact.with(|c| c.as_ref().map(|c| c.booking_url.clone()));
    view! {
        <section aria-labelledby="dates-title" data-testid="place-dates">
            <h2 id="dates-title">{tr(Text::DatesHeading)}</h2>
            <Show when=move || !lines().is_empty() fallback=|| view! { <p>{tr(Text::NoDates)}</p> }>
                <p>{tr(Text::DatesIntro)} " " <strong class="address">{booking_url}</strong></p>
                <ul class="dates">
                    {move || lines().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}
