//! Booking the Koffer at the kiosk: a date at this place, the services, a free start (or the
//! waitlist when the date is full), the name and, if the citizen likes, a phone number or an
//! e-mail address; then the booking's code to note. The same rules as the public page; the
//! server checks them all again.

use crate::focus;
use crate::messages::{Text, failure_text};
use crate::place_dates::date_line;
use crate::read_aloud::{ReadAloud, read_screen};
use domain::tours::booking::{BookingReceipt, BookingRequest};
use domain::wire::{DeviceProof, PlaceDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, pick, tr};

/// Where the citizen is in booking.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Services,
    /// The free starts for the services chosen (none: the waitlist).
    Details {
        starts: Vec<String>,
    },
    Booked(Box<BookingReceipt>),
}

#[component]
pub fn BookDate(date: PlaceDate, device: DeviceProof, on_close: Callback<()>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let read_aloud = expect_context::<ReadAloud>();
    let step = RwSignal::new(Step::Services);
    let chosen = RwSignal::new(Vec::<String>::new());
    let start = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let date = StoredValue::new(date);
    let device = StoredValue::new(device);
    let said = move |failure: http::ApiFailure| {
        problem.try_set(Some(failure_text(&failure, language.get_untracked())));
    };

    let show_starts = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let services = chosen.get_untracked();
        if services.is_empty() {
            problem.set(Some(
                Text::ChooseService
                    .in_language(language.get_untracked())
                    .to_owned(),
            ));
            return;
        }
        let call = api::terminal_free_starts(
            &device.get_value(),
            &date.with_value(|d| d.id.clone()),
            &services,
        );
        spawn_local(async move {
            match http::send(call, None).await {
                Ok(free) => {
                    problem.try_set(None);
                    start.try_set(free.starts.first().cloned().unwrap_or_default());
                    step.try_set(Step::Details {
                        starts: free.starts,
                    });
                    focus::move_to("book-title");
                }
                Err(failure) => said(failure),
            }
        });
    };
    let book = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let starts = start.get_untracked();
        let request = BookingRequest {
            services: chosen.get_untracked(),
            starts: (!starts.is_empty()).then_some(starts),
            name: name.get_untracked(),
            contact: contact.get_untracked(),
        };
        let call = api::terminal_book(&device.get_value(), &date.with_value(|d| d.id.clone()));
        spawn_local(async move {
            match http::send(call, Some(&request)).await {
                Ok(receipt) => {
                    problem.try_set(None);
                    step.try_set(Step::Booked(Box::new(receipt)));
                    focus::move_to("book-title");
                }
                Err(failure) => said(failure),
            }
        });
    };

    focus::move_to("book-title");
    let heading = move || date.with_value(|d| date_line(d, language.get()));
    let spoken = Memo::new(move |_| {
        let language = language.get();
        let what = match step.get() {
            Step::Services => Text::BookChooseServices.in_language(language).to_owned(),
            Step::Details { starts } if starts.is_empty() => {
                Text::BookFull.in_language(language).to_owned()
            }
            Step::Details { .. } => Text::BookChooseStart.in_language(language).to_owned(),
            Step::Booked(receipt) => fill(
                Text::BookedCode,
                language,
                &[&spelled(&receipt.booking.code)],
            ),
        };
        format!("{}. {what}", date.with_value(|d| date_line(d, language)))
    });
    read_screen(read_aloud, language, spoken.into());

    let services = move || {
        date.with_value(|d| d.services.clone())
            .into_iter()
            .enumerate()
            .map(|(n, offered)| {
                let id = format!("book-service-{n}");
                let service = offered.service.clone();
                let checked = {
                    let service = service.clone();
                    move || chosen.with(|c| c.contains(&service))
                };
                let toggle = move |_| {
                    chosen.update(|c| {
                        if let Some(at) = c.iter().position(|s| *s == service) {
                            c.remove(at);
                        } else {
                            c.push(service.clone());
                        }
                    })
                };
                let label = move || {
                    fill(
                        Text::ServiceMinutes,
                        language.get(),
                        &[&pick(&offered.title, language.get()), &offered.minutes],
                    )
                };
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle />
                        <label for=id>{label}</label>
                    </div>
                }
            })
            .collect_view()
    };
    let starts_view = move |starts: Vec<String>| {
        if starts.is_empty() {
            return view! { <p>{tr(Text::BookFull)}</p> }.into_any();
        }
        let options = starts
            .into_iter()
            .enumerate()
            .map(|(n, at)| {
                let id = format!("book-start-{n}");
                let value = at.clone();
                let checked = {
                    let at = at.clone();
                    move || start.get() == at
                };
                view! {
                    <div class="check">
                        <input type="radio" name="book-start" id=id.clone() prop:checked=checked
                            on:change=move |_| start.set(value.clone()) />
                        <label for=id>{fill(Text::AtTime, language.get_untracked(), &[&at])}</label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset>
                <legend>{tr(Text::BookChooseStart)}</legend>
                <div class="starts">{options}</div>
            </fieldset>
        }
        .into_any()
    };

    view! {
        <section aria-labelledby="book-title" data-testid="booking">
            <h2 id="book-title" tabindex="-1">{tr(Text::BookHeading)}</h2>
            <p class="place">{heading}</p>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {move || match step.get() {
                Step::Services => view! {
                    <form on:submit=show_starts>
                        <fieldset>
                            <legend>{tr(Text::BookChooseServices)}</legend>
                            {services}
                        </fieldset>
                        <button type="submit" class="primary">{tr(Text::ShowStarts)}</button>
                    </form>
                }
                .into_any(),
                Step::Details { starts } => view! {
                    <form on:submit=book>
                        {starts_view(starts)}
                        <div class="field">
                            <label for="book-name">{tr(Text::BookName)}</label>
                            <input id="book-name" type="text" autocomplete="off" maxlength="80" bind:value=name />
                        </div>
                        <div class="field">
                            <label for="book-contact">{tr(Text::BookContact)}</label>
                            <p class="hint" id="book-contact-hint">{tr(Text::BookContactHint)}</p>
                            <input id="book-contact" type="text" autocomplete="off" maxlength="120"
                                aria-describedby="book-contact-hint" bind:value=contact />
                        </div>
                        <button type="submit" class="primary">{tr(Text::BookNow)}</button>
                    </form>
                }
                .into_any(),
                Step::Booked(receipt) => {
                    let when = receipt.booking.starts.clone().map(|at| fill(Text::AtTime, language.get_untracked(), &[&at]));
                    view! {
                        <div class="booked" data-testid="booked">
                            <p class="done">{if when.is_some() { tr(Text::Booked) } else { tr(Text::Waitlisted) }}</p>
                            <p>{when}</p>
                            <p>{tr(Text::BookedCodeIs)}</p>
                            <p class="code" data-testid="booking-code">{receipt.booking.code.clone()}</p>
                            <p>{tr(Text::BookedNote)}</p>
                            <p class="address">{receipt.link.clone()}</p>
                        </div>
                    }
                    .into_any()
                }
            }}
            <button type="button" on:click=move |_| on_close.run(())>{tr(Text::BackToDates)}</button>
        </section>
    }
}

/// A code as it is read aloud: character by character, so "K7QM-4XPA" is not read as a word.
fn spelled(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}
