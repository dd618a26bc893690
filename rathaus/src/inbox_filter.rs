//! The back office's filter over the inbox: status, service, place, the days of the visit, the
//! clerk, and only the cases waiting for a decision. The server applies it (`api::cases`).

use crate::messages::{Text, status_text};
use domain::cases::CaseStatus;
use domain::catalogue::Catalogue;
use domain::wire::CaseFilter;
use leptos::prelude::*;
use ui::{Language, pick, tr};

/// The statuses a case has at the town hall, in their usual order.
const AT_THE_TOWN_HALL: [CaseStatus; 5] = [
    CaseStatus::Transferred,
    CaseStatus::InProgress,
    CaseStatus::ReadyForPickup,
    CaseStatus::HandedOver,
    CaseStatus::Rejected,
];

/// A select's value as the filter takes it: empty means any.
fn chosen(value: String) -> Option<String> {
    Some(value).filter(|value| !value.trim().is_empty())
}

#[component]
pub fn InboxFilter(
    /// The catalogue of the municipality shown: its services and places to choose from.
    catalogue: Signal<Option<Catalogue>>,
    /// Called with the filter when the form is sent.
    on_apply: Callback<CaseFilter>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let status = RwSignal::new(String::new());
    let service = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let clerk = RwSignal::new(String::new());
    let flagged = RwSignal::new(false);
    let filter = move || CaseFilter {
        status: AT_THE_TOWN_HALL
            .into_iter()
            .find(|s| s.name() == status.get_untracked()),
        service: chosen(service.get_untracked()),
        place: chosen(place.get_untracked()),
        from: chosen(from.get_untracked()),
        to: chosen(to.get_untracked()),
        clerk: chosen(clerk.get_untracked()),
        flagged: flagged.get_untracked(),
    };
    let apply = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        on_apply.run(filter());
    };
    let reset = move |_| {
        for text in [status, service, place, from, to, clerk] {
            text.set(String::new());
        }
        flagged.set(false);
        on_apply.run(CaseFilter::default());
    };
    let services = move || {
        let language = language.get();
        catalogue.with(|catalogue| {
            catalogue.as_ref().map_or_else(Vec::new, |catalogue| {
                catalogue
                    .services
                    .iter()
                    .map(|s| (s.id.clone(), pick(&s.title, language)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let places = move || {
        catalogue.with(|catalogue| {
            catalogue
                .as_ref()
                .map_or_else(Vec::new, |catalogue| catalogue.places.clone())
        })
    };
    view! {
        <form class="inbox-filter" on:submit=apply aria-labelledby="inbox-filter-title">
            <h3 id="inbox-filter-title">{tr(Text::FilterHeading)}</h3>
            <div class="field">
                <label for="filter-status">{tr(Text::Status)}</label>
                <select id="filter-status" bind:value=status>
                    <option value="">{tr(Text::AnyStatus)}</option>
                    {AT_THE_TOWN_HALL.into_iter().map(|s| view! {
                        <option value=s.name()>{tr(status_text(s))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-service">{tr(Text::Service)}</label>
                <select id="filter-service" bind:value=service>
                    <option value="">{tr(Text::AnyService)}</option>
                    {move || services().into_iter().map(|(id, title)| view! {
                        <option value=id>{title}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-place">{tr(Text::Place)}</label>
                <select id="filter-place" bind:value=place>
                    <option value="">{tr(Text::AnyPlace)}</option>
                    {move || places().into_iter().map(|p| {
                        let shown = p.clone();
                        view! { <option value=p>{shown}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-from">{tr(Text::VisitFrom)}</label>
                <input id="filter-from" type="date" autocomplete="off" bind:value=from />
            </div>
            <div class="field">
                <label for="filter-to">{tr(Text::VisitTo)}</label>
                <input id="filter-to" type="date" autocomplete="off" bind:value=to />
            </div>
            <div class="field">
                <label for="filter-clerk">{tr(Text::TakenBy)}</label>
                <input id="filter-clerk" type="text" autocomplete="off" bind:value=clerk />
            </div>
            <div class="field">
                <input id="filter-flagged" type="checkbox" autocomplete="off" bind:checked=flagged />
                <label for="filter-flagged">{tr(Text::OnlyFlagged)}</label>
            </div>
            <div class="actions">
                <button type="submit" class="primary">{tr(Text::ApplyFilter)}</button>
                <button type="button" on:click=reset>{tr(Text::ResetFilter)}</button>
            </div>
        </form>
    }
}
