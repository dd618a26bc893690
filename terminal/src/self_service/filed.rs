//! Sent: the case's number on the screen and on the receipt from the kiosk's printer, with the
//! QR code the town hall scans. Nothing of the citizen's form is left but this; "Fertig" among
//! the kiosk's actions ends the session.

use crate::focus;
use crate::messages::Text;
use crate::read_aloud::{ReadAloud, read_screen};
use devices::escpos::{Paper, Receipt, receipt};
use domain::wire::{TerminalContact, TerminalReceipt};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::form_view::today;
use ui::usb_printer::{PairedPrinter, receipt_labels};
use ui::{Language, fill, tr};

/// The language receipts are printed in: the administration's, like the Koffer's.
const PRINTED_IN: Language = Language::German;

/// Whether the receipt came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Printed {
    Printing,
    Yes,
    /// No printer paired, or it failed: the number is on the screen to note.
    No,
}

#[component]
pub fn Filed(
    receipt: TerminalReceipt,
    /// "Köhler, Erna: Fundsache abgeben": whose receipt it is, and for what.
    line: String,
    contact: Signal<Option<TerminalContact>>,
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let read_aloud = expect_context::<ReadAloud>();
    let printer = expect_context::<PairedPrinter>();
    let printed = RwSignal::new(Printed::Printing);
    let number = receipt.number.clone();
    let (municipality, place) = contact
        .with_untracked(|c| {
            c.as_ref()
                .map(|c| (c.municipality_name.clone(), c.place.clone()))
        })
        .unwrap_or_default();
    let bytes = printed_receipt(&receipt, (municipality, place), line);
    if printer.is_paired() {
        spawn_local(async move {
            let outcome = if printer.print(&bytes).await.is_ok() {
                Printed::Yes
            } else {
                Printed::No
            };
            printed.try_set(outcome);
        });
    } else {
        printed.set(Printed::No);
    }
    let spoken = {
        let number = number.clone();
        Memo::new(move |_| fill(Text::FiledText, language.get(), &[&number]))
    };
    read_screen(read_aloud, language, spoken.into());
    focus::move_to("filed-title");
    let text = move || fill(Text::FiledText, language.get(), &[&number]);
    view! {
        <section aria-labelledby="filed-title" data-testid="self-service-filed">
            <h2 id="filed-title" tabindex="-1">{tr(Text::FiledHeading)}</h2>
            <p class="done" data-testid="filed-number">{text}</p>
            <p role="status" data-testid="receipt-state">
                {move || match printed.get() {
                    Printed::Printing => None,
                    Printed::Yes => Some(tr(Text::ReceiptPrinted)()),
                    Printed::No => Some(tr(Text::NoReceiptNoteNumber)()),
                }}
            </p>
        </section>
    }
}

/// The receipt as the printer takes it: the Koffer's layout, nothing to pay.
fn printed_receipt(
    filed: &TerminalReceipt,
    (municipality, place): (String, String),
    line: String,
) -> Vec<u8> {
    receipt(
        &Receipt {
            municipality,
            place,
            date: today().german(),
            service: line,
            fee_cents: 0,
            payment: String::new(),
            case_number: filed.number.clone(),
            case_reference: filed.reference.clone(),
        },
        &receipt_labels::<Text>(PRINTED_IN),
        Paper::Mm80,
    )
}
