//! One citizen's visit, step by step: who (found or new) → which services → their forms →
//! review on the citizen screen → signature → fee → finished. Every change is saved at once,
//! encrypted, so a reload or a flat battery loses nothing typed. Each step is its own file; this
//! one holds what they share and shows the step the clerk is at.

mod citizen;
mod destination;
mod fee;
mod form;
mod review;
mod services;
mod signature;

use crate::desk::Desk;
use crate::messages::{Text, tr};
use crate::pages::Screen;
use domain::cases::{Case, FinishProblem};
use domain::catalogue::{Catalogue, OfflinePolicy, euro};
use domain::forms::FieldError;
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

impl Step {
    /// Each step's name, in order.
    const NAMES: [Text; 6] = [
        Text::StepCitizen,
        Text::StepServices,
        Text::StepForm,
        Text::StepReview,
        Text::StepSignature,
        Text::StepFee,
    ];

    /// Where this step stands among `NAMES`, from 1.
    fn number(self) -> usize {
        match self {
            Self::Citizen => 1,
            Self::Services => 2,
            Self::Form(_) => 3,
            Self::Review => 4,
            Self::Signature => 5,
            Self::Fee => 6,
        }
    }
}

/// What the steps of one visit share (all cheap handles).
#[derive(Clone, Copy)]
struct Visit {
    case: RwSignal<Case>,
    step: RwSignal<Step>,
    catalogue: StoredValue<Catalogue>,
    /// The refused inputs of the step on screen.
    errors: RwSignal<Vec<FieldError>>,
    /// Kept while the clerk goes back and forth before finishing.
    receipt_number: RwSignal<String>,
    finish_problems: RwSignal<Vec<FinishProblem>>,
}

impl Visit {
    fn go(self, next: Step) {
        self.errors.set(Vec::new());
        self.step.set(next);
        crate::pages::enrol::focus("step-heading");
    }
}

#[component]
pub fn VisitPage(case: Case) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let Some(catalogue) = desk.catalogue_of(&case.deployment.municipality) else {
        return view! { <p class="warning" role="alert">{tr(Text::NoCatalogue)}</p> }.into_any();
    };
    // A visit opened from a booking brings its services, but its person is still to be taken
    // (a birth date is required there).
    let start = if case.services.is_empty() || case.citizen.birth_date.is_empty() {
        Step::Citizen
    } else {
        Step::Review
    };
    let visit = Visit {
        case: RwSignal::new(case),
        step: RwSignal::new(start),
        catalogue: StoredValue::new(catalogue),
        errors: RwSignal::new(Vec::new()),
        receipt_number: RwSignal::new(String::new()),
        finish_problems: RwSignal::new(Vec::new()),
    };
    let case = visit.case;

    // Autosave: every change of the case is sealed into the store.
    Effect::new(move |first: Option<()>| {
        let current = case.get();
        if first.is_some() {
            desk.save_case(current);
        }
    });

    let step_view = move || match visit.step.get() {
        Step::Citizen => citizen::citizen_step(visit).into_any(),
        Step::Services => services::services_step(visit).into_any(),
        Step::Form(index) => form::form_step(visit, index).into_any(),
        Step::Review => review::review_step(visit).into_any(),
        Step::Signature => signature::signature_step(visit).into_any(),
        Step::Fee => fee::fee_step(visit).into_any(),
    };
    // The steps as the clerk and a screen reader follow them: done, current, to come.
    let steps = move || {
        let at = visit.step.get().number();
        Step::NAMES
            .iter()
            .enumerate()
            .map(|(index, name)| {
                let number = index + 1;
                let done = number < at;
                view! {
                    <li class:done=done aria-current=(number == at).then_some("step")>
                        {tr(*name)}
                        {done.then(|| view! { <span class="visually-hidden">{tr(Text::StepDone)}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="panel visit" aria-labelledby="visit-title">
            <h2 id="visit-title">{move || case.with(|c| c.number.clone())} " · " {move || case.with(|c| c.deployment.place.clone())}</h2>
            <ol class="steps" aria-label=tr(Text::StepsOfVisit)>{steps}</ol>
            {step_view}
            <p><button type="button" on:click=move |_| screen.set(Screen::Day)>{tr(Text::ToOverview)}</button></p>
        </section>
    }
    .into_any()
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
