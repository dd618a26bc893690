//! Persistent storage: asks the browser not to evict our data under storage pressure.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// The browser promised to keep our data until the user clears it.
    Persistent,
    /// The browser may evict the data when space runs low.
    BestEffort,
    /// No StorageManager (old browser, or not a secure context).
    Unsupported,
}

/// Asks for persistent storage unless already granted, and says what the browser decided.
pub async fn request_persistence() -> Persistence {
    let Some(storage) = storage_manager() else {
        return Persistence::Unsupported;
    };
    let granted = match storage.persisted() {
        Ok(promise) => resolves_true(promise).await,
        Err(_) => return Persistence::Unsupported,
    };
    let granted = granted
        || match storage.persist() {
            Ok(promise) => resolves_true(promise).await,
            Err(_) => false,
        };
    if granted {
        Persistence::Persistent
    } else {
        Persistence::BestEffort
    }
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.storage` is missing outside secure contexts; web-sys would hand us `undefined`.
    let has_storage = js_sys::Reflect::has(&navigator, &JsValue::from_str("storage")).ok()?;
    has_storage.then(|| navigator.storage())
}

async fn resolves_true(promise: js_sys::Promise) -> bool {
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|value| value.as_bool())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn chromium_on_a_secure_origin_answers_the_persistence_request() {
        let answer = request_persistence().await;
        assert_ne!(answer, Persistence::Unsupported);
        // Asking again gives the same decision: the request is idempotent.
        assert_eq!(request_persistence().await, answer);
    }
}
