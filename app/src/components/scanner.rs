//! The barcode scanner: in HID POS mode paired over WebHID, its reports joined into scans by
//! `devices::hid_pos`; otherwise (the default of most scanners, and every browser without
//! WebHID) in keyboard mode, read by `ScanToOpen`. The clerk sees which path is active and the
//! last code scanned, which is also the scanner's test.

use crate::hardware::scanner::Scanner;
use crate::messages::{Text, tr};
use crate::platform::webhid;
use leptos::prelude::*;

/// The scanner's line in the devices section.
#[component]
pub fn ScannerPanel() -> impl IntoView {
    let scanner = expect_context::<Scanner>();
    let path = move || match scanner.name() {
        Some(name) => format!("{} {name}", tr(Text::ScannerHid)()),
        None => tr(Text::ScannerWedge)().to_owned(),
    };
    view! {
        <div class="device">
            <p>{tr(Text::ScannerPath)} ": " <span data-testid="scanner-path">{path}</span></p>
            {webhid::available().then(|| view! {
                <button type="button" on:click=move |_| scanner.pair()>{tr(Text::ScannerPair)}</button>
            })}
            <p role="status" data-testid="scanner-outcome">
                {move || scanner.outcome.get().map(|t| tr(t)())}
                {move || scanner.last.get().map(|s| view! { " " {tr(Text::LastScan)} " " <code>{s.text}</code> })}
            </p>
        </div>
    }
}
