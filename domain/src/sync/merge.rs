//! The sync protocol's rules, pure: which parts of a case a client changed, how a change from a
//! stale base is merged, and what is flagged for review instead of being overwritten.
//!
//! A case is compared in parts: the citizen, each requested service, the signature, the payment,
//! the attachments and the status history. The server remembers, per case, the space version at
//! which each part last changed. A client sends the whole case, the parts it changed since its
//! base and that base version. A changed part the server did not touch since the base is taken;
//! one both sides changed to different values keeps the server's value and records the client's
//! next to it as a conflict. The history and the attachments only grow, so they are united.

use crate::cases::{Case, StatusChange};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const CITIZEN: &str = "citizen";
pub const SIGNATURE: &str = "signature";
pub const PAYMENT: &str = "payment";
pub const ATTACHMENTS: &str = "attachments";
pub const HISTORY: &str = "history";
pub const SERVICES: &str = "services";

/// The name of the part holding requested service `id`.
pub fn service_part(id: &str) -> String {
    format!("service:{id}")
}

fn parts_of(case: &Case) -> Vec<String> {
    parts_with_services(case.services.iter().map(|s| s.service.as_str()))
}

/// The parts of a case requesting `services` (by id, in order).
fn parts_with_services<'a>(services: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut parts = vec![
        CITIZEN.to_owned(),
        SIGNATURE.to_owned(),
        PAYMENT.to_owned(),
        ATTACHMENTS.to_owned(),
        HISTORY.to_owned(),
        SERVICES.to_owned(),
    ];
    parts.extend(services.map(service_part));
    parts
}

/// The part versions of a case the server sees for the first time, requesting `services`, as
/// `version`: what `StoredCase::new` records, for a case the server holds only as text.
pub fn first_part_versions<'a>(
    services: impl Iterator<Item = &'a str>,
    version: u64,
) -> BTreeMap<String, u64> {
    parts_with_services(services)
        .into_iter()
        .map(|part| (part, version))
        .collect()
}

/// Whether `part` has the same value in both cases.
fn same(part: &str, a: &Case, b: &Case) -> bool {
    match part {
        CITIZEN => a.citizen == b.citizen,
        SIGNATURE => a.signature == b.signature,
        PAYMENT => a.payment == b.payment,
        ATTACHMENTS => a.attachments == b.attachments,
        HISTORY => a.history == b.history,
        // Which services were requested, in order (their forms are parts of their own).
        SERVICES => a
            .services
            .iter()
            .map(|s| &s.service)
            .eq(b.services.iter().map(|s| &s.service)),
        _ => {
            let find = |case: &Case| {
                case.services
                    .iter()
                    .find(|s| service_part(&s.service) == part)
                    .map(|s| s.values.clone())
            };
            find(a) == find(b)
        }
    }
}

/// The parts in which `now` differs from `base` (what a client sends as "changed").
pub fn changed_parts(base: &Case, now: &Case) -> Vec<String> {
    let mut parts = parts_of(base);
    for part in parts_of(now) {
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.into_iter().filter(|p| !same(p, base, now)).collect()
}

/// A case as the server keeps it: the merged case, the version at which each part last changed,
/// and the client values kept beside it where both sides changed a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredCase {
    pub case: Case,
    pub part_versions: BTreeMap<String, u64>,
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
}

/// Both sides changed `part`: the server's value stays in the case, the other one is kept here
/// (as the whole case it came with) until someone decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conflict {
    pub part: String,
    pub client_id: String,
    pub theirs: Case,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeOutcome {
    /// Taken as sent (the server had not changed anything the client changed).
    Applied,
    /// Taken, with parts the server had changed meanwhile kept (no overlap).
    Merged { kept_from_server: Vec<String> },
    /// Some parts were changed on both sides; the server's values stay, the client's are kept
    /// beside them and the case is flagged for review.
    Conflict { parts: Vec<String> },
}

impl StoredCase {
    /// A case the server sees for the first time.
    pub fn new(case: Case, version: u64) -> Self {
        let part_versions =
            first_part_versions(case.services.iter().map(|s| s.service.as_str()), version);
        Self {
            case,
            part_versions,
            conflicts: Vec::new(),
        }
    }

    /// Adds a status step made on the server (transfer, back-office decisions) as `version`.
    pub fn record_step(
        &mut self,
        status: crate::cases::CaseStatus,
        at_ms: u64,
        by: &str,
        reason: Option<String>,
        version: u64,
    ) -> Result<(), crate::cases::CaseStatus> {
        self.case.advance(status, at_ms, by, reason)?;
        self.part_versions.insert(HISTORY.to_owned(), version);
        Ok(())
    }

    fn part_version(&self, part: &str) -> u64 {
        self.part_versions.get(part).copied().unwrap_or(0)
    }

