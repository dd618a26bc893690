//! The Bürgerkoffer app: a Leptos client that runs entirely in the clerk's browser.
//!
//! `pages/` and `components/` are the UI, `messages` holds every word the clerk reads, and
//! `platform/` is the thin layer over browser APIs (service worker, storage, network state).

pub mod access;
pub mod components;
pub mod desk;
pub mod hardware;
pub mod messages;
pub mod pages;
pub mod platform;
pub mod store;
pub mod sync;

use access::{Access, AccessSignal};
use leptos::prelude::*;
use messages::Text;

/// Mounts the app into `<body>` and starts watching for updates of the installed app.
/// The Koffer's service worker (its scope: the whole origin but the other apps').
const SERVICE_WORKER: &str = "/sw.js";

pub fn start() {
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    ui::provide_language();

    let update_waiting = RwSignal::new(false);
    ui::service_worker::watch_for_updates(SERVICE_WORKER, move || update_waiting.set(true));

    let access: AccessSignal = RwSignal::new_local(Access::Starting);
    provide_context(access);
    leptos::task::spawn_local(async move {
        access.set(access::start().await);
        access::contact_server(access).await;
    });
    keep_in_touch_with_server(access);

    let page = move || {
        match access.get() {
        Access::Starting => view! { <p class="panel">{messages::tr(Text::Starting)}</p> }.into_any(),
        Access::Unavailable => view! { <p class="panel warning" role="alert">{messages::tr(Text::StoreUnavailable)}</p> }.into_any(),
        Access::NotEnrolled { vanished } => view! { <pages::enrol::EnrolPage vanished=vanished /> }.into_any(),
        Access::Locked { vault, device } => view! { <pages::unlock::UnlockPage vault=vault device=device /> }.into_any(),
        Access::Unlocked(workspace) => view! { <pages::workspace::WorkspacePage workspace=workspace /> }.into_any(),
        Access::Wiped(reason) => view! { <pages::wiped::WipedPage reason=reason /> }.into_any(),
    }
    };

    view! {
        {ui::update_banner::update_banner::<Text>(update_waiting, SERVICE_WORKER)}
        <components::masthead::Masthead />
        <main id="main">
            {page}
            // Unlocked, the device's health is a section of its own (`Screen::Health`).
            <Show when=move || access.with(|a| !matches!(a, Access::Unlocked(_)))>
                <components::device_status::DeviceStatus />
            </Show>
        </main>
    }
}

/// Reports to the server every few minutes and whenever the network returns, so a revoked
/// device wipes itself soon and the offline lease is renewed while there is signal.
fn keep_in_touch_with_server(access: AccessSignal) {
    const EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);
    let report = move || leptos::task::spawn_local(access::contact_server(access));
    let _ = set_interval_with_handle(report, EVERY);
    let listener = window_event_listener(leptos::ev::online, move |_| report());
    // Lives as long as the page.
    std::mem::forget(listener);
}

#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
