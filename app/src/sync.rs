//! The device's side of sync. The outbox is the store itself: every case finished at the table
//! ("Erfasst") stays an untransferred record until the server has it, so nothing can be queued
//! and lost apart from the case. A run pulls first (which also tells the last mutation id the
//! server processed for this device, so ids are never reused), pushes the captured cases as
//! numbered mutations, then pulls again to see them "Übertragen". It runs when the network
//! returns, every few minutes and on the clerk's click. A server set back to an older state
//! (restored from a backup) reports fewer of this device's mutations than it acknowledged: then
//! everything is pulled again and the cases it lost are sent again (`domain::sync::setback`).

use crate::access::{Problem, now_ms};
use crate::api;
use crate::desk::Desk;
use crate::messages::Text;
use crate::platform::crypto;
use crate::platform::http::{self, ApiFailure};
use crate::platform::timer;
use crate::store::StoreError;
use domain::audit::proposal_message;
use domain::cases::{Attachment, Case, CaseStatus};
use domain::sync::wire::{
    Change, Mutation, Outcome, PROTOCOL_VERSION, PullResponse, PushRequest, PushResponse,
};
use domain::sync::{schedule, setback};
use domain::wire::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const STATE_ID: &str = "setting-sync";
/// Changes per pull page.
const BATCH: usize = 500;
/// Cases per push: even at the server's largest case each push stays under its body limit
/// (`server::sync::MAX_PUSH_BYTES`), signatures and all.
const PUSH_BATCH: usize = 50;

/// What the device remembers between runs (sealed like everything else).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct SyncState {
    next_mutation_id: u64,
    /// Per municipality: the version pulled up to.
    cookies: BTreeMap<String, u64>,
    /// The server was found set back to an older state (`domain::sync::setback`) and has not yet
    /// received again all it lost: kept until it has, so an interrupted run starts over.
    #[serde(default)]
    server_set_back: bool,
}

/// What a pull of every space brought.
struct Pulled {
    /// The last mutation id the server processed for this device.
    last_mutation_id: u64,
    /// The cases of this device the server handed out with content (not deleted).
    held_by_server: BTreeSet<String>,
}

/// What the clerk sees of sync.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncView {
    pub running: bool,
    pub last_success_ms: Option<u64>,
    /// Cases the server refused, with its reason (case number, reason).
    pub refused: Vec<(String, String)>,
    /// Cases changed on two sides, waiting for the town hall.
    pub flagged: Vec<String>,
    /// A long transfer under way: what (photos or cases), how many done, of how many.
    pub progress: Option<(Text, usize, usize)>,
    /// Cases sent again because the server had been set back to an older state and had lost
    /// them (case numbers).
    pub sent_again: Vec<String>,
}

#[derive(Clone, Copy)]
pub struct SyncEngine {
    desk: Desk,
    pub view: RwSignal<SyncView>,
    /// Why the last run failed, if it did.
    pub failure: RwSignal<Option<Problem>>,
    /// When the last run started, and how many runs in a row failed (for the back-off).
    last_attempt_ms: StoredValue<u64>,
    failures: StoredValue<u32>,
}

impl SyncEngine {
    pub fn new(desk: Desk) -> Self {
        Self {
            desk,
            view: RwSignal::new(SyncView::default()),
            failure: RwSignal::new(None),
            last_attempt_ms: StoredValue::new(0),
            failures: StoredValue::new(0),
        }
    }

    /// Runs if the schedule says so: every two minutes, or after failures with a growing wait
    /// (`domain::sync::schedule`). Called often by a timer.
    pub fn run_when_due(self) {
        let (Some(last), Some(failures)) = (
            self.last_attempt_ms.try_get_value(),
            self.failures.try_get_value(),
        ) else {
            return;
        };
        if now_ms() >= schedule::next_attempt_ms(last, failures) {
            self.run();
        }
    }

    /// Starts a run unless one is under way.
    pub fn run(self) {
        // `try_`: timers and network events may call this while the workspace is torn down.
        if self.view.try_with_untracked(|v| v.running).unwrap_or(true) {
            return;
        }
        self.begin();
        spawn_local(async move {
            let outcome = self.run_once().await;
            self.finish(outcome);
        });
    }

    /// Runs once to the end and says whether it succeeded: waits for a run under way, then
    /// runs anew, so what was captured or lost meanwhile is covered too. Hand-back relies on it
    /// to know the server holds everything before the laptop is wiped.
    pub async fn run_to_end(self) -> Result<(), Problem> {
        while self.view.try_with_untracked(|v| v.running).unwrap_or(false) {
            timer::sleep(100).await;
        }
        self.begin();
        let outcome = self.run_once().await;
        self.finish(outcome.clone());
        outcome
    }

