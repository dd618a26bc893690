//! Where keyboard and screen reader continue when a screen changes: on its heading, so the
//! next Tab goes to its first control and the heading is read first.

/// Focuses the element with `id` once the screen is drawn (its heading carries tabindex -1).
pub fn move_to(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id));
        if let Some(element) =
            element.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = element.focus();
        }
    });
}
