//! Paper for the citizen, printed with `window.print()`: a case summary (A4), the Meldeschein of
//! an Anmeldung laid out for a wet signature (A4), and an 80 mm receipt; at the table in the
//! Koffer and at the town hall alike. On screen the sheet is hidden; the print stylesheet shows
//! only it.

use crate::case_details::{CaseWords, citizen_details, payment_text, service_answers};
use crate::{Language, pick, tr};
use domain::cases::{Case, Payment};
use domain::catalogue::{Catalogue, PaperForm, euro};
use domain::forms::{Date, FormValues};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Summary,
    Meldeschein,
    Receipt,
}

/// Whether the case has a service the catalogue prints a Meldeschein for.
pub fn has_meldeschein(case: &Case, catalogue: &Catalogue) -> bool {
    case.services.iter().any(|s| {
        catalogue.service(&s.service).and_then(|d| d.paper_form) == Some(PaperForm::Meldeschein)
    })
}

/// The sheet `layout` of `case`, in `T`'s words.
pub fn print_sheet<T: CaseWords>(
    case: &Case,
    catalogue: &Catalogue,
    layout: Layout,
    language: Language,
) -> AnyView {
    let date = Date::parse_iso(&case.deployment.date)
        .map_or_else(|| case.deployment.date.clone(), Date::german);
    let header = view! {
        <p class="sheet-municipality">{tr(T::MUNICIPALITY)} " " {case.deployment.municipality_name.clone()}
            " · " {case.deployment.place.clone()} " · " {date.clone()}</p>
        <p>{tr(T::CASE_NUMBER)} " " <strong>{case.number.clone()}</strong></p>
    };
    let person = citizen_details::<T>(&case.citizen);
    let answers = |service_id: &str, values: &FormValues| {
        catalogue
            .service(service_id)
            .map(|service| service_answers(service, values, language, false))
    };
    let paid: T = payment_text(&case.payment);
    let total = euro(case.total_fee_cents(catalogue));
    match layout {
        Layout::Summary => view! {
            <article class="sheet a4" data-testid="print-sheet">
                <h2>{tr(T::SUMMARY_TITLE)}</h2>
                {header}
                {person}
                {case.services.iter().map(|s| answers(&s.service, &s.values)).collect_view()}
                <p>{tr(T::PAYMENT)} ": " {total} " – " {tr(paid)}</p>
                <p>{tr(T::HISTORY)} ": "
                    {case.history.iter().map(|h| view! { <span>{tr(T::status(h.status))} " (" {h.by.clone()} ") "</span> }).collect_view()}
                </p>
            </article>
        }
        .into_any(),
        Layout::Meldeschein => {
            let forms = case
                .services
                .iter()
                .filter(|s| {
                    catalogue.service(&s.service).and_then(|d| d.paper_form)
                        == Some(PaperForm::Meldeschein)
                })
                .map(|s| answers(&s.service, &s.values))
                .collect_view();
            view! {
                <article class="sheet a4" data-testid="print-sheet">
                    <h2>{tr(T::MELDESCHEIN_TITLE)}</h2>
                    {header}
                    {person}
                    {forms}
                    <p>{tr(T::MELDESCHEIN_NOTE)}</p>
                    <div class="sign-line"><span>{date.clone()}</span></div>
                    <p class="small">{tr(T::SIGNATURE_LINE)}</p>
                </article>
            }
            .into_any()
        }
        Layout::Receipt => {
            let lines = case
                .services
                .iter()
                .filter_map(|s| catalogue.service(&s.service))
                .map(|s| view! { <p>{pick(&s.title, language)} <br /> {euro(s.fee_cents)}</p> })
                .collect_view();
            let receipt = match &case.payment {
                Payment::Paid { receipt, .. } if !receipt.is_empty() => Some(receipt.clone()),
                _ => None,
            };
            view! {
                <article class="sheet receipt" data-testid="print-sheet">
                    <h2>{tr(T::RECEIPT_TITLE)}</h2>
                    {header}
                    <p>{case.citizen.full_name()}</p>
                    {lines}
                    <p><strong>{tr(T::TOTAL)} " " {total}</strong> " – " {tr(paid)}</p>
                    {receipt.map(|r| view! { <p>{tr(T::RECEIPT_NUMBER)} " " {r}</p> })}
                </article>
            }
            .into_any()
        }
    }
}
