//! Signing in again when the server's session ran out (after a working day) while the Koffer
//! stays unlocked: user name and password, right where the failed transfer is shown.

use crate::access::Problem;
use crate::components::field::Field;
use crate::components::problem::ProblemNotice;
use crate::desk::Desk;
use crate::messages::{Text, tr};
use crate::sync::SyncEngine;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RenewSession(username: String) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let sync = expect_context::<SyncEngine>();
    let username = RwSignal::new(username);
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        let (name, secret) = (username.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match desk.renew_session(name, secret).await {
                Ok(()) => {
                    password.try_set(String::new());
                    problem.try_set(Some(Problem::Say(Text::SignedInAgain)));
                    sync.run();
                }
                Err(error) => {
                    problem.try_set(Some(error));
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <form class="renew" on:submit=submit novalidate>
            <Field id="renew-username" label=Text::Username value=username autocomplete="username" error=Signal::derive(|| None) />
            <Field id="renew-password" label=Text::Password value=password input_type="password" autocomplete="current-password" error=Signal::derive(|| None) />
            <button type="submit" disabled=move || busy.get()>{tr(Text::SignInAgain)}</button>
            <ProblemNotice problem=problem />
        </form>
    }
}
