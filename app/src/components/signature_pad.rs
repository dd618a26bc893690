//! The citizen signs on the screen (`ui::signature_pad`) or, with a pad paired, with the pad's
//! pen, which draws on the same canvas, scaled from the pad's screen.

use crate::hardware::pad::Pad;
use crate::messages::{Text, tr};
use crate::platform::hid_pad;
use devices::stu::{StrokeEvent, StrokeRecorder, parse_pen_data};
use domain::cases::Signature;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::signature_pad::{HEIGHT, Strokes, WIDTH, signature_canvas};

#[component]
pub fn SignaturePad(#[prop(into)] on_take: Callback<Signature>) -> impl IntoView {
    let strokes = Strokes::default();
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
                    Some(StrokeEvent::Started(p)) => strokes.begin(to_canvas(p)),
                    Some(StrokeEvent::Continued(p)) => strokes.extend(to_canvas(p)),
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
        {signature_canvas::<Text>(strokes, on_take)}
    }
}
