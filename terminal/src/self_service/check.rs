//! What the citizen gave, to check before it goes: their details and the form's answers as the
//! town hall will read them, the signature on the screen where the service needs one, the fee
//! paid at the kiosk's card terminal where there is one, then "Einreichen". The server checks it
//! all again and files it; its refusal is shown as it says it.

use super::{Filing, Sent};
use crate::messages::{Text, failure_text};
use crate::read_aloud::{ReadAloud, read_screen};
use domain::cases::{Channel, Citizen, RequestedService};
use domain::catalogue::Peripheral;
use domain::catalogue::euro;
use domain::forms::{FormValues, validate};
use domain::wire::{CardPayment, DeviceProof, TerminalFiling};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::card_terminal::CardTerminal;
use ui::card_terminal::words::payment_state_text;
use ui::case_details::{citizen_details, service_answers};
use ui::form_view::today;
use ui::signature_pad::{Strokes, signature_canvas};
use ui::{Language, api, fill, http, tr};

#[component]
pub fn Check(
    filing: Filing,
    device: DeviceProof,
    on_filed: Callback<Sent>,
    on_change: Callback<Filing>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let card = expect_context::<CardTerminal>();
    let service = filing.service.get_value();
    let fee_cents = service.fee_cents;
    let needs_signature = service.uses(Peripheral::Signature);
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let citizen = Citizen::from_form(
        filing.id.get_value(),
        &filing.citizen.get_untracked(),
        today(),
    );
    let device = StoredValue::new(device);
    // Sends what the citizen checked (and paid); the server checks it all again and files it.
    let file = Callback::new(move |citizen: Citizen| {
        // What the receipt says it is for, in the administration's language like the rest.
        let line = filing
            .service
            .with_value(|service| format!("{}: {}", citizen.full_name(), service.title.de));
        let paid = filing.paid.get_untracked();
        let request = TerminalFiling {
            id: filing.id.get_value(),
            citizen,
            services: vec![RequestedService {
                service: filing.service.with_value(|service| service.id.clone()),
                values: filing.values.get_untracked(),
            }],
            signature: filing.signature.get_untracked(),
            paid_by_card: paid.clone(),
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
                    filing.paid.try_set(None);
                    on_filed.run(Sent {
                        receipt,
                        line,
                        paid,
                    });
                }
                Err(failure) => {
                    sending.try_set(false);
                    problem.try_set(Some(failure_text(&failure, language.get_untracked())));
                }
            }
        });
    });
    card.reset();
    let card_state = Memo::new(move |_| {
        card.state
            .with(|state| payment_state_text::<Text>(state, language.get()))
    });
    // The card terminal's prompts are read like a screen: she may not read its display either.
    read_screen(expect_context::<ReadAloud>(), language, card_state.into());
    // A citizen who leaves while paying takes the payment with them.
    on_cleanup(move || {
        if card.is_running_now() {
            card.cancel();
        }
    });
    let send = {
        let (citizen, service) = (citizen.clone(), service.clone());
        move |_| {
            let Ok(citizen) = citizen.clone() else {
                on_change.run(filing);
                return;
            };
            if needs_signature && filing.signature.with_untracked(Option::is_none) {
                problem.set(Some(
                    Text::SignFirst
                        .in_language(language.get_untracked())
                        .to_owned(),
                ));
                return;
            }
            // Checked again as it goes: the form may have been changed meanwhile.
            let values = filing.values.get_untracked();
            if !validate(&Channel::Terminal.form_of(&service), &values, today()).is_empty() {
                on_change.run(filing);
                return;
            }
            problem.set(None);
            if fee_cents == 0 || filing.paid.with_untracked(Option::is_some) {
                file.run(citizen);
                return;
            }
            card.pay(u64::from(fee_cents), move |approval| {
                let receipt = approval.receipt_number.or(approval.trace_number);
                filing.paid.try_set(Some(CardPayment {
                    // What the terminal says it charged: the server compares it with the fee.
                    amount_cents: u32::try_from(approval.amount_cents).unwrap_or(u32::MAX),
                    receipt: receipt.unwrap_or_default(),
                }));
                file.try_run(citizen);
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
            <Show when=move || fee_cents != 0>
                <h3>{move || fill(Text::FeeDue, language.get(), &[&euro(fee_cents)])}</h3>
                <p>{tr(Text::FeeByCard)}</p>
                <p role="status" data-testid="card-state">
                    {card_state}
                </p>
            </Show>
            <p role="alert" class="warning">{move || problem.get()}</p>
            <button type="button" class="primary" on:click=send
                disabled=move || sending.get() || card.is_running()>
                {move || match (sending.get(), fee_cents != 0 && filing.paid.with(Option::is_none)) {
                    (true, _) => tr(Text::Submitting)(),
                    (false, true) => tr(Text::PayAndSubmit)(),
                    (false, false) => tr(Text::Submit)(),
                }}
            </button>
        </section>
    }
}
