//! Step 3: the form of each chosen service, one after the other.

use super::{Step, Visit, destination, fee_text, offline_note};
use crate::desk::today;
use crate::messages::{Language, Text, pick, tr};
use domain::forms::validate;
use leptos::prelude::*;
use ui::form_view::{focus_first_error, form_view};

/// The form of service `index`; `None` when the case or the catalogue no longer has it.
pub(super) fn form_step(visit: Visit, index: usize) -> Option<impl IntoView> {
    let language = expect_context::<RwSignal<Language>>();
    let (case, catalogue, errors) = (visit.case, visit.catalogue, visit.errors);
    let requested = case.with_untracked(|c| c.services.get(index).cloned())?;
    let service = catalogue.with_value(|c| c.service(&requested.service).cloned())?;
    let schema = service.form_with_checklist();
    let values = RwSignal::new(requested.values.clone());
    Effect::new(move |_| {
        let typed = values.get();
        case.update(|c| {
            if let Some(s) = c.services.get_mut(index) {
                s.values = typed;
            }
        });
    });
    let count = case.with_untracked(|c| c.services.len());
    let next = {
        let schema = schema.clone();
        move |_| {
            let found = validate(&schema, &values.get_untracked(), today());
            focus_first_error(&found);
            if !found.is_empty() {
                errors.set(found);
            } else if destination::holds_up(visit, Some(index)) {
                // The authority's wishes are listed above the buttons, now focused.
            } else if index + 1 < count {
                visit.go(Step::Form(index + 1));
            } else {
                visit.go(Step::Review);
            }
        }
    };
    let back = move |_| {
        visit.go(if index == 0 {
            Step::Services
        } else {
            Step::Form(index - 1)
        })
    };
    let title = service.title.clone();
    Some(view! {
        <h3 id="step-heading" tabindex="-1">{move || pick(&title, language.get())}</h3>
        <p class="small">{offline_note(service.offline)} " · " {fee_text(service.fee_cents)} " – " {service.fee_basis.clone()}</p>
        <form novalidate on:submit=|e| e.prevent_default()>
            {form_view::<Text>(schema, values, errors)}
            {destination::destination_findings(visit, Some(index))}
            <div class="actions">
                <button type="button" on:click=back>{tr(Text::Back)}</button>
                <button type="submit" class="primary" on:click=next>{tr(Text::Next)}</button>
            </div>
        </form>
    })
}
