//! The admin log (admin role): every person created, disabled or given a new password, and
//! every laptop revoked, by whom and when, newest first.

use crate::messages::Text;
use crate::session::{Session, on_failure};
use domain::wire::{AdminAction, AdminLogEntry};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::case_details::local_time;
use ui::{api, http, tr};

fn action_text(action: AdminAction) -> Text {
    match action {
        AdminAction::PersonCreated => Text::ActionPersonCreated,
        AdminAction::PersonDisabled => Text::ActionPersonDisabled,
        AdminAction::PasswordSet => Text::ActionPasswordSet,
        AdminAction::DeviceRevoked => Text::ActionDeviceRevoked,
        AdminAction::PlacesChanged => Text::ActionPlacesChanged,
        AdminAction::LeaseChanged => Text::ActionLeaseChanged,
        AdminAction::CatalogueReplaced => Text::ActionCatalogueReplaced,
        AdminAction::RouteSet => Text::ActionRouteSet,
        AdminAction::RouteRemoved => Text::ActionRouteRemoved,
        AdminAction::TerminalInvited => Text::ActionTerminalInvited,
    }
}

#[component]
pub fn AdminLog(session: StoredValue<Session>) -> impl IntoView {
    let entries = RwSignal::new(Vec::<AdminLogEntry>::new());
    let problem = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    spawn_local(async move {
        let token = session.with_value(|s| s.token.clone());
        match http::send(api::admin_log(&token), None).await {
            Ok(list) => {
                entries.try_set(list);
            }
            Err(failure) => failed(failure),
        }
    });
    let rows = move || {
        entries
            .get()
            .into_iter()
            .map(|entry| {
                view! {
                    <tr>
                        <td>{local_time(entry.at * 1000)}</td>
                        <td>{entry.by}</td>
                        <td>{tr(action_text(entry.action))}</td>
                        <td>{entry.subject}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="town-hall" aria-labelledby="admin-log-title" data-testid="admin-log">
            <h2 id="admin-log-title">{tr(Text::AdminLog)}</h2>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <table class="cases">
                <thead><tr>
                    <th scope="col">{tr(Text::When)}</th>
                    <th scope="col">{tr(Text::Who)}</th>
                    <th scope="col">{tr(Text::What)}</th>
                    <th scope="col">{tr(Text::Whom)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
