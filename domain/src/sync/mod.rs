//! Sync between a device and the server, pure: `merge` (how a change from a stale base is merged
//! per part), `wire` (the push and pull types), `sequence` (mutations applied once and in order),
//! `setback` (a server restored from a backup), `schedule` (when a device syncs on its own),
//! `correction` (a case changed on a device after the server took it), `client` (a device's
//! sync run as a state machine its driver feeds with answers) and `upload` (a photo sent in parts
//! the server acknowledges by offset).

pub mod client;
pub mod correction;
mod merge;
pub mod schedule;
pub mod setback;
pub mod upload;
pub mod wire;

pub use merge::*;

/// What the server decides about a client's mutation id, given the last one it applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sequence {
    /// The next one: apply it.
    Next,
    /// Applied before (a retry): acknowledge, change nothing.
    AlreadyApplied,
    /// Ids were skipped: refuse, the client must send the missing ones first.
    Gap { expected: u64 },
}

pub fn sequence(last_applied: u64, mutation_id: u64) -> Sequence {
    if mutation_id <= last_applied {
        Sequence::AlreadyApplied
    } else if mutation_id == last_applied + 1 {
        Sequence::Next
    } else {
        Sequence::Gap {
            expected: last_applied + 1,
        }
    }
}

/// A case as tests of the sync rules start from: an Anmeldung in Schönberg, a draft.
#[cfg(test)]
pub(crate) fn example_case() -> crate::cases::Case {
    use crate::cases::{Address, Case, Citizen, Deployment, RequestedService};
    let deployment = Deployment {
        municipality: "145245118250".into(),
        municipality_name: "Schönberg".into(),
        place: "Schönberg, Gemeindeamt".into(),
        date: "2026-11-22".into(),
    };
    let citizen = Citizen {
        id: "p1".into(),
        family_name: "Müller".into(),
        given_names: "Anna".into(),
        birth_date: "03.05.1948".into(),
        address: Address::default(),
    };
    let mut case = Case::new(
        "k1".into(),
        "2026-ABCD-0001".into(),
        deployment,
        citizen,
        1,
        "Maria Schreiber",
    );
    case.services.push(RequestedService {
        service: "anmeldung".into(),
        values: [("moved_in".to_string(), "01.11.2026".to_string())].into(),
    });
    case
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_ids_are_applied_once_and_in_order() {
        assert_eq!(sequence(0, 1), Sequence::Next);
        assert_eq!(sequence(5, 6), Sequence::Next);
        assert_eq!(sequence(5, 5), Sequence::AlreadyApplied);
        assert_eq!(sequence(5, 2), Sequence::AlreadyApplied);
        assert_eq!(sequence(5, 8), Sequence::Gap { expected: 6 });
    }
}
