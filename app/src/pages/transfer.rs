//! The transfer screen: everything about sending this laptop's work to the town hall, with each
//! case the server refused, flagged or was sent again named.

use crate::components::sync_status::SyncStatus;
use leptos::prelude::*;

#[component]
pub fn TransferPage() -> impl IntoView {
    view! { <SyncStatus detailed=true /> }
}
