//! Paper for the citizen, printed with `window.print()`: a case summary (A4), the Meldeschein of
//! an Anmeldung laid out for a wet signature (A4), and an 80 mm receipt. On screen the sheet is
//! hidden; the print stylesheet shows only it.

use crate::messages::{Language, Text, pick, status_text, tr};
use domain::cases::{Case, Payment};
use domain::catalogue::{Catalogue, PaperForm, euro};
use domain::forms::{Date, FormValues};
use leptos::prelude::*;
use ui::case_details::{citizen_details, payment_text, service_answers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Summary,
    Meldeschein,
    Receipt,
}

#[component]
pub fn PrintSheet(case: Case, catalogue: Catalogue, layout: Layout) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let citizen = case.citizen.clone();
    let date = Date::parse_iso(&case.deployment.date)
        .map_or_else(|| case.deployment.date.clone(), Date::german);
    let header = view! {
        <p class="sheet-municipality">{tr(Text::Municipality)} " " {case.deployment.municipality_name.clone()}
            " · " {case.deployment.place.clone()} " · " {date.clone()}</p>
        <p>{tr(Text::CaseNumber)} " " <strong>{case.number.clone()}</strong></p>
    };
    let person = citizen_details::<Text>(&citizen);
    let answers = {
        let catalogue = catalogue.clone();
        move |service_id: &str, values: &FormValues| {
            catalogue
                .service(service_id)
                .map(|service| service_answers(service, values, language.get_untracked(), false))
        }
    };
    let paid: Text = payment_text(&case.payment);
    let total = {
        let catalogue = catalogue.clone();
        euro(case.total_fee_cents(&catalogue))
    };
    match layout {
        Layout::Summary => view! {
            <article class="sheet a4" data-testid="print-sheet">
                <h2>{tr(Text::SummaryTitle)}</h2>
                {header}
                {person}
                {case.services.iter().map(|s| answers(&s.service, &s.values)).collect_view()}
                <p>{tr(Text::Payment)} ": " {total} " – " {tr(paid)}</p>
                <p>{tr(Text::History)} ": "
                    {case.history.iter().map(|h| view! { <span>{tr(status_text(h.status))} " (" {h.by.clone()} ") "</span> }).collect_view()}
                </p>
            </article>
        }
        .into_any(),
        Layout::Meldeschein => {
            let catalogue = catalogue.clone();
            let forms = case
                .services
                .iter()
                .filter(|s| {
                    catalogue.service(&s.service).and_then(|d| d.paper_form) == Some(PaperForm::Meldeschein)
                })
                .map(|s| answers(&s.service, &s.values))
                .collect_view();
            view! {
                <article class="sheet a4" data-testid="print-sheet">
                    <h2>{tr(Text::MeldescheinTitle)}</h2>
                    {header}
                    {person}
                    {forms}
                    <p>{tr(Text::MeldescheinNote)}</p>
                    <div class="sign-line"><span>{date.clone()}</span></div>
                    <p class="small">{tr(Text::SignatureLine)}</p>
                </article>
            }
            .into_any()
        }
        Layout::Receipt => {
            let lang = language.get_untracked();
            let lines = case
                .services
                .iter()
                .filter_map(|s| catalogue.service(&s.service))
                .map(|s| view! { <p>{pick(&s.title, lang)} <br /> {euro(s.fee_cents)}</p> })
                .collect_view();
            let receipt = match &case.payment {
                Payment::Paid { receipt, .. } if !receipt.is_empty() => Some(receipt.clone()),
                _ => None,
            };
            view! {
                <article class="sheet receipt" data-testid="print-sheet">
                    <h2>{tr(Text::ReceiptTitle)}</h2>
                    {header}
                    <p>{citizen.full_name()}</p>
                    {lines}
                    <p><strong>{tr(Text::Total)} " " {total}</strong> " – " {tr(paid)}</p>
                    {receipt.map(|r| view! { <p>{tr(Text::ReceiptNumber)} " " {r}</p> })}
                </article>
            }
            .into_any()
        }
    }
}
