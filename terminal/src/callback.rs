//! Asking to be called back: for a citizen who would rather talk to the administration. A name,
//! a phone number and, if they like, what it is about; checked here as the server checks it
//! (`domain::callback`), then the town hall's back office sees it under "Rückrufe".

use crate::focus;
use crate::messages::{Text, failure_text};
use crate::read_aloud::{ReadAloud, read_screen};
use domain::callback::{CallbackRefusal, CallbackRequest, check};
use domain::wire::DeviceProof;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, tr};

fn refusal_text(refusal: CallbackRefusal) -> Text {
    match refusal {
        CallbackRefusal::NoName => Text::CallbackNoName,
        CallbackRefusal::NameTooLong => Text::CallbackNameTooLong,
        CallbackRefusal::NotAPhone => Text::CallbackNotAPhone,
        CallbackRefusal::TopicTooLong => Text::CallbackTopicTooLong,
    }
}

#[component]
pub fn AskCallback(device: DeviceProof, on_close: Callback<()>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let read_aloud = expect_context::<ReadAloud>();
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let topic = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let asked = RwSignal::new(None::<String>);
    let device = StoredValue::new(device);
    focus::move_to("callback-title");
    let spoken = Memo::new(move |_| {
        let language = language.get();
        match asked.get() {
            Some(number) => fill(Text::CallbackTaken, language, &[&number]),
            None => Text::CallbackIntro.in_language(language).to_owned(),
        }
    });
    read_screen(read_aloud, language, spoken.into());

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = CallbackRequest {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            topic: topic.get_untracked(),
        };
        let request = match check(&typed) {
            Ok(request) => request,
            Err(refusal) => {
                problem.set(Some(
                    refusal_text(refusal)
                        .in_language(language.get_untracked())
                        .to_owned(),
                ));
                return;
            }
        };
        let call = api::terminal_request_callback(&device.get_value());
        spawn_local(async move {
            match http::send(call, Some(&request)).await {
                Ok(taken) => {
                    problem.try_set(None);
                    asked.try_set(Some(taken.phone));
                    focus::move_to("callback-title");
                }
                Err(failure) => {
                    problem.try_set(Some(failure_text(&failure, language.get_untracked())));
                }
            }
        });
    };
    view! {
        <section aria-labelledby="callback-title" data-testid="callback">
            <h2 id="callback-title" tabindex="-1">{tr(Text::CallbackHeading)}</h2>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {move || match asked.get() {
                Some(number) => view! {
                    <p class="done" data-testid="callback-taken">{fill(Text::CallbackTaken, language.get(), &[&number])}</p>
                }
                .into_any(),
                None => view! {
                    <p>{tr(Text::CallbackIntro)}</p>
                    <form on:submit=submit>
                        <div class="field">
                            <label for="callback-name">{tr(Text::BookName)}</label>
                            <input id="callback-name" type="text" autocomplete="off" maxlength="80" bind:value=name />
                        </div>
                        <div class="field">
                            <label for="callback-phone">{tr(Text::CallbackPhone)}</label>
                            <input id="callback-phone" type="tel" autocomplete="off" maxlength="40" bind:value=phone />
                        </div>
                        <div class="field">
                            <label for="callback-topic">{tr(Text::CallbackTopic)}</label>
                            <input id="callback-topic" type="text" autocomplete="off" maxlength="300" bind:value=topic />
                        </div>
                        <button type="submit" class="primary">{tr(Text::CallbackSend)}</button>
                    </form>
                }
                .into_any(),
            }}
            <button type="button" on:click=move |_| on_close.run(())>{tr(Text::BackToDates)}</button>
        </section>
    }
}
