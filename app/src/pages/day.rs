//! Today's work, the screen between visits: where the Koffer is set up today and a new visit,
//! who booked for today (`day_list`), what waits to go to the town hall, and the cases on this
//! device — today's, drafts, untransferred — searched by name, birth date or case number, all
//! in memory and offline.

use crate::components::scan_to_open::ScanToOpen;
use crate::components::sync_status::SyncStatus;
use crate::desk::{CaseEntry, Desk, today};
use crate::messages::{Text, status_text, tr};
use crate::pages::Screen;
use crate::pages::day_list::DayList;
use domain::cases::{CaseStatus, Deployment, matches_query};
use domain::wire::Role;
use leptos::prelude::*;

/// More rows than a clerk reads; the search narrows the rest.
const SHOWN_ROWS: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseFilter {
    Today,
    Drafts,
    Untransferred,
    All,
}

/// The cases a list shows, newest first, and how many more matched.
pub fn list_cases(
    all: &[CaseEntry],
    filter: CaseFilter,
    query: &str,
    today_iso: &str,
) -> (Vec<CaseEntry>, usize) {
    let query = query.trim();
    let matching = all.iter().rev().filter(|entry| {
        let keep = match filter {
            CaseFilter::Today => entry.case.deployment.date == today_iso,
            CaseFilter::Drafts => entry.case.status() == CaseStatus::Draft,
            CaseFilter::Untransferred => entry.case.status().is_untransferred(),
            CaseFilter::All => true,
        };
        keep && (query.is_empty() || matches_query(&entry.search, query))
    });
    let mut shown = Vec::new();
    let mut more = 0;
    for entry in matching {
        if shown.len() < SHOWN_ROWS {
            shown.push(entry.clone());
        } else {
            more += 1;
        }
    }
    (shown, more)
}

#[component]
pub fn DayPage() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let today_iso = today().iso();
    let choosing = RwSignal::new(false);

    // Side by side on a laptop: where the Koffer stands and what waits to go home on the left,
    // the day's cases on the right; one column on a tablet held upright.
    view! {
        <div class="today">
            <div>
                <section class="card deployment" aria-labelledby="deployment-title">
                    <h2 id="deployment-title">{tr(Text::DayHeading)} " – " {today().german()}</h2>
                    <Show when=move || desk.loaded.get()>
                        {move || {
                            let current = desk.deployment.get().filter(|d| d.date == today().iso());
                            let Some(deployment) = current.filter(|_| !choosing.get()) else {
                                return view! { <DeploymentPicker choosing=choosing /> }.into_any();
                            };
                            view! {
                                <div data-testid="deployment">
                                    <p><strong>{deployment.place.clone()}</strong> " · " {deployment.municipality_name.clone()}</p>
                                    <div class="actions">
                                        <button type="button" class="primary" on:click=move |_| open_new_visit(desk, screen)>
                                            {tr(Text::NewVisit)}
                                        </button>
                                        <button type="button" on:click=move |_| choosing.set(true)>{tr(Text::ChangeDeployment)}</button>
                                    </div>
                                </div>
                            }
                            .into_any()
                        }}
                    </Show>
                </section>
                <DayList />
                <SyncStatus detailed=false />
                {matches!(desk.signed_in.role.get_value(), Role::BackOffice | Role::Admin).then(|| view! {
                    <p data-testid="to-rathaus">{tr(Text::TownHallElsewhere)} " " <a href="/rathaus/">{tr(Text::OpenRathaus)}</a></p>
                })}
            </div>
            <section aria-labelledby="cases-title">
                <ScanToOpen />
                <CaseLists today_iso=today_iso />
            </section>
        </div>
    }
}

/// Starts a visit at today's deployment and opens it.
fn open_new_visit(desk: Desk, screen: RwSignal<Screen>) {
    match desk.start_case() {
        Ok(case) => screen.set(Screen::Visit(case.id)),
        Err(problem) => desk.problem.set(Some(problem)),
    }
}

