//! A case on its way to the deciding authority over FIT-Connect: each released service with how
//! far it got (released, at the submission service, accepted, or rejected with the
//! destination's problems), and the back office's button to send it, or send it again once
//! corrected. A refusal (FIT-Connect off, no route, an expired key, data the destination's
//! schema does not take) shows the server's sentence.

use crate::messages::{Text, failure_text};
use crate::session::Session;
use domain::wire::{HandoverSubmission, SubmissionState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::case_details::local_time;
use ui::{Language, api, http, pick, tr};

fn state_text(state: SubmissionState) -> Text {
    match state {
        SubmissionState::Released => Text::SubmissionReleased,
        SubmissionState::Submitted => Text::SubmissionSubmitted,
        SubmissionState::Accepted => Text::SubmissionAccepted,
        SubmissionState::Rejected => Text::SubmissionRejected,
        SubmissionState::Failed => Text::SubmissionFailed,
    }
}

/// The case `(municipality, id)`'s submissions; `on_changed` reloads the case after sending.
#[component]
pub fn Submissions(
    session: StoredValue<Session>,
    municipality: String,
    id: String,
    submissions: Vec<HandoverSubmission>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let problem = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let title = {
        let municipality = municipality.clone();
        move |service: &str| {
            session
                .with_value(|s| {
                    s.catalogue_of(&municipality)
                        .and_then(|c| c.service(service))
                        .map(|s| pick(&s.title, language.get()))
                })
                .unwrap_or_else(|| service.to_owned())
        }
    };
    // While a submission is on its way, look again now and then: the destination may decide soon.
    let on_its_way = submissions.iter().any(|s| {
        matches!(
            s.state,
            SubmissionState::Released | SubmissionState::Submitted
        )
    });
    if on_its_way {
        set_timeout(
            move || on_changed.run(()),
            std::time::Duration::from_secs(3),
        );
    }
    let may_send = submissions.is_empty()
        || submissions
            .iter()
            .any(|s| matches!(s.state, SubmissionState::Rejected | SubmissionState::Failed));
    let label = if submissions.is_empty() {
        Text::SubmitCase
    } else {
        Text::SubmitAgain
    };
    let send = move |_| {
        let (municipality, id) = (municipality.clone(), id.clone());
        working.set(true);
        problem.set(None);
        spawn_local(async move {
            let token = session.with_value(|s| s.token.clone());
            match http::send(api::release_submissions(&token, &municipality, &id), None).await {
                Ok(_) => on_changed.run(()),
                Err(failure) => {
                    problem.try_set(Some(failure_text(&failure, language.get_untracked())));
                }
            }
            working.try_set(false);
        });
    };
    let rows = submissions
        .into_iter()
        .map(|submission| {
            let problems = submission
                .problems
                .iter()
                .map(|p| view! { <li>{p.clone()}</li> })
                .collect_view();
            view! {
                <li data-submission=submission.service.clone()>
                    <strong>{title(&submission.service)}</strong> " · "
                    <span data-testid="submission-state">{tr(state_text(submission.state))}</span> " · "
                    {local_time(submission.updated_at * 1000)} " · " {submission.released_by.clone()}
                    <ul>{problems}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{tr(Text::SubmissionsHeading)}</h3>
        <ul data-testid="submissions">{rows}</ul>
        <div class="actions">
            {may_send.then(|| view! {
                <button type="button" disabled=move || working.get() on:click=send>{tr(label)}</button>
            })}
            <span role="alert" class="warning">{move || problem.get()}</span>
        </div>
    }
}
