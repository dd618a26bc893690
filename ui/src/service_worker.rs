//! An app's service worker (public/sw.js, rendered per app): registers it, notices when a new
//! build is installed and waiting, and hands over to it only when the person agrees, so no form
//! is reloaded mid-entry.

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{
    ServiceWorker, ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState,
};

/// The message sw.js answers with `skipWaiting()`.
const SKIP_WAITING: &str = "skip-waiting";
/// A clerk may keep the app open all day; browsers only look for a new sw.js on navigation.
const UPDATE_CHECK_INTERVAL: Duration = Duration::from_secs(30 * 60);

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Missing outside secure contexts (plain http on another host than localhost).
    let present = js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    present.then(|| navigator.service_worker())
}

fn controlled() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}

/// Registers the service worker at `script_url` (its directory is its scope) and calls
/// `on_update_waiting` whenever a newer build has been installed and waits to take over. The
/// first installation is no update: nothing is announced.
pub fn watch_for_updates(script_url: &'static str, on_update_waiting: impl Fn() + Clone + 'static) {
    let Some(container) = container() else {
        return;
    };
    spawn_local(async move {
        let registration = match JsFuture::from(container.register(script_url)).await {
            Ok(registration) => registration.unchecked_into::<ServiceWorkerRegistration>(),
            Err(error) => {
                web_sys::console::warn_2(&"service worker not registered:".into(), &error);
                return;
            }
        };
        // An update may already be waiting from an earlier visit, or be installing since the
        // browser checked sw.js on this very navigation, before this code ran.
        if registration.waiting().is_some() && controlled() {
            on_update_waiting();
        } else if let Some(installing) = registration.installing() {
            announce_when_installed(&installing, on_update_waiting.clone());
        }
        let found_in = registration.clone();
        let on_update_found = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = found_in.installing() {
                announce_when_installed(&installing, on_update_waiting.clone());
            }
        });
        registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
        // Page-lifetime listener, like the registration it belongs to.
        on_update_found.forget();
        check_for_updates_periodically(registration);
    });
}

/// Calls `announce` once `worker` is installed and waiting behind the worker that controls this
/// page. The very first install has no controller: that is not an update.
fn announce_when_installed(worker: &ServiceWorker, announce: impl Fn() + 'static) {
    let watched = worker.clone();
    let on_state_change = Closure::<dyn FnMut()>::new(move || {
        if watched.state() == ServiceWorkerState::Installed && controlled() {
            announce();
        }
    });
    worker.set_onstatechange(Some(on_state_change.as_ref().unchecked_ref()));
    // Lives as long as the worker object; the browser drops both together.
    on_state_change.forget();
}

fn check_for_updates_periodically(registration: ServiceWorkerRegistration) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let check = Closure::<dyn FnMut()>::new(move || {
        // A failed check (offline, server down) simply waits for the next one.
        if let Ok(promise) = registration.update() {
            spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    });
    let interval_ms = i32::try_from(UPDATE_CHECK_INTERVAL.as_millis()).unwrap_or(i32::MAX);
    let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
        check.as_ref().unchecked_ref(),
        interval_ms,
    );
    let _ = window.add_event_listener_with_callback("online", check.as_ref().unchecked_ref());
    // Page-lifetime listener: there is nothing to clean up before the page unloads.
    check.forget();
}

/// Lets the waiting build take over, then reloads the page into it.
pub fn activate_waiting_update(script_url: &'static str) {
    let Some(container) = container() else {
        return;
    };
    // Reload only once the new worker controls the page, so the reload is served from its cache.
    let reload = Closure::once_into_js(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.unchecked_ref()));
    spawn_local(async move {
        // The registration whose scope holds this page.
        let Ok(registration) =
            JsFuture::from(container.get_registration_with_document_url(script_url)).await
        else {
            return;
        };
        let waiting = registration
            .dyn_into::<ServiceWorkerRegistration>()
            .ok()
            .and_then(|r| r.waiting());
        if let Some(waiting) = waiting {
            let _ = waiting.post_message(&JsValue::from_str(SKIP_WAITING));
        }
    });
}