    fn begin(self) {
        self.view.try_update(|v| v.running = true);
        self.last_attempt_ms.try_set_value(now_ms());
    }

    fn finish(self, outcome: Result<(), Problem>) {
        self.failures
            .try_update_value(|f| *f = if outcome.is_ok() { 0 } else { *f + 1 });
        self.view.try_update(|v| {
            v.running = false;
            if outcome.is_ok() {
                v.last_success_ms = Some(now_ms());
            }
        });
        self.failure.try_set(outcome.err());
    }

    async fn run_once(self) -> Result<(), Problem> {
        let mut state: SyncState = match self.desk.load_setting(STATE_ID).await? {
            Some(json) => serde_json::from_slice(&json).unwrap_or_default(),
            None => SyncState::default(),
        };
        let mut pulled = self.pull_all(&mut state).await?;
        if setback::server_forgot_pushes(state.next_mutation_id, pulled.last_mutation_id) {
            // Recorded before anything else changes: until the lost cases are back on the
            // server, every run repeats what follows.
            state.server_set_back = true;
            self.save(&state).await?;
        }
        let mut sent_again = Vec::new();
        if state.server_set_back {
            // Its versions no longer match the cookies, and the ids after its last mutation id
            // are free again: everything is pulled from the start and numbering goes on from
            // the server's count.
            state.cookies.clear();
            state.next_mutation_id = pulled.last_mutation_id + 1;
            pulled = self.pull_all(&mut state).await?;
            sent_again = self
                .desk
                .cases
                .try_with_untracked(|all| {
                    setback::lost_by_server(all.iter().map(|e| &e.case), &pulled.held_by_server)
                })
                .unwrap_or_default();
        }
        state.next_mutation_id = state.next_mutation_id.max(pulled.last_mutation_id + 1);
        self.save(&state).await?;

        let mut captured: Vec<Case> = self
            .desk
            .cases
            .try_with_untracked(|all| {
                all.iter()
                    .filter(|e| e.case.status() == CaseStatus::Captured)
                    .map(|e| e.case.clone())
                    .collect()
            })
            .unwrap_or_default();
        let sent_again_numbers: Vec<String> = sent_again.iter().map(|c| c.number.clone()).collect();
        captured.extend(sent_again);
        self.upload_photos(&captured).await?;
        let mut refused = Vec::new();
        for (index, batch) in captured.chunks(PUSH_BATCH).enumerate() {
            self.progress(Text::SyncCasesProgress, index * PUSH_BATCH, captured.len());
            let mutations: Vec<Mutation> = batch
                .iter()
                .enumerate()
                .map(|(offset, case)| Mutation {
                    id: state.next_mutation_id + offset as u64,
                    base_version: state
                        .cookies
                        .get(&case.deployment.municipality)
                        .copied()
                        .unwrap_or(0),
                    change: Change::PutCase {
                        case: Box::new(case.clone()),
                        changed: Vec::new(),
                    },
                })
                .collect();
            let client_id = self.desk.device_id.try_get_value().unwrap_or_default();
            let request = PushRequest {
                protocol: PROTOCOL_VERSION,
                signature: self.sign(&client_id, &mutations).await?,
                client_id,
                mutations,
            };
            let answer: PushResponse = http::send(api::push(&self.desk.token()), Some(&request))
                .await
                .map_err(explain)?;
            state.next_mutation_id = answer.last_mutation_id + 1;
            self.save(&state).await?;
            for (result, case) in answer.results.iter().zip(batch) {
                match &result.outcome {
                    Outcome::Rejected { reason } => {
                        refused.push((case.number.clone(), reason.clone()))
                    }
                    Outcome::Gap { .. } => return Err(Problem::Say(Text::SyncInterrupted)),
                    _ => {}
                }
            }
        }
        // Every case the server lost is back on it: a later run need not look again.
        if std::mem::take(&mut state.server_set_back) {
            self.save(&state).await?;
        }
        self.view.try_update(|v| {
            v.refused = refused;
            v.progress = None;
            // Kept for the session once shown: news for the clerk and the operator, not a to-do
            // a later run would settle.
            if !sent_again_numbers.is_empty() {
                v.sent_again = sent_again_numbers;
            }
        });
        self.pull_all(&mut state).await?;
        self.save(&state).await
    }

    /// The laptop's signature over what a push proposes (`domain::audit`): each case and the
    /// SHA-256 of the case as sent.
    async fn sign(self, client_id: &str, mutations: &[Mutation]) -> Result<String, Problem> {
        let mut proposals = Vec::with_capacity(mutations.len());
        for mutation in mutations {
            let content = match mutation.content_to_hash() {
                Ok(Some(bytes)) => {
                    Some(crypto::sha256_hex(&bytes).await.map_err(StoreError::from)?)
                }
                Ok(None) => None,
                Err(_) => return Err(Problem::Say(Text::StoreFailed)),
            };
            proposals.push(mutation.proposal(content));
        }
        let message = proposal_message(client_id, &proposals);
        Ok(crypto::to_hex(&self.desk.sign(message.as_bytes()).await?))
    }

