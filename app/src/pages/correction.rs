//! Correcting a case the server already holds: the person's details and the forms, checked as at
//! the table, kept here beside the server's copy until the next sync has the server's answer
//! (`desk::corrections`). What the citizen signed for, paid and showed is not changed here.

use crate::desk::{Desk, today};
use crate::messages::{Language, Text, pick, tr};
use crate::pages::Screen;
use domain::cases::{Citizen, citizen_form};
use domain::forms::{FieldError, FormValues, validate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::form_view::{focus_first_error, form_view};

/// One service's form on the page: its title, what it asks and what was answered.
struct ServiceForm {
    /// Its place among the case's services.
    index: usize,
    title: domain::forms::Label,
    schema: domain::forms::FormSchema,
    values: RwSignal<FormValues>,
}

#[component]
pub fn CorrectionPage(id: String) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let language = expect_context::<RwSignal<Language>>();
    let Some(case) = desk.case(&id) else {
        return view! { <p class="warning" role="alert">{tr(Text::NoCases)}</p> }.into_any();
    };
    let Some(catalogue) = desk.catalogue_of(&case.deployment.municipality) else {
        return view! { <p class="warning" role="alert">{tr(Text::NoCatalogue)}</p> }.into_any();
    };
    let citizen_values = RwSignal::new(case.citizen.form_values());
    let forms: Vec<ServiceForm> = case
        .services
        .iter()
        .enumerate()
        .filter_map(|(index, requested)| {
            let service = catalogue.service(&requested.service)?;
            Some(ServiceForm {
                index,
                title: service.title.clone(),
                schema: service.form_with_checklist(),
                values: RwSignal::new(requested.values.clone()),
            })
        })
        .collect();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let to_case = move || screen.set(Screen::Case(id.clone()));
    let form_views = forms
        .iter()
        .map(|form| {
            let title = form.title.clone();
            view! {
                <h3>{move || pick(&title, language.get())}</h3>
                {form_view::<Text>(form.schema.clone(), form.values, errors)}
            }
        })
        .collect_view();
    let save = {
        let (case, to_case) = (case.clone(), to_case.clone());
        move |_| {
            let today = today();
            let mut found = validate(&citizen_form(), &citizen_values.get_untracked(), today);
            for form in &forms {
                found.extend(validate(&form.schema, &form.values.get_untracked(), today));
            }
            focus_first_error(&found);
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            // On the case as it stands now: a pull may have brought a status meanwhile.
            let mut corrected = desk.case(&case.id).unwrap_or_else(|| case.clone());
            match Citizen::from_form(
                case.citizen.id.clone(),
                &citizen_values.get_untracked(),
                today,
            ) {
                Ok(citizen) => corrected.citizen = citizen,
                Err(found) => return errors.set(found),
            }
            for form in &forms {
                if let Some(requested) = corrected.services.get_mut(form.index) {
                    requested.values = form.values.get_untracked();
                }
            }
            saving.set(true);
            let to_case = to_case.clone();
            spawn_local(async move {
                match desk.correct_case(corrected).await {
                    Ok(()) => to_case(),
                    Err(error) => desk.problem.set(Some(error.into())),
                }
                saving.try_set(false);
            });
        }
    };
    view! {
        <section class="panel" aria-labelledby="correction-title">
            <h2 id="correction-title" tabindex="-1">{tr(Text::CorrectionHeading)} " · " {case.number.clone()}</h2>
            <p>{tr(Text::CorrectionHint)}</p>
            <form novalidate on:submit=|e| e.prevent_default()>
                <h3>{tr(Text::StepCitizen)}</h3>
                {form_view::<Text>(citizen_form(), citizen_values, errors)}
                {form_views}
                <div class="actions">
                    <button type="button" on:click=move |_| to_case()>{tr(Text::Cancel)}</button>
                    <button type="submit" class="primary" disabled=saving on:click=save>{tr(Text::SaveCorrection)}</button>
                </div>
            </form>
        </section>
    }
    .into_any()
}
