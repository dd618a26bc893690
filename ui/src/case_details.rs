//! What a case says, as the citizen reads it: on the Koffer's review screen, on paper and in the
//! town hall's case view alike. The words come from the app's own `Text` (`CaseWords`).

use crate::{Language, Wording, pick, tr};
use domain::cases::{CaseStatus, Citizen, Payment, PaymentMethod};
use domain::catalogue::Service;
use domain::forms::{FormValues, answers};
use leptos::prelude::*;

/// The words naming a citizen's details, as an app's `Text` has them (`citizen_words!`): the
/// terminal shows them too, and the forms label their parts with them.
pub trait CitizenWords: Wording {
    const FAMILY_NAME: Self;
    const GIVEN_NAMES: Self;
    const BIRTH_DATE: Self;
    const ADDRESS: Self;
}

/// The words these views show, as an app's `Text` has them (`case_words!`).
pub trait CaseWords: CitizenWords {
    const PAID_CASH: Self;
    const PAID_CARD: Self;
    const INVOICED: Self;
    const FREE: Self;
    const PAYMENT_OPEN: Self;
    const MUNICIPALITY: Self;
    const CASE_NUMBER: Self;
    const PAYMENT: Self;
    const HISTORY: Self;
    const RECEIPT_NUMBER: Self;
    const MELDESCHEIN_TITLE: Self;
    const MELDESCHEIN_NOTE: Self;
    const SIGNATURE_LINE: Self;
    const RECEIPT_TITLE: Self;
    const SUMMARY_TITLE: Self;
    const TOTAL: Self;

    /// What a status is called.
    fn status(status: CaseStatus) -> Self;
}

pub fn citizen_details<T: CitizenWords>(citizen: &Citizen) -> impl IntoView + use<T> {
    view! {
        <dl>
            <dt>{tr(T::FAMILY_NAME)}</dt><dd>{citizen.family_name.clone()}</dd>
            <dt>{tr(T::GIVEN_NAMES)}</dt><dd>{citizen.given_names.clone()}</dd>
            <dt>{tr(T::BIRTH_DATE)}</dt><dd>{citizen.birth_date.clone()}</dd>
            <dt>{tr(T::ADDRESS)}</dt><dd>{citizen.address.one_line()}</dd>
        </dl>
    }
}

/// A moment (milliseconds since the Unix epoch) as people in Germany read it: date and time.
pub fn local_time(at_ms: u64) -> String {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    when.to_locale_string("de-DE", &wasm_bindgen::JsValue::UNDEFINED)
        .into()
}

/// How the fee was settled.
pub fn payment_text<T: CaseWords>(payment: &Payment) -> T {
    match payment {
        Payment::Paid {
            method: PaymentMethod::Cash,
            ..
        } => T::PAID_CASH,
        Payment::Paid {
            method: PaymentMethod::Card,
            ..
        } => T::PAID_CARD,
        Payment::Invoiced => T::INVOICED,
        Payment::Free => T::FREE,
        Payment::Open => T::PAYMENT_OPEN,
    }
}
/// The answers of one service's form: each shown field with its value, choices by their label.
/// `sub_heading`: the service title one level below an `h3` (h4) instead of below an `h2` (h3).
pub fn service_answers(
    service: &Service,
    values: &FormValues,
    language: Language,
    sub_heading: bool,
) -> AnyView {
    let rows = answers(&service.form, values)
        .into_iter()
        .map(|answer| {
            view! { <dt>{pick(&answer.field.label, language)}</dt><dd>{pick(&answer.text, language)}</dd> }
        })
        .collect_view();
    let title = pick(&service.title, language);
    if sub_heading {
        view! { <h4>{title}</h4><dl>{rows}</dl> }.into_any()
    } else {
        view! { <h3>{title}</h3><dl>{rows}</dl> }.into_any()
    }
}
