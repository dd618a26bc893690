//! The navigation between an app's sections, the same in the Koffer and the Rathaus app: one
//! button per section in a labelled `nav`, the section on screen marked for screen readers
//! (`aria-current="page"`) and shown as KERN's primary button, a count beside a section that
//! has something waiting.

use leptos::prelude::*;

/// One section as the navigation shows it.
pub struct Section {
    pub label: Signal<&'static str>,
    /// Whether this section is on screen.
    pub current: Signal<bool>,
    /// Something waiting there, as a count with its meaning for screen readers; `None` hides it.
    pub waiting: Option<Signal<Option<(usize, &'static str)>>>,
    pub open: Callback<()>,
}

#[component]
pub fn SectionNav(
    #[prop(into)] label: Signal<&'static str>,
    sections: Vec<Section>,
) -> impl IntoView {
    view! {
        <nav class="sections" aria-label=label>
            <ul>
                {sections.into_iter().map(|section| {
                    let current = section.current;
                    view! {
                        <li>
                            <button type="button"
                                aria-current=move || current.get().then_some("page")
                                on:click=move |_| section.open.run(())>
                                {section.label}
                                {section.waiting.map(|waiting| move || waiting.get().map(|(count, meaning)| view! {
                                    <span class="badge" aria-hidden="true">{count}</span>
                                    <span class="visually-hidden">{format!(" ({count} {meaning})")}</span>
                                }))}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}
