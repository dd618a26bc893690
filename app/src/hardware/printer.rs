//! The receipt printer: paired over WebUSB where the browser can, otherwise the print dialog.

use crate::messages::Text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::usb_printer::PairedPrinter;

#[derive(Clone, Copy)]
pub struct Printer {
    paired: PairedPrinter,
    /// What the last print or pairing did, for a live region.
    pub outcome: RwSignal<Option<Text>>,
}

impl Printer {
    /// Starts with the printer the browser remembers, if any.
    pub fn start() -> Self {
        Self {
            paired: PairedPrinter::start(),
            outcome: RwSignal::new(None),
        }
    }

    pub fn usb_name(&self) -> Option<String> {
        self.paired.name()
    }

    pub fn pair(self) {
        spawn_local(async move {
            let outcome = match self.paired.pair().await {
                Ok(()) => Text::PrinterPaired,
                Err(_) => Text::PrinterNotPaired,
            };
            self.outcome.try_set(Some(outcome));
        });
    }

    /// Sends the bytes over USB; without a paired printer runs `fallback` (the print dialog).
    pub fn print(self, bytes: Vec<u8>, fallback: impl FnOnce()) {
        if !self.paired.is_paired() {
            fallback();
            return;
        }
        spawn_local(async move {
            let outcome = match self.paired.print(&bytes).await {
                Ok(()) => Text::PrinterSent,
                Err(_) => Text::PrinterFailed,
            };
            self.outcome.try_set(Some(outcome));
        });
    }
}
