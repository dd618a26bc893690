//! How far the cases on this laptop are from the town hall: how many wait, when the last
//! transfer succeeded, how far one under way is, and a button to transfer now; in detail (the
//! transfer screen) also what the server refused or flagged or was sent again, in brief (today's
//! screen) how many of those there are, with the way to the details.

use crate::access::Problem;
use crate::components::problem::ProblemNotice;
use crate::components::renew_session::RenewSession;
use crate::desk::Desk;
use crate::messages::{Language, Text, fill, tr};
use crate::pages::Screen;
use crate::sync::{Progress, SyncEngine};
use leptos::prelude::*;

#[component]
pub fn SyncStatus(detailed: bool) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let sync = expect_context::<SyncEngine>();
    let screen = expect_context::<RwSignal<Screen>>();
    let language = expect_context::<RwSignal<Language>>();
    let waiting = move || desk.waiting_to_transfer();
    let last = move || match sync.view.with(|v| v.last_success_ms) {
        Some(ms) => {
            let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
            String::from(when.to_locale_time_string("de-DE"))
        }
        None => tr(Text::SyncNever)().to_owned(),
    };
    // In detail every case by name; in brief how many, and the way to them.
    let list = move |heading: Text, items: Vec<String>| {
        (!items.is_empty()).then(|| {
            if detailed {
                view! {
                    <p class="warning">{tr(heading)}</p>
                    <ul>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
                }
                .into_any()
            } else {
                view! {
                    <p class="warning">{tr(heading)} " " {items.len()} " "
                        <button type="button" on:click=move |_| screen.set(Screen::Transfer)>{tr(Text::SyncDetails)}</button>
                    </p>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="sync card" aria-labelledby="sync-title" data-testid="sync">
            <h2 id="sync-title">{tr(Text::SyncHeading)}</h2>
            <p>
                {tr(Text::SyncPending)} " " <strong data-testid="sync-pending">{waiting}</strong>
                " · " {tr(Text::SyncLast)} " " <span data-testid="sync-last">{last}</span>
            </p>
            <button type="button" on:click=move |_| sync.run() prop:disabled=move || sync.view.with(|v| v.running)>
                {move || if sync.view.with(|v| v.running) { tr(Text::SyncRunning)() } else { tr(Text::SyncNow)() }}
            </button>
            <p role="status" data-testid="sync-progress">
                {move || sync.view.with(|v| v.progress).map(|progress| progress_text(progress, language.get()))}
            </p>
            {move || {
                let refused = sync.view.with(|v| v.refused.iter().map(|(n, r)| format!("{n}: {r}")).collect());
                list(Text::SyncRefused, refused)
            }}
            {move || list(Text::SyncFlagged, sync.view.with(|v| v.flagged.clone()))}
            {move || list(Text::SyncSentAgain, sync.view.with(|v| v.sent_again.clone()))}
            <ProblemNotice problem=sync.failure />
            <Show when=move || sync.failure.with(|f| matches!(f, Some(Problem::Say(Text::SessionExpired | Text::SignInForSigningKey))))>
                <RenewSession username=desk.signed_in.username.get_value() />
            </Show>
        </section>
    }
}

/// A transfer's progress as the clerk reads it: photos in megabytes sent and left, cases counted.
fn progress_text(progress: Progress, language: Language) -> String {
    match progress {
        Progress::PhotoBytes { sent, total } => {
            let megabytes = |bytes: u64| ui::megabytes(bytes, language);
            fill(
                Text::SyncPhotosProgress,
                language,
                &[
                    &megabytes(sent),
                    &megabytes(total),
                    &megabytes(total.saturating_sub(sent)),
                ],
            )
        }
        Progress::Cases { done, total } => {
            fill(Text::SyncCasesProgress, language, &[&done, &total])
        }
    }
}
