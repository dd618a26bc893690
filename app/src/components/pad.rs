//! The signature pad: a Wacom STU paired over WebHID where the browser can; otherwise the
//! citizen signs on the screen. The clerk always sees which path is active.

use crate::components::signature_pad::SignaturePad;
use crate::messages::{Text, tr};
use crate::platform::hid_pad;
use domain::cases::Signature;
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

    fn pair(self) {
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

/// The pad's line in the devices section, with a test signature on whichever path is active
/// (kept nowhere).
#[component]
pub fn PadPanel() -> impl IntoView {
    let pad = expect_context::<Pad>();
    let testing = RwSignal::new(false);
    let tested = move |_: Signature| {
        pad.outcome.set(Some(Text::PadTestTaken));
        testing.set(false);
    };
    let path = move || match pad.name() {
        Some(name) => format!("{} {name}", tr(Text::PadHid)()),
        None => tr(Text::PadScreen)().to_owned(),
    };
    view! {
        <div class="device">
            <p>{tr(Text::SignaturePad)} ": " <span data-testid="pad-path">{path}</span></p>
            <div class="actions">
                {hid_pad::available().then(|| view! {
                    <button type="button" on:click=move |_| pad.pair()>{tr(Text::PadPair)}</button>
                })}
                <button type="button" aria-expanded=move || testing.get().to_string()
                    on:click=move |_| testing.update(|t| *t = !*t)>{tr(Text::PadTest)}</button>
            </div>
            <Show when=move || testing.get()>
                <SignaturePad on_take=tested />
            </Show>
            <p role="status" data-testid="pad-outcome">{move || pad.outcome.get().map(|t| tr(t)())}</p>
        </div>
    }
}
