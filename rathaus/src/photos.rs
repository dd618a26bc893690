//! The photos of a case's documents, fetched from the server by their SHA-256 and shown small;
//! each opens whole in a new tab.

use crate::files::object_url;
use crate::messages::Text;
use crate::session::Session;
use domain::cases::Attachment;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::{Language, api, fill, http, tr};

#[component]
pub fn Photos(
    session: StoredValue<Session>,
    municipality: String,
    attachments: Vec<Attachment>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let count = attachments.len();
    // Each photo's address once fetched (`None` while it loads or if it cannot be).
    let addresses = RwSignal::new(vec![None::<String>; count]);
    for (index, attachment) in attachments.into_iter().enumerate() {
        let municipality = municipality.clone();
        spawn_local(async move {
            let token = session.with_value(|s| s.token.clone());
            let call = api::photo(&token, &municipality, &attachment.sha256);
            if let Ok(bytes) = http::fetch_raw(call).await
                && let Ok(address) = object_url(&bytes, "image/jpeg")
            {
                addresses.try_update(|all| all[index] = Some(address));
            }
        });
    }
    view! {
        {(count == 0).then(|| view! { <p>{tr(Text::NoPhotos)}</p> })}
        <ul class="thumbnails" data-testid="photos">
            {move || addresses.get().into_iter().enumerate().map(|(index, address)| {
                let alt = fill(Text::PhotoOf, language.get(), &[&(index + 1), &count]);
                address.map(|address| {
                    let link = address.clone();
                    view! {
                        <li><a href=link target="_blank" rel="noopener">
                            <img src=address alt=alt /></a></li>
                    }
                })
            }).collect_view()}
        </ul>
    }
}
