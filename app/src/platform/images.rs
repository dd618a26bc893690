//! Photos of documents, made small in the browser before they are stored: a phone camera's
//! 12-megapixel picture becomes a JPEG of at most `MAX_SIDE` pixels, enough to read a form.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, HtmlImageElement, Url};

use ui::images::Photo;

/// The longer side of a stored photo, in pixels.
pub const MAX_SIDE: u32 = 1600;

/// Decodes `file` as an image and re-encodes it as a JPEG no larger than `MAX_SIDE`.
pub async fn downscale(file: &File) -> Result<Photo, JsValue> {
    let url = Url::create_object_url_with_blob(file)?;
    let image = HtmlImageElement::new()?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    Url::revoke_object_url(&url)?;
    decoded?;
    ui::images::jpeg(&ui::images::Source::Image(&image), MAX_SIDE)
}
