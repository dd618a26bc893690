//! What the clerk's Koffer (`app`) and the town hall's app (`rathaus`) share, so nothing is
//! copied between them: the typed API client (`api` over `http`), the languages with the
//! choice kept on the device (`language`, `preferences`), whether the browser is online
//! (`connectivity`), what a case says (`case_details`) and prints (`print_sheet`), and the words
//! both show (`texts`).

pub mod api;
pub mod case_details;
pub mod connectivity;
pub mod http;
pub mod images;
pub mod language;
pub mod preferences;
pub mod print_sheet;
pub mod sections;
pub mod service_worker;
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
