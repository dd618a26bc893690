//! The plain JS objects IndexedDB keeps: setting and reading their properties, with a clear
//! error when a stored one lacks a property or holds the wrong type.

use super::StoreError;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

pub fn set(object: &Object, key: &str, value: JsValue) {
    // Setting a property on a plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

pub fn bytes(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

pub fn get(object: &JsValue, key: &str) -> Result<JsValue, StoreError> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined())
        .ok_or_else(|| StoreError::Failed(format!("stored record lacks {key}")))
}

pub fn get_string(object: &JsValue, key: &str) -> Result<String, StoreError> {
    get(object, key)?
        .as_string()
        .ok_or_else(|| StoreError::Failed(format!("{key} is not text")))
}

pub fn get_number(object: &JsValue, key: &str) -> Result<u64, StoreError> {
    let number = get(object, key)?
        .as_f64()
        .ok_or_else(|| StoreError::Failed(format!("{key} is not a number")))?;
    // Stored numbers are whole, non-negative and far below 2^53.
    Ok(number.max(0.0) as u64)
}

pub fn get_bytes(object: &JsValue, key: &str) -> Result<Vec<u8>, StoreError> {
    let value = get(object, key)?;
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .ok_or_else(|| StoreError::Failed(format!("{key} is not bytes")))
}
