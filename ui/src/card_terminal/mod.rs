//! The card-payment terminal: a ZVT terminal on a serial cable, reached over Web Serial
//! (`serial`); one payment at a time, and where it stands in the words of whoever pays
//! (`words`). The clerk's Koffer takes a visit's fee on it, the Bürger-Terminal the citizen's.

pub mod serial;
pub mod words;

use devices::zvt::payment::{Approval, PaymentState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::SerialPort;

/// What the last pairing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    Paired,
    NotPaired,
}

#[derive(Clone, Copy)]
pub struct CardTerminal {
    port: RwSignal<Option<SerialPort>, LocalStorage>,
    pub state: RwSignal<PaymentState>,
    cancel: RwSignal<bool>,
    pub outcome: RwSignal<Option<Pairing>>,
}

impl CardTerminal {
    /// Starts with the terminal's port the browser remembers, if any.
    pub fn start() -> Self {
        let terminal = Self {
            port: RwSignal::new_local(None),
            state: RwSignal::new(PaymentState::Idle),
            cancel: RwSignal::new(false),
            outcome: RwSignal::new(None),
        };
        spawn_local(async move {
            if let Some(port) = serial::remembered().await {
                terminal.port.try_set(Some(port));
            }
        });
        terminal
    }

    pub fn is_paired(&self) -> bool {
        self.port.with(Option::is_some)
    }

    pub fn is_running(&self) -> bool {
        self.state.with(PaymentState::is_running)
    }

    /// Whether a payment runs, untracked: for timers and clean-ups, which may come while the
    /// page is torn down.
    pub fn is_running_now(&self) -> bool {
        self.state.try_with_untracked(PaymentState::is_running) == Some(true)
    }

    pub fn name(&self) -> Option<String> {
        self.port.with(|p| p.as_ref().map(serial::name))
    }

    pub fn pair(self) {
        spawn_local(async move {
            match serial::pair().await {
                Ok(port) => {
                    self.port.try_set(Some(port));
                    self.outcome.try_set(Some(Pairing::Paired));
                }
                Err(_) => {
                    self.outcome.try_set(Some(Pairing::NotPaired));
                }
            }
        });
    }

    /// Runs a payment of `cents` on the terminal; `on_approved` hears the approval.
    pub fn pay(self, cents: u64, on_approved: impl FnOnce(Approval) + 'static) {
        let Some(port) = self.port.get_untracked() else {
            return;
        };
        if self.is_running() {
            return;
        }
        self.cancel.set(false);
        self.state.set(PaymentState::Running(None));
        spawn_local(async move {
            let result = serial::pay(
                &port,
                cents,
                |status| {
                    self.state.try_set(PaymentState::Running(Some(status)));
                },
                || self.cancel.try_get_untracked().unwrap_or(true),
            )
            .await;
            match result {
                Ok(approval) => {
                    self.state
                        .try_set(PaymentState::Approved(approval.receipt_number.clone()));
                    on_approved(approval);
                }
                Err(failure) => {
                    self.state.try_set(PaymentState::Failed(failure));
                }
            }
        });
    }

    pub fn cancel(self) {
        self.cancel.set(true);
    }

    /// Forgets the last outcome (a new fee starts clean), unless a payment runs.
    pub fn reset(self) {
        if !self.is_running() {
            self.state.set(PaymentState::Idle);
        }
    }
}
