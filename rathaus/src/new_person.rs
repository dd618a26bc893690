//! The admin creates a person of the municipality: user name, name, role and a first password
//! to pass on (the person changes nothing themselves yet; the admin can set a new one later).

use crate::messages::{Text, role_text};
use crate::session::{Session, on_failure};
use domain::wire::{NewPerson, Role, UserSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, tr};

const ROLES: [Role; 3] = [Role::Clerk, Role::BackOffice, Role::Admin];

#[component]
pub fn NewPersonForm(
    session: StoredValue<Session>,
    /// Called with the person once the server created them.
    on_created: Callback<UserSummary>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Clerk.as_str().to_owned());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = NewPerson {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            role: ROLES
                .into_iter()
                .find(|r| r.as_str() == role.get_untracked())
                .unwrap_or(Role::Clerk),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            let token = session.with_value(|s| s.token.clone());
            match http::send(api::create_person(&token), Some(&request)).await {
                Ok(person) => {
                    let said = fill(
                        Text::PersonCreated,
                        language.get_untracked(),
                        &[&person.display_name],
                    );
                    for field in [username, display_name, password] {
                        field.try_set(String::new());
                    }
                    problem.try_set(None);
                    done.try_set(Some(said));
                    on_created.run(person);
                }
                Err(failure) => failed(failure),
            }
        });
    };
    view! {
        <form class="new-person" on:submit=create aria-labelledby="new-person-title">
            <h3 id="new-person-title">{tr(Text::NewPersonHeading)}</h3>
            <div class="field">
                <label for="new-person-username">{tr(Text::Username)}</label>
                <input id="new-person-username" type="text" autocomplete="off" required bind:value=username />
            </div>
            <div class="field">
                <label for="new-person-name">{tr(Text::Name)}</label>
                <input id="new-person-name" type="text" autocomplete="off" required bind:value=display_name />
            </div>
            <div class="field">
                <label for="new-person-role">{tr(Text::Role)}</label>
                <select id="new-person-role" bind:value=role>
                    {ROLES.into_iter().map(|r| view! { <option value=r.as_str()>{tr(role_text(r))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="new-person-password">{tr(Text::FirstPassword)}</label>
                <input id="new-person-password" type="password" autocomplete="new-password" required bind:value=password />
            </div>
            <button type="submit" class="primary">{tr(Text::CreatePerson)}</button>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
        </form>
    }
}
