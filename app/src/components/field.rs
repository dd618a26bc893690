//! A labelled input with its hint and its error, wired for screen readers.

use crate::messages::{Text, tr};
use leptos::prelude::*;

#[component]
pub fn Field(
    /// The input's id; the hint and error derive theirs from it.
    id: &'static str,
    label: Text,
    value: RwSignal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<Text>,
    #[prop(into)] error: Signal<Option<Text>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{tr(hint)}</p> })}
            <input
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                bind:value=value
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by
            />
            <Show when=move || error.get().is_some()>
                <p class="error" id=error_id.clone()>
                    {move || error.get().map(|e| tr(e)())}
                </p>
            </Show>
        </div>
    }
}
