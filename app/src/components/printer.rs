//! The receipt printer: paired over WebUSB where the browser can (Chromium), otherwise the
//! browser's print dialog with the 80 mm layout. The clerk always sees which path is active.

use crate::hardware::printer::Printer;
use crate::messages::{Language, Text, tr};
use devices::escpos::{Paper, Receipt, receipt};
use domain::cases::{Case, case_reference};
use domain::catalogue::Catalogue;
use domain::forms::Date;
use leptos::prelude::*;
use ui::usb_printer;

/// The language receipts are printed in: the citizen's copy of an administrative act.
const PRINTED_IN: Language = Language::German;

/// The ESC/POS receipt of a case, with a QR code of its reference.
pub fn case_receipt(case: &Case, catalogue: &Catalogue) -> Vec<u8> {
    let services: Vec<String> = case
        .services
        .iter()
        .filter_map(|s| catalogue.service(&s.service).map(|d| d.title.de.clone()))
        .collect();
    let date = Date::parse_iso(&case.deployment.date)
        .map_or_else(|| case.deployment.date.clone(), Date::german);
    receipt(
        &Receipt {
            municipality: case.deployment.municipality_name.clone(),
            place: case.deployment.place.clone(),
            date,
            // No dashes beyond ASCII: code page 858 has none.
            service: format!("{}: {}", case.citizen.full_name(), services.join(", ")),
            fee_cents: case.total_fee_cents(catalogue),
            payment: usb_printer::how_paid::<Text>(&case.payment, PRINTED_IN),
            case_number: case.number.clone(),
            case_reference: case_reference(&case.deployment.municipality, &case.number),
        },
        &usb_printer::receipt_labels::<Text>(PRINTED_IN),
        Paper::Mm80,
    )
}

fn test_receipt() -> Vec<u8> {
    let say = |text: Text| text.in_language(PRINTED_IN).to_owned();
    receipt(
        &Receipt {
            municipality: say(Text::AppName),
            place: say(Text::TestPrintPlace),
            date: String::new(),
            service: say(Text::TestPrintSample),
            fee_cents: 1250,
            payment: String::new(),
            case_number: "TEST".into(),
            case_reference: "bk-test".into(),
        },
        &usb_printer::receipt_labels::<Text>(PRINTED_IN),
        Paper::Mm80,
    )
}

/// The printer's line in the devices section: which path prints, pairing and a test print.
#[component]
pub fn PrinterPanel() -> impl IntoView {
    let printer = expect_context::<Printer>();
    let path = move || match printer.usb_name() {
        Some(name) => format!("{} {name}", tr(Text::PrinterUsb)()),
        None => tr(Text::PrinterBrowser)().to_owned(),
    };
    view! {
        <div class="device">
            <p>{tr(Text::ReceiptPrinter)} ": " <span data-testid="printer-path">{path}</span></p>
            {if usb_printer::available() {
                view! {
                    <div class="actions">
                        <button type="button" on:click=move |_| printer.pair()>{tr(Text::PrinterPair)}</button>
                        <button type="button" on:click=move |_| printer.print(test_receipt(), || {
                            if let Some(window) = web_sys::window() {
                                let _ = window.print();
                            }
                        })>{tr(Text::PrinterTest)}</button>
                    </div>
                }
                .into_any()
            } else {
                view! { <p class="small">{tr(Text::NoWebUsb)}</p> }.into_any()
            }}
            <p role="status" data-testid="printer-outcome">{move || printer.outcome.get().map(|t| tr(t)())}</p>
        </div>
    }
}
