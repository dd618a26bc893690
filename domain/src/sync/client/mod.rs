//! A device's sync run as a state machine, sans-IO in the manner of quinn-proto: every answer the
//! driver hands in returns the next `Step` — a request to send, a write to make, or the end. The
//! driver (the app's `sync.rs`) only carries steps out; what a run pulls, what it keeps, what it
//! pushes with which ids and bases, and how it recovers from a server set back to an older state
//! is decided here and tested natively.
//!
//! A run pulls every space (learning the last mutation id the server processed for this device),
//! pushes every captured case as a numbered mutation, then pulls again to see them "Übertragen".
//! If the server processed fewer mutations than it acknowledged (`setback`), the run pulls
//! everything again from the start, numbers on from the server's count and sends again the cases
//! the server lost; the finding is saved first, so an interrupted run starts over. Cases the
//! clerk corrected after the server took them go with the parts they change and the version
//! they were corrected from; once the server has answered, their corrections are settled.

mod interface;

pub use interface::{PageToStore, PullQuery, Report, Space, Step, SyncFailure, SyncState};

use crate::cases::{Attachment, Case, CaseStatus};
use crate::sync::correction::Correction;
use crate::sync::setback;
use crate::sync::wire::{Change, Mutation, Outcome, PullResponse, PushResponse};
use std::collections::BTreeSet;

/// Changes per pull page.
pub const PULL_PAGE: usize = 500;
/// Cases per push: even at the server's largest case a push stays under its body limit.
pub const PUSH_BATCH: usize = 50;

/// Which pass over the spaces a pull belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Round {
    /// Before pushing: learn the server's count, take what changed.
    First,
    /// The server was set back: everything again from version 0.
    Again,
    /// After pushing: see the cases "Übertragen".
    Last,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Awaiting {
    Page,
    Stored { more: bool, cookie: u64 },
    SetBackSaved,
    Cases,
    StateSaved,
    Uploaded,
    Pushed { from: usize, len: usize },
    PushSaved { next: usize },
    Settled,
    SetBackCleared,
    Nothing,
}

/// One sync run.
pub struct SyncRun {
    state: SyncState,
    spaces: Vec<Space>,
    /// The ids of the cases held here: a device keeps only its own.
    held: BTreeSet<String>,
    round: Round,
    space: usize,
    awaiting: Awaiting,
    /// The last mutation id the server reported in this round.
    last_mutation_id: u64,
    /// The cases the server handed out with content in this round.
    held_by_server: BTreeSet<String>,
    to_push: Vec<Outgoing>,
    /// Corrections the server answered for in this run (the cases as sent).
    taken: Vec<Case>,
    refused: Vec<Correction>,
    report: Report,
}

/// A case to push: captured here, or corrected from the server's copy (with the parts the
/// correction changes).
struct Outgoing {
    case: Case,
    correction: Option<(Correction, Vec<String>)>,
}

impl SyncRun {
    /// A run from the saved `state`, for `spaces`, on a device holding the cases `held`.
    pub fn new(state: SyncState, spaces: Vec<Space>, held: BTreeSet<String>) -> Self {
        Self {
            state,
            spaces,
            held,
            round: Round::First,
            space: 0,
            awaiting: Awaiting::Nothing,
            last_mutation_id: 0,
            held_by_server: BTreeSet::new(),
            to_push: Vec::new(),
            taken: Vec::new(),
            refused: Vec::new(),
            report: Report::default(),
        }
    }

    /// The first step.
    pub fn start(&mut self) -> Step {
        self.begin_round(Round::First)
    }

