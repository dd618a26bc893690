//! The terminal's line to the town hall: the assistance socket, held open while the terminal is
//! enrolled. Over it the terminal learns whether anyone is on duty (else it offers a call-back
//! or a booking), a citizen's call runs (`talk`), and a revocation arrives at once.

use domain::assistance::{EndReason, FromParty, ToParty};
use domain::wire::{DeviceProof, IceServer};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::time::Duration;
use ui::video_call::Line;
use ui::{api, http};

/// How long the terminal waits before it opens a lost line again.
const REOPEN_AFTER: Duration = Duration::from_secs(5);
/// How often the terminal opens its line anew between calls: the TURN credential its ticket
/// brought holds a day (`server::assistance::turn`).
const RENEW_EVERY: Duration = Duration::from_secs(12 * 60 * 60);

type Listener = Rc<dyn Fn(ToParty)>;

#[derive(Clone, Copy)]
pub struct DutyLine {
    /// Whether anyone in the town hall is on duty for this terminal.
    pub staffed: RwSignal<bool>,
    /// Whether a citizen's call is under way (starting, ringing or connected).
    pub calling: RwSignal<bool>,
    line: StoredValue<Option<Rc<Line>>, LocalStorage>,
    /// Where the line's calls relay through (from its ticket).
    ice_servers: StoredValue<Vec<IceServer>>,
    /// The call under way, if any: it hears everything but duty and revocation.
    listener: StoredValue<Option<Listener>, LocalStorage>,
    /// Set when the terminal stops being enrolled: the line is not opened again.
    closed: StoredValue<bool>,
}

impl DutyLine {
    /// Opens the line for `device` and keeps it open; `on_revoked` runs when the server says
    /// the terminal was revoked. Closed when the calling component goes.
    pub fn hold(device: DeviceProof, on_revoked: Callback<()>) -> Self {
        let duty = Self {
            staffed: RwSignal::new(false),
            calling: RwSignal::new(false),
            line: StoredValue::new_local(None),
            ice_servers: StoredValue::new(Vec::new()),
            listener: StoredValue::new_local(None),
            closed: StoredValue::new(false),
        };
        duty.open(device.clone(), on_revoked);
        let renewal = set_interval_with_handle(
            move || {
                if duty.calling.try_get_untracked() == Some(false) {
                    // Dropped from a timer, not from its own handler: it closes quietly.
                    duty.line.try_set_value(None);
                    duty.open(device.clone(), on_revoked);
                }
            },
            RENEW_EVERY,
        );
        on_cleanup(move || {
            duty.closed.try_set_value(true);
            duty.line.try_set_value(None);
            if let Ok(renewal) = renewal {
                renewal.clear();
            }
        });
        duty
    }

    fn open(self, device: DeviceProof, on_revoked: Callback<()>) {
        if self.closed.try_get_value() != Some(false) {
            return;
        }
        spawn_local(async move {
            let ticket = http::send(api::terminal_assistance_ticket(&device), None).await;
            let reopen_device = device.clone();
            let reopen = move || {
                let device = reopen_device.clone();
                set_timeout(move || self.open(device, on_revoked), REOPEN_AFTER);
            };
            // A refused ticket (revoked, unknown) is the contact's to act on; this tries again.
            let Ok(ticket) = ticket else {
                reopen();
                return;
            };
            let heard = move |message: ToParty| match message {
                ToParty::Duty { staffed } => {
                    self.staffed.try_set(staffed);
                }
                ToParty::Ended {
                    reason: EndReason::Revoked,
                } => {
                    self.closed.try_set_value(true);
                    // After this handler: stopping drops the line whose handler this is.
                    set_timeout(move || on_revoked.run(()), Duration::ZERO);
                }
                other => self.tell_listener(other),
            };
            // The dead line stays until the next replaces it: it may not drop itself from its
            // own handler.
            let lost = move || {
                self.staffed.try_set(false);
                self.tell_listener(ToParty::Ended {
                    reason: EndReason::PeerLeft,
                });
                reopen();
            };
            if let Ok(line) = Line::open(&ticket.ticket, heard, lost) {
                self.line.try_set_value(Some(Rc::new(line)));
                self.ice_servers.try_set_value(ticket.ice_servers);
            }
        });
    }

    fn tell_listener(self, message: ToParty) {
        if let Some(Some(listener)) = self.listener.try_get_value() {
            listener(message);
        }
    }

    /// The open line, for a call's negotiation.
    pub fn line(self) -> Option<Rc<Line>> {
        self.line.try_get_value().flatten()
    }

    /// Where a call relays through when the browsers cannot meet directly.
    pub fn ice_servers(self) -> Vec<IceServer> {
        self.ice_servers.try_get_value().unwrap_or_default()
    }

    pub fn send(self, message: &FromParty) {
        if let Some(line) = self.line() {
            line.send(message);
        }
    }

    /// The call under way hears the line from now on (`None`: nobody).
    pub fn listen(self, listener: Option<Listener>) {
        self.listener.try_set_value(listener);
    }
}
