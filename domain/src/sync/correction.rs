//! A correction: the clerk changes a case the server already holds (a typo in the address
//! noticed after the visit). The device keeps the server's copy it corrected beside the case,
//! so a run can send exactly the parts that differ from it, based on the version that copy
//! had, and the server merges them part by part (`merge`), flagging a part the town hall
//! changed meanwhile instead of overwriting it. A refused correction gives the server's copy
//! back. Only the citizen and the forms may be corrected on a device; what the citizen signed
//! for, paid and showed stays as the server has it.

use super::merge::{CITIZEN, changed_parts};
use crate::cases::{Case, CaseStatus};
use serde::{Deserialize, Serialize};

/// A case corrected on this device and not yet settled by the server (sealed in its store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    /// The case as the server had it when the clerk began correcting.
    pub base: Case,
    /// The space version that copy reflects (the device's cookie then).
    pub base_version: u64,
}

impl Correction {
    /// The parts the corrected case `now` changes.
    pub fn changed_parts(&self, now: &Case) -> Vec<String> {
        changed_parts(&self.base, now)
    }
}

/// Whether the town hall still takes corrections from the device for a case in `status`: not
/// once it has finished with it.
pub fn open_to_correction(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Transferred | CaseStatus::InProgress)
}

/// Whether a device may change `part` of a case the server holds.
pub fn correctable(part: &str) -> bool {
    part == CITIZEN || part.starts_with("service:")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::example_case;

    #[test]
    fn a_correction_names_the_parts_that_differ_from_the_server_copy() {
        let base = example_case();
        let correction = Correction {
            base: base.clone(),
            base_version: 7,
        };
        let mut now = base.clone();
        assert!(correction.changed_parts(&now).is_empty());
        now.citizen.address.street = "Hauptstraße".into();
        assert_eq!(correction.changed_parts(&now), ["citizen"]);
        now.services[0]
            .values
            .insert("moved_in".into(), "02.11.2026".into());
        assert_eq!(
            correction.changed_parts(&now),
            ["citizen", "service:anmeldung"]
        );
    }

    #[test]
    fn only_the_citizen_and_forms_are_correctable_and_only_until_the_town_hall_is_done() {
        assert!(correctable("citizen"));
        assert!(correctable("service:anmeldung"));
        for part in ["signature", "payment", "attachments", "history", "services"] {
            assert!(!correctable(part), "{part}");
        }
        assert!(open_to_correction(CaseStatus::Transferred));
        assert!(open_to_correction(CaseStatus::InProgress));
        for status in [
            CaseStatus::Draft,
            CaseStatus::Captured,
            CaseStatus::ReadyForPickup,
            CaseStatus::HandedOver,
            CaseStatus::Rejected,
        ] {
            assert!(!open_to_correction(status), "{status:?}");
        }
    }
}
