//! What a signed-in person works with: the cases, the evaluation, the tour plan, and for the
//! operator (admin role) also the people, devices (laptops and terminals) and settings of the
//! municipality.

use crate::admin_log::AdminLog;
use crate::back_office::BackOffice;
use crate::callbacks::Callbacks;
use crate::duty::{Assistance, DutyDesk};
use crate::evaluation::EvaluationPage;
use crate::laptops::Laptops;
use crate::messages::Text;
use crate::municipality::MunicipalityPage;
use crate::people::People;
use crate::session::Session;
use crate::terminals::Terminals;
use crate::tour_plan::TourPlan;
use domain::wire::Role;
use leptos::prelude::*;
use ui::sections::{Section, SectionNav};
use ui::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Cases,
    Evaluation,
    TourPlan,
    Callbacks,
    Assistance,
    People,
    Devices,
    Municipality,
    AdminLog,
}

#[component]
pub fn Workplace(session: Session) -> impl IntoView {
    let is_admin = session.clerk.role == Role::Admin;
    let desk_language = expect_context::<RwSignal<ui::Language>>();
    let session = StoredValue::new(session);
    let page = RwSignal::new(Page::Cases);
    let section = move |target: Page, text: Text| Section {
        label: Signal::derive(tr(text)),
        current: Signal::derive(move || page.get() == target),
        waiting: None,
        open: Callback::new(move |()| page.set(target)),
    };
    // On duty for video assistance whatever section is open; over when the person signs out.
    let desk = DutyDesk::new();
    provide_context(desk);
    let calls_waiting = Signal::derive(move || {
        let waiting = desk.queue.with(Vec::len);
        (waiting > 0).then_some((
            waiting,
            Text::WaitingCallsCount.in_language(desk_language.get()),
        ))
    });
    let mut sections = vec![
        section(Page::Cases, Text::Cases),
        section(Page::Evaluation, Text::Evaluation),
        section(Page::TourPlan, Text::TourPlan),
        section(Page::Callbacks, Text::Callbacks),
        Section {
            waiting: Some(calls_waiting),
            ..section(Page::Assistance, Text::Assistance)
        },
    ];
    if is_admin {
        sections.extend([
            section(Page::People, Text::People),
            section(Page::Devices, Text::Devices),
            section(Page::Municipality, Text::MunicipalitySettings),
            section(Page::AdminLog, Text::AdminLog),
        ]);
    }
    view! {
        <SectionNav label=tr(Text::RathausName) sections=sections />
        {move || match page.get() {
            Page::Cases => view! { <BackOffice session=session /> }.into_any(),
            Page::Evaluation => view! { <EvaluationPage session=session /> }.into_any(),
            Page::TourPlan => view! { <TourPlan session=session /> }.into_any(),
            Page::Callbacks => view! { <Callbacks session=session /> }.into_any(),
            Page::Assistance => view! { <Assistance session=session /> }.into_any(),
            Page::People => view! { <People session=session /> }.into_any(),
            Page::Devices => view! {
                <Laptops session=session />
                <Terminals session=session />
            }
            .into_any(),
            Page::Municipality => view! { <MunicipalityPage session=session /> }.into_any(),
            Page::AdminLog => view! { <AdminLog session=session /> }.into_any(),
        }}
    }
}
