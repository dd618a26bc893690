//! The Bürgerkoffer app: a Leptos client that runs entirely in the clerk's browser.
//!
//! `pages/` and `components/` are the UI, `messages` holds every word the clerk reads, and
//! `platform/` is the thin layer over browser APIs (service worker, storage, network state).

pub mod components;
pub mod messages;
pub mod pages;
pub mod platform;

use leptos::prelude::*;
use messages::Language;

/// Mounts the app into `<body>` and starts watching for updates of the installed app.
pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let language = RwSignal::new(Language::from_saved_choice(
        platform::preferences::saved_language().as_deref(),
    ));
    provide_context(language);
    Effect::new(move |_| platform::preferences::apply_language(language.get()));

    let update_waiting = RwSignal::new(false);
    platform::service_worker::watch_for_updates(move || update_waiting.set(true));

    view! {
        <components::update_banner::UpdateBanner visible=update_waiting />
        <pages::start::StartPage />
    }
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