    /// Uploads the photos of the cases about to be pushed, each under its SHA-256, before the
    /// case that references them (the server refuses a case whose photos it lacks). Repeating an
    /// upload is harmless; photos another device took are already on the server.
    async fn upload_photos(self, cases: &[Case]) -> Result<(), Problem> {
        let photos: Vec<(&str, &Attachment)> = cases
            .iter()
            .flat_map(|c| {
                c.attachments
                    .iter()
                    .map(move |a| (c.deployment.municipality.as_str(), a))
            })
            .collect();
        for (index, (municipality, photo)) in photos.iter().enumerate() {
            self.progress(Text::SyncPhotosProgress, index, photos.len());
            let Some(bytes) = self.desk.load_attachment(&photo.record).await? else {
                continue;
            };
            let upload = api::upload_photo(&self.desk.token(), municipality, &photo.sha256);
            http::send_bytes(upload, "image/jpeg", &bytes)
                .await
                .map_err(explain)?;
        }
        Ok(())
    }

    fn progress(self, what: Text, done: usize, total: usize) {
        self.view
            .try_update(|v| v.progress = (total > 0).then_some((what, done, total)));
    }

    /// Pulls every space this clerk works for from its cookie on.
    async fn pull_all(self, state: &mut SyncState) -> Result<Pulled, Problem> {
        let spaces: Vec<String> = self
            .desk
            .catalogues
            .try_with_untracked(|all| all.iter().map(|c| c.municipality.clone()).collect())
            .unwrap_or_default();
        let mut last_mutation_id = 0;
        let mut held_by_server = BTreeSet::new();
        let mut flagged = Vec::new();
        for space in spaces {
            let mut cookie = state.cookies.get(&space).copied().unwrap_or(0);
            // The catalogue version held here: a newer catalogue comes with the first page.
            let mut catalogue_held = self
                .desk
                .catalogue_of(&space)
                .map_or(0, |c| u64::from(c.version));
            loop {
                let call = api::pull(&self.desk.token(), &space, (cookie, BATCH, catalogue_held));
                let page: PullResponse = http::send(call, None).await.map_err(explain)?;
                last_mutation_id = page.last_mutation_id;
                if let Some(catalogue) = page.catalogue {
                    catalogue_held = u64::from(catalogue.version);
                    self.desk.take_catalogue(catalogue).await?;
                }
                // Only cases this device holds: a laptop carries its own visits, not the
                // whole municipality's register.
                let mut changed = Vec::new();
                let mut removed = Vec::new();
                for change in page.changes {
                    if self.desk.case(&change.id).is_none() {
                        continue;
                    }
                    match change.case {
                        Some(case) => {
                            if change.flagged {
                                flagged.push(case.number.clone());
                            }
                            held_by_server.insert(change.id);
                            changed.push(case);
                        }
                        None => removed.push(change.id),
                    }
                }
                // The rows and the cookie past them land in one transaction.
                state.cookies.insert(space.clone(), page.cookie);
                let json = serde_json::to_vec(&*state).unwrap_or_default();
                self.desk
                    .store_pulled(changed, removed, (STATE_ID, json))
                    .await?;
                cookie = page.cookie;
                if !page.more {
                    break;
                }
            }
        }
        self.view.try_update(|v| v.flagged = flagged);
        Ok(Pulled {
            last_mutation_id,
            held_by_server,
        })
    }

    async fn save(self, state: &SyncState) -> Result<(), Problem> {
        let json = serde_json::to_vec(state).unwrap_or_default();
        Ok(self.desk.save_setting(STATE_ID, &json).await?)
    }
}

/// A failed call as the clerk reads it; no answer at all means the server is out of reach.
pub(crate) fn explain(failure: ApiFailure) -> Problem {
    match failure {
        ApiFailure::Unreachable => Problem::Say(Text::SyncUnreachable),
        // The Koffer stays unlocked; the clerk signs in again right there (see `RenewSession`).
        ApiFailure::Refused {
            status: 401,
            ref body,
        } if matches!(
            body.error,
            ErrorCode::SessionExpired | ErrorCode::NotSignedIn
        ) =>
        {
            Problem::Say(Text::SessionExpired)
        }
        // A laptop enrolled before devices signed: the password sign-in registers its key.
        ApiFailure::Refused { ref body, .. } if body.error == ErrorCode::DeviceKeyMissing => {
            Problem::Say(Text::SignInForSigningKey)
        }
        other => other.into(),
    }
}
