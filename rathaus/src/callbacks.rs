//! Call-back requests (back office and admin): what citizens asked for at the terminals of a
//! municipality (its own or one it serves) — who, which number, about what, where — open ones
//! first; "Zurückgerufen" marks one done, under the person's name.

use crate::messages::Text;
use crate::session::{Session, on_failure};
use crate::space_select::SpaceSelect;
use domain::callback::Callback;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::case_details::local_time;
use ui::{api, http, tr};

#[component]
pub fn Callbacks(session: StoredValue<Session>) -> impl IntoView {
    let (spaces, first) = session.with_value(Session::space_choices);
    let space = RwSignal::new(first);
    let token = move || session.with_value(|s| s.token.clone());
    let requests = RwSignal::new(Vec::<Callback>::new());
    let problem = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let load = move || {
        let key = space.get_untracked();
        spawn_local(async move {
            match http::send(api::callbacks(&token(), &key), None).await {
                Ok(list) => {
                    problem.try_set(None);
                    requests.try_set(list);
                }
                Err(failure) => failed(failure),
            }
        });
    };
    Effect::new(move |_| {
        space.track();
        load();
    });
    let mark_done = move |id: String| {
        let key = space.get_untracked();
        spawn_local(async move {
            match http::send(api::mark_callback_done(&token(), &key, &id), None).await {
                Ok(()) => load(),
                Err(failure) => failed(failure),
            }
        });
    };
    let rows = move || {
        requests
            .get()
            .into_iter()
            .map(|request| {
                let state = match (&request.done_at, &request.done_by) {
                    (Some(at), Some(by)) => format!("{} ({by})", local_time(at * 1000)),
                    _ => String::new(),
                };
                let open = request.done_at.is_none();
                let id = request.id.clone();
                view! {
                    <tr data-callback=request.id.clone()>
                        <td>{local_time(request.requested_at * 1000)}</td>
                        <td>{request.place.clone()}</td>
                        <td>{request.name.clone()}</td>
                        <td class="number">{request.phone.clone()}</td>
                        <td>{request.topic.clone()}</td>
                        <td class="actions">
                            {if open {
                                view! {
                                    <button type="button" on:click=move |_| mark_done(id.clone())>{tr(Text::CalledBack)}</button>
                                }
                                .into_any()
                            } else {
                                view! { <span>{tr(Text::CalledBackAt)} " " {state.clone()}</span> }.into_any()
                            }}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="town-hall" aria-labelledby="callbacks-title" data-testid="callbacks">
            <h2 id="callbacks-title">{tr(Text::Callbacks)}</h2>
            <p>{tr(Text::CallbacksIntro)}</p>
            <SpaceSelect id="callbacks-space" spaces=spaces space=space />
            <button type="button" on:click=move |_| load()>{tr(Text::Refresh)}</button>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <Show
                when=move || requests.with(|r| !r.is_empty())
                fallback=|| view! { <p>{tr(Text::NoCallbacks)}</p> }
            >
                <table class="cases">
                    <thead><tr>
                        <th scope="col">{tr(Text::When)}</th>
                        <th scope="col">{tr(Text::TerminalPlace)}</th>
                        <th scope="col">{tr(Text::Name)}</th>
                        <th scope="col">{tr(Text::Phone)}</th>
                        <th scope="col">{tr(Text::Topic)}</th>
                        <th scope="col">{tr(Text::Actions)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </Show>
        </section>
    }
}
