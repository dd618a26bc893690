//! One case whole, as the server holds it: the person, each service's answers, photos,
//! signature, payment, the status history, and the case's record with what the server found
//! checking it (`domain::audit`); a flagged conflict first, to be decided (`conflict`).

use crate::conflict::ConflictChoice;
use crate::handover::SavePackage;
use crate::messages::{Text, failure_text, status_text};
use crate::photos::Photos;
use crate::session::Session;
use crate::submissions::Submissions;
use domain::audit::EventKind;
use domain::cases::{Channel, Payment};
use domain::forms::Date;
use domain::wire::CaseDetail;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use ui::case_details::{citizen_details, local_time, payment_text, service_answers};
use ui::print_sheet::{Layout, has_meldeschein, print_sheet};
use ui::{Language, api, fill, http, tr};

fn event_text(kind: EventKind) -> Text {
    match kind {
        EventKind::Filed => Text::EventFiled,
        EventKind::Edited => Text::EventEdited,
        EventKind::Status(status) => status_text(status),
        EventKind::Resolved => Text::EventResolved,
    }
}

/// The case `(municipality, id)` of `open`; closing it sets `open` back to `None`.
#[component]
pub fn CaseView(
    session: StoredValue<Session>,
    open: RwSignal<Option<(String, String)>>,
    municipality: String,
    id: String,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let detail = RwSignal::new(None::<CaseDetail>);
    let problem = RwSignal::new(None::<String>);
    let load = move || {
        let (municipality, id) = (municipality.clone(), id.clone());
        spawn_local(async move {
            let token = session.with_value(|s| s.token.clone());
            match http::send(api::case_detail(&token, &municipality, &id), None).await {
                Ok(found) => {
                    detail.try_set(Some(found));
                }
                Err(failure) => {
                    problem.try_set(Some(failure_text(&failure, language.get_untracked())));
                }
            }
        });
    };
    load();
    let reload = Callback::new(move |()| load());
    // The sheet to print, once chosen.
    let layout = RwSignal::new(Layout::Summary);
    let print = move |chosen: Layout| {
        layout.set(chosen);
        // Print once the chosen sheet is in the page.
        set_timeout(
            || {
                if let Some(window) = web_sys::window() {
                    let _ = window.print();
                }
            },
            Duration::from_millis(50),
        );
    };
    let shown = move || {
        detail.get().map(|CaseDetail { summary, case, conflicts, record, record_problem, submissions }| {
            let catalogue = session.with_value(|s| s.catalogue_of(&summary.municipality).cloned());
            let services = case
                .services
                .iter()
                .map(|requested| {
                    match catalogue.as_ref().and_then(|c| c.service(&requested.service)) {
                        Some(service) => {
                            service_answers(service, &requested.values, language.get(), false)
                        }
                        None => view! { <h3>{requested.service.clone()}</h3> }.into_any(),
                    }
                })
                .collect_view();
            let taken = match case.channel {
                Channel::Koffer => Text::TakenWithKoffer,
                Channel::Terminal => Text::FiledAtTerminal,
            };
            let day = Date::parse_iso(&case.deployment.date)
                .map_or_else(|| case.deployment.date.clone(), Date::german);
            let taken_where = fill(taken, language.get(), &[&case.deployment.place, &day]);
            // The slip's or cash book's number: what the payment is matched with.
            let voucher = match &case.payment {
                Payment::Paid { receipt, .. } if !receipt.is_empty() => {
                    Some(fill(Text::PaymentVoucher, language.get(), &[receipt]))
                }
                _ => None,
            };
            let signature = case.signature.as_ref().map(|signature| {
                view! { <img class="signature" src=signature.png.clone() alt=tr(Text::SignatureOf) /> }
            });
            let history = case
                .history
                .iter()
                .map(|step| {
                    let reason = step.reason.clone().map(|r| format!(" · {r}"));
                    view! {
                        <li>{tr(status_text(step.status))} " · " {local_time(step.at_ms)} " · "
                            {step.by.clone()} {reason}</li>
                    }
                })
                .collect_view();
            let events = record
                .iter()
                .map(|event| {
                    let signed = event.proposed.is_some().then(|| view! { " · " {tr(Text::SignedByDevice)} });
                    view! {
                        <li>{tr(event_text(event.kind))} " · " {local_time(event.at_ms)} " · "
                            {event.by.clone()} " · " {event.device.clone()} {signed}</li>
                    }
                })
                .collect_view();
            let record_state = match record_problem {
                Some(found) => view! { <p role="alert" class="warning" data-testid="record-problem">{found}</p> }.into_any(),
                None => view! { <p class="saved" data-testid="record-intact">{tr(Text::RecordIntact)}</p> }.into_any(),
            };
            let conflicts = conflicts
                .into_iter()
                .enumerate()
                .map(|(index, conflict)| view! {
                    <ConflictChoice session=session held=case.clone()
                        municipality=summary.municipality.clone() index=index conflict=conflict
                        on_decided=reload />
                })
                .collect_view();
            let papers = catalogue.clone().map(|catalogue| {
                let meldeschein = has_meldeschein(&case, &catalogue);
                let sheet = {
                    let (case, catalogue) = (case.clone(), catalogue.clone());
                    move || print_sheet::<Text>(&case, &catalogue, layout.get(), language.get())
                };
                view! {
                    <div class="actions">
                        <button type="button" on:click=move |_| print(Layout::Summary)>{tr(Text::PrintSummary)}</button>
                        {meldeschein.then(|| view! {
                            <button type="button" on:click=move |_| print(Layout::Meldeschein)>{tr(Text::PrintMeldeschein)}</button>
                        })}
                    </div>
                    <div class="print-area">{sheet}</div>
                }
            });
            let handover = {
                let (municipality, id) = (summary.municipality.clone(), case.id.clone());
                let name = fill(Text::HandoverFile, language.get_untracked(), &[&case.number]);
                let what = move |token: String| {
                    Some((api::handover(&token, &municipality, &id), name.clone(), "application/pdf"))
                };
                view! {
                    <div class="actions">
                        <SavePackage session=session label=Text::SaveHandover what=what />
                    </div>
                    <Submissions session=session municipality=summary.municipality.clone()
                        id=case.id.clone() submissions=submissions on_changed=reload />
                }
            };
            let photos = view! {
                <Photos session=session municipality=summary.municipality.clone()
                    attachments=case.attachments.clone() />
            };
            view! {
                <h2 id="case-title" tabindex="-1">{tr(Text::CaseNumber)} " " {summary.number.clone()}</h2>
                <p data-testid="case-status">{tr(Text::Status)} ": " {tr(status_text(summary.status))}
                    {summary.flagged.then(|| view! { " · " <strong>{tr(Text::Flagged)}</strong> })}</p>
                <p data-testid="case-channel">{taken_where}</p>
                {conflicts}
                <h3>{tr(Text::Person)}</h3>
                {citizen_details::<Text>(&case.citizen)}
                {services}
                <h3>{tr(Text::Photos)}</h3>
                {photos}
                <h3>{tr(Text::Signature)}</h3>
                {signature}
                <h3>{tr(Text::Payment)}</h3>
                <p data-testid="case-payment">{tr(payment_text::<Text>(&case.payment))} " " {voucher}</p>
                <h3>{tr(Text::History)}</h3>
                <ol data-testid="history">{history}</ol>
                <h3>{tr(Text::Record)}</h3>
                {record_state}
                <ol data-testid="record">{events}</ol>
                {papers}
                {handover}
            }
        })
    };
    view! {
        <section class="panel" aria-labelledby="case-title" data-testid="case-view">
            <p role="alert" class="warning">{move || problem.get()}</p>
            {shown}
            <div class="actions">
                <button type="button" on:click=move |_| open.set(None)>{tr(Text::BackToList)}</button>
            </div>
        </section>
    }
}
