//! IndexedDB, the one layer the store uses. A transaction's requests are issued together and read
//! once the transaction has completed: then every result is final, and a write that returns is
//! committed. Writes of untransferred work ask for strict durability, because Chromium commits
//! `readwrite` transactions "relaxed" by default and the data may still sit in the operating
//! system's cache when the laptop loses power.

use js_sys::{JsString, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbFactory, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest,
    IdbTransaction, IdbTransactionDurability, IdbTransactionMode, IdbTransactionOptions,
};

/// What a transaction may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    /// Committed when the browser sees fit (fine for what the server holds anyway).
    Write,
    /// Committed to the disk before the transaction completes.
    StrictWrite,
}

/// An object store to create when the database is new or older than asked for.
pub struct StoreSpec {
    pub name: &'static str,
    /// The property that holds each value's key; `None`: keys are given with each put.
    pub key_path: Option<&'static str>,
}

fn factory() -> Result<IdbFactory, JsValue> {
    web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("no IndexedDB"))
}

/// Waits for `request`'s success (its result) or error event.
async fn settled(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let done = Promise::new(&mut |resolve, reject| {
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("request failed"));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(done).await?;
    request.result()
}

/// Opens `name` at `version`, creating the stores it lacks when the database is new or older.
pub async fn open(name: &str, version: u32, stores: &[StoreSpec]) -> Result<IdbDatabase, JsValue> {
    let request: IdbOpenDbRequest = factory()?.open_with_u32(name, version)?;
    let specs: Vec<(&'static str, Option<&'static str>)> =
        stores.iter().map(|s| (s.name, s.key_path)).collect();
    let upgrading = request.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        let Ok(db) = upgrading.result() else { return };
        let db: IdbDatabase = db.unchecked_into();
        for (name, key_path) in specs {
            if db.object_store_names().contains(name) {
                continue;
            }
            let parameters = IdbObjectStoreParameters::new();
            if let Some(path) = key_path {
                parameters.set_key_path(&JsValue::from_str(path));
            }
            if db
                .create_object_store_with_optional_parameters(name, &parameters)
                .is_err()
            {
                // Then the open fails too, rather than leaving a database without the store.
                if let Some(upgrade) = upgrading.transaction() {
                    let _ = upgrade.abort();
                }
                return;
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    Ok(settled(&request).await?.unchecked_into())
}

/// Deletes database `name`, once every connection to it has closed.
pub async fn delete(name: &str) -> Result<(), JsValue> {
    let request = factory()?.delete_database(name)?;
    settled(&request).await.map(|_| ())
}

/// A transaction over `stores`. Issue its requests at once, then await `finished`.
pub fn begin(db: &IdbDatabase, stores: &[&str], access: Access) -> Result<IdbTransaction, JsValue> {
    let names: Vec<JsString> = stores.iter().map(|s| JsString::from(*s)).collect();
    let mode = match access {
        Access::Read => IdbTransactionMode::Readonly,
        Access::Write | Access::StrictWrite => IdbTransactionMode::Readwrite,
    };
    let options = IdbTransactionOptions::new();
    if access == Access::StrictWrite {
        options.set_durability(IdbTransactionDurability::Strict);
    }
    db.transaction_with_str_sequence_and_mode_and_options(&names, mode, &options)
}

/// Waits until `transaction` has completed (every request done, writes committed), or fails if
/// it aborted — then none of its writes landed.
pub async fn finished(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let done = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject_too = reject.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("transaction failed"));
        });
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject_too.call1(&JsValue::NULL, &JsValue::from_str("transaction aborted"));
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.unchecked_ref()));
        transaction.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(done).await.map(|_| ())
}
