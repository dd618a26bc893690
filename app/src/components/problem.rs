//! Tells the clerk what went wrong, in a live region so screen readers announce it.

use crate::access::Problem;
use crate::messages::{Text, tr};
use leptos::prelude::*;

#[component]
pub fn ProblemNotice(problem: RwSignal<Option<Problem>>) -> impl IntoView {
    let sentence = move || match problem.get()? {
        Problem::Say(text) => Some(tr(text)().to_owned()),
        Problem::Server(message) => Some(message),
        Problem::WrongPassphrase { wait_secs: 0 } => Some(tr(Text::WrongPassphrase)().to_owned()),
        Problem::WrongPassphrase { wait_secs } => Some(format!(
            "{} {} {wait_secs}",
            tr(Text::WrongPassphrase)(),
            tr(Text::WaitBeforeRetry)()
        )),
        Problem::Wait { wait_secs } => Some(format!("{} {wait_secs}", tr(Text::WaitBeforeRetry)())),
        Problem::Unreadable { records } => {
            Some(format!("{} {records}", tr(Text::CasesUnreadable)()))
        }
    };
    view! {
        <div role="alert" class="problem-region">
            {move || sentence().map(|s| view! { <p class="problem" data-testid="problem">{s}</p> })}
        </div>
    }
}
