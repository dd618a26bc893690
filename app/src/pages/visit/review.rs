//! Step 4: the citizen's review, on the citizen screen in large type, with photos of documents.

use super::{Step, Visit, destination};
use crate::components::photo_attachments::PhotoAttachments;
use crate::messages::{Language, Text, tr};
use domain::cases::Case;
use domain::catalogue::{Catalogue, Peripheral};
use leptos::prelude::*;
use ui::case_details::{citizen_details, service_answers};

pub(super) fn review_step(visit: Visit) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let (case, catalogue) = (visit.case, visit.catalogue);
    let confirmed = move |_| {
        if destination::holds_up(visit, None) {
            return;
        }
        let needs_signature =
            catalogue.with_value(|c| case.with(|k| k.needs(c, Peripheral::Signature)));
        visit.go(if needs_signature {
            Step::Signature
        } else {
            Step::Fee
        })
    };
    view! {
        <div class="citizen-screen" data-testid="citizen-screen">
            <h3 id="step-heading" tabindex="-1">{tr(Text::ReviewHeading)}</h3>
            {move || case.with(|k| catalogue.with_value(|c| review(k, c, language.get())))}
        </div>
        <PhotoAttachments case=case />
        {destination::destination_findings(visit, None)}
        <div class="actions">
            <button type="button" on:click=move |_| visit.go(Step::Services)>{tr(Text::Back)}</button>
            <button type="button" class="primary" on:click=confirmed>{tr(Text::ReviewConfirm)}</button>
        </div>
    }
}

/// The citizen screen: large type, everything the citizen is asked to confirm.
fn review(case: &Case, catalogue: &Catalogue, language: Language) -> impl IntoView + use<> {
    let services = case
        .services
        .iter()
        .filter_map(|requested| {
            let service = catalogue.service(&requested.service)?;
            Some(service_answers(service, &requested.values, language, true))
        })
        .collect_view();
    view! {
        {citizen_details::<Text>(&case.citizen)}
        {services}
    }
}
