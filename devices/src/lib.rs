//! Wire protocols of the Koffer's peripherals, as pure functions and state machines: no web-sys,
//! no clock, no I/O. The app's browser transports (WebUSB, WebHID, Web Serial) only move the
//! bytes these produce and consume.
//!
//! - `cp858`: the printer code page with umlauts, ß and €.
//! - `escpos`: receipts for ESC/POS printers (80 mm and 58 mm).
//! - `wedge`: barcode scanners that type like a keyboard, told apart from people.
//! - `hid_pos`: barcode scanners in HID POS mode (usage page 0x8C), reports joined into scans.
//! - `stu`: Wacom STU signature pads: pen reports into strokes, feature reports to drive the pad.
//! - `mrz`: the machine-readable zone of ID cards (TD1) and passports (TD3).
//! - `zvt`: card-payment terminals (German ZVT): APDUs and serial framing.

pub mod cp858;
pub mod escpos;
pub mod hid_pos;
pub mod mrz;
pub mod stu;
pub mod wedge;
pub mod zvt;
