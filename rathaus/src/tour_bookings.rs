//! A date's bookings for the town hall: who comes when, with code and contact, cancelling one
//! (who waits moves up), and booking on a citizen's behalf when they call or stand at the front
//! desk: the free times are worked out here as the server does (`domain::tours::booking`), and
//! the server decides.

use crate::days::day_text;
use crate::messages::Text;
use crate::session::{Session, on_failure};
use domain::tours::TourDate;
use domain::tours::booking::{self, Booking, BookingRequest, BookingStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, pick, tr};

fn status_text(status: BookingStatus) -> Text {
    match status {
        BookingStatus::Booked => Text::Booked,
        BookingStatus::Waiting => Text::Waiting,
        BookingStatus::Cancelled => Text::BookingCancelled,
        BookingStatus::Attended => Text::Attended,
        BookingStatus::NoShow => Text::NoShow,
    }
}

#[component]
pub fn TourBookings(session: StoredValue<Session>, date: TourDate) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let token = move || session.with_value(|s| s.token.clone());
    let date = StoredValue::new(date);
    let list = RwSignal::new(Vec::<Booking>::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let load = move || {
        let (municipality, id) = date.with_value(|d| (d.municipality.clone(), d.id.clone()));
        spawn_local(async move {
            match http::send(api::bookings(&token(), &municipality, &id), None).await {
                Ok(found) => {
                    list.try_set(found);
                }
                Err(failure) => failed(failure),
            }
        });
    };
    load();
    let cancel = move |booking: Booking| {
        let municipality = date.with_value(|d| d.municipality.clone());
        spawn_local(async move {
            match http::send(
                api::cancel_booking(&token(), &municipality, &booking.id),
                None,
            )
            .await
            {
                Ok(_) => {
                    problem.try_set(None);
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };

    // Booking on a citizen's behalf.
    let titles = move |id: &str| {
        date.with_value(|d| {
            session
                .with_value(|s| s.catalogue_of(&d.municipality).cloned())
                .and_then(|c| c.service(id).map(|s| pick(&s.title, language.get())))
                .unwrap_or_else(|| id.to_owned())
        })
    };
    let chosen = RwSignal::new(Vec::<String>::new());
    let start = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let free = Memo::new(move |_| {
        let services = chosen.get();
        let taken = booking::taken_of(&list.get());
        date.with_value(|d| {
            booking::minutes(d, &services)
                .map(|length| booking::free_starts(d, length, &taken))
                .unwrap_or_default()
        })
    });
    let book = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = BookingRequest {
            services: chosen.get_untracked(),
            starts: Some(start.get_untracked()).filter(|s| !s.is_empty()),
            name: name.get_untracked(),
            contact: contact.get_untracked(),
        };
        let (municipality, id) = date.with_value(|d| (d.municipality.clone(), d.id.clone()));
        spawn_local(async move {
            match http::send(api::book(&token(), &municipality, &id), Some(&request)).await {
                Ok(receipt) => {
                    let said = fill(
                        Text::BookedFor,
                        language.get_untracked(),
                        &[&receipt.booking.code, &receipt.link],
                    );
                    for field in [start, name, contact] {
                        field.try_set(String::new());
                    }
                    problem.try_set(None);
                    done.try_set(Some(said));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let toggle = move |service: String, on: bool| {
        chosen.update(|all| {
            all.retain(|s| *s != service);
            if on {
                all.push(service);
            }
        });
        start.set(String::new());
    };

    let heading = date.with_value(|d| day_text(&d.date));
    let rows = move || {
        list.get()
            .into_iter()
            .map(|booking| {
                let services: Vec<String> = booking.services.iter().map(|s| titles(s)).collect();
                let by = booking
                    .booked_by
                    .as_ref()
                    .map(|by| fill(Text::ByStaff, language.get(), &[by]));
                let may_cancel = matches!(booking.status, BookingStatus::Booked | BookingStatus::Waiting);
                let for_cancel = booking.clone();
                view! {
                    <tr data-booking=booking.code.clone()>
                        <td>{booking.starts.clone().unwrap_or_else(|| "–".into())}</td>
                        <td>{booking.code.clone()}</td>
                        <td>{booking.name.clone()}</td>
                        <td>{booking.contact.clone()}</td>
                        <td>{services.join(", ")}</td>
                        <td>{tr(status_text(booking.status))} {by.map(|by| format!(" ({by})"))}</td>
                        <td>{may_cancel.then(|| view! {
                            <button type="button" on:click=move |_| cancel(for_cancel.clone())>{tr(Text::CancelBooking)}</button>
                        })}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let slots = date.with_value(|d| d.slots.clone());
    view! {
        <section aria-labelledby="bookings-title" data-testid="tour-bookings">
            <h3 id="bookings-title">{move || fill(Text::BookingsHeading, language.get(), &[&heading])}</h3>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <Show when=move || !list.with(Vec::is_empty) fallback=move || view! { <p>{tr(Text::NoBookings)}</p> }>
                <table class="cases">
                    <thead><tr>
                        <th scope="col">{tr(Text::BookingTime)}</th>
                        <th scope="col">{tr(Text::BookingCode)}</th>
                        <th scope="col">{tr(Text::Name)}</th>
                        <th scope="col">{tr(Text::Contact)}</th>
                        <th scope="col">{tr(Text::Services)}</th>
                        <th scope="col">{tr(Text::Status)}</th>
                        <th scope="col">{tr(Text::Actions)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </Show>
            <form class="book-on-behalf" on:submit=book aria-labelledby="behalf-title">
                <h4 id="behalf-title">{tr(Text::BookOnBehalf)}</h4>
                <fieldset>
                    <legend>{tr(Text::Services)}</legend>
                    {slots.into_iter().map(|slot| {
                        let id = format!("behalf-{}", slot.service);
                        let service = slot.service.clone();
                        view! {
                            <div>
                                <input type="checkbox" id=id.clone()
                                    on:change=move |e| toggle(service.clone(), event_target_checked(&e)) />
                                " " <label for=id>{titles(&slot.service)} {format!(" ({} min)", slot.minutes)}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="behalf-start">{tr(Text::FreeStarts)}</label>
                    <select id="behalf-start" on:change=move |e| start.set(event_target_value(&e))>
                        <option value="">{move || if free.with(Vec::is_empty) { tr(Text::ToWaitlist)() } else { "–" }}</option>
                        {move || free.get().into_iter().map(|minute| {
                            let text = minute.text();
                            view! { <option value=text.clone()>{text.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="behalf-name">{tr(Text::Name)}</label>
                    <input id="behalf-name" type="text" autocomplete="off" required bind:value=name />
                </div>
                <div class="field">
                    <label for="behalf-contact">{tr(Text::Contact)}</label>
                    <input id="behalf-contact" type="text" autocomplete="off" bind:value=contact />
                </div>
                <button type="submit" class="primary">{tr(Text::Book)}</button>
            </form>
        </section>
    }
}
