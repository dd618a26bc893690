//! Sent: the case's number on the screen and on the receipt from the kiosk's printer, with the
//! fee paid by card and the QR code the town hall scans. Nothing of the citizen's form is left
//! but this; "Fertig" among the kiosk's actions ends the session.

use super::Sent;
use crate::focus;
use crate::messages::Text;
use crate::read_aloud::{ReadAloud, read_screen};
use devices::escpos::{Paper, Receipt, receipt};
use domain::cases::{Payment, PaymentMethod};
use domain::wire::TerminalContact;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::form_view::today;
use ui::usb_printer::{PairedPrinter, how_paid, receipt_labels};
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
pub fn Filed(sent: Sent, contact: Signal<Option<TerminalContact>>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let read_aloud = expect_context::<ReadAloud>();
    let printer = expect_context::<PairedPrinter>();
    let printed = RwSignal::new(Printed::Printing);
    let number = sent.receipt.number.clone();
    let (municipality, place) = contact
        .with_untracked(|c| {
            c.as_ref()
                .map(|c| (c.municipality_name.clone(), c.place.clone()))
        })
        .unwrap_or_default();
    let bytes = printed_receipt(sent, (municipality, place));
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

/// The receipt as the printer takes it: the Koffer's layout, with the fee paid by card.
fn printed_receipt(sent: Sent, (municipality, place): (String, String)) -> Vec<u8> {
    let (fee_cents, payment) = match sent.paid {
        Some(paid) => (
            paid.amount_cents,
            how_paid::<Text>(
                &Payment::Paid {
                    method: PaymentMethod::Card,
                    receipt: paid.receipt,
                },
                PRINTED_IN,
            ),
        ),
        None => (0, String::new()),
    };
    receipt(
        &Receipt {
            municipality,
            place,
            date: today().german(),
            service: sent.line,
            fee_cents,
            payment,
            case_number: sent.receipt.number,
            case_reference: sent.receipt.reference,
        },
        &receipt_labels::<Text>(PRINTED_IN),
        Paper::Mm80,
    )
}
