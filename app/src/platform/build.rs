//! Which build of the app shell this page is: the id the build step stamped into `index.html`.

use domain::release::BuildId;

/// Name of the `<meta>` that scripts/precache_shell.py writes.
pub const BUILD_META: &str = "buergerkoffer-build";

pub fn current_build() -> Option<BuildId> {
    let document = web_sys::window()?.document()?;
    let meta = document
        .query_selector(&format!("meta[name=\"{BUILD_META}\"]"))
        .ok()??;
    BuildId::parse(&meta.get_attribute("content")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn set_meta(content: Option<&str>) {
        let document = web_sys::window()
            .and_then(|w| w.document())
            .expect("document");
        if let Ok(Some(old)) = document.query_selector(&format!("meta[name=\"{BUILD_META}\"]")) {
            old.remove();
        }
        if let Some(content) = content {
            let meta = document.create_element("meta").expect("meta");
            meta.set_attribute("name", BUILD_META).expect("name");
            meta.set_attribute("content", content).expect("content");
            document
                .head()
                .expect("head")
                .append_child(&meta)
                .expect("append");
        }
    }

    #[wasm_bindgen_test]
    fn stamped_build_id_is_read_from_the_page() {
        set_meta(Some("0123456789abcdef"));
        assert_eq!(
            current_build().as_ref().map(BuildId::as_str),
            Some("0123456789abcdef")
        );
        set_meta(None);
        assert_eq!(current_build(), None);
    }

    #[wasm_bindgen_test]
    fn an_unstamped_page_has_no_build_id() {
        set_meta(Some("__BUILD_ID__"));
        assert_eq!(current_build(), None);
        set_meta(None);
    }
}
