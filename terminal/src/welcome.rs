//! What the kiosk shows while nobody uses it: where it stands, and how to begin in either
//! language, or with the screen read aloud. Any of these starts a citizen's session.

use crate::messages::Text;
use crate::read_aloud::ReadAloud;
use domain::wire::TerminalContact;
use leptos::prelude::*;
use ui::{Language, tr};

#[component]
pub fn Welcome(contact: Signal<Option<TerminalContact>>, on_start: Callback<()>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let read_aloud = expect_context::<ReadAloud>();
    let start_in = move |chosen: Language| {
        language.set(chosen);
        on_start.run(());
    };
    let place = move || {
        contact.with(|c| {
            c.as_ref()
                .map(|c| format!("{} · {}", c.municipality_name, c.place))
        })
    };
    view! {
        <section class="welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">{tr(Text::Welcome)}</h1>
            <p class="place">{place}</p>
            <p>{tr(Text::WelcomeIntro)}</p>
            <div class="kiosk-start">
                <button type="button" class="primary" lang="de" on:click=move |_| start_in(Language::German)>
                    {Text::StartGerman.in_language(Language::German)}
                </button>
                <button type="button" class="primary" lang="en" on:click=move |_| start_in(Language::English)>
                    {Text::StartEnglish.in_language(Language::English)}
                </button>
                <button type="button" aria-pressed="false" on:click=move |_| {
                    read_aloud.0.set(true);
                    on_start.run(());
                }>{tr(Text::ReadAloud)}</button>
            </div>
        </section>
    }
}
