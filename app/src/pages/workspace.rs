//! The unlocked Koffer: who is signed in, the screen of the moment (the day's overview, a visit,
//! a case), locking (on demand and after idle time) and handing the laptop back.

use crate::access::{self, AccessSignal, HandBackRefused, Workspace, now_ms};
use crate::components::problem::ProblemNotice;
use crate::desk::Desk;
use crate::hardware::pad::Pad;
use crate::hardware::printer::Printer;
use crate::hardware::scanner::Scanner;
use crate::hardware::terminal::Terminal;
use crate::messages::{Text, tr};
use crate::pages::Screen;
use crate::pages::{case::CasePage, correction::CorrectionPage, day::DayPage, visit::VisitPage};
use crate::sync::SyncEngine;
use domain::vault::IdleLock;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use ui::connectivity::use_online;

#[component]
pub fn WorkspacePage(workspace: Workspace) -> impl IntoView {
    let access = expect_context::<AccessSignal>();
    let clerk = workspace.session.clerk.clone();
    let desk = Desk::open(&workspace);
    provide_context(desk);
    let sync = SyncEngine::new(desk);
    provide_context(sync);
    provide_context(Printer::start());
    provide_context(Pad::start());
    provide_context(Scanner::start());
    provide_context(Terminal::start());
    // Transfer once the cases are loaded, whenever the network returns, and on the engine's
    // schedule (every two minutes; after failures with a growing wait).
    let online = use_online();
    Effect::new(move |_| {
        if desk.loaded.get() && online.get() {
            sync.run();
        }
    });
    let periodic = set_interval_with_handle(
        // `try_`: the timer may fire in the moment this page is torn down (locking).
        move || {
            if online.try_get_untracked() == Some(true) {
                sync.run_when_due();
            }
        },
        Duration::from_secs(5),
    );
    let screen = RwSignal::new(Screen::Day);
    provide_context(screen);
    let workspace = StoredValue::new_local(workspace);
    let hand_back_refused = RwSignal::new(None::<HandBackRefused>);
    let confirming_hand_back = RwSignal::new(false);
    let handing_back = RwSignal::new(false);

    // Idle lock: activity postpones it; a check every few seconds locks once the time is up.
    let idle_minutes = RwSignal::new(IdleLock::DEFAULT_MINUTES);
    let idle = StoredValue::new(IdleLock::minutes(IdleLock::DEFAULT_MINUTES, now_ms()));
    {
        let vault = workspace.get_value().store.vault().clone();
        spawn_local(async move {
            if let Ok(Some(device)) = vault.device().await {
                idle_minutes.set(device.idle_minutes);
            }
        });
    }
    Effect::new(move |_| {
        let minutes = idle_minutes.get();
        idle.try_update_value(|lock| lock.timeout_ms = minutes * 60 * 1000);
    });
    // `try_`: a timer or listener may still fire in the moment this page is torn down.
    let touch = move || {
        idle.try_update_value(|lock| lock.touch(now_ms()));
    };
    let activity = [
        window_event_listener(leptos::ev::keydown, move |_| touch()),
        window_event_listener(leptos::ev::pointerdown, move |_| touch()),
    ];
    let check = set_interval_with_handle(
        move || {
            if idle
                .try_get_value()
                .is_some_and(|lock| lock.is_due(now_ms()))
            {
                spawn_local(access::lock(access));
            }
        },
        Duration::from_secs(5),
    );
    on_cleanup(move || {
        if let Ok(handle) = periodic {
            handle.clear();
        }
        for listener in activity {
            listener.remove();
        }
        if let Ok(handle) = check {
            handle.clear();
        }
    });
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
    let serves = clerk
        .serves
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="panel" aria-labelledby="workspace-title">
            <h2 id="workspace-title" class="visually-hidden">{tr(Text::CasesHeading)}</h2>
            <div class="clerk-bar">
                <p data-testid="clerk">
                    {tr(Text::SignedInAs)} " " {clerk.display_name.clone()} " · " {clerk.municipality.name.clone()}
                    {(!serves.is_empty()).then(|| view! { " (" {tr(Text::AlsoServes)} " " {serves.clone()} ")" })}
                </p>
                <div class="actions">
                    <label for="idle-minutes">{tr(Text::IdleLockAfter)}</label>
                    <select id="idle-minutes" on:change=choose_idle prop:value=move || idle_minutes.get().to_string()>
                        {IdleLock::CHOICES_MINUTES.map(|m| view! { <option value=m.to_string()>{m}</option> })}
                    </select>
                    <button type="button" on:click=move |_| spawn_local(access::lock(access))>
                        {tr(Text::LockNow)}
                    </button>
                </div>
            </div>

            <ProblemNotice problem=desk.problem />
        </section>
        {move || match screen.get() {
            Screen::Day => view! { <DayPage /> }.into_any(),
            Screen::Visit(id) => match desk.case(&id) {
                Some(case) => view! { <VisitPage case=case /> }.into_any(),
                None => view! { <DayPage /> }.into_any(),
            },
            Screen::Case(id) => view! { <CasePage id=id /> }.into_any(),
            Screen::Correction(id) => view! { <CorrectionPage id=id /> }.into_any(),
        }}
        <section class="panel">
            <div class="hand-back">
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
                        <button type="button" class="danger" on:click=hand_back>{tr(Text::HandBackYes)}</button>
                        <button type="button" on:click=move |_| confirming_hand_back.set(false)>{tr(Text::Cancel)}</button>
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
