//! Case numbers and the references printed on receipts: unique per device without a network,
//! and typed by a scanner in keyboard mode on any layout.

/// `2026-K7F3A911-0012`: the year, eight characters of the device id, a sequence per device.
/// Unique across devices without asking the server: device ids are random, and eight hex digits
/// make two of a few hundred laptops sharing a tag unlikely (four made it likely); the server
/// refuses a number another case of the municipality already has.
pub fn case_number(year: u16, device_id: &str, sequence: u32) -> String {
    let tag: String = device_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase();
    format!("{year}-{tag}-{sequence:04}")
}

/// The sequence of the next case on this device, after the highest one it already holds.
pub fn next_sequence<'a>(
    numbers: impl Iterator<Item = &'a str>,
    year: u16,
    device_id: &str,
) -> u32 {
    let prefix = case_number(year, device_id, 0);
    let prefix = &prefix[..prefix.len() - 4];
    numbers
        .filter_map(|n| n.strip_prefix(prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1
}

/// What a receipt's QR code holds: lower case, digits and hyphens only, so a scanner in keyboard
/// mode types it without Shift on any layout.
pub fn case_reference(municipality: &str, number: &str) -> String {
    format!("bk-{municipality}-{}", number.to_lowercase())
}

/// The case number in a scanned reference (or a scanned case number itself).
pub fn number_in_reference(scanned: &str) -> String {
    let scanned = scanned.trim();
    let number = scanned
        .strip_prefix("bk-")
        .and_then(|rest| rest.split_once('-'))
        .map_or(scanned, |(_, number)| number);
    number.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_per_device_and_count_on() {
        assert_eq!(case_number(2026, "k7f3a9-11", 12), "2026-K7F3A911-0012");
        let held = [
            "2026-K7F3A9-0012",
            "2026-K7F3A9-0003",
            "2026-K7F3-0040",
            "2026-AAAA-0400",
            "2025-K7F3A9-0900",
        ];
        assert_eq!(next_sequence(held.into_iter(), 2026, "k7f3a9"), 13);
        assert_eq!(next_sequence([].into_iter(), 2027, "k7f3a9"), 1);
    }

    #[test]
    fn references_round_trip_to_case_numbers() {
        let reference = case_reference("145245118250", "2026-K7F3-0012");
        assert_eq!(reference, "bk-145245118250-2026-k7f3-0012");
        assert!(!reference.chars().any(|c| c.is_uppercase() || c == ':'));
        assert_eq!(number_in_reference(&reference), "2026-K7F3-0012");
        assert_eq!(number_in_reference(" 2026-k7f3-0012\n"), "2026-K7F3-0012");
    }
}
