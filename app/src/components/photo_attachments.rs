//! Photos of documents for a case: taken with the laptop's camera or picked from files, made
//! small in the browser and sealed into the encrypted store like everything else.

use crate::desk::Desk;
use crate::messages::{Text, tr};
use crate::platform::images::downscale;
use domain::cases::Case;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

#[component]
pub fn PhotoAttachments(case: RwSignal<Case>) -> impl IntoView {
    let desk = expect_context::<Desk>();
    let failed = RwSignal::new(false);
    // Thumbnails of the photos taken in this visit (kept in memory only).
    let thumbnails = RwSignal::new(Vec::<String>::new());
    let chosen = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let files: Vec<_> = input
            .files()
            .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
            .unwrap_or_default();
        input.set_value("");
        failed.set(false);
        spawn_local(async move {
            for file in files {
                let Ok(photo) = downscale(&file).await else {
                    failed.set(true);
                    continue;
                };
                match desk.save_attachment(&photo.jpeg).await {
                    Ok(attachment) => {
                        case.update(|c| c.attachments.push(attachment));
                        thumbnails.update(|t| t.push(photo.data_url));
                    }
                    Err(problem) => desk.problem.set(Some(problem)),
                }
            }
        });
    };
    view! {
        <fieldset class="photos">
            <legend>{tr(Text::PhotosHeading)}</legend>
            <label for="photo-input">{tr(Text::PhotoPick)}</label>
            <input id="photo-input" type="file" accept="image/*" capture="environment" multiple on:change=chosen />
            <p role="status" data-testid="photos-saved">{tr(Text::PhotosSaved)} " " {move || case.with(|c| c.attachments.len())}</p>
            <div role="alert">{move || failed.get().then(|| view! { <p class="error">{tr(Text::PhotoFailed)}</p> })}</div>
            <ul class="thumbnails">
                {move || thumbnails.get().into_iter().enumerate().map(|(n, src)| view! {
                    <li><img src=src alt=format!("{} {}", tr(Text::Photo)(), n + 1) /></li>
                }).collect_view()}
            </ul>
        </fieldset>
    }
}
