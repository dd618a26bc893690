//! Receipt printers over WebUSB, for the Koffer and the Bürger-Terminal alike: pair on a
//! person's click (or a kiosk's browser policy grants it), find a remembered printer again, and
//! send ESC/POS bytes to its bulk OUT endpoint. Chromium only; elsewhere the Koffer prints
//! through the browser's own dialog (80 mm layout).

use js_sys::Reflect;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Usb, UsbDevice, UsbDeviceFilter, UsbDeviceRequestOptions, UsbDirection, UsbEndpointType,
};

/// Vendors of receipt printers seen in open-source drivers: Epson, Star, Citizen, Bixolon.
const PRINTER_VENDORS: [u16; 4] = [0x04b8, 0x0519, 0x1d90, 0x1504];
/// USB class of printers, for any other vendor's printer.
const PRINTER_CLASS: u8 = 0x07;

fn usb() -> Option<Usb> {
    let navigator = web_sys::window()?.navigator();
    Reflect::has(&navigator, &JsValue::from_str("usb"))
        .unwrap_or(false)
        .then(|| navigator.usb())
}

/// Whether this browser offers WebUSB at all.
pub fn available() -> bool {
    usb().is_some()
}

/// Asks the person to choose a printer (must run from a click).
pub async fn pair() -> Result<UsbDevice, JsValue> {
    let usb = usb().ok_or_else(|| JsValue::from_str("WebUSB unavailable"))?;
    let mut filters: Vec<UsbDeviceFilter> = PRINTER_VENDORS
        .iter()
        .map(|&vendor| {
            let filter = UsbDeviceFilter::new();
            filter.set_vendor_id(vendor);
            filter
        })
        .collect();
    let by_class = UsbDeviceFilter::new();
    by_class.set_class_code(PRINTER_CLASS);
    filters.push(by_class);
    let device =
        JsFuture::from(usb.request_device(&UsbDeviceRequestOptions::new(&filters))).await?;
    Ok(device.unchecked_into())
}

/// A printer paired before, if the browser still grants it.
pub async fn remembered() -> Option<UsbDevice> {
    let devices = JsFuture::from(usb()?.get_devices()).await.ok()?;
    js_sys::Array::from(&devices)
        .get(0)
        .dyn_into::<JsValue>()
        .ok()
        .filter(|d| !d.is_undefined())
        .map(JsCast::unchecked_into)
}

pub fn name(device: &UsbDevice) -> String {
    device
        .product_name()
        .unwrap_or_else(|| format!("USB {:04x}:{:04x}", device.vendor_id(), device.product_id()))
}

/// Opens the printer if needed and sends `bytes` to its first bulk OUT endpoint.
pub async fn print(device: &UsbDevice, bytes: &[u8]) -> Result<(), JsValue> {
    if !device.opened() {
        JsFuture::from(device.open()).await?;
    }
    if device.configuration().is_none() {
        JsFuture::from(device.select_configuration(1)).await?;
    }
    JsFuture::from(device.claim_interface(0)).await?;
    let configuration = device
        .configuration()
        .ok_or_else(|| JsValue::from_str("no configuration"))?;
    let endpoint = configuration
        .interfaces()
        .iter()
        .flat_map(|interface| interface.alternate().endpoints().iter().collect::<Vec<_>>())
        .find(|e| e.direction() == UsbDirection::Out && e.type_() == UsbEndpointType::Bulk)
        .ok_or_else(|| JsValue::from_str("no bulk OUT endpoint"))?;
    // A copy owned by JavaScript: the transfer outlives this call's view of wasm memory.
    let data = js_sys::Uint8Array::from(bytes);
    JsFuture::from(device.transfer_out_with_u8_array(endpoint.endpoint_number(), &data)?).await?;
    Ok(())
}

/// The printer an app prints to: the one the browser remembers, or the one paired since.
#[derive(Clone, Copy)]
pub struct PairedPrinter {
    device: RwSignal<Option<UsbDevice>, LocalStorage>,
}

impl PairedPrinter {
    /// Starts with the printer the browser remembers, if any.
    pub fn start() -> Self {
        let printer = Self {
            device: RwSignal::new_local(None),
        };
        spawn_local(async move {
            if let Some(device) = remembered().await {
                printer.device.try_set(Some(device));
            }
        });
        printer
    }

    /// The paired printer's name; `None` without one.
    pub fn name(self) -> Option<String> {
        self.device.with(|device| device.as_ref().map(name))
    }

    /// Asks the person to choose a printer (must run from a click).
    pub async fn pair(self) -> Result<(), JsValue> {
        let device = pair().await?;
        self.device.try_set(Some(device));
        Ok(())
    }

    /// Whether a printer is paired.
    pub fn is_paired(self) -> bool {
        self.device.with_untracked(Option::is_some)
    }

    /// Sends `bytes` to the paired printer; an error without one.
    pub async fn print(self, bytes: &[u8]) -> Result<(), JsValue> {
        let device = self
            .device
            .get_untracked()
            .ok_or_else(|| JsValue::from_str("no printer paired"))?;
        print(&device, bytes).await
    }
}

/// A receipt's fixed words in `language`, as an app's `Text` has them.
pub fn receipt_labels<T: crate::form_view::FormWords>(
    language: crate::Language,
) -> devices::escpos::ReceiptLabels<'static> {
    devices::escpos::ReceiptLabels {
        fee: T::RECEIPT_FEE.in_language(language),
        paid: T::RECEIPT_PAID.in_language(language),
        case: T::RECEIPT_CASE.in_language(language),
        thanks: T::RECEIPT_THANKS.in_language(language),
    }
}

/// How a case was paid, as its printed receipt states it in `language` ("Karte, Beleg 0042").
pub fn how_paid<T: crate::form_view::FormWords>(
    payment: &domain::cases::Payment,
    language: crate::Language,
) -> String {
    use domain::cases::{Payment, PaymentMethod};
    let say = |text: T| text.in_language(language);
    match payment {
        Payment::Paid { method, receipt } => {
            let method = match method {
                PaymentMethod::Cash => say(T::RECEIPT_CASH),
                PaymentMethod::Card => say(T::RECEIPT_CARD),
            };
            if receipt.is_empty() {
                method.to_owned()
            } else {
                format!("{method}, {} {receipt}", say(T::RECEIPT_VOUCHER))
            }
        }
        Payment::Invoiced => say(T::RECEIPT_INVOICED).to_owned(),
        Payment::Free | Payment::Open => String::new(),
    }
}
