//! The pilot's evaluation for one municipality and a period: which services were asked for,
//! how long they took at the table, how many citizens each deployment drew and what it cost,
//! the weeks, the places, and what the town hall refused. Every figure is a chart with its table
//! (the table is what a screen reader reads), every table can be saved as CSV, all of them as
//! one XLSX workbook. Counts under five come from the server as withheld and show as "< 5".

use crate::charts::{Bars, Line, Spreads, count_text, withheld};
use crate::comparison::Comparison;
use crate::files;
use crate::messages::{Text, offered_text};
use crate::session::{Session, on_failure};
use domain::evaluation::{SMALL_CELL, deployment_cost_cents};
use domain::wire::Evaluation;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, pick, tr};

fn minutes(ms: u64) -> f64 {
    (ms as f64 / 60_000.0 * 10.0).round() / 10.0
}

fn euros(cents: u64) -> String {
    format!("{},{:02} €", cents / 100, cents % 100)
}

/// Staff cost per hour and way to each place, one way, until the evaluator changes them.
const DEFAULT_RATE_EUROS: u64 = 45;
const DEFAULT_TRAVEL_MINUTES: u64 = 20;

#[component]
pub fn EvaluationPage(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let (spaces, first) = session.with_value(Session::space_choices);
    let municipality = RwSignal::new(first);
    // A second municipality, to set beside the first (empty: none).
    let compare_with = RwSignal::new(String::new());
    let compared = RwSignal::new(None::<Evaluation>);
    let name_of = {
        let spaces = spaces.clone();
        move |keys: &str| -> String {
            keys.split(',')
                .map(|key| {
                    spaces
                        .iter()
                        .find(|(known, _)| known == key)
                        .map_or_else(|| key.to_owned(), |(_, name)| name.clone())
                })
                .collect::<Vec<_>>()
                .join(" + ")
        }
    };
    // Every municipality alone, and all of them together.
    let mut choices = spaces.clone();
    if spaces.len() > 1 {
        let all: Vec<String> = spaces.iter().map(|(key, _)| key.clone()).collect();
        choices.push((all.join(","), name_of(&all.join(","))));
    }
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let rate = RwSignal::new(DEFAULT_RATE_EUROS.to_string());
    let figures = RwSignal::new(None::<Evaluation>);
    let problem = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let failed = on_failure(problem);
    let token = move || session.with_value(|s| s.token.clone());

    let show = move || {
        let key = municipality.get_untracked();
        let other = Some(compare_with.get_untracked()).filter(|other| !other.is_empty());
        let (asked_from, asked_to) = (from.get_untracked(), to.get_untracked());
        working.set(true);
        spawn_local(async move {
            let call = api::evaluation(&token(), &key, &asked_from, &asked_to);
            match http::send(call, None).await {
                Ok(answer) => {
                    figures.try_set(Some(answer));
                    problem.try_set(None);
                }
                Err(failure) => failed(failure),
            }
            let beside = match other {
                Some(other) => {
                    let call = api::evaluation(&token(), &other, &asked_from, &asked_to);
                    match http::send(call, None).await {
                        Ok(answer) => Some(answer),
                        Err(failure) => {
                            failed(failure);
                            None
                        }
                    }
                }
                None => None,
            };
            compared.try_set(beside);
            working.try_set(false);
        });
    };
    show();

    let export = move |table: Option<&'static str>| {
        let Some(shown) = figures.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let period = (shown.from.as_str(), shown.to.as_str());
            let call = api::evaluation_export(&token(), &shown.municipality, period, table);
            match http::fetch_raw(call).await {
                Ok(bytes) => {
                    let stem = format!(
                        "auswertung-{}-{}-{}",
                        shown.municipality, shown.from, shown.to
                    );
                    let (name, content_type) = match table {
                        Some(table) => (format!("{stem}-{table}.csv"), "text/csv"),
                        None => (
                            format!("{stem}.xlsx"),
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        ),
                    };
                    if files::save(&bytes, &name, content_type).is_err() {
                        let language = language.get_untracked();
                        problem.try_set(Some(Text::SaveFailed.in_language(language).to_owned()));
                    }
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let csv_button = move |table: &'static str| {
        view! {
            <button type="button" data-export=table on:click=move |_| export(Some(table))>
                {tr(Text::SaveCsv)}
            </button>
        }
    };

    let title_of = move |municipality: &str, service: &str| -> String {
        let language = language.get();
        session
            .with_value(|s| {
                s.catalogue_of(municipality)
                    .and_then(|c| c.service(service))
                    .map(|s| pick(&s.title, language))
            })
            .unwrap_or_else(|| service.to_owned())
    };
    let whole_number = |text: String, default: u64| text.trim().parse::<u64>().unwrap_or(default);

    view! {
        <section class="evaluation" aria-labelledby="evaluation-title">
            <h2 id="evaluation-title">{tr(Text::EvaluationHeading)}</h2>
            <p>{tr(Text::EvaluationIntro)}</p>
            <form class="evaluation-period" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                show();
            }>
                <div class="field">
                    <label for="evaluation-municipality">{tr(Text::Municipality)}</label>
                    <select id="evaluation-municipality" bind:value=municipality>
                        {choices.into_iter().map(|(key, name)| view! { <option value=key>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="evaluation-compare">{tr(Text::CompareWith)}</label>
                    <select id="evaluation-compare" bind:value=compare_with>
                        <option value="">{tr(Text::CompareWithNone)}</option>
                        {spaces.iter().map(|(key, name)| view! { <option value=key.clone()>{name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="evaluation-from">{tr(Text::VisitFrom)}</label>
                    <input id="evaluation-from" type="date" autocomplete="off" bind:value=from />
                </div>
                <div class="field">
                    <label for="evaluation-to">{tr(Text::VisitTo)}</label>
                    <input id="evaluation-to" type="date" autocomplete="off" bind:value=to />
                </div>
                <button type="submit" class="primary" disabled=move || working.get()>{tr(Text::ShowFigures)}</button>
            </form>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {move || figures.get().zip(compared.get()).map(|(first, second)| {
                let names = (name_of(&first.municipality), name_of(&second.municipality));
                view! { <Comparison session=session first=first second=second names=names /> }
            })}
            {move || figures.get().map(|shown| {
                let key = shown.municipality.clone();
                let language = language.get();
                let period = fill(Text::EvaluationPeriod, language, &[&shown.from, &shown.to, &count_text(shown.cases)]);
                let service_bars: Vec<(String, Option<u64>)> = shown.services.iter()
                    .map(|s| (title_of(&key, &s.service), s.cases)).collect();
                let spreads: Vec<(String, [f64; 3])> = shown.services.iter()
                    .filter_map(|s| Some((title_of(&key, &s.service), s.handling_ms?.map(minutes))))
                    .collect();
                let service_rows = shown.services.iter().map(|s| {
                    let [q1, median, q3] = s.handling_ms.map_or([None; 3], |q| q.map(|ms| Some(minutes(ms))));
                    let time = |value: Option<f64>| value.map_or_else(withheld, |m| format!("{m:.1}"));
                    view! {
                        <tr>
                            <th scope="row">{title_of(&key, &s.service)}</th>
                            <td>{tr(offered_text(s.offline))}</td>
                            <td class="number">{count_text(s.cases)}</td>
                            <td class="number">{count_text(s.rejected)}</td>
                            <td class="number">{time(q1)}</td>
                            <td class="number">{time(median)}</td>
                            <td class="number">{time(q3)}</td>
                        </tr>
                    }
                }).collect_view();
                let week_points: Vec<(String, Option<u64>)> = shown.weeks.iter().map(|w| (w.week.clone(), w.cases)).collect();
                let week_rows = shown.weeks.iter().map(|w| view! {
                    <tr><th scope="row">{w.week.clone()}</th><td class="number">{count_text(w.cases)}</td></tr>
                }).collect_view();
                let deployment_bars: Vec<(String, Option<u64>)> = shown.deployments.iter()
                    .map(|d| (format!("{} {}", d.day, d.place), d.cases)).collect();
                let few = shown.deployments.iter().filter(|d| d.cases.is_none()).count();
                let deployments = shown.deployments.clone();
                // The way to each place, one way, in minutes: as the evaluator enters it.
                let mut places: Vec<String> = deployments.iter().map(|d| d.place.clone()).collect();
                places.sort();
                places.dedup();
                let travel: Vec<(String, RwSignal<String>)> = places
                    .into_iter()
                    .map(|place| (place, RwSignal::new(DEFAULT_TRAVEL_MINUTES.to_string())))
                    .collect();
                let travel_inputs = travel.iter().enumerate().map(|(index, (place, minutes))| {
                    let id = format!("cost-travel-{index}");
                    view! {
                        <div class="field">
                            <label for=id.clone()>{fill(Text::TravelMinutesTo, language, &[place])}</label>
                            <input id=id type="number" min="0" inputmode="numeric" autocomplete="off" bind:value=*minutes />
                        </div>
                    }
                }).collect_view();
                let deployment_rows = move || {
                    let rate_cents = whole_number(rate.get(), DEFAULT_RATE_EUROS) * 100;
                    deployments.iter().map(|d| {
                        let travel_minutes = travel
                            .iter()
                            .find(|(place, _)| *place == d.place)
                            .map_or(DEFAULT_TRAVEL_MINUTES, |(_, minutes)| {
                                whole_number(minutes.get(), DEFAULT_TRAVEL_MINUTES)
                            });
                        let cost = deployment_cost_cents(d.minutes_on_site, travel_minutes, rate_cents);
                        let per_case = d.cases.filter(|cases| *cases > 0).map(|cases| euros(cost.div_ceil(cases)));
                        view! {
                            <tr class:few=d.cases.is_none()>
                                <th scope="row">{d.day.clone()}</th>
                                <td>{d.place.clone()}</td>
                                <td class="number">{count_text(d.cases)}</td>
                                <td class="number">{d.minutes_on_site}</td>
                                <td class="number">{euros(cost)}</td>
                                <td class="number">{per_case.unwrap_or_else(|| "–".to_owned())}</td>
                            </tr>
                        }
                    }).collect_view()
                };
                let cell_rows = shown.per_service_place_week.iter().map(|c| view! {
                    <tr>
                        <th scope="row">{c.week.clone()}</th>
                        <td>{c.place.clone()}</td>
                        <td>{title_of(&key, &c.service)}</td>
                        <td class="number">{count_text(c.cases)}</td>
                    </tr>
                }).collect_view();
                let appointments = &shown.appointments;
                let appointment_rows = [
                    (Text::BookedVisits, appointments.booked_visits),
                    (Text::WalkIns, appointments.walk_ins),
                    (Text::NoShows, appointments.no_shows),
                    (Text::CancelledBookings, appointments.cancelled),
                ]
                .into_iter()
                .map(|(label, count)| view! {
                    <tr><th scope="row">{tr(label)}</th><td class="number">{count_text(count)}</td></tr>
                })
                .collect_view();
                let reasons = shown.rejection_reasons.clone();
                let no_reasons = reasons.is_empty();
                let reason_rows = reasons.into_iter().map(|r| view! {
                    <tr><th scope="row">{r.reason}</th><td class="number">{r.cases}</td></tr>
                }).collect_view();
                view! {
                    <p class="period" data-testid="evaluation-period">{period}</p>
                    <p class="small">{fill(Text::SmallCellsWithheld, language, &[&SMALL_CELL])}</p>
                    <button type="button" data-export="xlsx" on:click=move |_| export(None)>{tr(Text::SaveXlsx)}</button>

                    <h3 id="figures-services">{tr(Text::FiguresServices)}</h3>
                    <Bars bars=service_bars />
                    <table class="figures" aria-labelledby="figures-services" data-table="services">
                        <thead><tr>
                            <th scope="col">{tr(Text::Service)}</th>
                            <th scope="col">{tr(Text::OfferedHeading)}</th>
                            <th scope="col">{tr(Text::Cases)}</th>
                            <th scope="col">{tr(Text::RejectedCount)}</th>
                            <th scope="col">{tr(Text::HandlingQ1)}</th>
                            <th scope="col">{tr(Text::HandlingMedian)}</th>
                            <th scope="col">{tr(Text::HandlingQ3)}</th>
                        </tr></thead>
                        <tbody>{service_rows}</tbody>
                    </table>
                    {csv_button("services")}

                    <h3 id="figures-handling">{tr(Text::FiguresHandling)}</h3>
                    <p class="small">{tr(Text::HandlingExplained)}</p>
                    <Spreads spreads=spreads />

                    <h3 id="figures-weeks">{tr(Text::FiguresWeeks)}</h3>
                    <Line points=week_points />
                    <table class="figures" aria-labelledby="figures-weeks" data-table="weeks">
                        <thead><tr><th scope="col">{tr(Text::WeekOf)}</th><th scope="col">{tr(Text::Cases)}</th></tr></thead>
                        <tbody>{week_rows}</tbody>
                    </table>
                    {csv_button("weeks")}

                    <h3 id="figures-deployments">{tr(Text::FiguresDeployments)}</h3>
                    <p>{fill(Text::FewCitizens, language, &[&few, &SMALL_CELL])}</p>
                    <Bars bars=deployment_bars />
                    <div class="field">
                        <label for="cost-rate">{tr(Text::StaffRate)}</label>
                        <input id="cost-rate" type="number" min="0" inputmode="numeric" autocomplete="off" bind:value=rate />
                    </div>
                    {travel_inputs}
                    <table class="figures" aria-labelledby="figures-deployments" data-table="deployments">
                        <thead><tr>
                            <th scope="col">{tr(Text::Day)}</th>
                            <th scope="col">{tr(Text::Place)}</th>
                            <th scope="col">{tr(Text::Cases)}</th>
                            <th scope="col">{tr(Text::MinutesOnSite)}</th>
                            <th scope="col">{tr(Text::DeploymentCost)}</th>
                            <th scope="col">{tr(Text::CostPerCase)}</th>
                        </tr></thead>
                        <tbody>{deployment_rows}</tbody>
                    </table>
                    {csv_button("deployments")}

                    <h3 id="figures-cells">{tr(Text::FiguresCells)}</h3>
                    <table class="figures" aria-labelledby="figures-cells" data-table="service_place_week">
                        <thead><tr>
                            <th scope="col">{tr(Text::WeekOf)}</th>
                            <th scope="col">{tr(Text::Place)}</th>
                            <th scope="col">{tr(Text::Service)}</th>
                            <th scope="col">{tr(Text::Cases)}</th>
                        </tr></thead>
                        <tbody>{cell_rows}</tbody>
                    </table>
                    {csv_button("service_place_week")}

                    <h3 id="figures-appointments">{tr(Text::FiguresAppointments)}</h3>
                    <table class="figures" aria-labelledby="figures-appointments" data-table="appointments">
                        <thead><tr><th scope="col">{tr(Text::Figure)}</th><th scope="col">{tr(Text::Total)}</th></tr></thead>
                        <tbody>{appointment_rows}</tbody>
                    </table>
                    {csv_button("appointments")}

                    <h3 id="figures-reasons">{tr(Text::FiguresReasons)}</h3>
                    {no_reasons.then(|| view! { <p>{fill(Text::NoReasonsShown, language, &[&SMALL_CELL])}</p> })}
                    <table class="figures" aria-labelledby="figures-reasons" data-table="rejection_reasons" hidden=no_reasons>
                        <thead><tr><th scope="col">{tr(Text::Reason)}</th><th scope="col">{tr(Text::Cases)}</th></tr></thead>
                        <tbody>{reason_rows}</tbody>
                    </table>
                    {csv_button("rejection_reasons")}
                }
            })}
        </section>
    }
}
