//! The unlocked Koffer: who is signed in, drafts captured on this device (stored encrypted),
//! locking (on demand and after idle time) and handing the laptop back.

use crate::access::{self, AccessSignal, Problem, Workspace, now_ms};
use crate::components::field::Field;
use crate::components::problem::ProblemNotice;
use crate::messages::{Text, tr};
use crate::store::{marker, new_record_id};
use domain::vault::{IdleLock, RecordKind};
use domain::wire::CaseDraft;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// The drafts decrypted into memory, each with its record id, newest first.
type Drafts = Vec<(String, CaseDraft)>;

#[component]
pub fn WorkspacePage(workspace: Workspace) -> impl IntoView {
    let access = expect_context::<AccessSignal>();
    let clerk = workspace.session.clerk.clone();
    let device_id = StoredValue::new(workspace.session.device_id.clone());
    let workspace = StoredValue::new_local(workspace);
    let drafts = RwSignal::new(Drafts::new());
    let problem = RwSignal::new(None::<Problem>);
    let saved = RwSignal::new(false);
    let hand_back_refused = RwSignal::new(None::<u32>);
    let confirming_hand_back = RwSignal::new(false);

    // The decrypted drafts live in memory; saves and discards change the list in place instead
    // of loading every draft again. The localStorage note follows the count.
    let change_drafts = move |change: &dyn Fn(&mut Drafts)| {
        drafts.update(|list| change(list));
        let count = drafts.with_untracked(Vec::len);
        marker::remember(
            &device_id.get_value(),
            u32::try_from(count).unwrap_or(u32::MAX),
        );
    };
    {
        let store = workspace.get_value().store;
        spawn_local(async move {
            match store.all(RecordKind::Draft).await {
                Ok(records) => change_drafts(&|list| {
                    *list = records
                        .iter()
                        .filter_map(|(id, json)| {
                            Some((id.clone(), serde_json::from_slice(json).ok()?))
                        })
                        .collect();
                    list.sort_by_key(|(_, draft)| std::cmp::Reverse(draft.saved_at_ms));
                }),
                Err(error) => problem.set(Some(error.into())),
            }
        });
    }

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

    // Search runs over the drafts decrypted into memory: nothing searchable lies on disk.
    let search = RwSignal::new(String::new());
    let shown_drafts = move || {
        let query = search.get().trim().to_lowercase();
        drafts
            .get()
            .into_iter()
            .filter(|(_, draft)| {
                query.is_empty() || draft.citizen_name.to_lowercase().contains(&query)
            })
            .collect::<Vec<_>>()
    };

    let citizen_name = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let name_missing = RwSignal::new(false);
    let save_draft = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let name = citizen_name.get_untracked().trim().to_owned();
        if name.is_empty() {
            name_missing.set(true);
            crate::pages::enrol::focus("citizen-name");
            return;
        }
        name_missing.set(false);
        let draft = CaseDraft {
            citizen_name: name,
            note: note.get_untracked(),
            saved_at_ms: now_ms(),
        };
        let store = workspace.get_value().store;
        spawn_local(async move {
            let result = async {
                let id = new_record_id(RecordKind::Draft)?;
                let json = serde_json::to_vec(&draft)
                    .map_err(|e| crate::store::StoreError::Failed(e.to_string()))?;
                store.put(RecordKind::Draft, &id, &json).await?;
                Ok::<_, crate::store::StoreError>(id)
            }
            .await;
            match result {
                Ok(id) => {
                    citizen_name.set(String::new());
                    note.set(String::new());
                    saved.set(true);
                    change_drafts(&|list| list.insert(0, (id.clone(), draft.clone())));
                }
                Err(error) => problem.set(Some(error.into())),
            }
        });
    };
    let discard = move |id: String| {
        let store = workspace.get_value().store;
        spawn_local(async move {
            match store.delete(RecordKind::Draft, &id).await {
                Ok(()) => {
                    hand_back_refused.set(None);
                    change_drafts(&|list| list.retain(|(kept, _)| *kept != id));
                }
                Err(error) => problem.set(Some(error.into())),
            }
        });
    };
    let hand_back = move |_| {
        let workspace = workspace.get_value();
        confirming_hand_back.set(false);
        spawn_local(async move {
            if let Err(pending) = access::hand_back(access, workspace).await {
                hand_back_refused.set(Some(pending));
            }
        });
    };

    let serves = clerk
        .serves
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <section class="panel" aria-labelledby="workspace-title">
            <h2 id="workspace-title" class="visually-hidden">{tr(Text::DraftsHeading)}</h2>
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

            <h3>{tr(Text::NewDraft)}</h3>
            <form on:submit=save_draft novalidate>
                <Field id="citizen-name" label=Text::CitizenName value=citizen_name
                    error=Signal::derive(move || name_missing.get().then_some(Text::FieldRequired)) />
                <Field id="note" label=Text::Note value=note error=Signal::derive(|| None) />
                <button type="submit" class="primary">{tr(Text::SaveDraft)}</button>
                <p role="status" class="saved">
                    {move || saved.get().then(|| tr(Text::DraftSaved)())}
                </p>
            </form>
            <ProblemNotice problem=problem />

            <h3>{tr(Text::DraftsHeading)}</h3>
            <Field id="search" label=Text::SearchDrafts value=search input_type="search" error=Signal::derive(|| None) />
            <ul class="drafts" data-testid="drafts">
                <For each=shown_drafts key=|(id, draft)| (id.clone(), draft.saved_at_ms) let:item>
                    {
                        let (id, draft) = item;
                        view! {
                            <li>
                                <span class="name">{draft.citizen_name}</span>
                                " "
                                <span class="note">{draft.note}</span>
                                " "
                                <button type="button" on:click=move |_| discard(id.clone())>{tr(Text::DiscardDraft)}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || drafts.get().is_empty()>
                <p>{tr(Text::NoDrafts)}</p>
            </Show>

            <div class="hand-back">
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
                <div role="alert">
                    {move || hand_back_refused.get().map(|n| view! {
                        <p class="warning" data-testid="hand-back-refused">{tr(Text::HandBackRefused)} " " {n}</p>
                    })}
                </div>
            </div>
        </section>
    }
}
