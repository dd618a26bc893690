//! What a case says, as the citizen reads it: on the review screen and on paper alike.

use crate::messages::{Language, Text, pick, tr};
use domain::cases::Citizen;
use domain::catalogue::Service;
use domain::forms::{FieldKind, FormValues};
use leptos::prelude::*;

pub fn citizen_details(citizen: &Citizen) -> impl IntoView + use<> {
    view! {
        <dl>
            <dt>{tr(Text::FamilyName)}</dt><dd>{citizen.family_name.clone()}</dd>
            <dt>{tr(Text::GivenNames)}</dt><dd>{citizen.given_names.clone()}</dd>
            <dt>{tr(Text::BirthDate)}</dt><dd>{citizen.birth_date.clone()}</dd>
            <dt>{tr(Text::Address)}</dt><dd>{citizen.address.one_line()}</dd>
        </dl>
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
    let rows = service
        .form
        .fields
        .iter()
        .filter(|f| f.is_shown(values))
        .map(|field| {
            let given: Vec<String> = field
                .input_ids()
                .iter()
                .filter_map(|id| values.get(id).filter(|v| !v.is_empty()).cloned())
                .collect();
            let text = match &field.kind {
                FieldKind::Choice { options } => options
                    .iter()
                    .find(|o| Some(&o.value) == given.first())
                    .map(|o| pick(&o.label, language))
                    .unwrap_or_default(),
                _ => given.join(" "),
            };
            view! { <dt>{pick(&field.label, language)}</dt><dd>{text}</dd> }
        })
        .collect_view();
    let title = pick(&service.title, language);
    if sub_heading {
        view! { <h4>{title}</h4><dl>{rows}</dl> }.into_any()
    } else {
        view! { <h3>{title}</h3><dl>{rows}</dl> }.into_any()
    }
}
