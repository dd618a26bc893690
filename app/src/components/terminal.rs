//! The card-payment terminal: a ZVT terminal on a serial cable, reached over Web Serial where
//! the browser can; otherwise the clerk takes the card on a standalone terminal and copies the
//! receipt number by hand. The clerk always sees which path is active and what the terminal
//! shows the citizen.

use crate::messages::{Language, Text, tr};
use domain::catalogue::euro;
use leptos::prelude::*;
use ui::card_terminal::words::payment_state_text;
use ui::card_terminal::{CardTerminal, Pairing, serial};

/// What the terminal does, in a live region; and the cancel button while it runs.
#[component]
pub fn PaymentProgress() -> impl IntoView {
    let terminal = expect_context::<CardTerminal>();
    let language = expect_context::<RwSignal<Language>>();
    view! {
        <p role="status" data-testid="terminal-state">
            {move || terminal.state.with(|s| payment_state_text::<Text>(s, language.get()))}
        </p>
        <Show when=move || terminal.is_running()>
            <button type="button" on:click=move |_| terminal.cancel()>{tr(Text::Cancel)}</button>
        </Show>
    }
}

/// Card payment in a visit's fee step: on the connected terminal, or (without one) the hint to
/// take the card on the standalone terminal and copy its receipt number.
#[component]
pub fn CardPayment(
    cents: Signal<u32>,
    /// Hears the terminal's receipt number once the payment went through.
    on_paid: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let terminal = expect_context::<CardTerminal>();
    terminal.reset();
    let pay = move |_| {
        terminal.pay(u64::from(cents.get_untracked()), move |approval| {
            if let Some(receipt) = approval.receipt_number {
                on_paid(receipt);
            }
        });
    };
    view! {
        <div class="card-payment">
            {move || if terminal.is_paired() {
                view! {
                    <button type="button" disabled=move || terminal.is_running() on:click=pay>
                        {tr(Text::PayOnTerminal)} " " {move || euro(cents.get())}
                    </button>
                    <PaymentProgress />
                }
                .into_any()
            } else {
                view! { <p class="small" data-testid="terminal-path">{tr(Text::PayStandalone)}</p> }.into_any()
            }}
        </div>
    }
}

fn pairing_text(pairing: Pairing) -> &'static str {
    tr(match pairing {
        Pairing::Paired => Text::TerminalPaired,
        Pairing::NotPaired => Text::TerminalNotPaired,
    })()
}

/// The terminal's line in the devices section: which path takes cards, pairing, a test payment.
#[component]
pub fn TerminalPanel() -> impl IntoView {
    let terminal = expect_context::<CardTerminal>();
    let path = move || match terminal.name() {
        Some(name) => format!("{} {name}", tr(Text::TerminalSerial)()),
        None => tr(Text::TerminalStandalone)().to_owned(),
    };
    view! {
        <div class="device">
            <p>{tr(Text::PaymentTerminal)} ": " <span data-testid="terminal-path">{path}</span></p>
            {if serial::available() {
                view! {
                    <div class="actions">
                        <button type="button" on:click=move |_| terminal.pair()>{tr(Text::TerminalPair)}</button>
                        <button type="button" disabled=move || !terminal.is_paired() || terminal.is_running()
                            on:click=move |_| terminal.pay(1, |_| {})>{tr(Text::TerminalTest)}</button>
                    </div>
                }
                .into_any()
            } else {
                view! { <p class="small">{tr(Text::NoWebSerial)}</p> }.into_any()
            }}
            <p role="status" data-testid="terminal-outcome">{move || terminal.outcome.get().map(pairing_text)}</p>
            <PaymentProgress />
        </div>
    }
}