    /// A page the server answered to `Step::Pull`.
    pub fn pulled(&mut self, page: PullResponse) -> Step {
        if self.awaiting != Awaiting::Page {
            return self.out_of_turn();
        }
        self.last_mutation_id = page.last_mutation_id;
        let mut changed = Vec::new();
        let mut removed = Vec::new();
        for change in page.changes {
            // Only cases held here: a laptop carries its own visits, not the register.
            if !self.held.contains(&change.id) {
                continue;
            }
            match change.case {
                Some(case) => {
                    if change.flagged {
                        self.report.flagged.push(case.number.clone());
                    }
                    self.held_by_server.insert(change.id);
                    changed.push(case);
                }
                None => {
                    self.held.remove(&change.id);
                    removed.push(change.id);
                }
            }
        }
        let municipality = self.spaces[self.space].municipality.clone();
        self.state.cookies.insert(municipality.clone(), page.cookie);
        if let Some(catalogue) = &page.catalogue {
            self.spaces[self.space].catalogue_version = u64::from(catalogue.version);
        }
        self.awaiting = Awaiting::Stored {
            more: page.more,
            cookie: page.cookie,
        };
        Step::StorePage(Box::new(PageToStore {
            catalogue: page.catalogue,
            changed,
            removed,
            state: self.state.clone(),
            day_lists: page.day_lists.map(|lists| (municipality, lists)),
        }))
    }

    /// The answer to `Step::StorePage`.
    pub fn stored(&mut self) -> Step {
        let Awaiting::Stored { more, cookie } = self.awaiting else {
            return self.out_of_turn();
        };
        if more {
            return self.ask_page(cookie);
        }
        self.space += 1;
        if self.space < self.spaces.len() {
            let cookie = self.cookie_of_space();
            return self.ask_page(cookie);
        }
        self.round_done()
    }

    /// The answer to `Step::SaveState`.
    pub fn saved(&mut self) -> Step {
        match std::mem::replace(&mut self.awaiting, Awaiting::Nothing) {
            Awaiting::SetBackSaved => self.pull_again(),
            Awaiting::StateSaved => {
                // A correction changes no photos: the server holds the case's already.
                let photos: Vec<(String, Attachment)> = self
                    .to_push
                    .iter()
                    .filter(|outgoing| outgoing.correction.is_none())
                    .map(|outgoing| &outgoing.case)
                    .flat_map(|case| {
                        let municipality = &case.deployment.municipality;
                        case.attachments
                            .iter()
                            .map(move |photo| (municipality.clone(), photo.clone()))
                    })
                    .collect();
                if photos.is_empty() {
                    self.push_from(0)
                } else {
                    self.awaiting = Awaiting::Uploaded;
                    Step::UploadPhotos(photos)
                }
            }
            Awaiting::PushSaved { next } => self.push_from(next),
            Awaiting::SetBackCleared => self.begin_round(Round::Last),
            other => {
                self.awaiting = other;
                self.out_of_turn()
            }
        }
    }

    /// The cases held here now and the corrections pending among them, answering
    /// `Step::ReadCases`.
    pub fn cases(&mut self, held_here: &[Case], corrections: &[Correction]) -> Step {
        if self.awaiting != Awaiting::Cases {
            return self.out_of_turn();
        }
        let new = |case: Case| Outgoing {
            case,
            correction: None,
        };
        self.to_push = held_here
            .iter()
            .filter(|case| case.status() == CaseStatus::Captured)
            .cloned()
            .map(new)
            .collect();
        if self.state.server_set_back {
            let again = setback::lost_by_server(held_here, &self.held_by_server);
            self.report.sent_again = again.iter().map(|case| case.number.clone()).collect();
            self.to_push.extend(again.into_iter().map(new));
        }
        for correction in corrections {
            let id = &correction.base.id;
            let Some(case) = held_here.iter().find(|case| case.id == *id) else {
                // The case is gone from here (the server deleted it): nothing to correct.
                self.taken.push(correction.base.clone());
                continue;
            };
            let changed = correction.changed_parts(case);
            // Sent whole already (the server had lost it), or nothing left to send.
            if self.to_push.iter().any(|o| o.case.id == *id) || changed.is_empty() {
                self.taken.push(case.clone());
            } else {
                self.to_push.push(Outgoing {
                    case: case.clone(),
                    correction: Some((correction.clone(), changed)),
                });
            }
        }
        self.state.next_mutation_id = self.state.next_mutation_id.max(self.last_mutation_id + 1);
        self.awaiting = Awaiting::StateSaved;
        Step::SaveState(self.state.clone())
    }