#[component]
fn DeploymentPicker(choosing: RwSignal<bool>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    // "<municipality key>|<place>"; the catalogue names the places of each municipality.
    let choice = RwSignal::new(String::new());
    let options = move || {
        desk.catalogues.with(|all| {
            all.iter()
                .flat_map(|c| {
                    c.places
                        .iter()
                        .map(move |p| (format!("{}|{p}", c.municipality), p.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    Effect::new(move |_| {
        if choice.get_untracked().is_empty()
            && let Some((value, _)) = options().into_iter().next()
        {
            choice.set(value);
        }
    });
    let screen = expect_context::<RwSignal<Screen>>();
    // Starts the deployment at the chosen place; `and_visit` opens a new visit there at once.
    let begin = move |and_visit: bool| {
        let picked = choice.get_untracked();
        let Some((municipality, place)) = picked.split_once('|') else {
            return;
        };
        let Some(catalogue) = desk.catalogue_of(municipality) else {
            return;
        };
        desk.choose_deployment(Deployment {
            municipality: municipality.to_owned(),
            municipality_name: catalogue.municipality_name,
            place: place.to_owned(),
            date: today().iso(),
        });
        choosing.set(false);
        if and_visit {
            open_new_visit(desk, screen);
        }
    };
    let start = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        begin(false);
    };
    view! {
        <Show when=move || !desk.catalogues.with(Vec::is_empty)
            fallback=|| view! { <p class="warning" role="alert">{tr(Text::NoCatalogue)}</p> }>
            <form on:submit=start>
                <div class="field">
                    <label for="deployment-place">{tr(Text::DeploymentPlace)}</label>
                    <select id="deployment-place" on:change=move |e| choice.set(event_target_value(&e))>
                        {move || options().into_iter().map(|(value, place)| {
                            let selected = {
                                let value = value.clone();
                                move || choice.get() == value
                            };
                            view! { <option value=value prop:selected=selected>{place}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button type="submit">{tr(Text::StartDeployment)}</button>
                    <button type="button" class="primary" on:click=move |_| begin(true)>{tr(Text::NewVisit)}</button>
                </div>
            </form>
        </Show>
    }
}

#[component]
fn CaseLists(today_iso: String) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let filter = RwSignal::new(CaseFilter::Today);
    let query = RwSignal::new(String::new());
    let listed = Memo::new(move |_| {
        desk.cases
            .with(|all| list_cases(all, filter.get(), &query.get(), &today_iso))
    });
    let tab = move |which: CaseFilter, label: Text| {
        view! {
            <button type="button" aria-pressed=move || if filter.get() == which { "true" } else { "false" }
                on:click=move |_| filter.set(which)>{tr(label)}</button>
        }
    };
    view! {
        <h2 id="cases-title">{tr(Text::CasesHeading)}</h2>
        <div class="actions" role="group" aria-label=tr(Text::CasesHeading)>
            {tab(CaseFilter::Today, Text::ListToday)}
            {tab(CaseFilter::Drafts, Text::ListDrafts)}
            {tab(CaseFilter::Untransferred, Text::ListUntransferred)}
            {tab(CaseFilter::All, Text::ListAll)}
        </div>
        <div class="field">
            <label for="case-search">{tr(Text::SearchCases)}</label>
            <input id="case-search" type="search" autocomplete="off" bind:value=query />
        </div>
        <ul class="cases" data-testid="cases">
            <For each=move || listed.get().0 key=|e| (e.case.id.clone(), e.case.history.len(), e.search.clone()) let:entry>
                {
                    let case = entry.case;
                    let id = case.id.clone();
                    let draft = case.status() == CaseStatus::Draft;
                    let discard_id = id.clone();
                    view! {
                        <li>
                            <span class="number">{case.number.clone()}</span> " "
                            <span class="name">{case.citizen.full_name()}</span> " "
                            <span class="small">{case.citizen.birth_date.clone()}</span> " "
                            <span class="status">{tr(status_text(case.status()))}</span> " "
                            <button type="button" on:click=move |_| screen.set(Screen::Case(id.clone()))>{tr(Text::OpenCase)}</button>
                            {draft.then(|| view! {
                                " " <button type="button" on:click=move |_| desk.discard_case(discard_id.clone())>{tr(Text::DiscardDraft)}</button>
                            })}
                        </li>
                    }
                }
            </For>
        </ul>
        {move || {
            let (shown, more) = listed.get();
            if shown.is_empty() {
                Some(view! { <p>{tr(Text::NoCases)}</p> }.into_any())
            } else {
                (more > 0).then(|| view! { <p class="small">{tr(Text::MoreCases)} " " {more}</p> }.into_any())
            }
        }}
    }
}
