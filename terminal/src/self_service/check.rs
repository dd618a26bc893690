//! What the citizen gave, to check before it goes: their details and the form's answers as the
//! town hall will read them, the signature on the screen where the service needs one, then
//! "Einreichen". The server checks it all again and files it; its refusal is shown as it says it.

use super::Filing;
use crate::messages::{Text, failure_text};
use domain::cases::{Channel, Citizen, RequestedService};
use domain::catalogue::Peripheral;
use domain::forms::{FormValues, validate};
use domain::wire::{DeviceProof, TerminalFiling, TerminalReceipt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::case_details::{citizen_details, service_answers};
use ui::form_view::today;
use ui::signature_pad::{Strokes, signature_canvas};
use ui::{Language, api, http, tr};

#[component]
pub fn Check(
    filing: Filing,
    device: DeviceProof,
    on_filed: Callback<(TerminalReceipt, String)>,
    on_change: Callback<Filing>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let service = filing.service.get_value();
    let needs_signature = service.uses(Peripheral::Signature);
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let citizen = Citizen::from_form(
        filing.id.get_value(),
        &filing.citizen.get_untracked(),
        today(),
    );
    let device = StoredValue::new(device);
    let send = {
        let (citizen, service) = (citizen.clone(), service.clone());
        move |_| {
            let Ok(citizen) = citizen.clone() else {
                on_change.run(filing);
                return;
            };
            let signature = filing.signature.get_untracked();
            if needs_signature && signature.is_none() {
                problem.set(Some(
                    Text::SignFirst
                        .in_language(language.get_untracked())
                        .to_owned(),
                ));
                return;
            }
            let values = filing.values.get_untracked();
            // Checked again as it goes: the form may have been changed meanwhile.
            if !validate(&Channel::Terminal.form_of(&service), &values, today()).is_empty() {
                on_change.run(filing);
                return;
            }
            // What the receipt says it is for, in the administration's language like the rest.
            let line = format!("{}: {}", citizen.full_name(), service.title.de);
            let request = TerminalFiling {
                id: filing.id.get_value(),
                citizen,
                services: vec![RequestedService {
                    service: service.id.clone(),
                    values,
                }],
                signature,
            };
            let call = api::file_at_terminal(&device.get_value());
            sending.set(true);
            spawn_local(async move {
                match http::send(call, Some(&request)).await {
                    Ok(receipt) => {
                        // Sent: nothing of the citizen stays but the receipt.
                        filing.citizen.try_set(FormValues::new());
                        filing.values.try_set(FormValues::new());
                        filing.signature.try_set(None);
                        on_filed.run((receipt, line));
                    }
                    Err(failure) => {
                        sending.try_set(false);
                        problem.try_set(Some(failure_text(&failure, language.get_untracked())));
                    }
                }
            });
        }
    };
    let details = citizen.map(|citizen| citizen_details::<Text>(&citizen));
    let answers = {
        let service = service.clone();
        move || service_answers(&service, &filing.values.get(), language.get(), false)
    };
    let signed = move |signature| {
        filing.signature.set(Some(signature));
        problem.set(None);
    };
    view! {
        <section aria-labelledby="check-title" data-testid="self-service-check">
            <h2 id="check-title" tabindex="-1">{tr(Text::CheckHeading)}</h2>
            <h3>{tr(Text::YourDetails)}</h3>
            {details.ok()}
            {answers}
            <button type="button" on:click=move |_| on_change.run(filing)>{tr(Text::Change)}</button>
            <Show when=move || needs_signature>
                <h3 id="sign-title">{tr(Text::SignHeading)}</h3>
                <p>{tr(Text::SignExplanation)}</p>
                {signature_canvas::<Text>(Strokes::default(), Callback::new(signed))}
                <p role="status">
                    {move || filing.signature.with(Option::is_some).then(|| tr(Text::SignatureTaken)())}
                </p>
            </Show>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <button type="button" class="primary" on:click=send disabled=move || sending.get()>
                {move || if sending.get() { tr(Text::Submitting)() } else { tr(Text::Submit)() }}
            </button>
        </section>
    }
}
