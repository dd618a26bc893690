//! The citizen signs on a pointer-events canvas (pen, finger or mouse). The strokes are kept as
//! vectors on a 1000 × 400 grid, and the image as a PNG with its SHA-256, so the signature on
//! paper and the one in the case can be shown to be the same. The Koffer's signature pad draws
//! on the same canvas through `Strokes`; the terminal signs on its touch screen.

use crate::form_view::FormWords;
use crate::images::data_url_bytes;
use crate::tr;
use domain::cases::Signature;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, PointerEvent};

/// The canvas's grid, as the strokes are kept.
pub const WIDTH: f64 = 1000.0;
pub const HEIGHT: f64 = 400.0;

/// x, y and pressure (0–1000) on the grid.
pub type Point = [u16; 3];
type Stroke = Vec<Point>;

/// The strokes drawn so far and the canvas they are drawn on. Pointer and pad draw through the
/// same two steps. `try_`: pad reports may still arrive while the page is torn down.
#[derive(Clone, Copy)]
pub struct Strokes {
    canvas: NodeRef<Canvas>,
    drawn: StoredValue<Vec<Stroke>>,
    empty: RwSignal<bool>,
}

impl Default for Strokes {
    fn default() -> Self {
        Self {
            canvas: NodeRef::new(),
            drawn: StoredValue::new(Vec::new()),
            empty: RwSignal::new(false),
        }
    }
}

impl Strokes {
    pub fn begin(&self, p: Point) {
        self.drawn.try_update_value(|all| all.push(vec![p]));
        self.empty.try_set(false);
        self.line(p, p);
    }

    pub fn extend(&self, p: Point) {
        let previous = self.drawn.try_update_value(|all| {
            let stroke = all.last_mut()?;
            let previous = stroke.last().copied();
            stroke.push(p);
            previous
        });
        if let Some(Some(previous)) = previous {
            self.line(previous, p);
        }
    }

    fn context(&self) -> Option<CanvasRenderingContext2d> {
        let context = self.canvas.get_untracked()?.get_context("2d").ok()??;
        let context: CanvasRenderingContext2d = context.dyn_into().ok()?;
        context.set_line_width(4.0);
        context.set_line_cap("round");
        context.set_stroke_style_str("#10233a");
        Some(context)
    }

    fn line(&self, from: Point, to: Point) {
        if let Some(context) = self.context() {
            context.begin_path();
            context.move_to(f64::from(from[0]), f64::from(from[1]));
            context.line_to(f64::from(to[0]) + 0.1, f64::from(to[1]) + 0.1);
            context.stroke();
        }
    }

    /// Where a pointer event lies on the grid.
    fn point(&self, event: &PointerEvent) -> Option<Point> {
        let rect = self.canvas.get_untracked()?.get_bounding_client_rect();
        let scale =
            |offset: f64, size: f64, full: f64| ((offset / size) * full).clamp(0.0, full) as u16;
        Some([
            scale(event.client_x() - rect.left(), rect.width(), WIDTH),
            scale(event.client_y() - rect.top(), rect.height(), HEIGHT),
            (event.pressure() * 1000.0).clamp(0.0, 1000.0) as u16,
        ])
    }

    fn clear(&self) {
        self.drawn.set_value(Vec::new());
        if let Some(context) = self.context() {
            context.clear_rect(0.0, 0.0, WIDTH, HEIGHT);
        }
    }

    /// The signature as drawn, or `None` (and the hint shown) while nothing is.
    async fn take(self) -> Option<Signature> {
        let drawn = self.drawn.get_value();
        let element = self.canvas.get_untracked()?;
        if drawn.iter().all(|s| s.len() < 2) {
            self.empty.set(true);
            return None;
        }
        let png = element.to_data_url().ok()?;
        let sha256 = sha256_hex(&data_url_bytes(&png)).await.ok()?;
        Some(Signature {
            strokes: drawn,
            png,
            sha256,
        })
    }
}

/// SHA-256 of `data` as lower-case hex (WebCrypto's digest: no hashing code in the bundle).
pub async fn sha256_hex(data: &[u8]) -> Result<String, JsValue> {
    let subtle = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?
        .subtle();
    let digest = JsFuture::from(
        subtle.digest_with_str_and_buffer_source("SHA-256", &js_sys::Uint8Array::from(data))?,
    )
    .await?;
    Ok(domain::hex::to_hex(
        &js_sys::Uint8Array::new(&digest).to_vec(),
    ))
}

/// The canvas with "Löschen" and "Unterschrift übernehmen"; `on_take` gets the signature.
pub fn signature_canvas<T: FormWords>(
    strokes: Strokes,
    on_take: Callback<Signature>,
) -> impl IntoView + use<T> {
    let drawing = StoredValue::new(false);
    let down = move |event: PointerEvent| {
        event.prevent_default();
        if let Some(target) = strokes.canvas.get_untracked() {
            let _ = target.set_pointer_capture(event.pointer_id());
        }
        let Some(p) = strokes.point(&event) else {
            return;
        };
        drawing.set_value(true);
        strokes.begin(p);
    };
    let moved = move |event: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        if let Some(p) = strokes.point(&event) {
            strokes.extend(p);
        }
    };
    let up = move |_: PointerEvent| drawing.set_value(false);
    let take = move |_| {
        spawn_local(async move {
            if let Some(signature) = strokes.take().await {
                on_take.run(signature);
            }
        });
    };
    view! {
        <div class="signature">
            <canvas node_ref=strokes.canvas width=WIDTH as u32 height=HEIGHT as u32 role="img"
                aria-label=tr(T::SIGNATURE_AREA) data-testid="signature-canvas"
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up></canvas>
            <div class="actions">
                <button type="button" on:click=move |_| strokes.clear()>{tr(T::SIGNATURE_CLEAR)}</button>
                <button type="button" class="primary" on:click=take>{tr(T::SIGNATURE_TAKE)}</button>
            </div>
            <div role="alert">
                {move || strokes.empty.get().then(|| view! { <p class="error">{tr(T::SIGNATURE_EMPTY)}</p> })}
            </div>
        </div>
    }
}
