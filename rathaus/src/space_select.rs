//! Which municipality a page shows: the person's own or one it serves, as a labelled select.

use crate::messages::Text;
use leptos::prelude::*;
use ui::tr;

#[component]
pub fn SpaceSelect(
    /// The select's id, for its label.
    id: &'static str,
    /// Key and name of each municipality, as `Session::space_choices` gives them.
    spaces: Vec<(String, String)>,
    space: RwSignal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{tr(Text::Municipality)}</label>
            <select id=id on:change=move |e| space.set(event_target_value(&e))>
                {spaces.into_iter().map(|(key, name)| {
                    let selected = space.get_untracked() == key;
                    view! { <option value=key selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
