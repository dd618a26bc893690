//! Card-payment terminals on a serial line (USB-serial cable, 9600 baud 8N2) over Web Serial:
//! pair on a click, find a remembered port again, and run one payment by moving bytes between
//! the port and `devices::zvt::payment`, which owns the protocol and its timeouts.

use devices::zvt::payment::{
    Approval, Payment, PaymentEvent, PaymentFailure, PaymentTiming, TerminalStatus,
};
use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ParityType, ReadableStreamDefaultReader, Serial, SerialOptions, SerialPort,
    WritableStreamDefaultWriter,
};

/// Longest wait between two looks at the clock: a "cancel" is seen this quickly.
const TICK_MS: i32 = 200;

fn serial() -> Option<Serial> {
    let navigator = web_sys::window()?.navigator();
    Reflect::has(&navigator, &JsValue::from_str("serial"))
        .unwrap_or(false)
        .then(|| navigator.serial())
}

/// Whether this browser offers Web Serial at all.
pub fn available() -> bool {
    serial().is_some()
}

/// Asks whoever sets the device up to choose the terminal's port (must run from a click).
pub async fn pair() -> Result<SerialPort, JsValue> {
    let serial = serial().ok_or_else(|| JsValue::from_str("Web Serial unavailable"))?;
    Ok(JsFuture::from(serial.request_port())
        .await?
        .unchecked_into())
}

/// A port paired before, if the browser still grants it.
pub async fn remembered() -> Option<SerialPort> {
    let ports = JsFuture::from(serial()?.get_ports()).await.ok()?;
    let first = Array::from(&ports).get(0);
    (!first.is_undefined()).then(|| first.unchecked_into())
}

pub fn name(port: &SerialPort) -> String {
    let info = port.get_info();
    match (info.get_usb_vendor_id(), info.get_usb_product_id()) {
        (Some(vendor), Some(product)) => format!("USB {vendor:04x}:{product:04x}"),
        _ => "COM".to_owned(),
    }
}

/// A promise that resolves with `value` after `ms` milliseconds.
fn after(ms: i32, value: &JsValue) -> Promise {
    Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_1(&resolve, ms, value);
        }
    })
}

/// Runs one payment of `cents` on the terminal behind `port`. `on_status` hears what the
/// terminal shows the citizen; `cancelled` is asked between reads whether someone gave up.
pub async fn pay(
    port: &SerialPort,
    cents: u64,
    mut on_status: impl FnMut(TerminalStatus),
    cancelled: impl Fn() -> bool,
) -> Result<Approval, PaymentFailure> {
    let options = SerialOptions::new(9600);
    options.set_data_bits(8);
    options.set_stop_bits(2);
    options.set_parity(ParityType::None);
    JsFuture::from(port.open(&options))
        .await
        .map_err(|_| PaymentFailure::LineBroken)?;
    let reader =
        ReadableStreamDefaultReader::new(&port.readable()).map_err(|_| PaymentFailure::LineBroken);
    let writer =
        WritableStreamDefaultWriter::new(&port.writable()).map_err(|_| PaymentFailure::LineBroken);
    let outcome = match (reader, writer) {
        (Ok(reader), Ok(writer)) => {
            let outcome = converse(&reader, &writer, cents, &mut on_status, &cancelled).await;
            let _ = JsFuture::from(reader.cancel()).await;
            reader.release_lock();
            writer.release_lock();
            outcome
        }
        _ => Err(PaymentFailure::LineBroken),
    };
    let _ = JsFuture::from(port.close()).await;
    outcome
}

async fn converse(
    reader: &ReadableStreamDefaultReader,
    writer: &WritableStreamDefaultWriter,
    cents: u64,
    on_status: &mut impl FnMut(TerminalStatus),
    cancelled: &impl Fn() -> bool,
) -> Result<Approval, PaymentFailure> {
    // Date.now() is a whole, positive number of milliseconds.
    let now = || js_sys::Date::now() as u64;
    let (mut payment, mut events) = Payment::start(cents, PaymentTiming::default(), now());
    let mut outcome = None;
    // A read stays pending across ticks: the next byte may take a while (card, PIN, bank).
    let mut pending_read: Option<Promise> = None;
    let tick = JsValue::from_str("tick");
    loop {
        for event in events.drain(..) {
            match event {
                PaymentEvent::Write(bytes) => {
                    let chunk = Uint8Array::from(bytes.as_slice());
                    JsFuture::from(writer.write_with_chunk(&chunk))
                        .await
                        .map_err(|_| PaymentFailure::LineBroken)?;
                }
                PaymentEvent::Status(status) => on_status(status),
                PaymentEvent::Approved(approval) => outcome = Some(Ok(approval)),
                PaymentEvent::Failed(failure) => outcome = Some(Err(failure)),
            }
        }
        if payment.is_settled() {
            return outcome.unwrap_or(Err(PaymentFailure::NoAnswer));
        }
        if cancelled() {
            events = payment.cancel(now());
            if !events.is_empty() {
                continue;
            }
        }
        let read = pending_read.get_or_insert_with(|| reader.read()).clone();
        let timer = after(TICK_MS, &tick);
        let winner = JsFuture::from(Promise::race(&Array::of2(&read, &timer)))
            .await
            .map_err(|_| PaymentFailure::LineBroken)?;
        if winner == tick {
            events = payment.poll(now());
            continue;
        }
        pending_read = None;
        let done = Reflect::get(&winner, &JsValue::from_str("done"))
            .map(|d| d.is_truthy())
            .unwrap_or(true);
        if done {
            // The cable was pulled or the port closed under us.
            return outcome.unwrap_or(Err(PaymentFailure::LineBroken));
        }
        let value = Reflect::get(&winner, &JsValue::from_str("value")).unwrap_or_default();
        let bytes = Uint8Array::new(&value).to_vec();
        events = payment.handle_bytes(&bytes, now());
    }
}
