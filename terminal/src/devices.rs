//! The kiosk's devices, paired while it is set up (a kiosk browser's policy may grant them
//! instead): the receipt printer over WebUSB, where the citizen's receipt and what the town hall
//! prints in a call come out, and the card terminal over Web Serial, without which no service
//! with a fee is offered. The drivers are the Koffer's (`ui::usb_printer`, `ui::card_terminal`).

use crate::messages::Text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::card_terminal::{CardTerminal, Pairing, serial};
use ui::usb_printer::PairedPrinter;
use ui::{Language, fill, tr};

#[component]
pub fn KioskDevices() -> impl IntoView {
    view! {
        <PrinterSetUp />
        <CardTerminalSetUp />
    }
}

#[component]
fn PrinterSetUp() -> impl IntoView {
    let printer = expect_context::<PairedPrinter>();
    let language = expect_context::<RwSignal<Language>>();
    let failed = RwSignal::new(false);
    let pair = move |_| {
        spawn_local(async move {
            failed.try_set(printer.pair().await.is_err());
        });
    };
    view! {
        <div class="field" data-testid="printer-set-up">
            <p role="status">
                {move || match (printer.name(), failed.get()) {
                    (Some(name), _) => fill(Text::PrinterPaired, language.get(), &[&name]),
                    (None, true) => tr(Text::PrinterNotPaired)().to_owned(),
                    (None, false) => tr(Text::NoPrinter)().to_owned(),
                }}
            </p>
            <button type="button" on:click=pair>{tr(Text::PairPrinter)}</button>
        </div>
    }
}

#[component]
fn CardTerminalSetUp() -> impl IntoView {
    let card = expect_context::<CardTerminal>();
    let language = expect_context::<RwSignal<Language>>();
    view! {
        <div class="field" data-testid="card-terminal-set-up">
            <p role="status">
                {move || match (card.name(), card.outcome.get()) {
                    (Some(name), _) => fill(Text::CardTerminalPaired, language.get(), &[&name]),
                    (None, Some(Pairing::NotPaired)) => tr(Text::CardTerminalNotPaired)().to_owned(),
                    (None, _) => tr(Text::NoCardTerminal)().to_owned(),
                }}
            </p>
            <Show when=serial::available>
                <button type="button" on:click=move |_| card.pair()>{tr(Text::PairCardTerminal)}</button>
            </Show>
        </div>
    }
}
