//! Step 6: the fee and how it is paid; then the case is finished ("Erfasst") or the clerk is
//! told what still stands in the way.

use super::{Step, Visit, destination, fee_text};
use crate::components::terminal::CardPayment;
use crate::desk::{Desk, today};
use crate::messages::{Language, Text, pick, tr};
use crate::pages::Screen;
use domain::cases::{Case, FinishProblem, Payment, PaymentMethod};
use domain::catalogue::Catalogue;
use leptos::prelude::*;
use ui::connectivity::use_online;

pub(super) fn fee_step(visit: Visit) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let language = expect_context::<RwSignal<Language>>();
    let online = use_online();
    let (case, catalogue) = (visit.case, visit.catalogue);
    let (receipt_number, finish_problems) = (visit.receipt_number, visit.finish_problems);
    let total = move || catalogue.with_value(|c| case.with(|k| k.total_fee_cents(c)));
    let set_payment = move |payment: Payment| case.update(|c| c.payment = payment);
    let paying_by_card = move || {
        case.with(|c| {
            matches!(
                c.payment,
                Payment::Paid {
                    method: PaymentMethod::Card,
                    ..
                }
            )
        })
    };
    let finish = move |_| {
        // The catalogue may have brought a route since the review.
        if destination::holds_up(visit, None) {
            return;
        }
        let by = desk.signed_in.clerk_name.get_value();
        let mut finished = case.get_untracked();
        if let Payment::Paid { receipt, .. } = &mut finished.payment {
            *receipt = receipt_number.get_untracked().trim().to_owned();
        }
        let result = catalogue.with_value(|c| {
            finished.finish(
                c,
                today(),
                online.get_untracked(),
                crate::access::now_ms(),
                &by,
            )
        });
        match result {
            Ok(()) => {
                let id = finished.id.clone();
                // Into the desk now: the case page reads it before the autosave effect runs.
                desk.save_case(finished.clone());
                case.set(finished);
                screen.set(Screen::Case(id));
                if online.get_untracked() {
                    expect_context::<crate::sync::SyncEngine>().run();
                }
            }
            Err(problems) => finish_problems.set(problems),
        }
    };
    view! {
        <h3 id="step-heading" tabindex="-1">{tr(Text::StepFee)}</h3>
        {move || case.with(|c| c.signature.is_some()).then(|| view! { <p role="status">{tr(Text::SignatureTaken)}</p> })}
        <p class="total" data-testid="fee-total">{tr(Text::FeeTotal)} ": " {move || fee_text(total())}</p>
        <Show when=move || { total() > 0 }>
            <fieldset>
                <legend>{tr(Text::Payment)}</legend>
                {payment_choice("pay-cash", Text::PaidCash, Payment::Paid { method: PaymentMethod::Cash, receipt: String::new() }, case, set_payment)}
                {payment_choice("pay-card", Text::PaidCard, Payment::Paid { method: PaymentMethod::Card, receipt: String::new() }, case, set_payment)}
                {payment_choice("pay-invoice", Text::Invoiced, Payment::Invoiced, case, set_payment)}
            </fieldset>
            <Show when=paying_by_card>
                <CardPayment cents=Signal::derive(total) on_paid=move |receipt: String| {
                    receipt_number.set(receipt);
                } />
            </Show>
            <div class="field">
                <label for="receipt-number">{tr(Text::ReceiptNumber)}</label>
                <input id="receipt-number" type="text" autocomplete="off" bind:value=receipt_number />
            </div>
        </Show>
        <div role="alert">
            {move || {
                let problems = finish_problems.get();
                (!problems.is_empty()).then(move || view! {
                    <ul class="error">{problems.iter().map(|p| catalogue.with_value(|c| finish_problem(p, c, language.get()))).collect::<Vec<_>>()}</ul>
                })
            }}
        </div>
        {destination::destination_findings(visit, None)}
        <div class="actions">
            <button type="button" on:click=move |_| visit.go(Step::Review)>{tr(Text::Back)}</button>
            <button type="button" class="primary" on:click=finish>{tr(Text::FinishCase)}</button>
        </div>
    }
}

fn payment_choice(
    id: &'static str,
    label: Text,
    payment: Payment,
    case: RwSignal<Case>,
    set_payment: impl Fn(Payment) + Copy + 'static,
) -> impl IntoView {
    // A paid choice stays chosen whatever receipt number is typed.
    let same_kind = {
        let payment = payment.clone();
        move || {
            case.with(|c| match (&c.payment, &payment) {
                (Payment::Paid { method: a, .. }, Payment::Paid { method: b, .. }) => a == b,
                (current, wanted) => current == wanted,
            })
        }
    };
    view! {
        <div class="check">
            <input type="radio" name="payment" id=id prop:checked=same_kind on:change=move |_| set_payment(payment.clone()) />
            <label for=id>{tr(label)}</label>
        </div>
    }
}

fn finish_problem(
    problem: &FinishProblem,
    catalogue: &Catalogue,
    language: Language,
) -> impl IntoView + use<> {
    let title = |id: &str| {
        catalogue
            .service(id)
            .map(|s| pick(&s.title, language))
            .unwrap_or_else(|| id.to_owned())
    };
    let (text, detail) = match problem {
        FinishProblem::NoService => (Text::FinishNoService, String::new()),
        FinishProblem::UnknownService(id) => (Text::FinishUnknownService, id.clone()),
        FinishProblem::NeedsConnection(id) => (Text::FinishNeedsConnection, title(id)),
        FinishProblem::Form { service, .. } => (Text::FinishForm, title(service)),
        FinishProblem::Citizen(_) => (Text::FinishCitizen, String::new()),
        FinishProblem::SignatureMissing => (Text::FinishSignature, String::new()),
        FinishProblem::PaymentOpen => (Text::FinishPayment, String::new()),
        FinishProblem::NotADraft(_) => (Text::FinishNotDraft, String::new()),
    };
    view! { <li>{tr(text)} " " {detail}</li> }
}
