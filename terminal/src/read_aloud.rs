//! Reading aloud with the browser's speech synthesis, for a citizen who cannot read the screen
//! well: when it is switched on, each screen is read as it appears, and each button or field as
//! it gets focus. Sound goes where the kiosk's audio goes, so a headset plugged in keeps it
//! private. Off again for the next citizen.

use leptos::prelude::*;
use ui::Language;
use wasm_bindgen::JsCast;

/// Whether this citizen switched reading aloud on.
#[derive(Clone, Copy)]
pub struct ReadAloud(pub RwSignal<bool>);

/// Says `text` in `language`, cutting off whatever was being said.
pub fn speak(text: &str, language: Language) {
    let Some(synthesis) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) else {
        return;
    };
    synthesis.cancel();
    if let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) {
        utterance.set_lang(match language {
            Language::German => "de-DE",
            Language::English => "en-GB",
        });
        synthesis.speak(&utterance);
    }
}

/// Stops speaking (the session ended, or the citizen switched it off).
pub fn silence() {
    if let Some(synthesis) = web_sys::window().and_then(|w| w.speech_synthesis().ok()) {
        synthesis.cancel();
    }
}

/// Reads what gets focus while reading aloud is on: a control's label as a screen reader would
/// say it first.
pub fn read_focus(read_aloud: ReadAloud, language: RwSignal<Language>) -> WindowListenerHandle {
    window_event_listener(leptos::ev::focusin, move |event| {
        if read_aloud.0.try_get_untracked() != Some(true) {
            return;
        }
        let Some(element) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let text = element
            .get_attribute("aria-label")
            .or_else(|| label_of(&element))
            .unwrap_or_else(|| element.inner_text());
        if !text.trim().is_empty() {
            speak(text.trim(), language.get_untracked());
        }
    })
}

/// The text of the `<label>` naming a field.
fn label_of(element: &web_sys::HtmlElement) -> Option<String> {
    let id = element.id();
    if id.is_empty() {
        return None;
    }
    let label = web_sys::window()?
        .document()?
        .query_selector(&format!("label[for=\"{id}\"]"))
        .ok()??;
    label.text_content()
}

/// Reads the screen's main text whenever it changes while reading aloud is on.
pub fn read_screen(read_aloud: ReadAloud, language: RwSignal<Language>, screen: Signal<String>) {
    Effect::new(move |_| {
        let text = screen.get();
        if read_aloud.0.get() && !text.is_empty() {
            speak(&text, language.get_untracked());
        }
    });
}
