//! The operator's Bürger-Terminals (admin role): a code that enrols a terminal at one of the
//! municipality's places, shown once; each terminal with its place and last contact, and
//! revoking one (the same revocation as a laptop's: the terminal stops at its next contact).

use crate::messages::Text;
use crate::session::{Session, on_failure};
use domain::wire::{NewTerminal, TerminalSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::case_details::local_time;
use ui::{Language, api, fill, http, tr};

#[component]
pub fn Terminals(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let terminals = RwSignal::new(Vec::<TerminalSummary>::new());
    let places = RwSignal::new(Vec::<String>::new());
    let label = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let token = move || session.with_value(|s| s.token.clone());
    let said = move |text: String| {
        problem.try_set(None);
        done.try_set(Some(text));
    };
    let load = move || {
        spawn_local(async move {
            match http::send(api::terminals(&token()), None).await {
                Ok(list) => {
                    terminals.try_set(list);
                }
                Err(failure) => failed(failure),
            }
        });
    };
    load();
    spawn_local(async move {
        match http::send(api::municipality_settings(&token()), None).await {
            Ok(settings) => {
                if let Some(first) = settings.places.first() {
                    place.try_set(first.clone());
                }
                places.try_set(settings.places);
            }
            Err(failure) => failed(failure),
        }
    });
    let invite = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = NewTerminal {
            label: label.get_untracked(),
            place: place.get_untracked(),
        };
        spawn_local(async move {
            match http::send(api::invite_terminal(&token()), Some(&request)).await {
                Ok(made) => {
                    let name = if request.label.trim().is_empty() {
                        request.place.clone()
                    } else {
                        request.label.trim().to_owned()
                    };
                    let until = local_time(made.expires_at * 1000);
                    said(fill(
                        Text::TerminalCodeMade,
                        language.get_untracked(),
                        &[&name, &made.code, &until],
                    ));
                    label.try_set(String::new());
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let revoke = move |terminal: TerminalSummary| {
        spawn_local(async move {
            match http::send(api::revoke_device(&token(), &terminal.id), None).await {
                Ok(()) => {
                    said(fill(
                        Text::TerminalRevoked,
                        language.get_untracked(),
                        &[&terminal.label],
                    ));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let rows = move || {
        terminals
            .get()
            .into_iter()
            .map(|terminal| {
                let state = if terminal.revoked { Text::Revoked } else { Text::Active };
                let revocable = !terminal.revoked;
                let id = terminal.id.clone();
                view! {
                    <tr data-terminal=id>
                        <td>{terminal.label.clone()}</td>
                        <td>{terminal.place.clone()}</td>
                        <td>{local_time(terminal.enrolled_at * 1000)}</td>
                        <td>{local_time(terminal.last_contact_at * 1000)}</td>
                        <td>{tr(state)}</td>
                        <td class="actions">
                            {revocable.then(|| view! {
                                <button type="button" on:click=move |_| revoke(terminal.clone())>{tr(Text::RevokeTerminal)}</button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let choices = move || {
        places
            .get()
            .into_iter()
            .map(|name| view! { <option value=name.clone()>{name.clone()}</option> })
            .collect_view()
    };
    view! {
        <section class="town-hall" aria-labelledby="terminals-title" data-testid="terminals">
            <h2 id="terminals-title">{tr(Text::Terminals)}</h2>
            <p>{tr(Text::TerminalsIntro)}</p>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <Show
                when=move || places.with(|p| !p.is_empty())
                fallback=|| view! { <p>{tr(Text::TerminalNoPlaces)}</p> }
            >
                <form on:submit=invite>
                    <div class="field">
                        <label for="terminal-label">{tr(Text::TerminalName)}</label>
                        <input id="terminal-label" type="text" autocomplete="off" maxlength="80" bind:value=label />
                    </div>
                    <div class="field">
                        <label for="terminal-place">{tr(Text::TerminalPlace)}</label>
                        <select id="terminal-place" bind:value=place>{choices}</select>
                    </div>
                    <button type="submit">{tr(Text::MakeTerminalCode)}</button>
                </form>
            </Show>
            <table class="cases">
                <thead><tr>
                    <th scope="col">{tr(Text::TerminalName)}</th>
                    <th scope="col">{tr(Text::TerminalPlace)}</th>
                    <th scope="col">{tr(Text::EnrolledAt)}</th>
                    <th scope="col">{tr(Text::LastContact)}</th>
                    <th scope="col">{tr(Text::Status)}</th>
                    <th scope="col">{tr(Text::Actions)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
