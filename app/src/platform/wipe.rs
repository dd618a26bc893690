//! Removes everything this app keeps in the browser: databases, caches, the service worker and
//! local settings. Used at hand-back and when the server says the device was revoked.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Deletes the app's IndexedDB database(s), Cache Storage and service worker registrations, and
/// clears localStorage. Errors are skipped: whatever can be removed is removed.
pub async fn wipe_everything(database_names: &[&str]) {
    for name in database_names {
        let _ = super::indexed_db::delete(name).await;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(caches) = window.caches()
        && let Ok(names) = JsFuture::from(caches.keys()).await
    {
        for name in js_sys::Array::from(&names).iter() {
            if let Some(name) = name.as_string() {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    }
    let navigator = window.navigator();
    let has_workers = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if has_workers
        && let Ok(registrations) =
            JsFuture::from(navigator.service_worker().get_registrations()).await
    {
        for registration in js_sys::Array::from(&registrations).iter() {
            let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
            if let Ok(promise) = registration.unregister() {
                let _ = JsFuture::from(promise).await;
            }
        }
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.clear();
    }
}
