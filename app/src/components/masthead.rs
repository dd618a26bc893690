//! The top bar: the app's name and the language switch.

use crate::messages::{Language, Text, tr};
use leptos::prelude::*;

#[component]
pub fn Masthead() -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    view! {
        <header class="masthead">
            <div>
                <h1>{tr(Text::AppName)}</h1>
                <p class="tagline">{tr(Text::Tagline)}</p>
            </div>
            <button
                type="button"
                class="language"
                lang=move || language.get().other().tag()
                on:click=move |_| language.update(|l| *l = l.other())
            >
                {tr(Text::SwitchLanguage)}
            </button>
        </header>
    }
}
