//! The unlocked Koffer: who is signed in, locking (on demand and after idle time), the sections
//! (today's work first; transfer, devices, settings, the device's health) and the screen of the
//! moment.

use crate::access::{self, AccessSignal, Workspace, now_ms};
use crate::components::device_status::DeviceStatus;
use crate::components::problem::ProblemNotice;
use crate::desk::Desk;
use crate::hardware::pad::Pad;
use crate::hardware::printer::Printer;
use crate::hardware::scanner::Scanner;
use crate::messages::{Text, tr};
use crate::pages::Screen;
use crate::pages::{
    case::CasePage, correction::CorrectionPage, day::DayPage, devices::DevicesPage,
    settings::SettingsPage, transfer::TransferPage, visit::VisitPage,
};
use crate::sync::SyncEngine;
use domain::vault::IdleLock;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use ui::connectivity::use_online;
use ui::sections::{Section, SectionNav};

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
    provide_context(ui::card_terminal::CardTerminal::start());
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
    let serves = clerk
        .serves
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let section = |label: Text, target: Screen| {
        let shown = target.clone();
        Section {
            label: Signal::derive(tr(label)),
            current: Signal::derive(move || screen.with(|on| *on == shown)),
            waiting: None,
            open: Callback::new(move |()| screen.set(target.clone())),
        }
    };
    let sections = vec![
        Section {
            label: Signal::derive(tr(Text::SectionToday)),
            current: Signal::derive(move || screen.with(Screen::is_todays_work)),
            waiting: None,
            open: Callback::new(move |()| screen.set(Screen::Day)),
        },
        Section {
            waiting: Some(Signal::derive(move || {
                let waiting = desk.waiting_to_transfer();
                (waiting > 0).then(|| (waiting, tr(Text::WaitingToTransfer)()))
            })),
            ..section(Text::SectionTransfer, Screen::Transfer)
        },
        section(Text::SectionDevices, Screen::Devices),
        section(Text::SectionSettings, Screen::Settings),
        section(Text::SectionHealth, Screen::Health),
    ];
    view! {
        <div class="workbar">
            <p data-testid="clerk">
                {tr(Text::SignedInAs)} " " {clerk.display_name.clone()} " · " {clerk.municipality.name.clone()}
                {(!serves.is_empty()).then(|| view! { " (" {tr(Text::AlsoServes)} " " {serves.clone()} ")" })}
            </p>
            <button type="button" on:click=move |_| spawn_local(access::lock(access))>
                {tr(Text::LockNow)}
            </button>
        </div>
        <SectionNav label=tr(Text::SectionsLabel) sections=sections />
        <ProblemNotice problem=desk.problem />
        {move || match screen.get() {
            Screen::Day => view! { <DayPage /> }.into_any(),
            Screen::Visit(id) => match desk.case(&id) {
                Some(case) => view! { <VisitPage case=case /> }.into_any(),
                None => view! { <DayPage /> }.into_any(),
            },
            Screen::Case(id) => view! { <CasePage id=id /> }.into_any(),
            Screen::Correction(id) => view! { <CorrectionPage id=id /> }.into_any(),
            Screen::Transfer => view! { <TransferPage /> }.into_any(),
            Screen::Devices => view! { <DevicesPage /> }.into_any(),
            Screen::Settings => view! { <SettingsPage workspace=workspace idle_minutes=idle_minutes /> }.into_any(),
            Screen::Health => view! { <DeviceStatus /> }.into_any(),
        }}
    }
}
