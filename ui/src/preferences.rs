//! Settings of this device that are not citizen data (kept in localStorage, in clear).

use crate::Language;

const LANGUAGE_KEY: &str = "buergerkoffer.language";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn saved_language() -> Option<String> {
    local_storage()?.get_item(LANGUAGE_KEY).ok()?
}

/// Remembers the language and sets `<html lang>`, so screen readers pronounce the page correctly.
pub fn apply_language(language: Language) {
    if let Some(storage) = local_storage() {
        // A full or blocked localStorage only costs the choice on the next start.
        let _ = storage.set_item(LANGUAGE_KEY, language.tag());
    }
    set_page_language(language);
}

/// Sets `<html lang>` without remembering the choice (the terminal's citizen keeps nothing).
pub fn set_page_language(language: Language) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", language.tag());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn chosen_language_is_saved_and_set_on_the_page() {
        apply_language(Language::English);
        assert_eq!(saved_language().as_deref(), Some("en"));
        let lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"));
        assert_eq!(lang.as_deref(), Some("en"));
        apply_language(Language::German);
        assert_eq!(saved_language().as_deref(), Some("de"));
    }
}
