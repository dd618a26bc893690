//! The citizen's details and the service's form, with the validators the Koffer runs at the
//! table: what does not pass is marked at its field, and focus goes to the first.

use super::Filing;
use super::sharing::FormSharing;
use crate::messages::Text;
use domain::assistance::SharedForm;
use domain::cases::{Channel, citizen_form};
use domain::forms::{FormSchema, validate};
use leptos::prelude::*;
use ui::form_view::{focus_first_error, form_view, part_label, today};
use ui::{Language, pick, tr};

#[component]
pub fn Details(filing: Filing, on_next: Callback<Filing>, on_back: Callback<()>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let service = filing.service.get_value();
    let form = Channel::Terminal.form_of(&service);
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
    if let Some(sharing) = use_context::<FormSharing>() {
        share(filing, form.clone(), sharing);
    }
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

/// In a call: the town hall sees the form with each change, and what it types goes into the
/// field it names, where the citizen sees it.
fn share(filing: Filing, form: FormSchema, sharing: FormSharing) {
    // The town hall reads German, whatever the citizen chose.
    let title = filing
        .service
        .with_value(|service| service.title.de.clone());
    let label = |part| {
        part_label::<Text>(part)
            .in_language(Language::German)
            .to_owned()
    };
    Effect::new(move |_| {
        let (citizen, values) = (filing.citizen.get(), filing.values.get());
        let forms = [(&citizen_form(), &citizen), (&form, &values)];
        sharing.show(SharedForm::of(title.clone(), &forms, label));
    });
    Effect::new(move |_| {
        let Some((input, value)) = sharing.filled.get() else {
            return;
        };
        if !sharing.may_fill(&input, &value) {
            return;
        }
        let values = if citizen_form().field_of_input(&input).is_some() {
            filing.citizen
        } else {
            filing.values
        };
        values.update(|values| {
            values.insert(input, value);
        });
    });
    on_cleanup(move || sharing.close());
}