    /// The answer to `Step::UploadPhotos`.
    pub fn uploaded(&mut self) -> Step {
        if self.awaiting != Awaiting::Uploaded {
            return self.out_of_turn();
        }
        self.push_from(0)
    }

    /// The answer to `Step::SettleCorrections`.
    pub fn settled(&mut self) -> Step {
        if self.awaiting != Awaiting::Settled {
            return self.out_of_turn();
        }
        self.pushes_done()
    }

    /// The server's answer to `Step::Push`.
    pub fn pushed(&mut self, answer: PushResponse) -> Step {
        let Awaiting::Pushed { from, len } = self.awaiting else {
            return self.out_of_turn();
        };
        self.state.next_mutation_id = answer.last_mutation_id + 1;
        for (result, outgoing) in answer.results.iter().zip(&self.to_push[from..from + len]) {
            match &result.outcome {
                Outcome::Gap { .. } => {
                    self.awaiting = Awaiting::Nothing;
                    return Step::Failed(SyncFailure::Interrupted);
                }
                Outcome::Rejected { reason } => {
                    self.report
                        .refused
                        .push((outgoing.case.number.clone(), reason.clone()));
                    if let Some((correction, _)) = &outgoing.correction {
                        self.refused.push(correction.clone());
                    }
                }
                _ => {
                    if outgoing.correction.is_some() {
                        self.taken.push(outgoing.case.clone());
                    }
                }
            }
        }
        self.awaiting = Awaiting::PushSaved { next: from + len };
        Step::SaveState(self.state.clone())
    }

    fn begin_round(&mut self, round: Round) -> Step {
        self.round = round;
        self.space = 0;
        self.held_by_server.clear();
        // Only the last pull's flags are news.
        self.report.flagged.clear();
        if self.spaces.is_empty() {
            return self.round_done();
        }
        let cookie = self.cookie_of_space();
        self.ask_page(cookie)
    }

    fn cookie_of_space(&self) -> u64 {
        let municipality = &self.spaces[self.space].municipality;
        self.state.cookies.get(municipality).copied().unwrap_or(0)
    }

    fn ask_page(&mut self, cookie: u64) -> Step {
        let space = &self.spaces[self.space];
        self.awaiting = Awaiting::Page;
        Step::Pull(PullQuery {
            municipality: space.municipality.clone(),
            cookie,
            limit: PULL_PAGE,
            catalogue: space.catalogue_version,
        })
    }

    fn round_done(&mut self) -> Step {
        match self.round {
            Round::First
                if setback::server_forgot_pushes(
                    self.state.next_mutation_id,
                    self.last_mutation_id,
                ) =>
            {
                // Recorded before anything else changes.
                self.state.server_set_back = true;
                self.awaiting = Awaiting::SetBackSaved;
                Step::SaveState(self.state.clone())
            }
            // Found by an earlier run that did not get to its end.
            Round::First if self.state.server_set_back => self.pull_again(),
            Round::First | Round::Again => {
                self.awaiting = Awaiting::Cases;
                Step::ReadCases
            }
            Round::Last => {
                self.awaiting = Awaiting::Nothing;
                Step::Done(std::mem::take(&mut self.report))
            }
        }
    }

    /// After a set-back: the server's versions no longer match the cookies, and the ids after its
    /// last mutation id are free again. Everything is pulled from the start.
    fn pull_again(&mut self) -> Step {
        self.state.cookies.clear();
        self.state.next_mutation_id = self.last_mutation_id + 1;
        self.begin_round(Round::Again)
    }

