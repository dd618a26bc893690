//! "Neue Version verfügbar": offers the waiting build; the page reloads only on the person's
//! word. Both apps show it, in their own `Text` (`update_words!`).

use crate::service_worker::activate_waiting_update;
use crate::{Wording, tr};
use leptos::prelude::*;

/// The banner's words, as an app's `Text` has them (`update_words!`).
pub trait UpdateWords: Wording {
    const AVAILABLE: Self;
    const EXPLANATION: Self;
    const NOW: Self;
    const LATER: Self;
}

/// The banner, while `visible`, for the worker at `script_url`.
pub fn update_banner<T: UpdateWords>(
    visible: RwSignal<bool>,
    script_url: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || visible.get()>
            <section class="update-banner" role="status" aria-labelledby="update-title" data-testid="update-banner">
                <p>
                    <strong id="update-title">{tr(T::AVAILABLE)}</strong>
                    " "
                    {tr(T::EXPLANATION)}
                </p>
                <div class="actions">
                    <button type="button" class="primary" on:click=move |_| activate_waiting_update(script_url)>
                        {tr(T::NOW)}
                    </button>
                    <button type="button" on:click=move |_| visible.set(false)>
                        {tr(T::LATER)}
                    </button>
                </div>
            </section>
        </Show>
    }
}
