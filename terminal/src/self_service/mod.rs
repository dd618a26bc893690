//! A citizen's own matter at the kiosk, without staff: they choose one of the services the
//! terminal offers (those the catalogue marks for self-service), give their details and fill
//! its form (`details`) with the Koffer's forms and validators (`ui::form_view`), in a call with
//! the town hall together with whoever is on duty (`sharing`), check what they gave and sign on
//! the screen (`check`), pay a fee at the kiosk's card terminal, and send it. A kiosk without a
//! card terminal offers only the free services. The server files it as the terminal's; the
//! receipt prints at the kiosk (`filed`). Everything lives in this component's memory and is
//! dropped once the case is sent, or with the session.

pub mod check;
pub mod details;
pub mod filed;
pub mod sharing;

use crate::focus;
use crate::messages::{Text, failure_text};
use crate::read_aloud::{ReadAloud, read_screen};
use check::Check;
use details::Details;
use domain::cases::Signature;
use domain::catalogue::Service;
use domain::forms::{FieldError, FormValues};
use domain::wire::{CardPayment, DeviceProof, TerminalContact, TerminalReceipt};
use filed::Filed;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::card_terminal::CardTerminal;
use ui::{Language, api, http, pick, tr};

/// One citizen's matter under way: what they gave so far.
#[derive(Clone, Copy)]
pub struct Filing {
    /// Made once, so that sending again after a lost answer files nothing twice.
    pub id: StoredValue<String>,
    pub service: StoredValue<Service>,
    pub citizen: RwSignal<FormValues>,
    pub citizen_errors: RwSignal<Vec<FieldError>>,
    pub values: RwSignal<FormValues>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub signature: RwSignal<Option<Signature>>,
    /// The fee, once the card terminal took it: sending again after a refusal pays nothing twice.
    pub paid: RwSignal<Option<CardPayment>>,
}

impl Filing {
    fn new(service: Service) -> Self {
        let id = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|crypto| crypto.random_uuid())
            .unwrap_or_default();
        Self {
            id: StoredValue::new(id),
            service: StoredValue::new(service),
            citizen: RwSignal::new(FormValues::new()),
            citizen_errors: RwSignal::new(Vec::new()),
            values: RwSignal::new(FormValues::new()),
            errors: RwSignal::new(Vec::new()),
            signature: RwSignal::new(None),
            paid: RwSignal::new(None),
        }
    }
}

/// Where the citizen is.
#[derive(Clone)]
enum Step {
    Choose,
    Details(Filing),
    Check(Filing),
    /// Sent: only the receipt is left.
    Filed(Box<Sent>),
}

/// What the citizen's receipt says: the server's number and reference, whose it is and for
/// what, and the fee paid by card.
#[derive(Clone)]
pub struct Sent {
    pub receipt: TerminalReceipt,
    /// "Köhler, Erna: Fundsache abgeben".
    pub line: String,
    pub paid: Option<CardPayment>,
}

#[component]
pub fn SelfService(
    device: DeviceProof,
    contact: Signal<Option<TerminalContact>>,
    /// Where "back" leads: to the dates on the welcome screen, or to the call she is in.
    close_label: Text,
    on_close: Callback<()>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let read_aloud = expect_context::<ReadAloud>();
    let card = expect_context::<CardTerminal>();
    let offered = RwSignal::new(None::<Vec<Service>>);
    let problem = RwSignal::new(None::<String>);
    let step = RwSignal::new(Step::Choose);
    let device = StoredValue::new(device);
    let call = api::terminal_services(&device.get_value());
    spawn_local(async move {
        match http::send(call, None).await {
            Ok(services) => {
                let payable = |service: &Service| service.fee_cents == 0 || card.is_paired();
                offered.try_set(Some(services.into_iter().filter(payable).collect()));
            }
            Err(failure) => {
                problem.try_set(Some(failure_text(&failure, language.get_untracked())));
            }
        }
    });
    focus::move_to("self-service-title");
    let spoken = Memo::new(move |_| {
        let language = language.get();
        let titles: Vec<String> = offered.with(|services| {
            services
                .iter()
                .flatten()
                .map(|service| pick(&service.title, language))
                .collect()
        });
        match step.get() {
            Step::Choose => format!(
                "{} {}",
                Text::SelfServiceIntro.in_language(language),
                titles.join(". ")
            ),
            _ => String::new(),
        }
    });
    read_screen(read_aloud, language, spoken.into());

    // A filing belongs to this component, not to the list it was chosen from, which goes when
    // the step changes.
    let owner = Owner::current();
    let choose = Callback::new(move |service: Service| {
        let filing = match &owner {
            Some(owner) => owner.with(|| Filing::new(service)),
            None => Filing::new(service),
        };
        step.set(Step::Details(filing));
        focus::move_to("details-title");
    });
    let choices = move || {
        offered.get().map(|services| {
            if services.is_empty() {
                return view! { <p data-testid="nothing-offered">{tr(Text::SelfServiceNone)}</p> }
                    .into_any();
            }
            let items = services
                .into_iter()
                .map(|service| {
                    let title = service.title.clone();
                    view! {
                        <li>
                            <button type="button" class="primary" on:click=move |_| choose.run(service.clone())>
                                {move || pick(&title, language.get())}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul>{items}</ul> }.into_any()
        })
    };
    let to_check = Callback::new(move |filing: Filing| {
        step.set(Step::Check(filing));
        focus::move_to("check-title");
    });
    let to_details = Callback::new(move |filing: Filing| {
        step.set(Step::Details(filing));
        focus::move_to("details-title");
    });
    let filed = Callback::new(move |sent: Sent| {
        // The filing's details and signature go with the step; the receipt is all that stays.
        step.set(Step::Filed(Box::new(sent)));
        focus::move_to("filed-title");
    });
    view! {
        {move || match step.get() {
            Step::Choose => view! {
                <section aria-labelledby="self-service-title" data-testid="self-service">
                    <h2 id="self-service-title" tabindex="-1">{tr(Text::SelfServiceHeading)}</h2>
                    <p>{tr(Text::SelfServiceIntro)}</p>
                    <p role="alert" class="warning">{move || problem.get()}</p>
                    {choices}
                    <button type="button" on:click=move |_| on_close.run(())>{tr(close_label)}</button>
                </section>
            }
            .into_any(),
            Step::Details(filing) => view! { <Details filing on_next=to_check on_back=on_close /> }.into_any(),
            Step::Check(filing) => view! {
                <Check filing device=device.get_value() on_filed=filed on_change=to_details />
            }
            .into_any(),
            Step::Filed(sent) => view! { <Filed sent=*sent contact /> }
            .into_any(),
        }}
    }
}