    /// Merges `incoming` (changed in `changed` since `base_version`) as space version `version`.
    pub fn merge(
        &mut self,
        incoming: &Case,
        changed: &[String],
        base_version: u64,
        version: u64,
        client_id: &str,
    ) -> MergeOutcome {
        let mut conflicts = Vec::new();
        let mut kept_from_server = Vec::new();
        for part in changed {
            if same(part, &self.case, incoming) {
                continue;
            }
            match part.as_str() {
                HISTORY => {
                    self.case.history = united_history(&self.case.history, &incoming.history);
                }
                ATTACHMENTS => {
                    for attachment in &incoming.attachments {
                        if !self
                            .case
                            .attachments
                            .iter()
                            .any(|a| a.sha256 == attachment.sha256)
                        {
                            self.case.attachments.push(attachment.clone());
                        }
                    }
                }
                _ if self.part_version(part) > base_version => {
                    conflicts.push(part.clone());
                    continue;
                }
                _ => take_part(&mut self.case, incoming, part),
            }
            self.part_versions.insert(part.clone(), version);
        }
        for part in parts_of(&self.case) {
            if self.part_version(&part) > base_version
                && !changed.contains(&part)
                && !same(&part, &self.case, incoming)
            {
                kept_from_server.push(part);
            }
        }
        if !conflicts.is_empty() {
            self.conflicts.push(Conflict {
                part: conflicts.join(","),
                client_id: client_id.to_owned(),
                theirs: incoming.clone(),
            });
            return MergeOutcome::Conflict { parts: conflicts };
        }
        if kept_from_server.is_empty() {
            MergeOutcome::Applied
        } else {
            MergeOutcome::Merged { kept_from_server }
        }
    }
}

/// Which value of a flagged part stays when the town hall decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Keep {
    /// The value the server holds.
    Held,
    /// The value the device sent, kept beside it.
    Device,
}

impl StoredCase {
    /// The parts a flagged conflict names.
    pub fn conflict_parts(conflict: &Conflict) -> Vec<String> {
        conflict.part.split(',').map(str::to_owned).collect()
    }

    /// Decides conflict `index` as space version `version`: the held value stays, or the
    /// device's takes its place; either way the conflict is settled. `None` for no such
    /// conflict.
    pub fn resolve(&mut self, index: usize, keep: Keep, version: u64) -> Option<Conflict> {
        if index >= self.conflicts.len() {
            return None;
        }
        let conflict = self.conflicts.remove(index);
        if keep == Keep::Device {
            for part in Self::conflict_parts(&conflict) {
                take_part(&mut self.case, &conflict.theirs, &part);
                self.part_versions.insert(part, version);
            }
        }
        Some(conflict)
    }
}

fn take_part(case: &mut Case, incoming: &Case, part: &str) {
    match part {
        CITIZEN => case.citizen = incoming.citizen.clone(),
        SIGNATURE => case.signature = incoming.signature.clone(),
        PAYMENT => case.payment = incoming.payment.clone(),
        SERVICES => {
            // The client's choice of services, each with the form values the server holds where
            // it has them (forms merge as parts of their own).
            let held = std::mem::take(&mut case.services);
            case.services = incoming
                .services
                .iter()
                .map(|s| {
                    held.iter()
                        .find(|h| h.service == s.service)
                        .cloned()
                        .unwrap_or_else(|| s.clone())
                })
                .collect();
        }
        _ => {
            if let Some(theirs) = incoming
                .services
                .iter()
                .find(|s| service_part(&s.service) == part)
                && let Some(ours) = case
                    .services
                    .iter_mut()
                    .find(|s| s.service == theirs.service)
            {
                ours.values = theirs.values.clone();
            }
        }
    }
}

