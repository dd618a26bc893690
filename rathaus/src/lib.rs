//! The town hall's app: the back office at a desk with a network. It signs a person of the town
//! hall in (no device is enrolled, nothing is kept in the browser but the language), and shows
//! the cases the Koffers transferred for the municipalities it serves (`back_office`,
//! `case_view`), and the operator also the municipality's people (`people`). It shares
//! the API client, the languages and the words both apps show with the Koffer through `ui`.

pub mod admin_log;
pub mod back_office;
pub mod callbacks;
pub mod case_view;
pub mod charts;
pub mod comparison;
pub mod conflict;
pub mod days;
pub mod duty;
pub mod evaluation;
pub mod files;
pub mod handover;
pub mod handover_routes;
pub mod inbox_filter;
pub mod laptops;
pub mod messages;
pub mod municipality;
pub mod new_person;
pub mod people;
pub mod photos;
pub mod session;
pub mod shared_form;
pub mod sign_in;
pub mod space_select;
pub mod submissions;
pub mod terminals;
pub mod tour_bookings;
pub mod tour_form;
pub mod tour_plan;
pub mod workplace;

use leptos::prelude::*;
use messages::Text;
use session::{Session, SessionEnded};
use sign_in::SignIn;
use ui::tr;
use workplace::Workplace;

/// Mounts the app into `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(App);
}

/// The town hall app's service worker: it keeps the app's shell (never a case) and announces a
/// new build.
const SERVICE_WORKER: &str = "/rathaus/sw.js";

#[component]
pub fn App() -> impl IntoView {
    let language = ui::provide_language();
    let update_waiting = RwSignal::new(false);
    ui::service_worker::watch_for_updates(SERVICE_WORKER, move || update_waiting.set(true));
    let session = RwSignal::new(None::<Session>);
    provide_context(session);
    provide_context(SessionEnded(RwSignal::new(false)));
    let signed_in = move || {
        session.with(|s| {
            s.as_ref()
                .map(|s| format!("{} ({})", s.clerk.display_name, s.clerk.municipality.name))
        })
    };
    view! {
        <header class="masthead">
            <div>
                <h1>{tr(Text::AppName)} " · " {tr(Text::RathausName)}</h1>
                <p class="tagline">
                    {move || signed_in().map(|who| view! {
                        {tr(Text::SignedInAs)} " " {who} " "
                        <button type="button" on:click=move |_| session.set(None)>{tr(Text::SignOut)}</button>
                    })}
                </p>
            </div>
            <button type="button" class="language" lang=move || language.get().other().tag()
                on:click=move |_| language.update(|l| *l = l.other())>{tr(Text::SwitchLanguage)}</button>
        </header>
        {ui::update_banner::update_banner::<Text>(update_waiting, SERVICE_WORKER)}
        <main>
            {move || match session.get() {
                Some(current) => view! { <Workplace session=current /> }.into_any(),
                None => view! { <SignIn /> }.into_any(),
            }}
        </main>
    }
}

// The tests run in headless Chromium, where the app does.
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
