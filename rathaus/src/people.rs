//! The operator's people (admin role): who works for the municipality, disabling a person
//! (their sessions end and their laptops are revoked, so a laptop wipes itself at its next
//! contact) and setting a new password.

use crate::messages::{Text, role_text};
use crate::new_person::NewPersonForm;
use crate::session::{Session, on_failure};
use domain::wire::{NewPassword, UserSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, tr};

#[component]
pub fn People(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let people = RwSignal::new(Vec::<UserSummary>::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let token = move || session.with_value(|s| s.token.clone());
    let own = session.with_value(|s| s.clerk.username.clone());
    let failed = on_failure(problem);
    spawn_local(async move {
        match http::send(api::people(&token()), None).await {
            Ok(list) => {
                people.try_set(list);
            }
            Err(failure) => failed(failure),
        }
    });
    let disable = move |username: String| {
        spawn_local(async move {
            match http::send(api::disable_person(&token(), &username), None).await {
                Ok(changed) => {
                    let said = fill(
                        Text::PersonDisabled,
                        language.get_untracked(),
                        &[&changed.display_name],
                    );
                    people.try_update(|all| {
                        if let Some(person) =
                            all.iter_mut().find(|p| p.username == changed.username)
                        {
                            *person = changed;
                        }
                    });
                    problem.try_set(None);
                    done.try_set(Some(said));
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let set_password = move |person: UserSummary, password: RwSignal<String>| {
        let request = NewPassword {
            password: password.get_untracked(),
        };
        spawn_local(async move {
            match http::send(
                api::set_password(&token(), &person.username),
                Some(&request),
            )
            .await
            {
                Ok(()) => {
                    password.try_set(String::new());
                    problem.try_set(None);
                    done.try_set(Some(fill(
                        Text::PasswordSet,
                        language.get_untracked(),
                        &[&person.display_name],
                    )));
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let rows = move || {
        people
            .get()
            .into_iter()
            .map(|person| {
                let password = RwSignal::new(String::new());
                let password_id = format!("password-{}", person.username);
                let may_disable = !person.disabled && person.username != own;
                let state = if person.disabled { Text::Disabled } else { Text::Active };
                let username = person.username.clone();
                let for_password = person.clone();
                view! {
                    <tr data-person=person.username.clone()>
                        <td>{person.display_name.clone()}</td>
                        <td>{person.username.clone()}</td>
                        <td>{tr(role_text(person.role))}</td>
                        <td>{tr(state)}</td>
                        <td class="actions">
                            {may_disable.then(|| view! {
                                <button type="button" on:click=move |_| disable(username.clone())>{tr(Text::Disable)}</button>
                            })}
                            <label for=password_id.clone() class="small">{tr(Text::NewPassword)}</label>
                            <input id=password_id type="password" autocomplete="new-password" bind:value=password />
                            <button type="button" on:click=move |_| set_password(for_password.clone(), password)>{tr(Text::SetPassword)}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="town-hall" aria-labelledby="people-title" data-testid="people">
            <h2 id="people-title">{tr(Text::People)}</h2>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <NewPersonForm session=session on_created=Callback::new(move |person: UserSummary| {
                people.update(|all| all.push(person));
            }) />
            <table class="cases">
                <thead><tr>
                    <th scope="col">{tr(Text::Name)}</th>
                    <th scope="col">{tr(Text::Username)}</th>
                    <th scope="col">{tr(Text::Role)}</th>
                    <th scope="col">{tr(Text::Status)}</th>
                    <th scope="col">{tr(Text::Actions)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