    /// Pushes the cases from `from` on, a batch at a time; after the last, settles the
    /// corrections and pulls again.
    fn push_from(&mut self, from: usize) -> Step {
        if from >= self.to_push.len() {
            if !self.taken.is_empty() || !self.refused.is_empty() {
                self.awaiting = Awaiting::Settled;
                return Step::SettleCorrections {
                    taken: std::mem::take(&mut self.taken),
                    refused: std::mem::take(&mut self.refused),
                };
            }
            return self.pushes_done();
        }
        let batch = &self.to_push[from..(from + PUSH_BATCH).min(self.to_push.len())];
        let cookies = &self.state.cookies;
        let mutations = batch
            .iter()
            .enumerate()
            .map(|(offset, outgoing)| {
                let case = &outgoing.case;
                let (base_version, changed) = match &outgoing.correction {
                    Some((correction, changed)) => (correction.base_version, changed.clone()),
                    None => (
                        cookies
                            .get(&case.deployment.municipality)
                            .copied()
                            .unwrap_or(0),
                        Vec::new(),
                    ),
                };
                Mutation {
                    id: self.state.next_mutation_id + offset as u64,
                    base_version,
                    change: Change::PutCase {
                        case: Box::new(case.clone()),
                        changed,
                    },
                }
            })
            .collect();
        self.awaiting = Awaiting::Pushed {
            from,
            len: batch.len(),
        };
        Step::Push {
            mutations,
            done: from,
            total: self.to_push.len(),
        }
    }

    /// Every case is pushed and every correction settled: pulls again to see them.
    fn pushes_done(&mut self) -> Step {
        if self.state.server_set_back {
            // Every case the server lost is back on it: a later run need not look again.
            self.state.server_set_back = false;
            self.awaiting = Awaiting::SetBackCleared;
            return Step::SaveState(self.state.clone());
        }
        self.begin_round(Round::Last)
    }

