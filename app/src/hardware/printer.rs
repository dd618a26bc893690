//! The receipt printer: paired over WebUSB where the browser can, otherwise the print dialog.

use crate::messages::Text;
use crate::platform::usb_printer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::UsbDevice;

#[derive(Clone, Copy)]
pub struct Printer {
    device: RwSignal<Option<UsbDevice>, LocalStorage>,
    /// What the last print or pairing did, for a live region.
    pub outcome: RwSignal<Option<Text>>,
}

impl Printer {
    /// Starts with the printer the browser remembers, if any.
    pub fn start() -> Self {
        let printer = Self {
            device: RwSignal::new_local(None),
            outcome: RwSignal::new(None),
        };
        spawn_local(async move {
            if let Some(device) = usb_printer::remembered().await {
                printer.device.try_set(Some(device));
            }
        });
        printer
    }

    pub fn usb_name(&self) -> Option<String> {
        self.device.with(|d| d.as_ref().map(usb_printer::name))
    }

    pub fn pair(self) {
        spawn_local(async move {
            match usb_printer::pair().await {
                Ok(device) => {
                    self.device.try_set(Some(device));
                    self.outcome.try_set(Some(Text::PrinterPaired));
                }
                Err(_) => {
                    self.outcome.try_set(Some(Text::PrinterNotPaired));
                }
            }
        });
    }

    /// Sends the bytes over USB; without a paired printer runs `fallback` (the print dialog).
    pub fn print(self, bytes: Vec<u8>, fallback: impl FnOnce()) {
        let Some(device) = self.device.get_untracked() else {
            fallback();
            return;
        };
        spawn_local(async move {
            let outcome = match usb_printer::print(&device, &bytes).await {
                Ok(()) => Text::PrinterSent,
                Err(_) => Text::PrinterFailed,
            };
            self.outcome.try_set(Some(outcome));
        });
    }
}
