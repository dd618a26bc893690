//! The ID check: the machine-readable zone of an ID card or passport (scanned by a document
//! reader in keyboard mode, or typed) prefills the person; a wrong check digit is refused, naming
//! the field, and changes nothing.

use crate::messages::{Language, Text, mrz_refusal_text, tr};
use devices::mrz::{DocumentKind, read};
use domain::forms::{Date, FormValues, Part};
use leptos::prelude::*;

/// "MUELLER-LUEDENSCHEIDT" → "Mueller-Luedenscheidt" (the zone has capitals only).
fn name_case(capitals: &str) -> String {
    let mut out = String::with_capacity(capitals.len());
    let mut start = true;
    for c in capitals.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, ' ' | '-');
    }
    out
}

#[component]
pub fn IdCheck(values: RwSignal<FormValues>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let zone = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let take = move |_| match read(&zone.get_untracked()) {
        Ok(document) => {
            let birth_date = Date::parse_iso(&document.birth_date)
                .map(Date::german)
                .unwrap_or_default();
            values.update(|v| {
                v.insert(
                    Part::FamilyName.input_id("person"),
                    name_case(&document.surname),
                );
                v.insert(
                    Part::GivenNames.input_id("person"),
                    name_case(&document.given_names),
                );
                v.insert(Part::BirthDate.input_id("person"), birth_date);
            });
            let kind = match document.kind {
                DocumentKind::IdCard => tr(Text::IdCard)(),
                DocumentKind::Passport => tr(Text::Passport)(),
            };
            let expiry = Date::parse_iso(&document.expiry_date)
                .map(Date::german)
                .unwrap_or_default();
            outcome.set(Some(Ok(format!(
                "{kind} {} · {} {expiry} · {}",
                document.document_number,
                tr(Text::ValidUntil)(),
                tr(Text::CheckSpelling)()
            ))));
            zone.set(String::new());
        }
        Err(refusal) => outcome.set(Some(Err(mrz_refusal_text(
            refusal,
            language.get_untracked(),
        )))),
    };
    view! {
        <details class="id-check">
            <summary>{tr(Text::IdCheckHeading)}</summary>
            <div class="field">
                <label for="mrz">{tr(Text::MrzLabel)}</label>
                <textarea id="mrz" rows="3" autocomplete="off" spellcheck="false" class="mrz"
                    prop:value=move || zone.get() on:input=move |e| zone.set(event_target_value(&e))></textarea>
            </div>
            <button type="button" on:click=take>{tr(Text::MrzTake)}</button>
            <div role="status" data-testid="id-check">
                {move || outcome.get().map(|result| match result {
                    Ok(text) => view! { <p class="saved">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="error">{text}</p> }.into_any(),
                })}
            </div>
        </details>
    }
}
