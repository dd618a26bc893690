//! What a signed-in person works with: the cases, the evaluation, and for the operator (admin
//! role) also the people of the municipality.

use crate::admin_log::AdminLog;
use crate::back_office::BackOffice;
use crate::evaluation::EvaluationPage;
use crate::laptops::Laptops;
use crate::messages::Text;
use crate::municipality::MunicipalityPage;
use crate::people::People;
use crate::session::Session;
use domain::wire::Role;
use leptos::prelude::*;
use ui::tr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Cases,
    Evaluation,
    People,
    Laptops,
    Municipality,
    AdminLog,
}

#[component]
pub fn Workplace(session: Session) -> impl IntoView {
    let is_admin = session.clerk.role == Role::Admin;
    let session = StoredValue::new(session);
    let page = RwSignal::new(Page::Cases);
    let tab = move |target: Page, text: Text| {
        view! {
            <button type="button" aria-pressed=move || (page.get() == target).to_string()
                on:click=move |_| page.set(target)>{tr(text)}</button>
        }
    };
    view! {
        <nav class="actions" aria-label=tr(Text::RathausName)>
            {tab(Page::Cases, Text::Cases)}
            {tab(Page::Evaluation, Text::Evaluation)}
            {is_admin.then(|| view! {
                {tab(Page::People, Text::People)}
                {tab(Page::Laptops, Text::Laptops)}
                {tab(Page::Municipality, Text::MunicipalitySettings)}
                {tab(Page::AdminLog, Text::AdminLog)}
            })}
        </nav>
        {move || match page.get() {
            Page::Cases => view! { <BackOffice session=session /> }.into_any(),
            Page::Evaluation => view! { <EvaluationPage session=session /> }.into_any(),
            Page::People => view! { <People session=session /> }.into_any(),
            Page::Laptops => view! { <Laptops session=session /> }.into_any(),
            Page::Municipality => view! { <MunicipalityPage session=session /> }.into_any(),
            Page::AdminLog => view! { <AdminLog session=session /> }.into_any(),
        }}
    }
}
