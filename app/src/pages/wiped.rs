//! After hand-back or revocation: nothing of the app is left on this laptop, and the clerk is told.

use crate::access::WipeReason;
use crate::messages::{Text, tr};
use leptos::prelude::*;

#[component]
pub fn WipedPage(reason: WipeReason) -> impl IntoView {
    let text = match reason {
        WipeReason::HandedBack => Text::HandedBack,
        WipeReason::Revoked => Text::Revoked,
    };
    view! {
        <section class="panel" data-testid="wiped">
            <p role="status" class="done">{tr(text)}</p>
        </section>
    }
}