/// Both histories, each step once, in time order.
fn united_history(ours: &[StatusChange], theirs: &[StatusChange]) -> Vec<StatusChange> {
    let mut all: Vec<StatusChange> = ours.to_vec();
    for step in theirs {
        if !all.contains(step) {
            all.push(step.clone());
        }
    }
    all.sort_by_key(|s| s.at_ms);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{Attachment, CaseStatus, Payment, PaymentMethod, RequestedService};
    use crate::sync::example_case as case;

    #[test]
    fn changed_parts_name_exactly_what_differs() {
        let base = case();
        let mut now = base.clone();
        assert!(changed_parts(&base, &now).is_empty());
        now.citizen.given_names = "Anna Lena".into();
        now.services[0]
            .values
            .insert("moved_in".into(), "02.11.2026".into());
        now.payment = Payment::Invoiced;
        assert_eq!(
            changed_parts(&base, &now),
            [CITIZEN, PAYMENT, "service:anmeldung"]
        );
        now.services.push(RequestedService {
            service: "fundsache".into(),
            values: BTreeMap::new(),
        });
        assert_eq!(
            changed_parts(&base, &now),
            [
                CITIZEN,
                PAYMENT,
                SERVICES,
                "service:anmeldung",
                "service:fundsache"
            ]
        );
    }

    #[test]
    fn edits_of_different_parts_from_the_same_base_merge_without_losing_either() {
        let mut stored = StoredCase::new(case(), 1);
        // The town hall changes the payment at version 2 …
        let mut office = stored.case.clone();
        office.payment = Payment::Paid {
            method: PaymentMethod::Cash,
            receipt: "K-17".into(),
        };
        let outcome = stored.merge(&office, &[PAYMENT.into()], 1, 2, "office");
        assert_eq!(outcome, MergeOutcome::Applied);
        // … while the clerk, still on version 1, corrected the citizen's name.
        let mut clerk = case();
        clerk.citizen.family_name = "Müller-Lüdenscheidt".into();
        let outcome = stored.merge(&clerk, &[CITIZEN.into()], 1, 3, "laptop-1");
        assert_eq!(
            outcome,
            MergeOutcome::Merged {
                kept_from_server: vec![PAYMENT.into()]
            }
        );
        assert_eq!(stored.case.citizen.family_name, "Müller-Lüdenscheidt");
        assert_eq!(stored.case.payment, office.payment);
        assert!(stored.conflicts.is_empty());
    }

    #[test]
    fn the_town_hall_keeps_either_value_of_a_flagged_part_and_settles_the_conflict() {
        let flagged = || {
            let mut stored = StoredCase::new(case(), 1);
            let mut first = case();
            first.citizen.family_name = "Müller-Lüdenscheidt".into();
            stored.merge(&first, &[CITIZEN.into()], 1, 2, "laptop-1");
            let mut second = case();
            second.citizen.family_name = "Meier".into();
            second.payment = Payment::Invoiced;
            let outcome = stored.merge(&second, &[CITIZEN.into()], 1, 3, "laptop-1");
            assert!(matches!(outcome, MergeOutcome::Conflict { .. }));
            stored
        };
        let mut held = flagged();
        let settled = held.resolve(0, Keep::Held, 4).expect("conflict 0");
        assert_eq!(settled.theirs.citizen.family_name, "Meier");
        assert_eq!(held.case.citizen.family_name, "Müller-Lüdenscheidt");
        assert!(held.conflicts.is_empty());
        assert_eq!(held.part_versions[CITIZEN], 2);

        let mut device = flagged();
        device.resolve(0, Keep::Device, 4).expect("conflict 0");
        assert_eq!(device.case.citizen.family_name, "Meier");
        // Only the flagged part is taken, nothing else the device's copy holds.
        assert_eq!(device.case.payment, case().payment);
        assert_eq!(device.part_versions[CITIZEN], 4);
        assert!(device.conflicts.is_empty());
        assert_eq!(device.resolve(0, Keep::Device, 5), None, "settled once");
    }

    #[test]
    fn edits_of_the_same_part_keep_both_values_and_flag_the_case() {
        let mut stored = StoredCase::new(case(), 1);
        let mut first = case();
        first.citizen.given_names = "Anne".into();
        assert_eq!(
            stored.merge(&first, &[CITIZEN.into()], 1, 2, "laptop-1"),
            MergeOutcome::Applied
        );
        let mut second = case();
        second.citizen.given_names = "Annette".into();
        let outcome = stored.merge(&second, &[CITIZEN.into()], 1, 3, "laptop-2");
        assert_eq!(
            outcome,
            MergeOutcome::Conflict {
                parts: vec![CITIZEN.into()]
            }
        );
        assert_eq!(
            stored.case.citizen.given_names, "Anne",
            "the server's value stays"
        );
        assert_eq!(stored.conflicts.len(), 1);
        assert_eq!(
            stored.conflicts[0].theirs.citizen.given_names, "Annette",
            "the other is kept"
        );
        // The same value from both sides is no conflict.
        let mut same_again = case();
        same_again.citizen.given_names = "Anne".into();
        assert_eq!(
            stored.merge(&same_again, &[CITIZEN.into()], 1, 4, "laptop-3"),
            MergeOutcome::Applied
        );
    }

    #[test]
    fn histories_and_attachments_only_grow() {
        let mut stored = StoredCase::new(case(), 1);
        let mut office = stored.case.clone();
        office.history.push(StatusChange {
            status: CaseStatus::Captured,
            at_ms: 5,
            by: "x".into(),
            reason: None,
        });
        stored.merge(&office, &[HISTORY.into()], 1, 2, "office");
        let mut clerk = case();
        clerk.attachments.push(Attachment {
            sha256: "a".repeat(64),
            record: "attachment-1".into(),
            bytes: 1000,
        });
        clerk.history.push(StatusChange {
            status: CaseStatus::Captured,
            at_ms: 5,
            by: "x".into(),
            reason: None,
        });
        let outcome = stored.merge(
            &clerk,
            &[HISTORY.into(), ATTACHMENTS.into()],
            1,
            3,
            "laptop-1",
        );
        assert_eq!(outcome, MergeOutcome::Applied);
        assert_eq!(stored.case.history.len(), 2, "each step once");
        assert_eq!(stored.case.attachments.len(), 1);
        assert_eq!(stored.case.attachments[0].record, "attachment-1");
    }
}
