//! The Bürger-Terminal: a kiosk in a village (a former municipal building, a bank branch, a care
//! home) where citizens take care of matters with the municipality themselves. It is enrolled
//! like a laptop, but as a terminal bound to one of the municipality's places (`enrolment`: the
//! admin's one-time code, and the credential it keeps; nothing else stays in the browser), with
//! its printer and card terminal paired while it is set up (`devices`). It reports in every few
//! seconds and stops at once when revoked. While nobody uses it, it shows
//! `welcome`; each citizen gets a `session` that lives in memory only and is dropped when they
//! finish or walk away. There they see when the Koffer comes to this place (`place_dates`) and
//! book it (`booking`), take care of a matter alone (`self_service`), ask to be called back
//! (`callback`) or talk to the town hall (`talk`). Large type, touch and keyboard, German and
//! English, and the screen `read_aloud` on request.

pub mod booking;
pub mod callback;
pub mod devices;
pub mod duty_line;
pub mod enrolment;
pub mod focus;
pub mod messages;
pub mod place_dates;
pub mod read_aloud;
pub mod self_service;
pub mod session;
pub mod talk;
pub mod welcome;

use domain::wire::{DeviceProof, ErrorCode, TerminalContact};
use duty_line::DutyLine;
use enrolment::SetUp;
use leptos::prelude::*;
use leptos::task::spawn_local;
use messages::{Text, failure_text};
use read_aloud::ReadAloud;
use session::Session;
use std::time::Duration;
use ui::{Language, api, http, tr};
use welcome::Welcome;

/// How often the terminal reports in: how soon it learns it was revoked, or a date was planned.
const CONTACT_EVERY: Duration = Duration::from_secs(5);

/// Mounts the terminal into `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(App);
}

/// Where the kiosk stands.
#[derive(Debug, Clone, PartialEq)]
enum Kiosk {
    /// Not a terminal yet: waits for the admin's code.
    SetUp,
    Enrolled(DeviceProof),
    /// Revoked: it wiped itself and does nothing more.
    Stopped,
}

#[component]
pub fn App() -> impl IntoView {
    // The citizen's language is theirs, not the kiosk's: German for each new session, kept
    // nowhere.
    let language = RwSignal::new(Language::German);
    provide_context(language);
    Effect::new(move |_| ui::preferences::set_page_language(language.get()));
    let read_aloud = ReadAloud(RwSignal::new(false));
    provide_context(read_aloud);
    provide_context(ui::usb_printer::PairedPrinter::start());
    provide_context(ui::card_terminal::CardTerminal::start());

    let kiosk = RwSignal::new(enrolment::saved_proof().map_or(Kiosk::SetUp, Kiosk::Enrolled));
    let contact = RwSignal::new(None::<TerminalContact>);
    let problem = RwSignal::new(None::<String>);
    // A citizen is at the kiosk; each start draws a new session, each end drops it.
    let citizen = RwSignal::new(false);

    let end_session = move || {
        citizen.try_set(false);
        language.try_set(Language::German);
        read_aloud.0.try_set(false);
        read_aloud::silence();
        if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
            let _ = storage.clear();
        }
    };
    let start_session = move || citizen.set(true);
    let stop = move || {
        enrolment::forget_everything();
        end_session();
        contact.try_set(None);
        kiosk.try_set(Kiosk::Stopped);
    };

    let report_in = move || {
        let Some(Kiosk::Enrolled(proof)) = kiosk.try_get_untracked() else {
            return;
        };
        spawn_local(async move {
            match http::send(api::terminal_contact(&proof), None).await {
                Ok(answer) => {
                    problem.try_set(None);
                    // Unchanged, the page stays as it is: a list drawn anew would take the
                    // focus from the control a citizen is on.
                    if contact.try_with_untracked(|known| known.as_ref() != Some(&answer))
                        == Some(true)
                    {
                        contact.try_set(Some(answer));
                    }
                }
                Err(failure) if failure.code() == Some(ErrorCode::DeviceRevoked) => stop(),
                // The server no longer knows it (restored from a backup made before): it is
                // set up again with a new code.
                Err(failure) if failure.code() == Some(ErrorCode::UnknownDevice) => {
                    enrolment::forget_everything();
                    end_session();
                    contact.try_set(None);
                    kiosk.try_set(Kiosk::SetUp);
                }
                Err(failure) => {
                    problem.try_set(Some(failure_text(&failure, language.get_untracked())));
                }
            }
        });
    };
    report_in();
    let _ = set_interval_with_handle(report_in, CONTACT_EVERY);

    let on_enrolled = Callback::new(move |proof: DeviceProof| {
        kiosk.set(Kiosk::Enrolled(proof));
        report_in();
    });
    let contact = Signal::from(contact);
    let on_start = Callback::new(move |()| start_session());
    let on_end = Callback::new(move |()| end_session());
    let on_revoked = Callback::new(move |()| stop());
    view! {
        <header class="masthead kiosk-masthead">
            <p class="app-name">{tr(Text::TerminalName)}</p>
        </header>
        <main>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {move || match kiosk.get() {
                Kiosk::SetUp => view! { <SetUp on_enrolled=on_enrolled /> }.into_any(),
                Kiosk::Stopped => view! {
                    <section aria-labelledby="stopped-title" data-testid="stopped">
                        <h1 id="stopped-title">{tr(Text::Stopped)}</h1>
                        <p>{tr(Text::StoppedExplanation)}</p>
                    </section>
                }
                .into_any(),
                Kiosk::Enrolled(device) => view! {
                    <Enrolled device contact citizen=citizen.into() on_start on_end on_revoked />
                }
                .into_any(),
            }}
        </main>
    }
}

/// An enrolled terminal: its line to the town hall, and a citizen's session or the welcome.
#[component]
fn Enrolled(
    device: DeviceProof,
    contact: Signal<Option<TerminalContact>>,
    citizen: Signal<bool>,
    on_start: Callback<()>,
    on_end: Callback<()>,
    on_revoked: Callback<()>,
) -> impl IntoView {
    provide_context(DutyLine::hold(device.clone(), on_revoked));
    move || {
        if citizen.get() {
            view! { <Session contact=contact device=device.clone() on_end=on_end /> }.into_any()
        } else {
            view! { <Welcome contact=contact on_start=on_start /> }.into_any()
        }
    }
}

// The tests run in headless Chromium, where the terminal does.
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
