//! The settings screen: when the Koffer locks itself, and handing the laptop back (after a last
//! transfer, which must reach the server before anything is wiped).

use crate::access::{self, AccessSignal, HandBackRefused, Workspace};
use crate::desk::Desk;
use crate::messages::{Text, tr};
use crate::sync::SyncEngine;
use domain::vault::IdleLock;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SettingsPage(
    workspace: StoredValue<Workspace, LocalStorage>,
    idle_minutes: RwSignal<u64>,
) -> impl IntoView {
    let access = expect_context::<AccessSignal>();
    let desk = expect_context::<Desk>();
    let sync = expect_context::<SyncEngine>();
    let hand_back_refused = RwSignal::new(None::<HandBackRefused>);
    let confirming_hand_back = RwSignal::new(false);
    let handing_back = RwSignal::new(false);

    let choose_idle = move |event: leptos::ev::Event| {
        let Ok(minutes) = event_target_value(&event).parse::<u64>() else {
            return;
        };
        idle_minutes.set(minutes);
        let vault = workspace.get_value().store.vault().clone();
        spawn_local(async move {
            if let Ok(Some(mut device)) = vault.device().await {
                device.idle_minutes = minutes;
                let _ = vault.save_device(&device).await;
            }
        });
    };

    // A transfer comes first, whatever the schedule says: it is what finds out that a server
    // restored from a backup lost cases this laptop holds as transferred, and sends them again.
    let hand_back = move |_| {
        confirming_hand_back.set(false);
        handing_back.set(true);
        spawn_local(async move {
            let nothing_to_lose = desk
                .cases
                .try_with_untracked(Vec::is_empty)
                .unwrap_or(false);
            let server_confirmed = nothing_to_lose || sync.run_to_end().await.is_ok();
            // Locked meanwhile (idle time): the page is gone, and with it the hand-back.
            let Some(workspace) = workspace.try_get_value() else {
                return;
            };
            if let Err(refused) = access::hand_back(access, workspace, server_confirmed).await {
                hand_back_refused.set(Some(refused));
                handing_back.set(false);
            }
        });
    };

    let untransferred_text = tr(Text::HandBackRefused);
    let unconfirmed_text = tr(Text::HandBackUnconfirmed);
    view! {
        <section class="panel" aria-labelledby="settings-title">
            <h2 id="settings-title">{tr(Text::SectionSettings)}</h2>
            <div class="field">
                <label for="idle-minutes">{tr(Text::IdleLockAfter)}</label>
                <select id="idle-minutes" on:change=choose_idle prop:value=move || idle_minutes.get().to_string()>
                    {IdleLock::CHOICES_MINUTES.map(|m| view! { <option value=m.to_string()>{m}</option> })}
                </select>
            </div>
            <div class="hand-back card">
                <h3>{tr(Text::HandBack)}</h3>
                <Show
                    when=move || !handing_back.get()
                    fallback=|| view! { <p role="status">{tr(Text::HandBackTransferring)}</p> }
                >
                    <Show
                        when=move || confirming_hand_back.get()
                        fallback=move || view! {
                            <button type="button" on:click=move |_| { hand_back_refused.set(None); confirming_hand_back.set(true) }>
                                {tr(Text::HandBack)}
                            </button>
                        }
                    >
                        <p>{tr(Text::HandBackConfirm)}</p>
                        <div class="actions">
                            <button type="button" class="danger" on:click=hand_back>{tr(Text::HandBackYes)}</button>
                            <button type="button" on:click=move |_| confirming_hand_back.set(false)>{tr(Text::Cancel)}</button>
                        </div>
                    </Show>
                </Show>
                <div role="alert">
                    {move || hand_back_refused.get().map(|refused| view! {
                        <p class="warning" data-testid="hand-back-refused">
                            {match refused {
                                HandBackRefused::Untransferred(n) => format!("{} {n}", untransferred_text()),
                                HandBackRefused::Unconfirmed => unconfirmed_text().to_string(),
                            }}
                        </p>
                    })}
                </div>
            </div>
        </section>
    }
}
