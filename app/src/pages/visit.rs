//! One citizen's visit, step by step: who (found or new) → which services → their forms →
//! review on the citizen screen → signature → fee → finished. Every change is saved at once,
//! encrypted, so a reload or a flat battery loses nothing typed.

use crate::components::case_details::{citizen_details, service_answers};
use crate::components::form_view::{FormView, focus_first_error};
use crate::components::id_check::IdCheck;
use crate::components::photo_attachments::PhotoAttachments;
use crate::components::signature_pad::SignaturePad;
use crate::components::terminal::CardPayment;
use crate::desk::{Desk, today};
use crate::messages::{Language, Text, pick, tr};
use crate::pages::Screen;
use crate::platform::connectivity::use_online;
use domain::cases::{
    Case, Citizen, FinishProblem, Payment, PaymentMethod, RequestedService, citizen_form,
    matches_query,
};
use domain::catalogue::{Catalogue, OfflinePolicy, Peripheral, euro};
use domain::forms::{FieldError, FormValues, validate};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Citizen,
    Services,
    Form(usize),
    Review,
    Signature,
    Fee,
}

#[component]
pub fn VisitPage(case: Case) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let language = expect_context::<RwSignal<Language>>();
    let online = use_online();
    let Some(catalogue) = desk.catalogue_of(&case.deployment.municipality) else {
        return view! { <p class="warning" role="alert">{tr(Text::NoCatalogue)}</p> }.into_any();
    };
    let catalogue = StoredValue::new(catalogue);
    let start = if case.services.is_empty() {
        Step::Citizen
    } else {
        Step::Review
    };
    let case = RwSignal::new(case);
    let step = RwSignal::new(start);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let finish_problems = RwSignal::new(Vec::<FinishProblem>::new());

    // Autosave: every change of the case is sealed into the store.
    Effect::new(move |first: Option<()>| {
        let current = case.get();
        if first.is_some() {
            desk.save_case(current);
        }
    });
    let go = move |next: Step| {
        errors.set(Vec::new());
        step.set(next);
        crate::pages::enrol::focus("step-heading");
    };

    // --- Step: the citizen ---
    let citizen_values = RwSignal::new(case.get_untracked().citizen.form_values());
    Effect::new(move |_| {
        let values = citizen_values.get();
        case.update(|c| c.citizen = raw_citizen(c.citizen.id.clone(), &values));
    });
    let query = RwSignal::new(String::new());
    let known = move || {
        let q = query.get();
        if q.trim().is_empty() {
            return Vec::new();
        }
        let own_id = case.with_untracked(|c| c.id.clone());
        let mut seen = std::collections::BTreeSet::new();
        desk.cases.with(|all| {
            all.iter()
                .filter(|e| e.case.id != own_id && matches_query(&e.search, &q))
                .filter(|e| seen.insert(e.case.citizen.id.clone()))
                .take(8)
                .map(|e| e.case.citizen.clone())
                .collect::<Vec<_>>()
        })
    };
    let citizen_next = move |_| {
        let found = validate(&citizen_form(), &citizen_values.get_untracked(), today());
        focus_first_error(&found);
        if found.is_empty() {
            go(Step::Services);
        } else {
            errors.set(found);
        }
    };

    // --- Step: services ---
    let chosen = move |id: &str| case.with(|c| c.services.iter().any(|s| s.service == id));
    let toggle_service = move |id: String, on: bool| {
        case.update(|c| {
            c.services.retain(|s| s.service != id);
            if on {
                c.services.push(RequestedService {
                    service: id,
                    values: FormValues::new(),
                });
            }
        });
    };
    let none_chosen = RwSignal::new(false);
    let services_next = move |_| {
        let empty = case.with_untracked(|c| c.services.is_empty());
        none_chosen.set(empty);
        if !empty {
            go(Step::Form(0));
        }
    };

    // --- Step: the form of service `index` ---
    let form_step = move |index: usize| {
        let requested = case.with_untracked(|c| c.services.get(index).cloned())?;
        let service = catalogue.with_value(|c| c.service(&requested.service).cloned())?;
        let schema = service.form_with_checklist();
        let values = RwSignal::new(requested.values.clone());
        Effect::new(move |_| {
            let typed = values.get();
            case.update(|c| {
                if let Some(s) = c.services.get_mut(index) {
                    s.values = typed;
                }
            });
        });
        let count = case.with_untracked(|c| c.services.len());
        let next = {
            let schema = schema.clone();
            move |_| {
                let found = validate(&schema, &values.get_untracked(), today());
                focus_first_error(&found);
                if !found.is_empty() {
                    errors.set(found);
                } else if index + 1 < count {
                    go(Step::Form(index + 1));
                } else {
                    go(Step::Review);
                }
            }
        };
        let back = move |_| {
            go(if index == 0 {
                Step::Services
            } else {
                Step::Form(index - 1)
            })
        };
        let title = service.title.clone();
        Some(view! {
            <h3 id="step-heading" tabindex="-1">{move || pick(&title, language.get())}</h3>
            <p class="small">{offline_note(service.offline)} " · " {fee_text(service.fee_cents)} " – " {service.fee_basis.clone()}</p>
            <form novalidate on:submit=|e| e.prevent_default()>
                <FormView schema=schema values=values errors=errors />
                <div class="actions">
                    <button type="button" on:click=back>{tr(Text::Back)}</button>
                    <button type="submit" class="primary" on:click=next>{tr(Text::Next)}</button>
                </div>
            </form>
        })
    };

    // --- Steps after review ---
    let needs_signature =
        move || catalogue.with_value(|c| case.with(|k| k.needs(c, Peripheral::Signature)));
    let after_review = move |_| {
        go(if needs_signature() {
            Step::Signature
        } else {
            Step::Fee
        })
    };
    let total = move || catalogue.with_value(|c| case.with(|k| k.total_fee_cents(c)));
    let receipt_number = RwSignal::new(String::new());
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
        let by = desk.clerk_name.get_value();
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

    let step_view = move || {
        match step.get() {
        Step::Citizen => view! {
            <h3 id="step-heading" tabindex="-1">{tr(Text::StepCitizen)}</h3>
            <div class="field">
                <label for="known-search">{tr(Text::KnownCitizens)}</label>
                <input id="known-search" type="search" autocomplete="off" bind:value=query />
            </div>
            <ul class="found">
                <For each=known key=|c| c.id.clone() let:citizen>
                    {
                        let label = format!("{} · {} · {}", citizen.full_name(), citizen.birth_date, citizen.address.one_line());
                        let take = move |_| {
                            citizen_values.set(citizen.form_values());
                            case.update(|c| c.citizen.id = citizen.id.clone());
                            query.set(String::new());
                        };
                        view! { <li>{label} " " <button type="button" on:click=take>{tr(Text::TakeCitizen)}</button></li> }
                    }
                </For>
            </ul>
            <IdCheck values=citizen_values />
            <form novalidate on:submit=|e| e.prevent_default()>
                <FormView schema=citizen_form() values=citizen_values errors=errors />
                <div class="actions">
                    <button type="submit" class="primary" on:click=citizen_next>{tr(Text::Next)}</button>
                </div>
            </form>
        }
        .into_any(),
        Step::Services => {
            let rows = catalogue
                .get_value()
                .services
                .into_iter()
                .map(|service| {
                    let id = service.id.clone();
                    let dom = format!("service-{id}");
                    let checked = {
                        let id = id.clone();
                        move || chosen(&id)
                    };
                    let title = service.title.clone();
                    view! {
                        <li class="check">
                            <input type="checkbox" id=dom.clone() prop:checked=checked
                                on:change=move |e| toggle_service(id.clone(), event_target_checked(&e)) />
                            <label for=dom>
                                <strong>{move || pick(&title, language.get())}</strong>
                                <span class="small">" – " {fee_text(service.fee_cents)} " · " {offline_note(service.offline)}
                                    {(!service.leika_confirmed).then(|| view! { " · " {tr(Text::LeikaUnconfirmed)} })}
                                </span>
                            </label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3 id="step-heading" tabindex="-1">{tr(Text::ChooseServices)}</h3>
                <ul class="services">{rows}</ul>
                <div role="alert">{move || none_chosen.get().then(|| view! { <p class="error">{tr(Text::NoServiceChosen)}</p> })}</div>
                <div class="actions">
                    <button type="button" on:click=move |_| go(Step::Citizen)>{tr(Text::Back)}</button>
                    <button type="button" class="primary" on:click=services_next>{tr(Text::Next)}</button>
                </div>
            }
            .into_any()
        }
        Step::Form(index) => form_step(index).into_any(),
        Step::Review => view! {
            <div class="citizen-screen" data-testid="citizen-screen">
                <h3 id="step-heading" tabindex="-1">{tr(Text::ReviewHeading)}</h3>
                {move || case.with(|k| catalogue.with_value(|c| review(k, c, language.get())))}
            </div>
            <PhotoAttachments case=case />
            <div class="actions">
                <button type="button" on:click=move |_| go(Step::Services)>{tr(Text::Back)}</button>
                <button type="button" class="primary" on:click=after_review>{tr(Text::ReviewConfirm)}</button>
            </div>
        }
        .into_any(),
        Step::Signature => view! {
            <h3 id="step-heading" tabindex="-1">{tr(Text::SignatureHeading)}</h3>
            <SignaturePad on_take=move |signature| {
                case.update(|c| c.signature = Some(signature));
                go(Step::Fee);
            } />
            <div class="actions">
                <button type="button" on:click=move |_| go(Step::Review)>{tr(Text::Back)}</button>
            </div>
        }
        .into_any(),
        Step::Fee => view! {
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
            <div class="actions">
                <button type="button" on:click=move |_| go(Step::Review)>{tr(Text::Back)}</button>
                <button type="button" class="primary" on:click=finish>{tr(Text::FinishCase)}</button>
            </div>
        }
        .into_any(),
    }
    };

    let progress = move || {
        let (number, name) = match step.get() {
            Step::Citizen => (1, Text::StepCitizen),
            Step::Services => (2, Text::StepServices),
            Step::Form(_) => (3, Text::StepForm),
            Step::Review => (4, Text::StepReview),
            Step::Signature => (5, Text::StepSignature),
            Step::Fee => (6, Text::StepFee),
        };
        view! { <p class="small">{tr(Text::Step)} " " {number} " " {tr(Text::Of)} " 6: " {tr(name)}</p> }
    };
    view! {
        <section class="panel visit" aria-labelledby="visit-title">
            <h2 id="visit-title">{move || case.with(|c| c.number.clone())} " · " {move || case.with(|c| c.deployment.place.clone())}</h2>
            {progress}
            {step_view}
            <p><button type="button" on:click=move |_| screen.set(Screen::Day)>{tr(Text::ToOverview)}</button></p>
        </section>
    }
    .into_any()
}

/// The citizen as typed so far (checked only when the clerk moves on).
fn raw_citizen(id: String, values: &FormValues) -> Citizen {
    let get = |key: &str| {
        values
            .get(key)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    Citizen {
        id,
        family_name: get("person.family_name"),
        given_names: get("person.given_names"),
        birth_date: get("person.birth_date"),
        address: domain::cases::Address {
            street: get("address.street"),
            house_number: get("address.house_number"),
            postcode: get("address.postcode"),
            place: get("address.place"),
        },
    }
}

fn fee_text(cents: u32) -> String {
    if cents == 0 {
        tr(Text::Free)().to_owned()
    } else {
        euro(cents)
    }
}

fn offline_note(policy: OfflinePolicy) -> &'static str {
    tr(match policy {
        OfflinePolicy::FinishesOffline => Text::FinishesOffline,
        OfflinePolicy::CompletedAfterTransfer => Text::CompletedAfterTransfer,
        OfflinePolicy::NeedsConnection => Text::NeedsConnection,
    })()
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
        {citizen_details(&case.citizen)}
        {services}
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
