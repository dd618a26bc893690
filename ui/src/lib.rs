//! What the clerk's Koffer (`app`), the town hall's app (`rathaus`) and the `terminal` share,
//! so nothing is copied between them: the typed API client (`api` over `http`), the languages
//! with the choice kept on the device (`language`, `preferences`), whether the browser is online
//! (`connectivity`), what a case says (`case_details`) and prints (`print_sheet`), the
//! catalogue's forms as inputs (`form_view`) and the signature under them (`signature_pad`), the
//! devices both the Koffer and the kiosk drive (`usb_printer`, `card_terminal`), and the words
//! they show (`texts`).

pub mod api;
pub mod card_terminal;
pub mod case_details;
pub mod connectivity;
pub mod form_view;
pub mod http;
pub mod images;
pub mod language;
pub mod preferences;
pub mod print_sheet;
pub mod sections;
pub mod service_worker;
pub mod signature_pad;
pub mod texts;
pub mod update_banner;
pub mod usb_printer;
pub mod video_call;

pub use language::{
    Language, Wording, fill, megabytes, missing_wordings, pick, provide_language, tr,
};

// The tests touch localStorage and the network state: they run in headless Chromium.
#[cfg(test)]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
