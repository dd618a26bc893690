//! The day's list from the tour plan, offline: today's dates this clerk goes to with who
//! booked, by slot. Opening a booking starts a visit there with the person and the services
//! filled in; a booking nobody came for is marked so. Both wait in the store and go to the
//! server after the visits (`sync`). Below, the coming dates and how many booked.

use crate::desk::{Desk, today};
use crate::messages::{Language, Text, fill, pick, tr};
use crate::pages::Screen;
use domain::forms::Date;
use domain::tours::booking::{Booking, BookingStatus, DayList};
use leptos::prelude::*;

#[component]
pub fn DayList() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let language = expect_context::<RwSignal<Language>>();
    let today_iso = today().iso();
    let todays = {
        let today_iso = today_iso.clone();
        Memo::new(move |_| desk.lists_on(&today_iso))
    };
    let coming = Memo::new(move |_| {
        desk.day_lists.with(|all| {
            let mut lists: Vec<DayList> = all
                .values()
                .flatten()
                .filter(|list| list.date.date > today_iso)
                .cloned()
                .collect();
            lists.sort_by(|a, b| {
                (&a.date.date, &a.date.starts).cmp(&(&b.date.date, &b.date.starts))
            });
            lists
        })
    });
    view! {
        <Show when=move || !todays.with(Vec::is_empty)>
            <section class="card" aria-labelledby="booked-title" data-testid="day-list">
                <h2 id="booked-title">{tr(Text::BookedHeading)}</h2>
                {move || todays.get().into_iter().map(|list| view! { <OneDate list=list /> }).collect_view()}
            </section>
        </Show>
        <Show when=move || !coming.with(Vec::is_empty)>
            <section aria-labelledby="coming-title" data-testid="coming-dates">
                <h3 id="coming-title">{tr(Text::ComingDates)}</h3>
                <ul>
                    {move || coming.get().into_iter().map(|list| {
                        let day = Date::parse_iso(&list.date.date)
                            .map_or_else(|| list.date.date.clone(), Date::german_with_weekday);
                        let booked = list.bookings.iter().filter(|b| b.status == BookingStatus::Booked).count();
                        view! { <li>{move || fill(Text::DateWithBookings, language.get(), &[&day, &list.date.place, &booked])}</li> }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn OneDate(list: DayList) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let language = expect_context::<RwSignal<Language>>();
    let date = StoredValue::new(list.date);
    let heading = date.with_value(|d| (d.place.clone(), d.starts.clone(), d.ends.clone()));
    let notes = date.with_value(|d| d.notes.clone());
    let title_of = move |service: &str| {
        date.with_value(|d| desk.catalogue_of(&d.municipality))
            .and_then(|c| c.service(service).map(|s| pick(&s.title, language.get())))
            .unwrap_or_else(|| service.to_owned())
    };
    let nobody = list.bookings.is_empty();
    let rows = list
        .bookings
        .into_iter()
        .map(|booking| {
            let booking = StoredValue::new(booking);
            let noted = move || booking.with_value(|b| desk.noted(&b.id));
            let state = move || match (noted(), booking.with_value(|b| b.status)) {
                (Some(outcome), _) if outcome.case.is_some() => Text::Came,
                (Some(_), _) | (None, BookingStatus::NoShow) => Text::DidNotCome,
                (None, BookingStatus::Attended) => Text::Came,
                (None, BookingStatus::Waiting) => Text::OnWaitlist,
                (None, _) => Text::Expected,
            };
            let open = move |_| {
                let started = booking.with_value(|b| {
                    date.with_value(|d| desk.start_booked_visit(b, d))
                });
                match started {
                    Ok(case) => screen.set(Screen::Visit(case.id)),
                    Err(problem) => desk.problem.set(Some(problem)),
                }
            };
            let missed = move |_| booking.with_value(|b: &Booking| date.with_value(|d| desk.mark_no_show(b, d)));
            let services = booking.with_value(|b| b.services.iter().map(|s| title_of(s)).collect::<Vec<_>>().join(", "));
            let (time, name, code) = booking.with_value(|b| (b.starts.clone().unwrap_or_else(|| "–".into()), b.name.clone(), b.code.clone()));
            view! {
                <tr data-booking=code>
                    <td>{time}</td>
                    <td>{name}</td>
                    <td>{services}</td>
                    <td>{move || tr(state())}</td>
                    <td class="actions">
                        <Show when=move || state() == Text::Expected>
                            <button type="button" class="primary" on:click=open>{tr(Text::StartBookedVisit)}</button>
                            <button type="button" on:click=missed>{tr(Text::MarkNoShow)}</button>
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3>{move || fill(Text::BookedAtPlace, language.get(), &[&heading.0, &heading.1, &heading.2])}</h3>
        {(!notes.is_empty()).then(|| view! { <p class="small">{notes.clone()}</p> })}
        {nobody.then(|| view! { <p>{tr(Text::NoBookings)}</p> })}
        <table class="cases" hidden=nobody>
            <thead><tr>
                <th scope="col">{tr(Text::BookingTime)}</th>
                <th scope="col">{tr(Text::BookingName)}</th>
                <th scope="col">{tr(Text::BookingServices)}</th>
                <th scope="col">{tr(Text::BookingState)}</th>
                <th scope="col"><span class="visually-hidden">{tr(Text::StartBookedVisit)}</span></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
