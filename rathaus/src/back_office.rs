//! The back office's screen: the cases that reached the server for one municipality (its own or
//! one it serves), filtered and a page at a time, and their next status — In Bearbeitung, Abholbereit, Abgelehnt with a reason,
//! Ausgehändigt. What is set here reaches the clerks' Koffers with their next sync.

use crate::case_view::CaseView;
use crate::handover::SavePackage;
use crate::inbox_filter::InboxFilter;
use crate::messages::{Text, status_text};
use crate::session::{Session, on_failure};
use domain::cases::{CaseStatus, Channel};
use domain::wire::{CaseFilter, CaseSummary, StatusChangeRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::connectivity::use_online;
use ui::http;
use ui::{Language, api, pick, tr};

/// Cases per page of the inbox.
const PAGE: usize = 50;

/// The statuses the back office sets, in the order it usually does.
const NEXT: [CaseStatus; 4] = [
    CaseStatus::InProgress,
    CaseStatus::ReadyForPickup,
    CaseStatus::HandedOver,
    CaseStatus::Rejected,
];

#[component]
pub fn BackOffice(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let online = use_online();
    let spaces = Memo::new(move |_| {
        session.with_value(|s| {
            s.spaces()
                .into_iter()
                .map(|m| (m.regional_key, m.name))
                .collect::<Vec<_>>()
        })
    });
    let token = move || session.with_value(|s| s.token.clone());
    let chosen = RwSignal::new(None::<String>);
    let space = move || {
        chosen
            .get()
            .or_else(|| spaces.with(|s| s.first().map(|(key, _)| key.clone())))
    };
    // The same, read after a network wait (and when the screen may be gone).
    let space_now = move || {
        chosen.try_get_untracked().flatten().or_else(|| {
            spaces
                .try_with_untracked(|s| s.first().map(|(key, _)| key.clone()))
                .flatten()
        })
    };
    let cases = RwSignal::new(None::<Vec<CaseSummary>>);
    let filter = RwSignal::new(CaseFilter::default());
    // Whether the last page came full: then there may be more.
    let more = RwSignal::new(false);
    // The case shown whole instead of the list, if any: (municipality, id).
    let open = RwSignal::new(None::<(String, String)>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);

    // The first page (`next` false) or the one after the cases shown.
    let load = move |next: bool| {
        let Some(key) = space() else { return };
        let before = next
            .then(|| cases.with_untracked(|list| list.as_ref()?.last().map(|c| c.version)))
            .flatten();
        let asked = filter.get_untracked();
        spawn_local(async move {
            let call = api::cases(&token(), &key, &asked, (before, PAGE));
            match http::send(call, None).await {
                // A page that arrives after the clerk chose another municipality or filter is
                // dropped.
                Ok(page)
                    if space_now().as_deref() == Some(key.as_str())
                        && filter.try_get_untracked().as_ref() == Some(&asked) =>
                {
                    more.try_set(page.len() == PAGE);
                    cases.try_update(|list| match (list, next) {
                        (Some(list), true) => list.extend(page),
                        (list, _) => *list = Some(page),
                    });
                    problem.try_set(None);
                }
                Ok(_) => {}
                Err(failure) => failed(failure),
            }
        });
    };
    Effect::new(move |_| {
        filter.track();
        if online.get() && space().is_some() {
            load(false);
        }
    });
    let catalogue = Signal::derive(move || {
        space().and_then(|key| session.with_value(|s| s.catalogue_of(&key).cloned()))
    });

    let set_status = move |case: CaseSummary, status: CaseStatus, reason: Option<String>| {
        spawn_local(async move {
            let call = api::set_status(&token(), &case.municipality, &case.id);
            let request = StatusChangeRequest { status, reason };
            match http::send(call, Some(&request)).await {
                Ok(changed) => {
                    // No `tr` here: contexts are not reachable from a spawned task.
                    let language = language.get_untracked();
                    let said = format!(
                        "{} {}: {}",
                        Text::StatusSet.in_language(language),
                        changed.number,
                        status_text(changed.status).in_language(language)
                    );
                    cases.try_update(|list| {
                        if let Some(list) = list {
                            list.retain(|c| c.id != changed.id);
                            list.insert(0, changed);
                        }
                    });
                    done.try_set(Some(said));
                    problem.try_set(None);
                }
                Err(failure) => failed(failure),
            }
        });
    };

    let service_titles = move |case: &CaseSummary| -> String {
        let language = language.get_untracked();
        session
            .with_value(|s| s.catalogue_of(&case.municipality).cloned())
            .map(|catalogue| {
                case.services
                    .iter()
                    .map(|id| {
                        catalogue
                            .service(id)
                            .map_or_else(|| id.clone(), |s| pick(&s.title, language))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_else(|| case.services.join(", "))
    };

    view! {
        {move || open.get().map(|(municipality, id)| view! {
            <CaseView session=session open=open municipality=municipality id=id />
        })}
        <section class="town-hall" aria-labelledby="town-hall-title" data-testid="town-hall"
            hidden=move || open.get().is_some()>
            <h2 id="town-hall-title">{tr(Text::TownHallHeading)}</h2>
            <div class="field">
                <label for="town-hall-space">{tr(Text::Municipality)}</label>
                <select id="town-hall-space" on:change=move |e| chosen.set(Some(event_target_value(&e)))>
                    {move || spaces.get().into_iter().map(|(key, name)| {
                        let selected = space().as_deref() == Some(key.as_str());
                        view! { <option value=key selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
                <button type="button" disabled=move || !online.get() on:click=move |_| load(false)>{tr(Text::Refresh)}</button>
            </div>
            <InboxFilter catalogue=catalogue on_apply=Callback::new(move |asked| filter.set(asked)) />
            <div class="actions">
                <SavePackage session=session label=Text::SaveHandoverBatch what=move |token: String| {
                    let key = space_now()?;
                    let asked = filter.get_untracked();
                    let name = format!("uebergabe-{key}.zip");
                    Some((api::handover_batch(&token, &key, &asked), name, "application/zip"))
                } />
            </div>
            <Show when=move || !online.get()>
                <p class="small">{tr(Text::TownHallOffline)}</p>
            </Show>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {move || cases.get().map(|list| {
                if list.is_empty() {
                    let empty = if filter.with(|f| *f == CaseFilter::default()) {
                        Text::TownHallEmpty
                    } else {
                        Text::NoCaseMatches
                    };
                    return view! { <p>{tr(empty)}</p> }.into_any();
                }
                let rows = list.into_iter().map(|case| {
                    let services = service_titles(&case);
                    let reason = RwSignal::new(String::new());
                    let reason_id = format!("reason-{}", case.id);
                    let buttons = NEXT.into_iter()
                        .filter(|next| case.status.may_become(*next) && *next != CaseStatus::Rejected)
                        .map(|next| {
                            let case = case.clone();
                            view! {
                                <button type="button" on:click=move |_| set_status(case.clone(), next, None)>
                                    {tr(status_text(next))}
                                </button>
                            }
                        })
                        .collect_view();
                    let may_reject = case.status.may_become(CaseStatus::Rejected);
                    let reject = {
                        let case = case.clone();
                        move |_| set_status(case.clone(), CaseStatus::Rejected, Some(reason.get_untracked()))
                    };
                    view! {
                        <tr data-case=case.number.clone()>
                            <td>{case.number.clone()} " "
                                <button type="button" on:click={
                                    let key = (case.municipality.clone(), case.id.clone());
                                    move |_| open.set(Some(key.clone()))
                                }>{tr(Text::OpenCase)}</button></td>
                            <td>{case.citizen.clone()}
                                {(case.channel == Channel::Terminal).then(|| view! { " · " {tr(Text::AtTerminal)} })}</td>
                            <td>{services}</td>
                            <td>{tr(status_text(case.status))}
                                {case.flagged.then(|| view! { " · " <strong>{tr(Text::Flagged)}</strong> })}</td>
                            <td class="actions">
                                {buttons}
                                {may_reject.then(|| view! {
                                    <label for=reason_id.clone() class="small">{tr(Text::RejectReason)}</label>
                                    <input id=reason_id.clone() type="text" autocomplete="off" bind:value=reason />
                                    <button type="button" on:click=reject>{tr(Text::Reject)}</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <table class="cases">
                        <thead><tr>
                            <th scope="col">{tr(Text::CaseNumber)}</th>
                            <th scope="col">{tr(Text::Person)}</th>
                            <th scope="col">{tr(Text::Services)}</th>
                            <th scope="col">{tr(Text::Status)}</th>
                            <th scope="col">{tr(Text::NextStatus)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <Show when=move || more.get()>
                        <button type="button" disabled=move || !online.get()
                            on:click=move |_| load(true)>{tr(Text::MoreCases)}</button>
                    </Show>
                }.into_any()
            })}
        </section>
    }
}
