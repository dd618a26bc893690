//! The operator's municipality (admin role): the municipalities it serves, how long a laptop may
//! work offline, where the Koffer is set up, and the service catalogue — uploaded as a file,
//! checked by the server, shown as what it would change, and taken only on the admin's word.
//! The laptops fetch a new catalogue at their next contact. Below it, where the services' cases
//! are submitted over FIT-Connect (`handover_routes`).

use crate::files::chosen_file_text;
use crate::handover_routes::HandoverRoutes;
use crate::messages::{Text, offered_text};
use crate::session::{Session, on_failure};
use domain::catalogue::{CatalogueChange, euro};
use domain::wire::{CatalogueReview, MunicipalitySettings, NewLease, NewPlaces};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, tr};

/// What one change says, in `language`.
fn change_text(change: &CatalogueChange, language: Language) -> String {
    let say = |text: Text, values: &[&dyn std::fmt::Display]| fill(text, language, values);
    match change {
        CatalogueChange::PlaceAdded { place } => say(Text::PlaceAdded, &[place]),
        CatalogueChange::PlaceRemoved { place } => say(Text::PlaceRemoved, &[place]),
        CatalogueChange::ServiceAdded { title, .. } => say(Text::ServiceAdded, &[title]),
        CatalogueChange::ServiceRemoved { title, .. } => say(Text::ServiceRemoved, &[title]),
        CatalogueChange::ServiceChanged {
            title,
            fee_cents,
            offline,
            fields_added,
            fields_removed,
            other,
            ..
        } => {
            let mut parts = Vec::new();
            if let Some((before, after)) = fee_cents {
                parts.push(say(Text::FeeChanged, &[&euro(*before), &euro(*after)]));
            }
            if let Some((before, after)) = offline {
                let (before, after) = (
                    offered_text(Some(*before)).in_language(language),
                    offered_text(Some(*after)).in_language(language),
                );
                parts.push(say(Text::OfferChanged, &[&before, &after]));
            }
            if !fields_added.is_empty() {
                parts.push(say(Text::FieldsAdded, &[&fields_added.join(", ")]));
            }
            if !fields_removed.is_empty() {
                parts.push(say(Text::FieldsRemoved, &[&fields_removed.join(", ")]));
            }
            if *other {
                parts.push(Text::OtherChanges.in_language(language).to_owned());
            }
            say(Text::ServiceChangedHow, &[title, &parts.join("; ")])
        }
    }
}

