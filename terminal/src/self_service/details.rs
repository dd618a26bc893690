//! The citizen's details and the service's form, with the validators the Koffer runs at the
//! table: what does not pass is marked at its field, and focus goes to the first.

use super::Filing;
use crate::messages::Text;
use domain::cases::citizen_form;
use domain::forms::validate;
use leptos::prelude::*;
use ui::form_view::{focus_first_error, form_view, today};
use ui::{Language, pick, tr};

#[component]
pub fn Details(filing: Filing, on_next: Callback<Filing>, on_back: Callback<()>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let service = filing.service.get_value();
    let form = service.form_with_checklist();
    let next = {
        let form = form.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let today = today();
            let citizen_errors = validate(&citizen_form(), &filing.citizen.get_untracked(), today);
            let errors = validate(&form, &filing.values.get_untracked(), today);
            let first: Vec<_> = citizen_errors.iter().chain(&errors).cloned().collect();
            filing.citizen_errors.set(citizen_errors);
            filing.errors.set(errors);
            if first.is_empty() {
                on_next.run(filing);
            } else {
                focus_first_error(&first);
            }
        }
    };
    let title = service.title.clone();
    view! {
        <section aria-labelledby="details-title" data-testid="self-service-details">
            <h2 id="details-title" tabindex="-1">{move || pick(&title, language.get())}</h2>
            <form on:submit=next novalidate>
                <h3>{tr(Text::YourDetails)}</h3>
                {form_view::<Text>(citizen_form(), filing.citizen, filing.citizen_errors)}
                <h3>{tr(Text::YourMatter)}</h3>
                {form_view::<Text>(form, filing.values, filing.errors)}
                <div class="actions">
                    <button type="button" on:click=move |_| on_back.run(())>{tr(Text::Back)}</button>
                    <button type="submit" class="primary">{tr(Text::Continue)}</button>
                </div>
            </form>
        </section>
    }
}
