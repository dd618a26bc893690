//! A flagged conflict in the case view: for each part both sides changed, the value the town hall
//! holds beside the one the device sent, and the choice which stays. The server records the
//! decision in the case's record; the filing laptop pulls the case as decided.

use crate::messages::Text;
use crate::session::{Session, on_failure};
use domain::cases::Case;
use domain::catalogue::Catalogue;
use domain::sync::{CITIZEN, Conflict, Keep, PAYMENT, StoredCase, service_part};
use domain::wire::ConflictDecision;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::case_details::{citizen_details, payment_text, service_answers};
use ui::{Language, api, http, tr};

/// What `case` holds for `part`, as the case view shows it.
fn part_view(
    case: &Case,
    part: &str,
    catalogue: Option<&Catalogue>,
    language: Language,
) -> AnyView {
    match part {
        CITIZEN => citizen_details::<Text>(&case.citizen).into_any(),
        PAYMENT => view! { <p>{tr(payment_text::<Text>(&case.payment))}</p> }.into_any(),
        _ => {
            let requested = case
                .services
                .iter()
                .find(|s| service_part(&s.service) == part);
            match (requested, catalogue) {
                (Some(requested), Some(catalogue)) => match catalogue.service(&requested.service) {
                    Some(service) => service_answers(service, &requested.values, language, true),
                    None => view! { <p>{requested.service.clone()}</p> }.into_any(),
                },
                _ => view! { <p>{part.to_owned()}</p> }.into_any(),
            }
        }
    }
}

#[component]
pub fn ConflictChoice(
    session: StoredValue<Session>,
    /// The case as the server holds it, and where it lives.
    held: Case,
    municipality: String,
    /// The conflict's place in the case's list, and the conflict.
    index: usize,
    conflict: Conflict,
    /// Called once the server has the decision.
    on_decided: Callback<()>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let problem = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let catalogue = session.with_value(|s| s.catalogue_of(&municipality).cloned());
    let case_id = held.id.clone();
    let decide = move |keep: Keep| {
        let (municipality, case_id) = (municipality.clone(), case_id.clone());
        spawn_local(async move {
            let token = session.with_value(|s| s.token.clone());
            let call = api::resolve_conflict(&token, &municipality, &case_id);
            let decision = ConflictDecision {
                conflict: index,
                keep,
            };
            match http::send(call, Some(&decision)).await {
                Ok(_) => on_decided.run(()),
                Err(failure) => failed(failure),
            }
        });
    };
    let decide_held = decide.clone();
    let parts = StoredCase::conflict_parts(&conflict)
        .into_iter()
        .map(|part| {
            let language = language.get_untracked();
            let ours = part_view(&held, &part, catalogue.as_ref(), language);
            let theirs = part_view(&conflict.theirs, &part, catalogue.as_ref(), language);
            view! {
                <div class="side-by-side">
                    <div><h4>{tr(Text::HeldValue)}</h4>{ours}</div>
                    <div><h4>{tr(Text::DeviceValue)}</h4>{theirs}</div>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="conflict" data-testid="conflict" aria-label=tr(Text::ConflictHeading)>
            <h3>{tr(Text::ConflictHeading)}</h3>
            {parts}
            <p role="alert" class="warning">{move || problem.get()}</p>
            <div class="actions">
                <button type="button" on:click=move |_| decide_held(Keep::Held)>{tr(Text::KeepHeld)}</button>
                <button type="button" on:click=move |_| decide(Keep::Device)>{tr(Text::TakeDevice)}</button>
            </div>
        </section>
    }
}
