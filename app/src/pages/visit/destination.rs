//! What the deciding authorities of the case's services would refuse
//! (`domain::handover::precheck`, against the schemas the catalogue carries), shown while the
//! citizen is still at the table: in a service's form, at the review and at the fee, each by its
//! input's label. Until those are mended the visit does not go on.
//! What no form asks is listed for the clerk to know; the town hall settles it before sending.

use super::{Step, Visit};
use crate::messages::{Language, Text, destination_problem_text, pick, tr};
use crate::pages::enrol::focus;
use domain::handover::precheck::{Finding, findings};
use domain::handover::schema::Problem;
use leptos::prelude::*;

const LIST_ID: &str = "destination-findings";

/// The findings of the case as it is now, of the requested service at `only` if given.
fn found(visit: Visit, only: Option<usize>) -> Vec<Finding> {
    let all = visit
        .catalogue
        .with_value(|catalogue| visit.case.with(|case| findings(case, catalogue)));
    all.into_iter()
        .filter(|finding| only.is_none_or(|index| finding.service == index))
        .collect()
}

/// Whether the clerk still has something to fill in; if so, the list gets the focus, so that
/// the step is not left with it.
pub(super) fn holds_up(visit: Visit, only: Option<usize>) -> bool {
    let held = untrack(|| found(visit, only))
        .iter()
        .any(Finding::is_for_the_clerk);
    if held {
        focus(LIST_ID);
    }
    held
}

/// The list, following the case as it is typed. Outside the service's form, a button leads to
/// the form of the first thing to fill in.
pub(super) fn destination_findings(visit: Visit, only: Option<usize>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    move || {
        let (for_clerk, for_town_hall): (Vec<Finding>, Vec<Finding>) = found(visit, only)
            .into_iter()
            .partition(Finding::is_for_the_clerk);
        if for_clerk.is_empty() && for_town_hall.is_empty() {
            return None;
        }
        let language = language.get();
        let lines = move |list: &[Finding]| {
            list.iter()
                .map(|finding| view! { <li>{line(visit, only.is_none(), finding, language)}</li> })
                .collect_view()
        };
        let first_form = for_clerk
            .first()
            .filter(|_| only.is_none())
            .map(|finding| finding.service);
        Some(view! {
            <div id=LIST_ID tabindex="-1" data-testid=LIST_ID>
                {(!for_clerk.is_empty()).then(|| view! {
                    <p class="warning">{tr(Text::DestinationFindings)}</p>
                    <ul>{lines(&for_clerk)}</ul>
                })}
                {first_form.map(|index| view! {
                    <p><button type="button" on:click=move |_| visit.go(Step::Form(index))>{tr(Text::CompleteForm)}</button></p>
                })}
                {(!for_town_hall.is_empty()).then(|| view! {
                    <p class="small">{tr(Text::DestinationNotes)}</p>
                    <ul class="small">{lines(&for_town_hall)}</ul>
                })}
            </div>
        })
    }
}

/// One finding: the service (unless in its form), where (an input by its label, else the place
/// in the data), and what.
fn line(visit: Visit, with_service: bool, finding: &Finding, language: Language) -> String {
    let problem = destination_problem_text(&finding.violation.problem, language);
    visit.catalogue.with_value(|catalogue| {
        visit.case.with_untracked(|case| {
            let service = case
                .services
                .get(finding.service)
                .and_then(|requested| catalogue.service(&requested.service));
            let labelled = finding.input.as_deref().and_then(|input| {
                let form = service?.form_with_checklist();
                let (field, part) = form.field_of_input(input)?;
                let field = pick(&field.label, language);
                Some(match part {
                    Some(part) => format!(
                        "{field} – {}",
                        tr(ui::form_view::part_label::<Text>(part))()
                    ),
                    None => field,
                })
            });
            let place = labelled.unwrap_or_else(|| data_place(finding));
            match service.filter(|_| with_service) {
                Some(service) => format!("{} – {place}: {problem}", pick(&service.title, language)),
                None => format!("{place}: {problem}"),
            }
        })
    })
}

/// Where in the data a finding no input stands for is: the path, with the name of what is
/// missing (`values › telefon`).
fn data_place(finding: &Finding) -> String {
    let mut path: Vec<&str> = finding
        .violation
        .at
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    if let Problem::Missing(name) = &finding.violation.problem {
        path.push(name);
    }
    path.join(" › ")
}
