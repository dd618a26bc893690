//! Days as the tour plan shows them: today by the browser's clock, and an ISO day in words.

use domain::forms::Date;

/// Today in the browser's clock, as the plan's days are written.
pub fn today() -> Date {
    Date::from_unix_days((js_sys::Date::now() / 86_400_000.0) as i64)
}

/// `2027-01-21` as `Donnerstag, 21.01.2027`.
pub fn day_text(iso: &str) -> String {
    Date::parse_iso(iso).map_or_else(|| iso.to_owned(), Date::german_with_weekday)
}
