//! Saving handover packages for the authority that decides a case: one case's PDF/A file, or the
//! ZIP of every case the inbox's filter lets through. The server makes them (`/api/cases/…/
//! handover`); this only asks, waits and hands the file to the browser to save.

use crate::files;
use crate::messages::{Text, failure_text};
use crate::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::http::{self, Call, RawAnswer};
use ui::{Language, tr};

/// What to fetch and save: the request (made with the session's token), the file's name and its
/// type; `None` when there is nothing to ask for yet.
pub type Package = Option<(Call<(), RawAnswer>, String, &'static str)>;

/// A button that fetches `what` and offers it to save, saying while it works and why it failed.
#[component]
pub fn SavePackage(
    session: StoredValue<Session>,
    label: Text,
    #[prop(into)] what: Callback<String, Package>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let working = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let save = move |_| {
        let token = session.with_value(|s| s.token.clone());
        let Some((call, name, content_type)) = what.run(token) else {
            return;
        };
        working.set(true);
        problem.set(None);
        spawn_local(async move {
            let said = match http::fetch_raw(call).await {
                Ok(bytes) => files::save(&bytes, &name, content_type).err().map(|_| {
                    Text::SaveFailed
                        .in_language(language.get_untracked())
                        .to_owned()
                }),
                Err(failure) => Some(failure_text(&failure, language.get_untracked())),
            };
            problem.try_set(said);
            working.try_set(false);
        });
    };
    view! {
        <button type="button" disabled=move || working.get() on:click=save>{tr(label)}</button>
        <span role="status" class="small">{move || working.get().then(|| tr(Text::HandoverWorking))}</span>
        <span role="alert" class="warning">{move || problem.get()}</span>
    }
}
