//! Wacom STU signature pads over WebHID: pair on the clerk's click, read the pad's capability,
//! prepare its screen, and hand every pen report to a callback. The report layouts and strokes
//! are `devices::stu`; this only moves bytes.

use super::webhid::{self, bytes};
use devices::stu::{self, Capability};
use js_sys::Uint8Array;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HidDevice, HidDeviceFilter, HidInputReportEvent};

pub fn available() -> bool {
    webhid::available()
}

fn is_pad(device: &HidDevice) -> bool {
    device.vendor_id() == stu::VENDOR_ID && device.product_id() == stu::STU_540_PRODUCT_ID
}

/// Asks the clerk to choose the pad (must run from a click).
pub async fn pair() -> Result<HidDevice, JsValue> {
    let filter = HidDeviceFilter::new();
    filter.set_vendor_id(u32::from(stu::VENDOR_ID));
    filter.set_product_id(stu::STU_540_PRODUCT_ID);
    webhid::request(filter).await
}

/// A pad paired before, if the browser still grants it.
pub async fn remembered() -> Option<HidDevice> {
    webhid::remembered(is_pad).await
}

/// Opens the pad, reads its capability and prepares its screen for a signature; pen reports go
/// to `on_pen` (report id, data without the id) until the returned listener is dropped.
pub async fn start(
    device: &HidDevice,
    on_pen: impl FnMut(u8, Vec<u8>) + 'static,
) -> Result<(Capability, Closure<dyn FnMut(HidInputReportEvent)>), JsValue> {
    webhid::open(device).await?;
    let report = JsFuture::from(device.receive_feature_report(stu::CAPABILITY)).await?;
    let capability = Capability::parse(&bytes(report.unchecked_ref()))
        .map_err(|error| JsValue::from_str(&error.to_string()))?;
    for feature in stu::prepare(&capability) {
        JsFuture::from(device.send_feature_report_with_u8_array(
            feature.id,
            &Uint8Array::from(feature.data.as_slice()),
        )?)
        .await?;
    }
    let mut on_pen = on_pen;
    let listener =
        Closure::<dyn FnMut(HidInputReportEvent)>::new(move |event: HidInputReportEvent| {
            on_pen(event.report_id(), bytes(&event.data()));
        });
    device.set_oninputreport(Some(listener.as_ref().unchecked_ref()));
    Ok((capability, listener))
}

pub fn name(device: &HidDevice) -> String {
    device.product_name()
}
