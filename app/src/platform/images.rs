//! Photos of documents, made small in the browser before they are stored: a phone camera's
//! 12-megapixel picture becomes a JPEG of at most `MAX_SIDE` pixels, enough to read a form.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlImageElement, Url};

/// The longer side of a stored photo, in pixels.
pub const MAX_SIDE: u32 = 1600;

/// A downscaled photo: the JPEG bytes and a `data:` URL of them for a thumbnail.
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub data_url: String,
    pub width: u32,
    pub height: u32,
}

/// Decodes `file` as an image and re-encodes it as a JPEG no larger than `MAX_SIDE`.
pub async fn downscale(file: &File) -> Result<Photo, JsValue> {
    let url = Url::create_object_url_with_blob(file)?;
    let image = HtmlImageElement::new()?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    Url::revoke_object_url(&url)?;
    decoded?;
    let (width, height) = (image.natural_width(), image.natural_height());
    let scale = (f64::from(MAX_SIDE) / f64::from(width.max(height).max(1))).min(1.0);
    let width = ((f64::from(width) * scale).round() as u32).max(1);
    let height = ((f64::from(height) * scale).round() as u32).max(1);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .unchecked_into();
    context.draw_image_with_html_image_element_and_dw_and_dh(
        &image,
        0.0,
        0.0,
        f64::from(width),
        f64::from(height),
    )?;
    let data_url =
        canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(0.8))?;
    Ok(Photo {
        jpeg: data_url_bytes(&data_url),
        data_url,
        width,
        height,
    })
}

/// The bytes of a base64 `data:` URL.
pub fn data_url_bytes(data_url: &str) -> Vec<u8> {
    let encoded = data_url.split_once(',').map_or("", |(_, b)| b);
    web_sys::window()
        .and_then(|w| w.atob(encoded).ok())
        .map(|binary| binary.chars().map(|c| c as u8).collect())
        .unwrap_or_default()
}
