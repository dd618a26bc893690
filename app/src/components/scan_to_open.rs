//! Scanning a receipt's QR code (or a case number's barcode) opens the case. Scanners in
//! keyboard mode "type" fast and end with Enter; `devices::wedge` tells that from a person. A
//! scanner in HID POS mode delivers its scans through `Scanner`.

use crate::desk::Desk;
use crate::hardware::scanner::Scanner;
use crate::messages::{Text, tr};
use crate::pages::Screen;
use devices::wedge::{KeyStroke, ScannerLayout, WedgeDetector, WedgeEvent};
use domain::cases::number_in_reference;
use leptos::prelude::*;

#[component]
pub fn ScanToOpen() -> impl IntoView {
    let desk = expect_context::<Desk>();
    let screen = expect_context::<RwSignal<Screen>>();
    let detector = StoredValue::new(WedgeDetector::new(ScannerLayout::SameAsLaptop));
    let unknown = RwSignal::new(None::<String>);
    let open = move |scanned: &str| {
        let number = number_in_reference(scanned);
        let found = desk.cases.try_with_untracked(|all| {
            all.iter()
                .find(|e| e.case.number == number)
                .map(|e| e.case.id.clone())
        });
        match found.flatten() {
            Some(id) => {
                screen.try_set(Screen::Case(id));
            }
            None => {
                unknown.try_set(Some(number));
            }
        }
    };
    // Scans from a HID POS scanner: only those made while this overview is shown.
    let scanner = expect_context::<Scanner>();
    let seen = scanner
        .last
        .with_untracked(|l| l.as_ref().map(|s| s.sequence));
    Effect::new(move |_| {
        if let Some(scan) = scanner.last.get()
            && Some(scan.sequence) != seen
        {
            open(&scan.text);
        }
    });
    let listener = window_event_listener(leptos::ev::keydown, move |event| {
        let stroke = KeyStroke {
            key: event.key(),
            code: event.code(),
            shift: event.shift_key(),
            at_ms: event.time_stamp() as u64,
        };
        // `try_`: a key may arrive in the moment this overview is replaced.
        let Some(events) = detector.try_update_value(|d| d.handle(stroke)) else {
            return;
        };
        for scanned in events.into_iter().filter_map(|e| match e {
            WedgeEvent::Scanned(text) => Some(text),
            WedgeEvent::Typed(_) => None,
        }) {
            open(&scanned);
        }
    });
    on_cleanup(move || listener.remove());
    view! {
        <p class="small">{tr(Text::ScanHint)}</p>
        <div role="alert">
            {move || unknown.get().map(|n| view! { <p class="warning">{tr(Text::ScanUnknown)} " " {n}</p> })}
        </div>
    }
}
