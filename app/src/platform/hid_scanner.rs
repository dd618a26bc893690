//! Barcode scanners in HID POS mode over WebHID: pair on the clerk's click, find a remembered
//! scanner again, and hand each input report to a callback. Joining reports into scans is
//! `devices::hid_pos`; this only moves bytes.

use super::webhid::{self, bytes};
use devices::hid_pos;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HidDevice, HidDeviceFilter, HidInputReportEvent};

fn is_scanner(device: &HidDevice) -> bool {
    device
        .collections()
        .iter()
        .any(|c| c.get_usage_page() == Some(hid_pos::USAGE_PAGE))
}

/// Asks the clerk to choose the scanner (must run from a click).
pub async fn pair() -> Result<HidDevice, JsValue> {
    let filter = HidDeviceFilter::new();
    filter.set_usage_page(hid_pos::USAGE_PAGE);
    webhid::request(filter).await
}

/// A scanner paired before, if the browser still grants it.
pub async fn remembered() -> Option<HidDevice> {
    webhid::remembered(is_scanner).await
}

/// Opens the scanner; every input report's data goes to `on_report` until the returned
/// listener is dropped.
pub async fn listen(
    device: &HidDevice,
    mut on_report: impl FnMut(Vec<u8>) + 'static,
) -> Result<Closure<dyn FnMut(HidInputReportEvent)>, JsValue> {
    webhid::open(device).await?;
    let listener =
        Closure::<dyn FnMut(HidInputReportEvent)>::new(move |event: HidInputReportEvent| {
            on_report(bytes(&event.data()))
        });
    device.set_oninputreport(Some(listener.as_ref().unchecked_ref()));
    Ok(listener)
}

pub fn name(device: &HidDevice) -> String {
    device.product_name()
}
