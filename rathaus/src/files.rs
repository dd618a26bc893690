//! Bytes the server sent, handed to the browser: as a file to save (an exported table) or as an
//! address an image can show (a photo). Both need the session's token to fetch, so a plain link
//! to the server cannot stand in. And the other way: the text of a file the person chose.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// An address for `bytes` within this page (until the page closes).
pub fn object_url(bytes: &[u8], content_type: &str) -> Result<String, JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    Url::create_object_url_with_blob(&blob)
}

/// Offers `bytes` to save as `file_name`.
pub fn save(bytes: &[u8], file_name: &str, content_type: &str) -> Result<(), JsValue> {
    let url = object_url(bytes, content_type)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    Url::revoke_object_url(&url)
}

/// The text of the file chosen in the input `id`.
pub async fn chosen_file_text(id: &str) -> Option<String> {
    let input: web_sys::HtmlInputElement = web_sys::window()?
        .document()?
        .get_element_by_id(id)?
        .dyn_into()
        .ok()?;
    let file = input.files()?.get(0)?;
    JsFuture::from(file.text()).await.ok()?.as_string()
}
