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

/// When a device syncs on its own: every `PERIOD_MS` while things go well; after failures
/// (server down, no signal behind a captive portal) the wait doubles from `FIRST_RETRY_MS` up to
/// `MAX_RETRY_MS`, so a laptop in a dead zone does not hammer the server or its battery. The
/// clerk's "Jetzt übertragen" and a returning network always try at once.
pub mod schedule {
    use crate::backoff::BackoffPolicy;

    pub const PERIOD_MS: u64 = 120_000;
    const RETRY: BackoffPolicy = BackoffPolicy {
        free_attempts: 0,
        first_delay_secs: 15,
        max_delay_secs: 600,
    };

    /// The time of the next automatic run after an attempt at `last_attempt_ms` that was the
    /// `failures`-th failure in a row (0: it succeeded).
    pub fn next_attempt_ms(last_attempt_ms: u64, failures: u32) -> u64 {
        let wait = if failures == 0 {
            PERIOD_MS
        } else {
            RETRY.delay_after(failures - 1) * 1000
        };
        last_attempt_ms.saturating_add(wait)
    }
}

/// A server set back to an older state (its database restored from a backup) has lost pushes it
/// once acknowledged: the cases in them are "Übertragen" on the device, which would never send
/// them again, and the device's next mutation id lies past the server's, so every further push
/// would be refused as a gap. The device notices by the last mutation id the server reports for
/// it, pulls everything again and sends again what the server no longer holds.
pub mod setback {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{
        Address, Attachment, CaseStatus, Citizen, Deployment, Payment, PaymentMethod,
        RequestedService,
    };

    #[test]
    fn a_server_that_applied_fewer_mutations_than_it_acknowledged_was_set_back() {
        use setback::server_forgot_pushes;
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
        let again = setback::lost_by_server(&here, &held_by_server);
        let ids: Vec<&str> = again.iter().map(|c| c.id.as_str()).collect();
        // Drafts and captured cases are not the server's yet; the captured one is pushed anyway.
        assert_eq!(ids, ["lost", "lost-ready"]);
        // Sent again as captured at the table: the server's steps are the server's to write.
        for case in &again {
            let steps: Vec<CaseStatus> = case.history.iter().map(|s| s.status).collect();
            assert_eq!(steps, [CaseStatus::Draft, CaseStatus::Captured]);
        }
        assert!(setback::lost_by_server(&here[..3], &held_by_server).is_empty());
    }

    #[test]
    fn automatic_sync_runs_every_two_minutes_and_backs_off_after_failures() {
        use schedule::next_attempt_ms;
        assert_eq!(next_attempt_ms(1_000, 0), 121_000);
        let waits: Vec<u64> = (1..=8).map(|f| next_attempt_ms(0, f) / 1000).collect();
        assert_eq!(waits, [15, 30, 60, 120, 240, 480, 600, 600]);
        assert_eq!(next_attempt_ms(u64::MAX - 5, 3), u64::MAX, "no overflow");
    }

    fn case() -> Case {
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

    #[test]
    fn mutation_ids_are_applied_once_and_in_order() {
        assert_eq!(sequence(0, 1), Sequence::Next);
        assert_eq!(sequence(5, 6), Sequence::Next);
        assert_eq!(sequence(5, 5), Sequence::AlreadyApplied);
        assert_eq!(sequence(5, 2), Sequence::AlreadyApplied);
        assert_eq!(sequence(5, 8), Sequence::Gap { expected: 6 });
    }
}

/// Wire types of `POST /api/sync/push` and `GET /api/sync/pull` (protocol version 1).
pub mod wire {
    use crate::audit::{Proposal, case_key};
    use crate::cases::Case;
    use crate::municipality::RegionalKey;
    use serde::{Deserialize, Serialize};

    pub const PROTOCOL_VERSION: u32 = 1;

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct PushRequest {
        pub protocol: u32,
        /// The enrolled device pushing; must be the device of the caller's session.
        pub client_id: String,
        pub mutations: Vec<Mutation>,
        /// The device's signature over the push's proposals (`audit::proposal_message`), hex.
        #[serde(default)]
        pub signature: String,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Mutation {
        /// Per client, counting up from 1 without gaps.
        pub id: u64,
        /// The space version the client had pulled when it made the change.
        pub base_version: u64,
        pub change: Change,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum Change {
        /// The whole case and the parts changed since `base_version` (all parts when new).
        PutCase {
            case: Box<Case>,
            changed: Vec<String>,
        },
        DeleteCase {
            municipality: String,
            id: String,
        },
    }

    impl Mutation {
        /// The case it names: its municipality as sent and its id.
        pub fn target(&self) -> (&str, &str) {
            match &self.change {
                Change::PutCase { case, .. } => (&case.deployment.municipality, &case.id),
                Change::DeleteCase { municipality, id } => (municipality, id),
            }
        }

        /// The bytes whose SHA-256 the device signs for it: the case as JSON (a form both
        /// sides make from the same type); nothing for a deletion.
        pub fn content_to_hash(&self) -> Result<Option<Vec<u8>>, serde_json::Error> {
            match &self.change {
                Change::PutCase { case, .. } => serde_json::to_vec(case).map(Some),
                Change::DeleteCase { .. } => Ok(None),
            }
        }

        /// What the device signs for it, given the SHA-256 (hex) of `content_to_hash`.
        pub fn proposal(&self, content: Option<String>) -> Proposal {
            let (municipality, id) = self.target();
            let municipality = RegionalKey::parse(municipality)
                .map_or_else(|_| municipality.to_owned(), |key| key.to_string());
            Proposal {
                mutation: self.id,
                base_version: self.base_version,
                case: case_key(&municipality, id),
                content,
            }
        }
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct PushResponse {
        pub results: Vec<MutationResult>,
        /// The last mutation id the server has processed for this client.
        pub last_mutation_id: u64,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct MutationResult {
        pub id: u64,
        pub outcome: Outcome,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(rename_all = "snake_case")]
    pub enum Outcome {
        Applied,
        /// Processed before: nothing changed this time.
        AlreadyApplied,
        /// Taken; these parts changed on the server meanwhile and were kept.
        Merged {
            kept_from_server: Vec<String>,
        },
        /// Both sides changed these parts: the server's values stay, the client's are kept for
        /// review.
        Conflict {
            parts: Vec<String>,
        },
        /// Not taken, with a German reason; counted as processed.
        Rejected {
            reason: String,
        },
        /// Mutations are missing before this one; nothing from here on was processed.
        Gap {
            expected: u64,
        },
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct PullResponse {
        pub municipality: String,
        pub changes: Vec<PulledChange>,
        /// Pass this back as `cookie` for the next page or the next pull.
        pub cookie: u64,
        /// More changes wait beyond this page.
        pub more: bool,
        pub last_mutation_id: u64,
        /// The space's service catalogue, when it is newer than the version the client said it
        /// holds (`catalogue` query parameter): catalogue changes arrive by the same pull.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub catalogue: Option<crate::catalogue::Catalogue>,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct PulledChange {
        pub version: u64,
        pub id: String,
        /// `None`: the case was deleted (a tombstone).
        pub case: Option<Case>,
        /// Parts changed on two sides that wait for review.
        pub flagged: bool,
    }
}
