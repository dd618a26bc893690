//! The form that plans a date: place, day and window, who goes, the services offered with the
//! minutes each takes, notes on the room, a repeat every few weeks and, if the date is to
//! stand only with enough bookings, its minimum and deadline. The server checks it all
//! (`domain::tours::plan`) and says in a sentence what it refuses.

use crate::days::today;
use crate::messages::Text;
use crate::session::{Session, on_failure};
use domain::tours::{Provisional, Repeat, Slot, TourClerk, TourRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, pick, tr};

/// Minutes a service's slot takes unless the back office says otherwise.
const DEFAULT_MINUTES: u16 = 20;

#[component]
pub fn TourForm(
    session: StoredValue<Session>,
    municipality: String,
    /// Called with how many dates were planned.
    on_planned: Callback<usize>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let token = move || session.with_value(|s| s.token.clone());
    let catalogue = session.with_value(|s| s.catalogue_of(&municipality).cloned());
    let places = catalogue
        .as_ref()
        .map(|c| c.places.clone())
        .unwrap_or_default();
    // Each service of the catalogue: offered or not, and its minutes.
    let services: Vec<(String, String, RwSignal<bool>, RwSignal<String>)> = catalogue
        .as_ref()
        .map(|c| {
            c.services
                .iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        pick(&s.title, language.get_untracked()),
                        RwSignal::new(false),
                        RwSignal::new(DEFAULT_MINUTES.to_string()),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let services = StoredValue::new(services);
    let clerks = RwSignal::new(Vec::<TourClerk>::new());
    let going = RwSignal::new(Vec::<String>::new());
    let place = RwSignal::new(places.first().cloned().unwrap_or_default());
    let day = RwSignal::new(today().iso());
    let starts = RwSignal::new("09:00".to_owned());
    let ends = RwSignal::new("12:00".to_owned());
    let notes = RwSignal::new(String::new());
    let every = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let min_bookings = RwSignal::new(String::new());
    let decide_days = RwSignal::new("7".to_owned());
    let problem = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let key = StoredValue::new(municipality);

    spawn_local(async move {
        match http::send(api::tour_clerks(&token(), &key.get_value()), None).await {
            Ok(list) => {
                clerks.try_set(list);
            }
            Err(failure) => failed(failure),
        }
    });

    let number = |text: RwSignal<String>| text.get_untracked().trim().parse::<u16>().ok();
    let plan = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let slots = services.with_value(|all| {
            all.iter()
                .filter(|(_, _, offered, _)| offered.get_untracked())
                .map(|(id, _, _, minutes)| Slot {
                    service: id.clone(),
                    minutes: number(*minutes).unwrap_or(0),
                })
                .collect()
        });
        let request = TourRequest {
            place: place.get_untracked(),
            date: day.get_untracked(),
            starts: starts.get_untracked(),
            ends: ends.get_untracked(),
            clerks: going.get_untracked(),
            slots,
            notes: notes.get_untracked(),
            repeat: number(every).map(|weeks| Repeat {
                every_weeks: u8::try_from(weeks).unwrap_or(u8::MAX),
                until: until.get_untracked(),
            }),
            provisional: number(min_bookings).map(|min| Provisional {
                min_bookings: min,
                decide_days_before: number(decide_days).unwrap_or(7),
            }),
        };
        spawn_local(async move {
            let call = api::plan_tour(&token(), &key.get_value());
            match http::send(call, Some(&request)).await {
                Ok(planned) => {
                    problem.try_set(None);
                    on_planned.run(planned.len());
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let toggle_clerk = move |username: String, on: bool| {
        going.update(|all| {
            all.retain(|u| *u != username);
            if on {
                all.push(username);
            }
        });
    };
    view! {
        <form class="tour-form" on:submit=plan aria-labelledby="tour-form-title">
            <h3 id="tour-form-title">{tr(Text::PlanHeading)}</h3>
            <div class="field">
                <label for="tour-place">{tr(Text::Place)}</label>
                <select id="tour-place" on:change=move |e| place.set(event_target_value(&e))>
                    {places.into_iter().map(|p| view! { <option value=p.clone()>{p.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="tour-day">{tr(Text::TourDay)}</label>
                <input autocomplete="off" id="tour-day" type="date" required bind:value=day />
            </div>
            <div class="field">
                <label for="tour-starts">{tr(Text::TourStarts)}</label>
                <input autocomplete="off" id="tour-starts" type="time" required bind:value=starts />
                <label for="tour-ends">{tr(Text::TourEnds)}</label>
                <input autocomplete="off" id="tour-ends" type="time" required bind:value=ends />
            </div>
            <fieldset>
                <legend>{tr(Text::TourClerks)}</legend>
                {move || clerks.get().into_iter().map(|clerk| {
                    let id = format!("tour-clerk-{}", clerk.username);
                    let username = clerk.username.clone();
                    view! {
                        <div>
                            <input type="checkbox" id=id.clone()
                                on:change=move |e| toggle_clerk(username.clone(), event_target_checked(&e)) />
                            " " <label for=id>{clerk.display_name.clone()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset>
                <legend>{tr(Text::TourSlots)}</legend>
                {services.with_value(|all| all.iter().map(|(id, title, offered, minutes)| {
                    let check_id = format!("tour-service-{id}");
                    let minutes_id = format!("tour-minutes-{id}");
                    let (offered, minutes) = (*offered, *minutes);
                    let minutes_label = fill(Text::MinutesOf, language.get_untracked(), &[title]);
                    view! {
                        <div>
                            <input type="checkbox" id=check_id.clone() bind:checked=offered />
                            " " <label for=check_id>{title.clone()}</label>
                            " " <label for=minutes_id.clone() class="visually-hidden">{minutes_label}</label>
                            <input autocomplete="off" id=minutes_id type="number" min="5" max="240" step="5" class="short"
                                bind:value=minutes disabled=move || !offered.get() />
                        </div>
                    }
                }).collect_view())}
            </fieldset>
            <div class="field">
                <label for="tour-notes">{tr(Text::TourNotes)}</label>
                <input id="tour-notes" type="text" autocomplete="off" bind:value=notes />
            </div>
            <div class="field">
                <label for="tour-every">{tr(Text::RepeatEvery)}</label>
                <input autocomplete="off" id="tour-every" type="number" min="1" max="4" class="short" bind:value=every />
                <label for="tour-until">{tr(Text::RepeatUntil)}</label>
                <input autocomplete="off" id="tour-until" type="date" bind:value=until />
            </div>
            <div class="field">
                <label for="tour-min">{tr(Text::MinBookings)}</label>
                <input autocomplete="off" id="tour-min" type="number" min="1" max="100" class="short" bind:value=min_bookings />
                <label for="tour-decide">{tr(Text::DecideDaysBefore)}</label>
                <input autocomplete="off" id="tour-decide" type="number" min="1" max="60" class="short" bind:value=decide_days />
            </div>
            <button type="submit" class="primary">{tr(Text::Plan)}</button>
            <p role="alert" class="warning">{move || problem.get()}</p>
        </form>
    }
}
