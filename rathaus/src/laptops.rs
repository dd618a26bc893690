//! The operator's laptops (admin role): each Koffer of the municipality with who enrolled it and
//! when it last reported in; revoking one ends its sessions, and the laptop wipes itself at its
//! next contact.

use crate::messages::Text;
use crate::session::{Session, on_failure};
use domain::wire::DeviceSummary;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::case_details::local_time;
use ui::{Language, api, fill, http, tr};

#[component]
pub fn Laptops(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let laptops = RwSignal::new(Vec::<DeviceSummary>::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let token = move || session.with_value(|s| s.token.clone());
    let load = move || {
        spawn_local(async move {
            match http::send(api::laptops(&token()), None).await {
                Ok(list) => {
                    laptops.try_set(list);
                }
                Err(failure) => failed(failure),
            }
        });
    };
    load();
    let revoke = move |laptop: DeviceSummary| {
        spawn_local(async move {
            match http::send(api::revoke_device(&token(), &laptop.id), None).await {
                Ok(()) => {
                    let said = fill(
                        Text::LaptopRevoked,
                        language.get_untracked(),
                        &[&laptop.label],
                    );
                    problem.try_set(None);
                    done.try_set(Some(said));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let rows = move || {
        laptops
            .get()
            .into_iter()
            .map(|laptop| {
                let state = if laptop.revoked { Text::Revoked } else { Text::Active };
                let revocable = !laptop.revoked;
                let id = laptop.id.clone();
                view! {
                    <tr data-laptop=id>
                        <td>{laptop.label.clone()}</td>
                        <td>{laptop.enrolled_by.clone()}</td>
                        <td>{local_time(laptop.enrolled_at * 1000)}</td>
                        <td>{local_time(laptop.last_contact_at * 1000)}</td>
                        <td>{tr(state)}</td>
                        <td class="actions">
                            {revocable.then(|| view! {
                                <button type="button" on:click=move |_| revoke(laptop.clone())>{tr(Text::Revoke)}</button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="town-hall" aria-labelledby="laptops-title" data-testid="laptops">
            <h2 id="laptops-title">{tr(Text::Laptops)}</h2>
            <p>{tr(Text::LaptopsIntro)}</p>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <table class="cases">
                <thead><tr>
                    <th scope="col">{tr(Text::LaptopName)}</th>
                    <th scope="col">{tr(Text::EnrolledBy)}</th>
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
