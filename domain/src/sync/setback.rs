//! A server set back to an older state (its database restored from a backup) has lost pushes it
//! once acknowledged: the cases in them are "Übertragen" on the device, which would never send
//! them again, and the device's next mutation id lies past the server's, so every further push
//! would be refused as a gap. The device notices by the last mutation id the server reports for
//! it, pulls everything again and sends again what the server no longer holds.

use crate::cases::Case;
use std::collections::BTreeSet;

/// Whether the server applied fewer of this client's mutations than it acknowledged: the
/// client would number its next one `next_mutation_id`, the server says it applied up to
/// `last_applied`. (A server ahead of the client is normal: an answer lost on the way.)
pub fn server_forgot_pushes(next_mutation_id: u64, last_applied: u64) -> bool {
    next_mutation_id > last_applied.saturating_add(1)
}

/// The cases this device holds as having reached the server that the server, pulled again
/// from the start, no longer holds (`held_by_server`: the ids it handed out with content),
/// as the device sends them again: with its own steps only (Entwurf, Erfasst). The steps
/// after them were the server's, which files the case anew; a device may not write them.
pub fn lost_by_server<'a>(
    held_here: impl IntoIterator<Item = &'a Case>,
    held_by_server: &BTreeSet<String>,
) -> Vec<Case> {
    held_here
        .into_iter()
        .filter(|case| !case.status().is_untransferred() && !held_by_server.contains(&case.id))
        .map(|case| {
            let mut captured = case.clone();
            captured
                .history
                .retain(|step| step.status.is_untransferred());
            captured
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::CaseStatus;
    use crate::sync::example_case as case;

    #[test]
    fn a_server_that_applied_fewer_mutations_than_it_acknowledged_was_set_back() {
        // A new device, and one whose every push was answered.
        assert!(!server_forgot_pushes(0, 0));
        assert!(!server_forgot_pushes(1, 0));
        assert!(!server_forgot_pushes(41, 40));
        // The answer to the last push was lost: the server is ahead, nothing is missing.
        assert!(!server_forgot_pushes(31, 40));
        // Restored from a backup taken before mutations 31 to 40.
        assert!(server_forgot_pushes(41, 30));
        assert!(server_forgot_pushes(2, 0));
        assert!(!server_forgot_pushes(u64::MAX, u64::MAX), "no overflow");
    }

    #[test]
    fn after_a_set_back_the_cases_once_transferred_that_the_server_lacks_are_sent_again() {
        let named = |id: &str, steps: &[CaseStatus]| {
            let mut case = case();
            case.id = id.into();
            for (at, step) in steps.iter().enumerate() {
                case.advance(*step, at as u64 + 2, "x", None)
                    .expect("in order");
            }
            case
        };
        use CaseStatus::{Captured, InProgress, ReadyForPickup, Transferred};
        let draft = named("draft", &[]);
        let captured = named("captured", &[Captured]);
        let kept = named("kept", &[Captured, Transferred]);
        let lost = named("lost", &[Captured, Transferred]);
        let lost_ready = named(
            "lost-ready",
            &[Captured, Transferred, InProgress, ReadyForPickup],
        );
        let held_by_server = ["kept".to_owned(), "captured".to_owned()].into();
        let here = [draft, captured, kept, lost, lost_ready];
        let again = lost_by_server(&here, &held_by_server);
        let ids: Vec<&str> = again.iter().map(|c| c.id.as_str()).collect();
        // Drafts and captured cases are not the server's yet; the captured one is pushed anyway.
        assert_eq!(ids, ["lost", "lost-ready"]);
        // Sent again as captured at the table: the server's steps are the server's to write.
        for case in &again {
            let steps: Vec<CaseStatus> = case.history.iter().map(|s| s.status).collect();
            assert_eq!(steps, [CaseStatus::Draft, CaseStatus::Captured]);
        }
        assert!(lost_by_server(&here[..3], &held_by_server).is_empty());
    }
}
