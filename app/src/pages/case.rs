//! One case as it stands: number, status with its history (time and clerk of each step), the
//! citizen and services, payment, and the papers to print for the citizen.

use crate::components::printer::case_receipt;
use crate::desk::Desk;
use crate::hardware::printer::Printer;
use crate::messages::{Language, Text, pick, status_text, tr};
use crate::pages::Screen;
use domain::cases::CaseStatus;
use leptos::prelude::*;
use std::time::Duration;
use ui::case_details::local_time;
use ui::print_sheet::{Layout, has_meldeschein, print_sheet};

#[component]
pub fn CasePage(id: String) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let language = expect_context::<RwSignal<Language>>();
    let Some(case) = desk.case(&id) else {
        return view! { <p class="warning" role="alert">{tr(Text::NoCases)}</p> }.into_any();
    };
    let Some(catalogue) = desk.catalogue_of(&case.deployment.municipality) else {
        return view! { <p class="warning" role="alert">{tr(Text::NoCatalogue)}</p> }.into_any();
    };
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
    let has_meldeschein = has_meldeschein(&case, &catalogue);
    let draft = case.status() == CaseStatus::Draft;
    let finished_now = case.status() == CaseStatus::Captured;
    let history = case
        .history
        .iter()
        .map(|step| {
            let when = local_time(step.at_ms);
            view! { <li>{tr(status_text(step.status))} " · " {when} " · " {step.by.clone()}</li> }
        })
        .collect_view();
    let services = case
        .services
        .iter()
        .filter_map(|s| catalogue.service(&s.service).cloned())
        .map(|s| view! { <li>{move || pick(&s.title, language.get())}</li> })
        .collect_view();
    let sheet = {
        let (case, catalogue) = (case.clone(), catalogue.clone());
        move || print_sheet::<Text>(&case, &catalogue, layout.get(), language.get())
    };
    let continue_id = case.id.clone();
    let correct_id = case.id.clone();
    let may_correct = desk.may_correct(&case);
    let correction_waits = desk.correction_waits(&case.id);
    let printer = expect_context::<Printer>();
    let receipt_bytes = case_receipt(&case, &catalogue);
    view! {
        <section class="panel" aria-labelledby="case-title">
            <h2 id="case-title" tabindex="-1">{tr(Text::CaseNumber)} " " {case.number.clone()}</h2>
            {finished_now.then(|| view! { <p role="status" class="saved">{tr(Text::CaseFinished)}</p> })}
            <p data-testid="case-status">{tr(status_text(case.status()))}</p>
            {correction_waits.then(|| view! { <p role="status" data-testid="correction-waits">{tr(Text::CorrectionWaits)}</p> })}
            <p class="name">{case.citizen.full_name()} " · " {case.citizen.birth_date.clone()}</p>
            <ul>{services}</ul>
            <h3>{tr(Text::History)}</h3>
            <ol class="history" data-testid="history">{history}</ol>
            <div class="actions">
                {draft.then(|| view! {
                    <button type="button" class="primary" on:click=move |_| screen.set(Screen::Visit(continue_id.clone()))>{tr(Text::ContinueCase)}</button>
                })}
                {may_correct.then(|| view! {
                    <button type="button" on:click=move |_| screen.set(Screen::Correction(correct_id.clone()))>{tr(Text::CorrectCase)}</button>
                })}
                <button type="button" on:click=move |_| print(Layout::Summary)>{tr(Text::PrintSummary)}</button>
                {has_meldeschein.then(|| view! {
                    <button type="button" on:click=move |_| print(Layout::Meldeschein)>{tr(Text::PrintMeldeschein)}</button>
                })}
                <button type="button" on:click=move |_| printer.print(receipt_bytes.clone(), move || print(Layout::Receipt))>{tr(Text::PrintReceipt)}</button>
                <button type="button" on:click=move |_| screen.set(Screen::Day)>{tr(Text::ToOverview)}</button>
            </div>
            <p role="status" data-testid="printer-outcome">{move || printer.outcome.get().map(|t| tr(t)())}</p>
        </section>
        <div class="print-area">{sheet}</div>
    }
    .into_any()
}
