//! Whether the browser believes it has a network, kept current by the `online`/`offline` events.

use leptos::prelude::*;

/// A signal that follows the browser's network state for as long as the calling owner lives.
pub fn use_online() -> ReadSignal<bool> {
    let initial = web_sys::window().is_none_or(|window| window.navigator().on_line());
    let (online, set_online) = signal(initial);
    let went_online = window_event_listener(leptos::ev::online, move |_| set_online.set(true));
    let went_offline = window_event_listener(leptos::ev::offline, move |_| set_online.set(false));
    on_cleanup(move || {
        went_online.remove();
        went_offline.remove();
    });
    online
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn dispatch(name: &str) {
        let window = web_sys::window().expect("window");
        let event = web_sys::Event::new(name).expect("event");
        window.dispatch_event(&event).expect("dispatch");
    }

    #[wasm_bindgen_test]
    fn network_events_flip_the_signal_until_the_owner_is_gone() {
        let owner = Owner::new();
        let online = owner.with(use_online);
        assert!(online.get_untracked(), "the test browser starts online");
        dispatch("offline");
        assert!(!online.get_untracked());
        dispatch("online");
        assert!(online.get_untracked());
        owner.cleanup();
        dispatch("offline");
        assert!(
            online
                .try_get_untracked()
                .is_none_or(|still_online| still_online)
        );
    }
}
