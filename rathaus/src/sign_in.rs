//! Signing in at the town hall: user name and password, for the back office and the operator.
//! A clerk's account is turned away here (its place is the Koffer).

use crate::messages::{Text, failure_text};
use crate::session::{Session, SessionEnded};
use domain::wire::{Role, SignInRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, http, tr};

/// How the server lists the browser a person signs in with at the town hall.
const DEVICE_LABEL: &str = "Rathaus (Browser)";

#[component]
pub fn SignIn() -> impl IntoView {
    let session = expect_context::<RwSignal<Option<Session>>>();
    let ended = expect_context::<SessionEnded>();
    let language = expect_context::<RwSignal<Language>>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let working = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let (working_text, sign_in_text) = (tr(Text::Working), tr(Text::SignIn));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        working.set(true);
        problem.set(None);
        let request = SignInRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            device: None,
            device_label: Some(DEVICE_LABEL.to_owned()),
            enrol_for: None,
            device_key: None,
        };
        spawn_local(async move {
            let language = language.get_untracked();
            let outcome = match http::send(api::sign_in(), Some(&request)).await {
                Ok(answer) if matches!(answer.clerk.role, Role::BackOffice | Role::Admin) => {
                    // Without catalogues the services show by their ids: the list still works.
                    let catalogues = match http::fetch_raw(api::catalogues(&answer.token)).await {
                        Ok(json) => serde_json::from_slice(&json).unwrap_or_default(),
                        Err(_) => Vec::new(),
                    };
                    Ok(Session {
                        token: answer.token,
                        clerk: answer.clerk,
                        catalogues,
                    })
                }
                Ok(_) => Err(Text::OnlyTownHall.in_language(language).to_owned()),
                Err(failure) => Err(failure_text(&failure, language)),
            };
            working.try_set(false);
            match outcome {
                Ok(signed_in) => {
                    password.try_set(String::new());
                    ended.0.try_set(false);
                    session.try_set(Some(signed_in));
                }
                Err(said) => {
                    problem.try_set(Some(said));
                }
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title">{tr(Text::SignIn)}</h2>
            <p>{tr(Text::RathausIntro)}</p>
            {move || ended.0.get().then(|| view! { <p role="status" class="warning">{tr(Text::SignInAgain)}</p> })}
            <form on:submit=submit>
                <div class="field">
                    <label for="username">{tr(Text::Username)}</label>
                    <input id="username" type="text" autocomplete="username" required bind:value=username />
                </div>
                <div class="field">
                    <label for="password">{tr(Text::Password)}</label>
                    <input id="password" type="password" autocomplete="current-password" required bind:value=password />
                </div>
                <div class="actions">
                    <button type="submit" class="primary" disabled=working>
                        {move || if working.get() { working_text() } else { sign_in_text() }}
                    </button>
                </div>
            </form>
            <p role="alert" class="warning">{move || problem.get()}</p>
        </section>
    }
}
