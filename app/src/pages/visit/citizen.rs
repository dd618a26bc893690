//! Step 1: who the citizen is — found among earlier cases, read from an ID document, or typed.

use super::{Step, Visit};
use crate::components::id_check::IdCheck;
use crate::desk::{Desk, today};
use crate::messages::{Text, tr};
use domain::cases::{Citizen, citizen_form, matches_query};
use domain::forms::{FormValues, validate};
use leptos::prelude::*;
use ui::form_view::{focus_first_error, form_view};

pub(super) fn citizen_step(visit: Visit) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let case = visit.case;
    let citizen_values = RwSignal::new(case.get_untracked().citizen.form_values());
    Effect::new(move |_| {
        let values = citizen_values.get();
        case.update(|c| c.citizen = raw_citizen(c.citizen.id.clone(), &values));
    });
    let query = RwSignal::new(String::new());
    let known = move || {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        let own_id = case.with_untracked(|c| c.id.clone());
        let mut seen = std::collections::BTreeSet::new();
        desk.cases.with(|all| {
            all.iter()
                .filter(|e| e.case.id != own_id && matches_query(&e.search, &q))
                .filter(|e| seen.insert(e.case.citizen.id.clone()))
                .take(8)
                .map(|e| e.case.citizen.clone())
                .collect::<Vec<_>>()
        })
    };
    let next = move |_| {
        let found = validate(&citizen_form(), &citizen_values.get_untracked(), today());
        focus_first_error(&found);
        if found.is_empty() {
            visit.go(Step::Services);
        } else {
            visit.errors.set(found);
        }
    };
    view! {
            <h3 id="step-heading" tabindex="-1">{tr(Text::StepCitizen)}</h3>
            <div class="field">
                <label for="known-search">{tr(Text::KnownCitizens)}</label>
                <input id="known-search" type="search" autocomplete="off" bind:value=query />
            </div>
            <ul class="found">
                <For each=known key=|c| c.id.clone() let:citizen>
                    {
                        let label = format!("{} · {} · {}", citizen.full_name(), citizen.birth_date, citizen.address.one_line());
                        let take = move |_| {
                            citizen_values.set(citizen.form_values());
                            case.update(|c| c.citizen.id = citizen.id.clone());
                            query.set(String::new());
                        };
                        view! { <li>{label} " " <button type="button" on:click=take>{tr(Text::TakeCitizen)}</button></li> }
                    }
                </For>
            </ul>
            <IdCheck values=citizen_values />
            <form novalidate on:submit=|e| e.prevent_default()>
                {form_view::<Text>(citizen_form(), citizen_values, visit.errors)}
                <div class="actions">
                    <button type="submit" class="primary" on:click=next>{tr(Text::Next)}</button>
                </div>
            </form>
    }
}

/// The citizen as typed so far (checked only when the clerk moves on).
fn raw_citizen(id: String, values: &FormValues) -> Citizen {
    let get = |key: &str| {
        values
            .get(key)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    Citizen {
        id,
        family_name: get("person.family_name"),
        given_names: get("person.given_names"),
        birth_date: get("person.birth_date"),
        address: domain::cases::Address {
            street: get("address.street"),
            house_number: get("address.house_number"),
            postcode: get("address.postcode"),
            place: get("address.place"),
        },
    }
}
