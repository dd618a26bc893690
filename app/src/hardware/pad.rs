//! The signature pad: a Wacom STU paired over WebHID where the browser can; otherwise the
//! citizen signs on the screen.

use crate::messages::Text;
use crate::platform::hid_pad;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HidDevice;

#[derive(Clone, Copy)]
pub struct Pad {
    pub device: RwSignal<Option<HidDevice>, LocalStorage>,
    pub outcome: RwSignal<Option<Text>>,
}

impl Pad {
    /// Starts with the pad the browser remembers, if any.
    pub fn start() -> Self {
        let pad = Self {
            device: RwSignal::new_local(None),
            outcome: RwSignal::new(None),
        };
        spawn_local(async move {
            if let Some(device) = hid_pad::remembered().await {
                pad.device.try_set(Some(device));
            }
        });
        pad
    }

    pub fn name(&self) -> Option<String> {
        self.device.with(|d| d.as_ref().map(hid_pad::name))
    }

    pub fn pair(self) {
        spawn_local(async move {
            match hid_pad::pair().await {
                Ok(device) => {
                    self.device.try_set(Some(device));
                    self.outcome.try_set(Some(Text::PadPaired));
                }
                Err(_) => {
                    self.outcome.try_set(Some(Text::PadNotPaired));
                }
            }
        });
    }
}
