//! "Neue Version verfügbar": offers the waiting build; the page reloads only on the clerk's word.

use crate::messages::{Text, tr};
use crate::platform::service_worker::activate_waiting_update;
use leptos::prelude::*;

#[component]
pub fn UpdateBanner(visible: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || visible.get()>
            <section class="update-banner" role="status" aria-labelledby="update-title" data-testid="update-banner">
                <p>
                    <strong id="update-title">{tr(Text::UpdateAvailable)}</strong>
                    " "
                    {tr(Text::UpdateExplanation)}
                </p>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| activate_waiting_update()>
                        {tr(Text::UpdateNow)}
                    </button>
                    <button type="button" on:click=move |_| visible.set(false)>
                        {tr(Text::UpdateLater)}
                    </button>
                </div>
            </section>
        </Show>
    }
}
