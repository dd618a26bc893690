//! Step 2: which services the citizen asks for.

use super::{Step, Visit, fee_text, offline_note};
use crate::messages::{Language, Text, pick, tr};
use domain::cases::RequestedService;
use domain::forms::FormValues;
use leptos::prelude::*;

pub(super) fn services_step(visit: Visit) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let case = visit.case;
    let chosen = move |id: &str| case.with(|c| c.services.iter().any(|s| s.service == id));
    let toggle_service = move |id: String, on: bool| {
        case.update(|c| {
            c.services.retain(|s| s.service != id);
            if on {
                c.services.push(RequestedService {
                    service: id,
                    values: FormValues::new(),
                });
            }
        });
    };
    let none_chosen = RwSignal::new(false);
    let services_next = move |_| {
        let empty = case.with_untracked(|c| c.services.is_empty());
        none_chosen.set(empty);
        if !empty {
            visit.go(Step::Form(0));
        }
    };
    let rows = visit
    .catalogue
        .get_value()
        .services
        .into_iter()
        .map(|service| {
            let id = service.id.clone();
            let dom = format!("service-{id}");
            let checked = {
                let id = id.clone();
                move || chosen(&id)
            };
            let title = service.title.clone();
            view! {
                <li class="check">
                    <input type="checkbox" id=dom.clone() prop:checked=checked
                        on:change=move |e| toggle_service(id.clone(), event_target_checked(&e)) />
                    <label for=dom>
                        <strong>{move || pick(&title, language.get())}</strong>
                        <span class="small">" – " {fee_text(service.fee_cents)} " · " {offline_note(service.offline)}
                            {(!service.leika_confirmed).then(|| view! { " · " {tr(Text::LeikaUnconfirmed)} })}
                        </span>
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3 id="step-heading" tabindex="-1">{tr(Text::ChooseServices)}</h3>
        <ul class="services">{rows}</ul>
        <div role="alert">{move || none_chosen.get().then(|| view! { <p class="error">{tr(Text::NoServiceChosen)}</p> })}</div>
        <div class="actions">
            <button type="button" on:click=move |_| visit.go(Step::Citizen)>{tr(Text::Back)}</button>
            <button type="button" class="primary" on:click=services_next>{tr(Text::Next)}</button>
        </div>
    }
}
