//! The tour plan (back office and admin): the coming dates of a municipality (its own or one it
//! serves) with their status and bookings, cancelling a date, the form that plans new ones, and
//! a date's bookings. What is planned here shows at once on the public page `/termine/…`.

use crate::days::{day_text, today};
use crate::messages::Text;
use crate::session::{Session, on_failure};
use crate::space_select::SpaceSelect;
use crate::tour_bookings::TourBookings;
use crate::tour_form::TourForm;
use domain::forms::Date;
use domain::tours::{TourDate, TourMove, TourStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::connectivity::use_online;
use ui::{Language, api, fill, http, tr};

/// Days of the plan shown: a quarter of a year from today.
const DAYS_SHOWN: i64 = 92;

#[component]
pub fn TourPlan(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let online = use_online();
    let (spaces, first) = session.with_value(Session::space_choices);
    let space = RwSignal::new(first);
    let token = move || session.with_value(|s| s.token.clone());
    let dates = RwSignal::new(None::<Vec<TourDate>>);
    let open = RwSignal::new(None::<TourDate>);
    let moving = RwSignal::new(None::<TourDate>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);

    let load = move || {
        let key = space.get_untracked();
        let from = today();
        let to = Date::from_unix_days(from.unix_days() + DAYS_SHOWN);
        spawn_local(async move {
            let call = api::tours(&token(), &key, (&from.iso(), &to.iso()));
            match http::send(call, None).await {
                Ok(list) if space.try_get_untracked().as_deref() == Some(key.as_str()) => {
                    dates.try_set(Some(list));
                    problem.try_set(None);
                }
                Ok(_) => {}
                Err(failure) => failed(failure),
            }
        });
    };
    Effect::new(move |_| {
        space.track();
        open.set(None);
        if online.get() {
            load();
        }
    });
    let cancel = move |date: TourDate| {
        spawn_local(async move {
            match http::send(
                api::cancel_tour(&token(), &date.municipality, &date.id),
                None,
            )
            .await
            {
                Ok(cancelled) => {
                    let said = fill(
                        Text::DateCancelled,
                        language.get_untracked(),
                        &[&day_text(&cancelled.date)],
                    );
                    done.try_set(Some(said));
                    problem.try_set(None);
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let status = move |date: &TourDate| match date.status {
        TourStatus::Planned => tr(Text::TourPlanned)().to_owned(),
        TourStatus::Cancelled => tr(Text::TourCancelled)().to_owned(),
        TourStatus::Provisional => fill(
            Text::TourProvisional,
            language.get(),
            &[
                &date.decide_on.as_deref().map(day_text).unwrap_or_default(),
                &date.booked,
                &date.min_bookings.unwrap_or(0),
            ],
        ),
    };
    let rows = move || {
        dates.get().map(|list| {
            if list.is_empty() {
                return view! { <p>{tr(Text::NoTours)}</p> }.into_any();
            }
            let rows = list
                .into_iter()
                .map(|date| {
                    let shown = date.clone();
                    let cancelled = date.status == TourStatus::Cancelled;
                    let for_cancel = date.clone();
                    let for_move = date.clone();
                    view! {
                        <tr data-tour=date.date.clone()>
                            <td>{day_text(&date.date)}</td>
                            <td>{format!("{}–{}", date.starts, date.ends)}</td>
                            <td>{date.place.clone()}</td>
                            <td>{date.clerks.join(", ")}</td>
                            <td>{status(&date)}</td>
                            <td class="actions">
                                <button type="button" on:click=move |_| open.set(Some(shown.clone()))>
                                    {tr(Text::ShowBookings)}</button>
                                {(!cancelled).then(|| view! {
                                    <button type="button" on:click=move |_| moving.set(Some(for_move.clone()))>
                                        {tr(Text::MoveDate)}</button>
                                    <button type="button" on:click=move |_| cancel(for_cancel.clone())>
                                        {tr(Text::CancelDate)}</button>
                                })}
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="cases">
                    <thead><tr>
                        <th scope="col">{tr(Text::TourDay)}</th>
                        <th scope="col">{tr(Text::BookingTime)}</th>
                        <th scope="col">{tr(Text::Place)}</th>
                        <th scope="col">{tr(Text::TourClerks)}</th>
                        <th scope="col">{tr(Text::Status)}</th>
                        <th scope="col">{tr(Text::Actions)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        })
    };
    let public_page = move || format!("/termine/{}", space.get());
    view! {
        <section class="town-hall" aria-labelledby="tour-plan-title" data-testid="tour-plan">
            <h2 id="tour-plan-title">{tr(Text::TourPlanHeading)}</h2>
            <p>{move || fill(Text::TourPlanIntro, language.get(), &[&public_page()])}</p>
            <p>
                <a href=move || format!("/api/public/{}/notice.pdf", space.get())>{tr(Text::NoticePdf)}</a>
                " · "
                <a href=move || format!("/api/public/{}/notice.txt", space.get())>{tr(Text::NoticeText)}</a>
            </p>
            <SpaceSelect id="tour-space" spaces=spaces space=space />
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {rows}
            {move || moving.get().map(|date| view! {
                <MoveForm session=session date=date on_moved=Callback::new(move |moved: TourDate| {
                    moving.set(None);
                    done.set(Some(fill(Text::DateMoved, language.get_untracked(), &[&day_text(&moved.date)])));
                    load();
                }) />
            })}
            {move || open.get().map(|date| view! { <TourBookings session=session date=date /> })}
            {move || {
                let key = space.get();
                view! {
                    <TourForm session=session municipality=key on_planned=Callback::new(move |count: usize| {
                        done.set(Some(fill(Text::Planned, language.get_untracked(), &[&count])));
                        load();
                    }) />
                }
            }}
        </section>
    }
}

/// Moves a date to another day or window; its bookings move with it and who booked is told.
#[component]
fn MoveForm(
    session: StoredValue<Session>,
    date: TourDate,
    on_moved: Callback<TourDate>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let day = RwSignal::new(date.date.clone());
    let starts = RwSignal::new(date.starts.clone());
    let ends = RwSignal::new(date.ends.clone());
    let problem = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let heading = day_text(&date.date);
    let date = StoredValue::new(date);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = TourMove {
            date: day.get_untracked(),
            starts: starts.get_untracked(),
            ends: ends.get_untracked(),
        };
        let (municipality, id) = date.with_value(|d| (d.municipality.clone(), d.id.clone()));
        let token = session.with_value(|s| s.token.clone());
        spawn_local(async move {
            match http::send(api::move_tour(&token, &municipality, &id), Some(&request)).await {
                Ok(moved) => on_moved.run(moved),
                Err(failure) => failed(failure),
            }
        });
    };
    view! {
        <form class="tour-move" on:submit=submit aria-labelledby="tour-move-title">
            <h3 id="tour-move-title">{move || fill(Text::MoveHeading, language.get(), &[&heading])}</h3>
            <div class="field">
                <label for="move-day">{tr(Text::TourDay)}</label>
                <input id="move-day" type="date" autocomplete="off" required bind:value=day />
                <label for="move-starts">{tr(Text::TourStarts)}</label>
                <input id="move-starts" type="time" autocomplete="off" required bind:value=starts />
                <label for="move-ends">{tr(Text::TourEnds)}</label>
                <input id="move-ends" type="time" autocomplete="off" required bind:value=ends />
            </div>
            <button type="submit" class="primary">{tr(Text::MoveDate)}</button>
            <p role="alert" class="warning">{move || problem.get()}</p>
        </form>
    }
}
