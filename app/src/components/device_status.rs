//! Which app and build this is, and the state of this device (network, storage).

use crate::messages::{Text, tr};
use crate::platform::build::current_build;
use crate::platform::persistence::{Persistence, request_persistence};
use domain::release::{BuildId, VERSION};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::connectivity::use_online;

#[component]
pub fn DeviceStatus() -> impl IntoView {
    let online = use_online();
    let persistence = RwSignal::new(None::<Persistence>);
    spawn_local(async move { persistence.set(Some(request_persistence().await)) });
    let build = current_build();
    let build_label = move || match &build {
        Some(id) => id.short().to_owned(),
        None => tr(Text::BuildUnknown)().to_owned(),
    };
    let build_id = current_build().map(|id: BuildId| id.as_str().to_owned());

    let connection = move || {
        if online.get() {
            tr(Text::Online)()
        } else {
            tr(Text::Offline)()
        }
    };
    let storage = move || match persistence.get() {
        None => tr(Text::StorageChecking)(),
        Some(Persistence::Persistent) => tr(Text::StoragePersistent)(),
        Some(Persistence::BestEffort) => tr(Text::StorageBestEffort)(),
        Some(Persistence::Unsupported) => tr(Text::StorageUnsupported)(),
    };

    view! {
        <section class="device-status" aria-labelledby="device-state">
                <h2 id="device-state">{tr(Text::StatusHeading)}</h2>
                <dl class="status">
                    <dt>{tr(Text::Version)}</dt>
                    <dd data-testid="version">
                        {VERSION} " · " {tr(Text::Build)} " "
                        <span data-testid="build" data-build=build_id>{build_label}</span>
                    </dd>
                    <dt>{tr(Text::Connection)}</dt>
                    <dd data-testid="connection" class:offline=move || !online.get()>{connection}</dd>
                    <dt>{tr(Text::Storage)}</dt>
                    <dd data-testid="storage">{storage}</dd>
                </dl>
                <div role="status" class="hints">
                    <Show when=move || !online.get()>
                        <p>{tr(Text::OfflineHint)}</p>
                    </Show>
                    <Show when=move || persistence.get() == Some(Persistence::BestEffort)>
                        <p>{tr(Text::StorageBestEffortHint)}</p>
                    </Show>
                </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Language;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Lets queued reactive updates and browser promises run for `ms` milliseconds.
    async fn pause(ms: i32) {
        let timeout = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        wasm_bindgen_futures::JsFuture::from(timeout)
            .await
            .expect("timeout");
    }

    /// The text of `selector` inside `host` once `done` accepts it, or the last text after 5 s.
    async fn text_when(
        host: &web_sys::HtmlElement,
        selector: &str,
        done: impl Fn(&str) -> bool,
    ) -> String {
        let mut text = String::new();
        for _ in 0..250 {
            text = host
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|e| e.text_content())
                .unwrap_or_default();
            if done(&text) {
                break;
            }
            pause(20).await;
        }
        text
    }

    #[wasm_bindgen_test]
    async fn start_page_shows_name_version_and_connection_and_switches_language() {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("document");
        let host = document
            .create_element("div")
            .expect("div")
            .unchecked_into::<web_sys::HtmlElement>();
        document
            .body()
            .expect("body")
            .append_child(&host)
            .expect("append");
        let language = RwSignal::new(Language::German);
        let handle = leptos::mount::mount_to(host.clone(), move || {
            provide_context(language);
            view! {
                <crate::components::masthead::Masthead />
                <DeviceStatus />
            }
        });

        let text = host.text_content().unwrap_or_default();
        assert!(text.contains("Bürgerkoffer"), "{text}");
        assert!(text.contains(VERSION), "{text}");
        assert!(
            text.contains("Verbindung") && text.contains("Online"),
            "{text}"
        );
        let storage = text_when(&host, "[data-testid=storage]", |t| !t.contains("geprüft")).await;
        // What the browser decided, asked again (the request is idempotent), in its words.
        let decided = match crate::platform::persistence::request_persistence().await {
            Persistence::Persistent => Text::StoragePersistent,
            Persistence::BestEffort => Text::StorageBestEffort,
            Persistence::Unsupported => Text::StorageUnsupported,
        };
        assert_eq!(storage, decided.in_language(Language::German));

        let button = host
            .query_selector("button.language")
            .ok()
            .flatten()
            .expect("language button")
            .unchecked_into::<web_sys::HtmlElement>();
        assert_eq!(button.get_attribute("lang").as_deref(), Some("en"));
        button.click();
        let heading = text_when(&host, "h2", |t| t == "State of this device").await;
        assert_eq!(heading, "State of this device");
        let text = host.text_content().unwrap_or_default();
        assert!(text.contains("Connection"), "{text}");

        drop(handle);
        host.remove();
    }
}
