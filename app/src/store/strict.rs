//! IndexedDB writes with strict durability. Chromium commits `readwrite` transactions "relaxed"
//! by default: the data may still sit in the operating system's cache when the laptop loses
//! power. Untransferred cases and a sync page with its cookie are committed "strict" instead, so
//! once the app says "saved" it is on the disk. The crate wrapping IndexedDB elsewhere (rexie)
//! cannot ask for that, so this uses a second connection to the same database via web-sys.

use js_sys::Promise;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbOpenDbRequest, IdbTransaction, IdbTransactionDurability, IdbTransactionMode,
    IdbTransactionOptions,
};

/// Opens another connection to `name` at its current version (the main one created it).
pub async fn connect(name: &str) -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
    let request: IdbOpenDbRequest = factory.open(name)?;
    let opened = Promise::new(&mut |resolve, reject| {
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("open failed"));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(opened).await?;
    Ok(request.result()?.unchecked_into())
}

/// A read-write transaction over `stores` that commits with strict durability.
pub fn begin(db: &IdbDatabase, stores: &[&str]) -> Result<IdbTransaction, JsValue> {
    let names: Vec<js_sys::JsString> = stores.iter().map(|s| js_sys::JsString::from(*s)).collect();
    let options = IdbTransactionOptions::new();
    options.set_durability(IdbTransactionDurability::Strict);
    db.transaction_with_str_sequence_and_mode_and_options(
        &names,
        IdbTransactionMode::Readwrite,
        &options,
    )
}

/// Waits until `transaction` has committed (all its requests), or fails if it aborted.
pub async fn committed(transaction: &IdbTransaction) -> Result<(), JsValue> {
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
