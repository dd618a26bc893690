//! The locked Koffer: the passphrase unlocks it offline; past the offline lease the clerk must
//! also sign in online once.

use crate::access::{self, Access, AccessSignal, Problem, now_secs};
use crate::components::field::Field;
use crate::components::problem::ProblemNotice;
use crate::messages::{Text, tr};
use crate::pages::enrol::focus;
use crate::store::{DeviceRecord, Vault};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn UnlockPage(vault: Vault, device: DeviceRecord) -> impl IntoView {
    let access = expect_context::<AccessSignal>();
    let lease_expired = device.lease.is_expired(now_secs());
    let passphrase = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(lease_expired.then_some(Problem::Say(Text::LeaseExpired)));
    let busy = RwSignal::new(false);
    let vault = StoredValue::new_local(vault);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        let phrase = passphrase.get_untracked();
        let online = lease_expired.then(|| (username.get_untracked(), password.get_untracked()));
        let vault = vault.get_value();
        spawn_local(async move {
            match access::unlock(&vault, &phrase, online).await {
                Ok(workspace) => access.set(Access::Unlocked(workspace)),
                Err(error) => {
                    problem.set(Some(error));
                    passphrase.set(String::new());
                    busy.set(false);
                    focus("passphrase");
                }
            }
        });
    };
    // The clerk comes here to type the passphrase: put the cursor there.
    Effect::new(move |_| focus("passphrase"));

    view! {
        <section class="panel" aria-labelledby="unlock-title">
            <h2 id="unlock-title">{tr(Text::LockedHeading)}</h2>
            <p>{tr(Text::UnlockIntro)}</p>
            <form on:submit=submit novalidate>
                <Field id="passphrase" label=Text::Passphrase value=passphrase input_type="password" autocomplete="current-password" error=Signal::derive(|| None) />
                {lease_expired.then(|| view! {
                    <Field id="username" label=Text::Username value=username autocomplete="username" error=Signal::derive(|| None) />
                    <Field id="password" label=Text::Password value=password input_type="password" autocomplete="current-password" error=Signal::derive(|| None) />
                })}
                <ProblemNotice problem=problem />
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { tr(Text::Working)() } else { tr(Text::UnlockSubmit)() }}
                </button>
            </form>
        </section>
    }
}