#[component]
pub fn MunicipalityPage(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let settings = RwSignal::new(None::<MunicipalitySettings>);
    let lease = RwSignal::new(String::new());
    let places = RwSignal::new(String::new());
    let two_clerk_places = RwSignal::new(String::new());
    // The uploaded catalogue and what it would change, once the server checked it.
    let upload = RwSignal::new(None::<(String, CatalogueReview)>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let token = move || session.with_value(|s| s.token.clone());
    let said = move |text: String| {
        problem.try_set(None);
        done.try_set(Some(text));
    };
    let load = move || {
        spawn_local(async move {
            match http::send(api::municipality_settings(&token()), None).await {
                Ok(found) => {
                    lease.try_set(found.municipality.offline_lease_days.to_string());
                    places.try_set(found.places.join("\n"));
                    two_clerk_places.try_set(found.two_clerk_places.join("\n"));
                    settings.try_set(Some(found));
                }
                Err(failure) => failed(failure),
            }
        });
    };
    load();

    let save_lease = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(days) = lease.get_untracked().trim().parse::<u32>() else {
            problem.set(Some(
                Text::LeaseNotANumber
                    .in_language(language.get_untracked())
                    .to_owned(),
            ));
            return;
        };
        spawn_local(async move {
            let request = NewLease {
                offline_lease_days: days,
            };
            match http::send(api::set_lease(&token()), Some(&request)).await {
                Ok(()) => {
                    said(fill(Text::LeaseSet, language.get_untracked(), &[&days]));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let save_places = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let lines = |text: RwSignal<String>| {
            text.get_untracked()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        let request = NewPlaces {
            places: lines(places),
            two_clerk_places: lines(two_clerk_places),
        };
        spawn_local(async move {
            match http::send(api::set_places(&token()), Some(&request)).await {
                Ok(version) => {
                    said(fill(
                        Text::CatalogueNowVersion,
                        language.get_untracked(),
                        &[&version],
                    ));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let check_upload = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        upload.set(None);
        spawn_local(async move {
            let language = language.get_untracked();
            let Some(catalogue) = chosen_file_text("catalogue-file").await else {
                problem.try_set(Some(Text::NoCatalogueFile.in_language(language).to_owned()));
                return;
            };
            match http::send_json_text(api::preview_catalogue(&token()), &catalogue).await {
                Ok(review) => {
                    problem.try_set(None);
                    upload.try_set(Some((catalogue, review)));
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let take_upload = move |_| {
        let Some((catalogue, review)) = upload.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match http::send_json_text(api::replace_catalogue(&token()), &catalogue).await {
                Ok(_) => {
                    upload.try_set(None);
                    let version = review.version + 1;
                    said(fill(
                        Text::CatalogueNowVersion,
                        language.get_untracked(),
                        &[&version],
                    ));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };

    view! {
        <section class="town-hall" aria-labelledby="municipality-title" data-testid="municipality">
            <h2 id="municipality-title">{tr(Text::MunicipalitySettings)}</h2>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {move || settings.get().map(|s| {
                let served = s.serves.iter().map(|m| m.name.clone()).collect::<Vec<_>>().join(", ");
                view! {
                    <p>{s.municipality.name.clone()} " (" {s.municipality.regional_key.clone()} ") · "
                        {fill(Text::CatalogueVersion, language.get(), &[&s.catalogue_version])}</p>
                    {(!s.serves.is_empty()).then(|| view! { <p>{tr(Text::Serves)} " " {served}</p> })}
                }
            })}
            <form on:submit=save_lease>
                <div class="field">
                    <label for="lease-days">{tr(Text::OfflineLease)}</label>
                    <input id="lease-days" type="number" min="1" max="90" inputmode="numeric" autocomplete="off" bind:value=lease />
                </div>
                <button type="submit">{tr(Text::Save)}</button>
            </form>
            <form on:submit=save_places>
                <div class="field">
                    <label for="places">{tr(Text::PlacesOnePerLine)}</label>
                    <textarea id="places" rows="4" autocomplete="off" bind:value=places></textarea>
                </div>
                <div class="field">
                    <label for="two-clerk-places">{tr(Text::TwoClerkPlaces)}</label>
                    <textarea id="two-clerk-places" rows="2" autocomplete="off" bind:value=two_clerk_places></textarea>
                </div>
                <button type="submit">{tr(Text::Save)}</button>
            </form>
            <form on:submit=check_upload>
                <h3>{tr(Text::CatalogueHeading)}</h3>
                <div class="field">
                    <label for="catalogue-file">{tr(Text::CatalogueFile)}</label>
                    <input id="catalogue-file" type="file" accept=".json,application/json" autocomplete="off" />
                </div>
                <button type="submit">{tr(Text::CheckCatalogue)}</button>
            </form>
            {move || upload.get().map(|(_, review)| {
                let language = language.get();
                let lines = review.changes.iter()
                    .map(|change| view! { <li>{change_text(change, language)}</li> })
                    .collect_view();
                let unchanged = review.changes.is_empty();
                view! {
                    <div class="panel" data-testid="catalogue-changes">
                        <h3>{fill(Text::CatalogueWouldChange, language, &[&review.version])}</h3>
                        {unchanged.then(|| view! { <p>{tr(Text::CatalogueUnchanged)}</p> })}
                        <ul>{lines}</ul>
                        <button type="button" class="primary" on:click=take_upload>{tr(Text::TakeCatalogue)}</button>
                    </div>
                }
            })}
            <HandoverRoutes session=session />
        </section>
    }
}
