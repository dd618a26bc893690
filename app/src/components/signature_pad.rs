//! The citizen signs on a pointer-events canvas (pen, finger or mouse). The strokes are kept as
//! vectors on a 1000 × 400 grid, and the image as a PNG with its SHA-256, so the signature on
//! paper and the one in the case can be shown to be the same.

use crate::hardware::pad::Pad;
use crate::messages::{Text, tr};
use crate::platform::crypto::sha256_hex;
use crate::platform::hid_pad;
use devices::stu::{StrokeEvent, StrokeRecorder, parse_pen_data};
use domain::cases::Signature;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::images::data_url_bytes;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, PointerEvent};

const WIDTH: f64 = 1000.0;
const HEIGHT: f64 = 400.0;

type Point = [u16; 3];
type Stroke = Vec<Point>;

#[component]
pub fn SignaturePad(#[prop(into)] on_take: Callback<Signature>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let strokes = StoredValue::new(Vec::<Stroke>::new());
    let drawing = StoredValue::new(false);
    let empty = RwSignal::new(false);

    let context = move || -> Option<CanvasRenderingContext2d> {
        let context = canvas.get_untracked()?.get_context("2d").ok()??;
        let context: CanvasRenderingContext2d = context.dyn_into().ok()?;
        context.set_line_width(4.0);
        context.set_line_cap("round");
        context.set_stroke_style_str("#10233a");
        Some(context)
    };
    let point = move |event: &PointerEvent| -> Option<[u16; 3]> {
        let rect = canvas.get_untracked()?.get_bounding_client_rect();
        let scale =
            |offset: f64, size: f64, full: f64| ((offset / size) * full).clamp(0.0, full) as u16;
        Some([
            scale(event.client_x() - rect.left(), rect.width(), WIDTH),
            scale(event.client_y() - rect.top(), rect.height(), HEIGHT),
            (event.pressure() * 1000.0).clamp(0.0, 1000.0) as u16,
        ])
    };
    let line = move |from: [u16; 3], to: [u16; 3]| {
        if let Some(context) = context() {
            context.begin_path();
            context.move_to(f64::from(from[0]), f64::from(from[1]));
            context.line_to(f64::from(to[0]) + 0.1, f64::from(to[1]) + 0.1);
            context.stroke();
        }
    };
    // Pointer and pad draw through the same two steps. `try_`: pad reports may still arrive
    // while the page is torn down.
    let begin_stroke = move |p: Point| {
        strokes.try_update_value(|all| all.push(vec![p]));
        empty.try_set(false);
        line(p, p);
    };
    let extend_stroke = move |p: Point| {
        let previous = strokes.try_update_value(|all| {
            let stroke = all.last_mut()?;
            let previous = stroke.last().copied();
            stroke.push(p);
            previous
        });
        if let Some(Some(previous)) = previous {
            line(previous, p);
        }
    };
    let down = move |event: PointerEvent| {
        event.prevent_default();
        if let Some(target) = canvas.get_untracked() {
            let _ = target.set_pointer_capture(event.pointer_id());
        }
        let Some(p) = point(&event) else { return };
        drawing.set_value(true);
        begin_stroke(p);
    };
    let moved = move |event: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        if let Some(p) = point(&event) {
            extend_stroke(p);
        }
    };
    let up = move |_: PointerEvent| drawing.set_value(false);
    let clear = move |_| {
        strokes.set_value(Vec::new());
        if let Some(context) = context() {
            context.clear_rect(0.0, 0.0, WIDTH, HEIGHT);
        }
    };
    let take = move |_| {
        let drawn = strokes.get_value();
        let Some(element) = canvas.get_untracked() else {
            return;
        };
        if drawn.iter().all(|s| s.len() < 2) {
            empty.set(true);
            return;
        }
        let Ok(png) = element.to_data_url() else {
            return;
        };
        spawn_local(async move {
            let bytes = data_url_bytes(&png);
            let sha256 = sha256_hex(&bytes).await.unwrap_or_default();
            on_take.run(Signature {
                strokes: drawn,
                png,
                sha256,
            });
        });
    };

    // With a pad paired, its pen draws on the same canvas, scaled from the pad's screen.
    let pad = use_context::<Pad>().and_then(|pad| pad.device.get_untracked().map(|d| (pad, d)));
    let pad_state = RwSignal::new(None::<Text>);
    if let Some((_, device)) = pad.clone() {
        let listener = StoredValue::new_local(None);
        let recorder = StoredValue::new_local(None::<StrokeRecorder>);
        let pad_device = device.clone();
        spawn_local(async move {
            let on_pen = move |report_id: u8, data: Vec<u8>| {
                let Ok(sample) = parse_pen_data(report_id, &data) else {
                    return;
                };
                let Some(Some((event, [width, height]))) = recorder
                    .try_update_value(|r| r.as_mut().map(|r| (r.handle(&sample), r.screen())))
                else {
                    return;
                };
                let to_canvas = |p: [u16; 3]| {
                    [
                        (u32::from(p[0]) * WIDTH as u32 / u32::from(width.max(1))) as u16,
                        (u32::from(p[1]) * HEIGHT as u32 / u32::from(height.max(1))) as u16,
                        p[2],
                    ]
                };
                match event {
                    Some(StrokeEvent::Started(p)) => begin_stroke(to_canvas(p)),
                    Some(StrokeEvent::Continued(p)) => extend_stroke(to_canvas(p)),
                    Some(StrokeEvent::Ended) | None => {}
                }
            };
            match hid_pad::start(&pad_device, on_pen).await {
                Ok((capability, closure)) => {
                    recorder.try_set_value(Some(StrokeRecorder::new(capability)));
                    listener.try_set_value(Some(closure));
                    pad_state.try_set(Some(Text::PadActive));
                }
                Err(_) => {
                    pad_state.try_set(Some(Text::PadFailed));
                }
            }
        });
        on_cleanup(move || device.set_oninputreport(None));
    }

    view! {
        <p role="status" data-testid="pad-state">{move || pad_state.get().map(|t| tr(t)())}</p>
        <div class="signature">
            <canvas node_ref=canvas width=WIDTH as u32 height=HEIGHT as u32 role="img"
                aria-label=tr(Text::SignatureArea) data-testid="signature-canvas"
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up></canvas>
            <div class="actions">
                <button type="button" on:click=clear>{tr(Text::SignatureClear)}</button>
                <button type="button" class="primary" on:click=take>{tr(Text::SignatureTake)}</button>
            </div>
            <div role="alert">
                {move || empty.get().then(|| view! { <p class="error">{tr(Text::SignatureEmpty)}</p> })}
            </div>
        </div>
    }
}
