//! Pictures as JPEG, made in the browser: a photo of a document the Koffer stores (from a file
//! the camera made) or a terminal sends the town hall (a frame of its camera), drawn no larger
//! than needed to read it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, HtmlVideoElement};

/// A JPEG: its bytes, a `data:` URL of them for a thumbnail, and its size.
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub data_url: String,
    pub width: u32,
    pub height: u32,
}

/// What a photo is drawn from.
pub enum Source<'a> {
    /// A decoded image.
    Image(&'a HtmlImageElement),
    /// A video's current frame.
    Frame(&'a HtmlVideoElement),
}

impl Source<'_> {
    fn size(&self) -> (u32, u32) {
        match self {
            Self::Image(image) => (image.natural_width(), image.natural_height()),
            Self::Frame(video) => (video.video_width(), video.video_height()),
        }
    }
}

/// `source` as a JPEG whose longer side is at most `max_side` pixels.
pub fn jpeg(source: &Source<'_>, max_side: u32) -> Result<Photo, JsValue> {
    let (width, height) = source.size();
    let scale = (f64::from(max_side) / f64::from(width.max(height).max(1))).min(1.0);
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
    let (w, h) = (f64::from(width), f64::from(height));
    match source {
        Source::Image(image) => {
            context.draw_image_with_html_image_element_and_dw_and_dh(image, 0.0, 0.0, w, h)?;
        }
        Source::Frame(video) => {
            context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w, h)?;
        }
    }
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
