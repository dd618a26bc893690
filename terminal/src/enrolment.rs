//! The terminal's own credential, the one thing it keeps (in localStorage, never anything of a
//! citizen), and the screen that gets it: the admin's one-time code traded for it.

use crate::devices::KioskDevices;
use crate::messages::{Text, failure_text};
use domain::wire::{DeviceProof, TerminalEnrolment};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, http, tr};

const PROOF_KEY: &str = "buergerkoffer.terminal";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The credential this kiosk was enrolled with, if any.
pub fn saved_proof() -> Option<DeviceProof> {
    let text = local_storage()?.get_item(PROOF_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

fn save(proof: &DeviceProof) {
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(proof)) {
        // Without storage the kiosk asks for a code again after a reload; nothing else is lost.
        let _ = storage.set_item(PROOF_KEY, &text);
    }
}

/// Forgets everything the browser keeps for this origin's pages: a revoked terminal starts
/// from nothing (the server's answer also carries `Clear-Site-Data`).
pub fn forget_everything() {
    if let Some(storage) = local_storage() {
        let _ = storage.clear();
    }
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.clear();
    }
}

/// "Terminal einrichten": the code from the town hall's console, once.
#[component]
pub fn SetUp(on_enrolled: Callback<DeviceProof>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let code = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = TerminalEnrolment {
            code: code.get_untracked(),
        };
        working.set(true);
        spawn_local(async move {
            match http::send(api::enrol_terminal(), Some(&request)).await {
                Ok(proof) => {
                    save(&proof);
                    on_enrolled.run(proof);
                }
                Err(failure) => {
                    problem.try_set(Some(failure_text(&failure, language.get_untracked())));
                    working.try_set(false);
                }
            }
        });
    };
    view! {
        <section aria-labelledby="set-up-title">
            <h1 id="set-up-title">{tr(Text::SetUpHeading)}</h1>
            <p>{tr(Text::SetUpIntro)}</p>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <form on:submit=submit>
                <div class="field">
                    <label for="terminal-code">{tr(Text::SetUpCode)}</label>
                    <p class="hint" id="terminal-code-hint">{tr(Text::SetUpCodeHint)}</p>
                    <input id="terminal-code" type="text" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" aria-describedby="terminal-code-hint" bind:value=code />
                </div>
                <button type="submit" class="primary" disabled=move || working.get()>{tr(Text::SetUp)}</button>
            </form>
            <KioskDevices />
        </section>
    }
}
