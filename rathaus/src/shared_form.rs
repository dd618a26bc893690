//! The form a citizen fills at the terminal during a call, as the person on duty sees it: each
//! input with what it holds, updated as the citizen types, and a line to type into one of them.
//! The entry appears in the citizen's field, who checks it like their own before sending.

use crate::messages::Text;
use domain::assistance::SharedForm;
use domain::assistance::messages::MAX_FILLED_CHARS;
use leptos::prelude::*;
use ui::{Language, fill, tr};

#[component]
pub fn SharedFormView(
    /// The form as the terminal last showed it; it changes as the citizen types.
    form: Signal<Option<SharedForm>>,
    /// Types a value into an input of the citizen's form.
    on_fill: Callback<(String, String)>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    // Kept while the citizen types: only what shows their form is drawn anew.
    let input = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let rows = move || {
        form.with(|form| {
            form.iter()
                .flat_map(|form| &form.inputs)
                .map(|shared| view! { <dt>{shared.label.clone()}</dt><dd>{shared.value.clone()}</dd> })
                .collect_view()
        })
    };
    let options = move || {
        form.with(|form| {
            form.iter()
                .flat_map(|form| &form.inputs)
                .map(|shared| {
                    let id = shared.input.clone();
                    let chosen = {
                        let id = id.clone();
                        move || input.with(|input| *input == id)
                    };
                    view! { <option value=id prop:selected=chosen>{shared.label.clone()}</option> }
                })
                .collect_view()
        })
    };
    let title = move || {
        let title = form.with(|form| form.as_ref().map(|f| f.title.clone()).unwrap_or_default());
        fill(Text::SharedFormHeading, language.get(), &[&title])
    };
    let send = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let chosen = input.get_untracked();
        if !chosen.is_empty() {
            on_fill.run((chosen, value.get_untracked()));
            value.set(String::new());
        }
    };
    view! {
        <section aria-labelledby="shared-form-title" data-testid="shared-form">
            <h3 id="shared-form-title">{title}</h3>
            <dl>{rows}</dl>
            <form on:submit=send>
                <div class="field">
                    <label for="fill-input">{tr(Text::FillInput)}</label>
                    <select id="fill-input" on:change=move |event| input.set(event_target_value(&event))>
                        <option value="">{tr(Text::PleaseChooseField)}</option>
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label for="fill-value">{tr(Text::FillValue)}</label>
                    <input id="fill-value" type="text" autocomplete="off" maxlength=MAX_FILLED_CHARS.to_string()
                        bind:value=value />
                </div>
                <button type="submit">{tr(Text::FillSend)}</button>
            </form>
        </section>
    }
}
