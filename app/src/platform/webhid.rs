//! What the WebHID adapters share: reaching `navigator.hid`, finding a granted device again, and
//! copying a report's bytes out of JavaScript.

use js_sys::{DataView, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Hid, HidDevice, HidDeviceFilter, HidDeviceRequestOptions};

pub fn hid() -> Option<Hid> {
    let navigator = web_sys::window()?.navigator();
    Reflect::has(&navigator, &JsValue::from_str("hid"))
        .unwrap_or(false)
        .then(|| navigator.hid())
}

/// Whether this browser offers WebHID at all.
pub fn available() -> bool {
    hid().is_some()
}

/// Asks the clerk to choose a device matching `filter` (must run from a click).
pub async fn request(filter: HidDeviceFilter) -> Result<HidDevice, JsValue> {
    let hid = hid().ok_or_else(|| JsValue::from_str("WebHID unavailable"))?;
    let chosen =
        JsFuture::from(hid.request_device(&HidDeviceRequestOptions::new(&[filter]))).await?;
    let first = js_sys::Array::from(&JsValue::from(chosen)).get(0);
    if first.is_undefined() {
        return Err(JsValue::from_str("no device chosen"));
    }
    Ok(first.unchecked_into())
}

/// The first device the browser still grants that `wanted` accepts (a pad and a scanner may
/// both be granted).
pub async fn remembered(wanted: impl Fn(&HidDevice) -> bool) -> Option<HidDevice> {
    let devices = JsFuture::from(hid()?.get_devices()).await.ok()?;
    js_sys::Array::from(&JsValue::from(devices))
        .iter()
        .map(JsCast::unchecked_into::<HidDevice>)
        .find(|device| wanted(device))
}

/// The bytes of a report, copied out of JavaScript.
pub fn bytes(view: &DataView) -> Vec<u8> {
    Uint8Array::new_with_byte_offset_and_length(
        &view.buffer(),
        view.byte_offset() as u32,
        view.byte_length() as u32,
    )
    .to_vec()
}

pub async fn open(device: &HidDevice) -> Result<(), JsValue> {
    if !device.opened() {
        JsFuture::from(device.open()).await?;
    }
    Ok(())
}
