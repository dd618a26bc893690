//! The card-payment terminal: a ZVT terminal on a serial cable, reached over Web Serial; one
//! payment at a time, its state for the clerk.

use crate::messages::Text;
use crate::platform::serial_terminal;
use devices::zvt::payment::{Approval, PaymentState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::SerialPort;

#[derive(Clone, Copy)]
pub struct Terminal {
    port: RwSignal<Option<SerialPort>, LocalStorage>,
    pub state: RwSignal<PaymentState>,
    cancel: RwSignal<bool>,
    /// What the last pairing did.
    pub outcome: RwSignal<Option<Text>>,
}

impl Terminal {
    /// Starts with the terminal's port the browser remembers, if any.
    pub fn start() -> Self {
        let terminal = Self {
            port: RwSignal::new_local(None),
            state: RwSignal::new(PaymentState::Idle),
            cancel: RwSignal::new(false),
            outcome: RwSignal::new(None),
        };
        spawn_local(async move {
            if let Some(port) = serial_terminal::remembered().await {
                terminal.port.try_set(Some(port));
            }
        });
        terminal
    }

    pub fn is_paired(&self) -> bool {
        self.port.with(Option::is_some)
    }

    pub fn is_running(&self) -> bool {
        self.state.with(|s| matches!(s, PaymentState::Running(_)))
    }

    pub fn name(&self) -> Option<String> {
        self.port.with(|p| p.as_ref().map(serial_terminal::name))
    }

    pub fn pair(self) {
        spawn_local(async move {
            match serial_terminal::pair().await {
                Ok(port) => {
                    self.port.try_set(Some(port));
                    self.outcome.try_set(Some(Text::TerminalPaired));
                }
                Err(_) => {
                    self.outcome.try_set(Some(Text::TerminalNotPaired));
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
            let result = serial_terminal::pay(
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

    /// Forgets the last outcome (a new visit's fee starts clean), unless a payment runs.
    pub fn reset(self) {
        if !self.is_running() {
            self.state.set(PaymentState::Idle);
        }
    }
}
