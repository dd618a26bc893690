//! Step 5: the citizen's signature, on the pad or the screen.

use super::{Step, Visit};
use crate::components::signature_pad::SignaturePad;
use crate::messages::{Text, tr};
use leptos::prelude::*;

pub(super) fn signature_step(visit: Visit) -> impl IntoView {
    view! {
        <h3 id="step-heading" tabindex="-1">{tr(Text::SignatureHeading)}</h3>
        <SignaturePad on_take=move |signature| {
            visit.case.update(|c| c.signature = Some(signature));
            visit.go(Step::Fee);
        } />
        <div class="actions">
            <button type="button" on:click=move |_| visit.go(Step::Review)>{tr(Text::Back)}</button>
        </div>
    }
}
