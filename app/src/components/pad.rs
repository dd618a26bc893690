//! The signature pad's line in the devices section: which path is active (a Wacom STU over
//! WebHID, or the screen), pairing, and a test signature.

use crate::components::signature_pad::SignaturePad;
use crate::hardware::pad::Pad;
use crate::messages::{Text, tr};
use crate::platform::hid_pad;
use domain::cases::Signature;
use leptos::prelude::*;

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
