//! The FIT-Connect destinations of the admin's municipality: per service with a LeiKa key, the
//! destination's id, its public key and the data schema, the files chosen here and checked by
//! the server (a refusal says what is wrong, and nothing is stored); each removable. The
//! laptops fetch the schema with the catalogue and check a case against it at the table.

use crate::files::chosen_file_text;
use crate::messages::Text;
use crate::session::{Session, on_failure};
use domain::wire::{HandoverRoute, NewHandoverRoute};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, pick, tr};

#[component]
pub fn HandoverRoutes(session: StoredValue<Session>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let routes = RwSignal::new(Vec::<HandoverRoute>::new());
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let failed = on_failure(problem);
    let token = move || session.with_value(|s| s.token.clone());
    // Only a service with a LeiKa key can be submitted (FIT-Connect names services by it).
    let services = session.with_value(|s| {
        s.catalogue_of(&s.clerk.municipality.regional_key)
            .map(|catalogue| {
                catalogue
                    .services
                    .iter()
                    .filter(|service| service.leika.is_some())
                    .map(|service| (service.id.clone(), service.title.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let service = RwSignal::new(
        services
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default(),
    );
    let destination = RwSignal::new(String::new());
    let valid_until = RwSignal::new(String::new());
    let schema_uri = RwSignal::new(String::new());
    let said = move |text: String| {
        problem.try_set(None);
        done.try_set(Some(text));
    };
    let load = move || {
        spawn_local(async move {
            match http::send(api::handover_routes(&token()), None).await {
                Ok(found) => {
                    routes.try_set(found);
                }
                Err(failure) => failed(failure),
            }
        });
    };
    load();

    let set = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        spawn_local(async move {
            let language = language.get_untracked();
            let key = chosen_file_text("route-key-file").await;
            let schema = chosen_file_text("route-schema-file").await;
            let (Some(key_jwk), Some(data_schema)) = (key, schema) else {
                problem.try_set(Some(
                    Text::RouteFilesMissing.in_language(language).to_owned(),
                ));
                return;
            };
            let request = NewHandoverRoute {
                destination: destination.get_untracked(),
                key_jwk,
                key_valid_until: valid_until.get_untracked(),
                schema_uri: schema_uri.get_untracked(),
                data_schema,
            };
            let call = api::set_handover_route(&token(), &service.get_untracked());
            match http::send(call, Some(&request)).await {
                Ok(route) => {
                    said(fill(
                        Text::RouteSet,
                        language,
                        &[&route.service, &route.destination],
                    ));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };
    let remove = move |service: String| {
        spawn_local(async move {
            match http::send(api::remove_handover_route(&token(), &service), None).await {
                Ok(()) => {
                    said(fill(
                        Text::RouteRemoved,
                        language.get_untracked(),
                        &[&service],
                    ));
                    load();
                }
                Err(failure) => failed(failure),
            }
        });
    };

    let rows = move || {
        routes
            .get()
            .into_iter()
            .map(|route| {
                let service = route.service.clone();
                view! {
                    <tr>
                        <td>{route.service}</td>
                        <td>{route.destination}</td>
                        <td>{route.key_valid_until}</td>
                        <td>{route.schema_uri}</td>
                        <td><button type="button" on:click=move |_| remove(service.clone())>{tr(Text::RemoveRoute)}</button></td>
                    </tr>
                }
            })
            .collect_view()
    };
    let choices = move || {
        let language = language.get();
        services
            .iter()
            .map(|(id, title)| view! { <option value=id.clone()>{pick(title, language)}</option> })
            .collect_view()
    };
    view! {
        <section aria-labelledby="routes-title" data-testid="handover-routes">
            <h3 id="routes-title">{tr(Text::RoutesHeading)}</h3>
            <p class="small">{tr(Text::RoutesHint)}</p>
            <div role="status">{move || done.get().map(|d| view! { <p class="saved">{d}</p> })}</div>
            <p role="alert" class="warning">{move || problem.get()}</p>
            {move || routes.with(Vec::is_empty).then(|| view! { <p>{tr(Text::NoRoutes)}</p> })}
            <Show when=move || routes.with(|r| !r.is_empty())>
                <table>
                    <thead><tr>
                        <th scope="col">{tr(Text::RouteService)}</th>
                        <th scope="col">{tr(Text::RouteDestination)}</th>
                        <th scope="col">{tr(Text::RouteKeyValidUntil)}</th>
                        <th scope="col">{tr(Text::RouteSchemaUri)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(Text::RemoveRoute)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </Show>
            <form on:submit=set>
                <div class="field">
                    <label for="route-service">{tr(Text::RouteService)}</label>
                    <select id="route-service" bind:value=service>{choices}</select>
                </div>
                <div class="field">
                    <label for="route-destination">{tr(Text::RouteDestination)}</label>
                    <input id="route-destination" type="text" autocomplete="off" spellcheck="false" bind:value=destination />
                </div>
                <div class="field">
                    <label for="route-key-file">{tr(Text::RouteKeyFile)}</label>
                    <input id="route-key-file" type="file" accept=".json,.jwk,application/json" />
                </div>
                <div class="field">
                    <label for="route-valid-until">{tr(Text::RouteKeyValidUntil)}</label>
                    <input id="route-valid-until" type="date" autocomplete="off" bind:value=valid_until />
                </div>
                <div class="field">
                    <label for="route-schema-uri">{tr(Text::RouteSchemaUri)}</label>
                    <input id="route-schema-uri" type="text" autocomplete="off" spellcheck="false" bind:value=schema_uri />
                </div>
                <div class="field">
                    <label for="route-schema-file">{tr(Text::RouteSchemaFile)}</label>
                    <input id="route-schema-file" type="file" accept=".json,application/json" />
                </div>
                <button type="submit">{tr(Text::SetRoute)}</button>
            </form>
        </section>
    }
}