    fn out_of_turn(&mut self) -> Step {
        self.awaiting = Awaiting::Nothing;
        Step::Failed(SyncFailure::OutOfTurn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::example_case;
    use crate::sync::wire::{MutationResult, PulledChange};

    const SPACE: &str = "145245118250";

    fn space() -> Space {
        Space {
            municipality: SPACE.into(),
            catalogue_version: 3,
        }
    }

    /// Case `id` (number `n-<id>`), taken as far as `steps`.
    fn case(id: &str, steps: &[CaseStatus]) -> Case {
        let mut case = example_case();
        case.id = id.into();
        case.number = format!("n-{id}");
        for (at, step) in steps.iter().enumerate() {
            case.advance(*step, at as u64 + 2, "x", None)
                .expect("in order");
        }
        case
    }

    fn page(changes: Vec<PulledChange>, cookie: u64, more: bool, last: u64) -> PullResponse {
        PullResponse {
            municipality: SPACE.into(),
            changes,
            cookie,
            more,
            last_mutation_id: last,
            catalogue: None,
            day_lists: None,
        }
    }

    fn change(case: &Case, flagged: bool) -> PulledChange {
        PulledChange {
            version: 1,
            id: case.id.clone(),
            case: Some(case.clone()),
            flagged,
        }
    }

    fn answer(outcomes: Vec<Outcome>, first_id: u64) -> PushResponse {
        let results: Vec<MutationResult> = outcomes
            .into_iter()
            .enumerate()
            .map(|(n, outcome)| MutationResult {
                id: first_id + n as u64,
                outcome,
            })
            .collect();
        PushResponse {
            last_mutation_id: first_id + results.len() as u64 - 1,
            results,
        }
    }

    fn pull_of(step: &Step) -> (u64, u64) {
        match step {
            Step::Pull(query) => (query.cookie, query.catalogue),
            other => panic!("expected a pull, got {other:?}"),
        }
    }

    fn pushed_ids_and_bases(step: &Step) -> Vec<(u64, u64, String)> {
        match step {
            Step::Push { mutations, .. } => mutations
                .iter()
                .map(|m| (m.id, m.base_version, m.target().1.to_owned()))
                .collect(),
            other => panic!("expected a push, got {other:?}"),
        }
    }

    fn held(cases: &[&Case]) -> BTreeSet<String> {
        cases.iter().map(|c| c.id.clone()).collect()
    }

    #[test]
    fn the_last_page_of_a_space_hands_its_day_lists_on_to_be_kept() {
        let mut run = SyncRun::new(SyncState::default(), vec![space()], BTreeSet::new());
        run.start();
        let first = run.pulled(page(Vec::new(), 10, true, 0));
        let Step::StorePage(first) = first else {
            panic!("expected a page to store, got {first:?}");
        };
        assert_eq!(first.day_lists, None, "only the last page carries them");
        run.stored();
        let mut last = page(Vec::new(), 20, false, 0);
        last.day_lists = Some(Vec::new());
        let Step::StorePage(last) = run.pulled(last) else {
            panic!("expected a page to store");
        };
        assert_eq!(last.day_lists, Some((SPACE.to_owned(), Vec::new())));
    }

    #[test]
    fn a_run_pulls_page_by_page_pushes_what_was_captured_and_pulls_again() {
        let captured = case("k1", &[CaseStatus::Captured]);
        let draft = case("k2", &[]);
        let saved = SyncState {
            next_mutation_id: 5,
            cookies: [(SPACE.to_owned(), 100)].into(),
            server_set_back: false,
        };
        let mut run = SyncRun::new(saved, vec![space()], held(&[&captured, &draft]));

        let step = run.start();
        assert_eq!(pull_of(&step), (100, 3));
        let Step::StorePage(stored) = run.pulled(page(vec![], 150, true, 4)) else {
            panic!("a page to store");
        };
        assert_eq!(
            stored.state.cookies[SPACE], 150,
            "the cookie lands with its page"
        );
        assert_eq!(pull_of(&run.stored()), (150, 3), "the next page from there");
        run.pulled(page(vec![], 180, false, 4));
        assert_eq!(run.stored(), Step::ReadCases);

        let Step::SaveState(state) = run.cases(&[captured.clone(), draft], &[]) else {
            panic!("state saved before pushing");
        };
        assert_eq!(state.next_mutation_id, 5);
        let push = run.saved();
        assert_eq!(
            pushed_ids_and_bases(&push),
            [(5, 180, "k1".to_owned())],
            "only the captured case, numbered on, based on the cookie"
        );
        let Step::SaveState(state) = run.pushed(answer(vec![Outcome::Applied], 5)) else {
            panic!("state saved after each push");
        };
        assert_eq!(state.next_mutation_id, 6);
        assert_eq!(
            pull_of(&run.saved()),
            (180, 3),
            "pulls again to see it transferred"
        );
        let transferred = case("k1", &[CaseStatus::Captured, CaseStatus::Transferred]);
        run.pulled(page(vec![change(&transferred, false)], 190, false, 5));
        assert_eq!(run.stored(), Step::Done(Report::default()));
    }

    #[test]
    fn a_device_keeps_only_its_own_cases_and_hears_of_flags_and_refusals() {
        let mine = case("k1", &[CaseStatus::Captured, CaseStatus::Transferred]);
        let gone = case("k3", &[CaseStatus::Captured, CaseStatus::Transferred]);
        let captured = case("k4", &[CaseStatus::Captured]);
        let someone_elses = case("other", &[CaseStatus::Captured, CaseStatus::Transferred]);
        let mut run = SyncRun::new(
            SyncState::default(),
            vec![space()],
            held(&[&mine, &gone, &captured]),
        );
        run.start();
        let tombstone = PulledChange {
            version: 2,
            id: "k3".into(),
            case: None,
            flagged: false,
        };
        let Step::StorePage(stored) = run.pulled(page(
            vec![
                change(&mine, true),
                change(&someone_elses, false),
                tombstone,
            ],
            10,
            false,
            0,
        )) else {
            panic!("a page to store");
        };
        assert_eq!(
            stored.changed,
            std::slice::from_ref(&mine),
            "not another device's case"
        );
        assert_eq!(stored.removed, ["k3".to_owned()]);
        run.stored();
        run.cases(&[mine.clone(), captured], &[]);
        assert_eq!(
            pushed_ids_and_bases(&run.saved()),
            [(1, 10, "k4".to_owned())]
        );
        let refused = Outcome::Rejected {
            reason: "Die Unterschrift fehlt.".into(),
        };
        run.pushed(answer(vec![refused], 1));
        run.saved();
        run.pulled(page(vec![change(&mine, true)], 11, false, 1));
        let Step::Done(report) = run.stored() else {
            panic!("done");
        };
        assert_eq!(
            report.refused,
            [("n-k4".to_owned(), "Die Unterschrift fehlt.".to_owned())]
        );
        assert_eq!(
            report.flagged,
            ["n-k1".to_owned()],
            "flags of the last pull only"
        );
    }

    #[test]
    fn a_correction_goes_with_its_parts_and_base_and_is_settled_by_the_answer() {
        use CaseStatus::{Captured, Transferred};
        let server_copy = case("k1", &[Captured, Transferred]);
        let mut corrected = server_copy.clone();
        corrected.citizen.family_name = "Müller-Lang".into();
        let refused_copy = case("k2", &[Captured, Transferred]);
        let mut refused_correction = refused_copy.clone();
        refused_correction.citizen.given_names = "Ann".into();
        let unchanged = case("k3", &[Captured, Transferred]);
        let correction = |base: &Case, version| Correction {
            base: base.clone(),
            base_version: version,
        };
        let saved = SyncState {
            next_mutation_id: 1,
            cookies: [(SPACE.to_owned(), 300)].into(),
            server_set_back: false,
        };
        let mut run = SyncRun::new(
            saved,
            vec![space()],
            held(&[&corrected, &refused_correction, &unchanged]),
        );
        run.start();
        run.pulled(page(vec![], 320, false, 0));
        run.stored();
        run.cases(
            &[
                corrected.clone(),
                refused_correction.clone(),
                unchanged.clone(),
            ],
            &[
                correction(&server_copy, 250),
                correction(&refused_copy, 260),
                correction(&unchanged, 270),
            ],
        );
        let Step::Push { mutations, .. } = run.saved() else {
            panic!("the corrections are pushed");
        };
        let sent: Vec<(u64, &str, Vec<String>)> = mutations
            .iter()
            .map(|m| {
                let Change::PutCase { case, changed } = &m.change else {
                    panic!("a case");
                };
                (m.base_version, case.id.as_str(), changed.clone())
            })
            .collect();
        assert_eq!(
            sent,
            [
                (250, "k1", vec!["citizen".to_owned()]),
                (260, "k2", vec!["citizen".to_owned()])
            ],
            "each from the version it was corrected from, with what it changes; one that changes nothing is not sent"
        );
        let refused = Outcome::Rejected {
            reason: "Der Fall ist im Rathaus schon abgeschlossen.".into(),
        };
        let merged = Outcome::Merged {
            kept_from_server: vec!["history".into()],
        };
        run.pushed(answer(vec![merged, refused], 1));
        assert_eq!(
            run.saved(),
            Step::SettleCorrections {
                taken: vec![unchanged, corrected],
                refused: vec![correction(&refused_copy, 260)],
            }
        );
        assert_eq!(
            pull_of(&run.settled()),
            (320, 3),
            "then pulls the server's merged copies"
        );
        assert_eq!(run.settled(), Step::Failed(SyncFailure::OutOfTurn));
    }

    #[test]
    fn photos_go_up_before_their_cases_and_pushes_come_in_batches() {
        let mut cases: Vec<Case> = (0..PUSH_BATCH + 2)
            .map(|n| case(&format!("k{n:03}"), &[CaseStatus::Captured]))
            .collect();
        cases[0].attachments.push(Attachment {
            sha256: "ab".repeat(32),
            record: "photo-1".into(),
            bytes: 1000,
        });
        let ids: BTreeSet<String> = cases.iter().map(|c| c.id.clone()).collect();
        let mut run = SyncRun::new(SyncState::default(), vec![space()], ids);
        run.start();
        run.pulled(page(vec![], 1, false, 0));
        run.stored();
        run.cases(&cases, &[]);
        let Step::UploadPhotos(photos) = run.saved() else {
            panic!("photos first");
        };
        assert_eq!(
            photos,
            [(SPACE.to_owned(), cases[0].attachments[0].clone())]
        );
        let first = run.uploaded();
        assert_eq!(pushed_ids_and_bases(&first).len(), PUSH_BATCH);
        run.pushed(answer(vec![Outcome::Applied; PUSH_BATCH], 1));
        let second = run.saved();
        let ids: Vec<u64> = pushed_ids_and_bases(&second).iter().map(|m| m.0).collect();
        assert_eq!(ids, [51, 52], "numbered on from the server's answer");
        let Step::Push { done, total, .. } = second else {
            panic!("push");
        };
        assert_eq!((done, total), (PUSH_BATCH, PUSH_BATCH + 2));
    }

    #[test]
    fn a_gap_ends_the_run_and_answers_out_of_turn_are_refused() {
        let captured = case("k1", &[CaseStatus::Captured]);
        let mut run = SyncRun::new(SyncState::default(), vec![space()], held(&[&captured]));
        assert_eq!(run.stored(), Step::Failed(SyncFailure::OutOfTurn));
        run.start();
        run.pulled(page(vec![], 1, false, 0));
        run.stored();
        run.cases(&[captured], &[]);
        run.saved();
        assert_eq!(
            run.pushed(answer(vec![Outcome::Gap { expected: 7 }], 1)),
            Step::Failed(SyncFailure::Interrupted)
        );
        assert_eq!(
            run.pushed(answer(vec![Outcome::Applied], 1)),
            Step::Failed(SyncFailure::OutOfTurn)
        );
    }

    #[test]
    fn a_server_set_back_is_pulled_from_the_start_and_gets_back_what_it_lost() {
        use CaseStatus::{Captured, InProgress, Transferred};
        let kept = case("kept", &[Captured, Transferred]);
        let lost = case("lost", &[Captured, Transferred, InProgress]);
        let captured = case("new", &[Captured]);
        // The device numbered up to 40; the restored server knows of 30.
        let saved = SyncState {
            next_mutation_id: 41,
            cookies: [(SPACE.to_owned(), 900)].into(),
            server_set_back: false,
        };
        let here = [kept.clone(), lost.clone(), captured.clone()];
        let mut run = SyncRun::new(saved, vec![space()], held(&[&kept, &lost, &captured]));
        assert_eq!(pull_of(&run.start()), (900, 3));
        run.pulled(page(vec![], 905, false, 30));
        let Step::SaveState(state) = run.stored() else {
            panic!("the finding is saved first");
        };
        assert!(state.server_set_back);
        assert_eq!(
            pull_of(&run.saved()),
            (0, 3),
            "everything again from the start"
        );
        run.pulled(page(vec![change(&kept, false)], 950, false, 30));
        assert_eq!(run.stored(), Step::ReadCases);
        let Step::SaveState(state) = run.cases(&here, &[]) else {
            panic!("state");
        };
        assert_eq!(
            state.next_mutation_id, 31,
            "numbered on from the server's count"
        );
        let push = run.saved();
        assert_eq!(
            pushed_ids_and_bases(&push),
            [(31, 950, "new".to_owned()), (32, 950, "lost".to_owned())]
        );
        let Step::Push { mutations, .. } = &push else {
            panic!("push");
        };
        let Change::PutCase { case: resent, .. } = &mutations[1].change else {
            panic!("a case");
        };
        let steps: Vec<CaseStatus> = resent.history.iter().map(|s| s.status).collect();
        assert_eq!(
            steps,
            [CaseStatus::Draft, Captured],
            "the clerk's steps only"
        );
        run.pushed(answer(vec![Outcome::Applied, Outcome::Applied], 31));
        let Step::SaveState(state) = run.saved() else {
            panic!("the set-back is settled");
        };
        assert!(!state.server_set_back);
        run.saved();
        run.pulled(page(vec![], 960, false, 32));
        let Step::Done(report) = run.stored() else {
            panic!("done");
        };
        assert_eq!(report.sent_again, ["n-lost".to_owned()]);
    }

    #[test]
    fn a_run_interrupted_after_finding_a_set_back_starts_over_from_the_start() {
        let saved = SyncState {
            next_mutation_id: 31,
            cookies: [(SPACE.to_owned(), 950)].into(),
            server_set_back: true,
        };
        let mut run = SyncRun::new(saved, vec![space()], BTreeSet::new());
        run.start();
        run.pulled(page(vec![], 960, false, 30));
        assert_eq!(pull_of(&run.stored()), (0, 3));
    }
}
