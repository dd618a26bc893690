//! The barcode scanner in HID POS mode, paired over WebHID; its reports joined into scans by
//! `devices::hid_pos`.

use crate::messages::Text;
use crate::platform::hid_scanner;
use devices::hid_pos::HidPosReader;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use web_sys::{HidDevice, HidInputReportEvent};

/// One scan, numbered so that scanning the same code twice is seen twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    pub sequence: u32,
    pub text: String,
}

type Listener = Closure<dyn FnMut(HidInputReportEvent)>;

#[derive(Clone, Copy)]
pub struct Scanner {
    device: RwSignal<Option<HidDevice>, LocalStorage>,
    /// Keeps the report listener alive while the scanner is in use.
    listener: StoredValue<Option<Listener>, LocalStorage>,
    pub last: RwSignal<Option<Scanned>>,
    pub outcome: RwSignal<Option<Text>>,
}

impl Scanner {
    /// Starts with the scanner the browser remembers, if any.
    pub fn start() -> Self {
        let scanner = Self {
            device: RwSignal::new_local(None),
            listener: StoredValue::new_local(None),
            last: RwSignal::new(None),
            outcome: RwSignal::new(None),
        };
        spawn_local(async move {
            if let Some(device) = hid_scanner::remembered().await {
                scanner.listen(device).await;
            }
        });
        scanner
    }

    pub fn name(&self) -> Option<String> {
        self.device.with(|d| d.as_ref().map(hid_scanner::name))
    }

    pub fn pair(self) {
        spawn_local(async move {
            match hid_scanner::pair().await {
                Ok(device) => {
                    if self.listen(device).await {
                        self.outcome.try_set(Some(Text::ScannerPaired));
                    }
                }
                Err(_) => {
                    self.outcome.try_set(Some(Text::ScannerNotPaired));
                }
            }
        });
    }

    async fn listen(self, device: HidDevice) -> bool {
        let mut reader = HidPosReader::default();
        let on_report = move |data: Vec<u8>| match reader.handle(&data) {
            Ok(Some(scan)) => {
                self.last.try_update(|last| {
                    let sequence = last.as_ref().map_or(1, |l| l.sequence + 1);
                    *last = Some(Scanned {
                        sequence,
                        text: scan.text,
                    });
                });
            }
            Ok(None) => {}
            Err(_) => {
                self.outcome.try_set(Some(Text::ScannerBroken));
            }
        };
        match hid_scanner::listen(&device, on_report).await {
            Ok(listener) => {
                self.listener.try_set_value(Some(listener));
                self.device.try_set(Some(device));
                true
            }
            Err(_) => {
                self.outcome.try_set(Some(Text::ScannerNotPaired));
                false
            }
        }
    }
}
