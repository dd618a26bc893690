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
pub fn PlaceDates(
    contact: Signal<Option<TerminalContact>>,
    on_book: Callback<PlaceDate>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let dates = move || {
        contact.with(|c| {
            c.as_ref()
                .map(|c| c.coming_dates.clone())
                .unwrap_or_default()
        })
    };
    let booking_url = move || contact.with(|c| c.as_ref().map(|c| c.booking_url.clone()));
    let items = move || {
        dates()
            .into_iter()
            .map(|date| {
                let bookable = date.status != TourStatus::Cancelled && !date.services.is_empty();
                let line = date_line(&date, language.get());
                view! {
                    <li>
                        <span>{line}</span>
                        {bookable.then(|| view! {
                            <button type="button" on:click=move |_| on_book.run(date.clone())>{tr(Text::BookThisDate)}</button>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="dates-title" data-testid="place-dates">
            <h2 id="dates-title" tabindex="-1">{tr(Text::DatesHeading)}</h2>
            <Show when=move || !dates().is_empty() fallback=|| view! { <p>{tr(Text::NoDates)}</p> }>
                <p>{tr(Text::DatesIntro)} " " <strong class="address">{booking_url}</strong></p>
                <ul class="dates">{items}</ul>
            </Show>
        </section>
    }
}
