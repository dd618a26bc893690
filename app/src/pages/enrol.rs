//! First use on a laptop: sign in online, set the passphrase that encrypts everything stored here.

use crate::access::{self, Access, AccessSignal, Enrolment, MIN_PASSPHRASE_CHARS, Problem};
use crate::components::field::Field;
use crate::components::problem::ProblemNotice;
use crate::messages::{Text, tr};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn EnrolPage(
    /// Untransferred records whose data vanished from this browser, if that happened.
    vanished: Option<u32>,
) -> impl IntoView {
    let access = expect_context::<AccessSignal>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let device_label = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let checked = RwSignal::new(false);
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);

    let required = move |value: RwSignal<String>| {
        Signal::derive(move || {
            (checked.get() && value.get().trim().is_empty()).then_some(Text::FieldRequired)
        })
    };
    let passphrase_error = Signal::derive(move || {
        if !checked.get() {
            None
        } else if passphrase.get().chars().count() < MIN_PASSPHRASE_CHARS {
            Some(Text::PassphraseTooShort)
        } else {
            None
        }
    });
    let repeat_error = Signal::derive(move || {
        (checked.get() && repeat.get() != passphrase.get()).then_some(Text::PassphraseMismatch)
    });
    let username_error = required(username);
    let password_error = required(password);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        checked.set(true);
        let first_invalid = [
            ("username", username_error.get_untracked()),
            ("password", password_error.get_untracked()),
            ("passphrase", passphrase_error.get_untracked()),
            ("passphrase-repeat", repeat_error.get_untracked()),
        ]
        .into_iter()
        .find(|(_, error)| error.is_some());
        if let Some((id, _)) = first_invalid {
            focus(id);
            return;
        }
        busy.set(true);
        problem.set(None);
        let enrolment = Enrolment {
            username: username.get_untracked(),
            password: password.get_untracked(),
            device_label: device_label.get_untracked(),
            passphrase: passphrase.get_untracked(),
        };
        spawn_local(async move {
            match access::enrol(enrolment).await {
                Ok(workspace) => access.set(Access::Unlocked(workspace)),
                Err(error) => {
                    problem.set(Some(error));
                    busy.set(false);
                }
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="enrol-title">
            <h2 id="enrol-title">{tr(Text::EnrolHeading)}</h2>
            {vanished.map(|count| view! {
                <p class="warning" role="alert" data-testid="vanished">
                    {tr(Text::DataVanished)} " " {count}
                </p>
            })}
            <p>{tr(Text::EnrolIntro)}</p>
            <form on:submit=submit novalidate>
                <Field id="username" label=Text::Username value=username autocomplete="username" error=username_error />
                <Field id="password" label=Text::Password value=password input_type="password" autocomplete="current-password" error=password_error />
                <Field id="device-label" label=Text::DeviceLabel value=device_label error=Signal::derive(|| None) />
                <Field id="passphrase" label=Text::Passphrase value=passphrase input_type="password" autocomplete="new-password" hint=Text::PassphraseHint error=passphrase_error />
                <Field id="passphrase-repeat" label=Text::PassphraseRepeat value=repeat input_type="password" autocomplete="new-password" error=repeat_error />
                <ProblemNotice problem=problem />
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { tr(Text::Working)() } else { tr(Text::EnrolSubmit)() }}
                </button>
            </form>
        </section>
    }
}

/// Moves keyboard focus to the input with `id`, e.g. the first one with an error.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
