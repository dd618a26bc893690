//! The devices screen: the receipt printer, the signature pad, the scanner and the card
//! terminal, each with its way to connect and to test, and what works without them.

use crate::components::pad::PadPanel;
use crate::components::printer::PrinterPanel;
use crate::components::scanner::ScannerPanel;
use crate::components::terminal::TerminalPanel;
use crate::messages::{Text, tr};
use leptos::prelude::*;

#[component]
pub fn DevicesPage() -> impl IntoView {
    view! {
        <section class="devices" aria-labelledby="devices-title">
            <h2 id="devices-title">{tr(Text::DevicesHeading)}</h2>
            <PrinterPanel />
            <PadPanel />
            <ScannerPanel />
            <TerminalPanel />
            <p class="small">{tr(Text::DevicesMissing)}</p>
        </section>
    }
}
