//! The device's side of sync: the driver of `domain::sync::client::SyncRun`, which decides what a
//! run pulls, keeps and pushes. This file carries its steps out (API calls, writes to the store,
//! the laptop's signature) and shows the clerk what happened. The outbox is the store itself:
//! every case finished at the table ("Erfasst") stays an untransferred record until the server
//! has it, and so does every correction until the server has answered for it. A run starts when the network returns, every few minutes and on the clerk's click.

use crate::access::{Problem, now_ms};
use crate::desk::Desk;
use crate::messages::Text;
use crate::platform::{crypto, timer};
use crate::store::StoreError;
use domain::audit::proposal_message;
use domain::cases::{Attachment, Case};
use domain::sync::client::{Space, Step, SyncRun};
use domain::sync::schedule;
use domain::sync::upload::Upload;
use domain::sync::wire::{Mutation, PROTOCOL_VERSION, PushRequest};
use domain::tours::booking::OutcomeReport;
use domain::wire::ErrorCode;
use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ui::api;
use ui::http::{self, ApiFailure};

/// What the clerk sees of sync.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncView {
    pub running: bool,
    pub last_success_ms: Option<u64>,
    /// Cases the server refused, with its reason (case number, reason).
    pub refused: Vec<(String, String)>,
    /// Cases changed on two sides, waiting for the town hall.
    pub flagged: Vec<String>,
    /// A long transfer under way.
    pub progress: Option<Progress>,
    /// Cases sent again because the server had been set back to an older state and had lost
    /// them (case numbers).
    pub sent_again: Vec<String>,
}

/// How far a long transfer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Photos: bytes the server holds, of all the run sends.
    PhotoBytes { sent: u64, total: u64 },
    /// Cases: pushed, of all the run pushes.
    Cases { done: usize, total: usize },
}

/// Times a photo's upload resumes within one run after a cut, a second apart more each time;
/// past that the run fails and the next one (on schedule, or when the network returns) resumes
/// at the server's offset.
const RESUMES_PER_PHOTO: u32 = 5;

#[derive(Clone, Copy)]
pub struct SyncEngine {
    desk: Desk,
    pub view: RwSignal<SyncView>,
    /// Why the last run failed, if it did.
    pub failure: RwSignal<Option<Problem>>,
    /// When the last run started, and how many runs in a row failed (for the back-off).
    last_attempt_ms: StoredValue<u64>,
    failures: StoredValue<u32>,
    /// Who waits for the run under way to end (`run_to_end`).
    waiting: StoredValue<Vec<oneshot::Sender<()>>>,
}

impl SyncEngine {
    pub fn new(desk: Desk) -> Self {
        Self {
            desk,
            view: RwSignal::new(SyncView::default()),
            failure: RwSignal::new(None),
            last_attempt_ms: StoredValue::new(0),
            failures: StoredValue::new(0),
            waiting: StoredValue::new(Vec::new()),
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
            let (ended, end) = oneshot::channel();
            self.waiting.try_update_value(|waiting| waiting.push(ended));
            // A closed channel (the Koffer locked) ends the wait too.
            let _ = end.await;
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
        for ended in self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default()
        {
            let _ = ended.send(());
        }
    }

    /// Carries out one run of `domain::sync::client::SyncRun`: each step an API call or a write
    /// to the store, each answer handed back.
    async fn run_once(self) -> Result<(), Problem> {
        // A run pulls the spaces of the catalogues held: a laptop just enrolled waits for its
        // first ones, or it would learn of its cases and day lists only a schedule later.
        if self.desk.catalogues.try_with_untracked(Vec::is_empty) == Some(true) {
            self.desk.refresh_catalogues().await;
        }
        let state = self.desk.sync_state().await?;
        let spaces: Vec<Space> = self
            .desk
            .catalogues
            .try_with_untracked(|all| {
                all.iter()
                    .map(|c| Space {
                        municipality: c.municipality.clone(),
                        catalogue_version: u64::from(c.version),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let held = self
            .desk
            .cases
            .try_with_untracked(|all| all.iter().map(|e| e.case.id.clone()).collect())
            .unwrap_or_default();
        let mut run = SyncRun::new(state, spaces, held);
        let mut step = run.start();
        loop {
            step = match step {
                Step::Pull(query) => {
                    let page = (query.cookie, query.limit, query.catalogue);
                    let call = api::pull(&self.desk.signed_in.token(), &query.municipality, page);
                    run.pulled(http::send(call, None).await.map_err(explain)?)
                }
                Step::StorePage(page) => {
                    if let Some(catalogue) = page.catalogue {
                        self.desk.take_catalogue(catalogue).await?;
                    }
                    if let Some((municipality, lists)) = page.day_lists {
                        self.desk.take_day_lists(municipality, lists).await?;
                    }
                    // The rows and the state past them land in one transaction.
                    self.desk
                        .store_pulled(page.changed, page.removed, &page.state)
                        .await?;
                    run.stored()
                }
                Step::SaveState(state) => {
                    self.desk.save_sync_state(&state).await?;
                    run.saved()
                }
                Step::ReadCases => {
                    let cases: Vec<Case> = self
                        .desk
                        .cases
                        .try_with_untracked(|all| all.iter().map(|e| e.case.clone()).collect())
                        .unwrap_or_default();
                    run.cases(&cases, &self.desk.corrections())
                }
                Step::SettleCorrections { taken, refused } => {
                    self.desk.settle_corrections(taken, refused).await?;
                    run.settled()
                }
                Step::UploadPhotos(photos) => {
                    self.upload_photos(&photos).await?;
                    run.uploaded()
                }
                Step::Push {
                    mutations,
                    done,
                    total,
                } => {
                    self.progress((total > 0).then_some(Progress::Cases { done, total }));
                    let client_id = self.desk.signed_in.device_id();
                    let request = PushRequest {
                        protocol: PROTOCOL_VERSION,
                        signature: self.sign(&client_id, &mutations).await?,
                        client_id,
                        mutations,
                    };
                    let call = api::push(&self.desk.signed_in.token());
                    run.pushed(http::send(call, Some(&request)).await.map_err(explain)?)
                }
                Step::Done(mut report) => {
                    // The visits are in: what became of the day's bookings goes after them.
                    report.refused.extend(self.report_outcomes().await?);
                    self.view.try_update(|v| {
                        v.refused = report.refused;
                        v.flagged = report.flagged;
                        v.progress = None;
                        // Kept for the session once shown: news for the clerk and the
                        // operator, not a to-do a later run would settle.
                        if !report.sent_again.is_empty() {
                            v.sent_again = report.sent_again;
                        }
                    });
                    return Ok(());
                }
                // A gap, or (a fault here) an answer out of turn: the next run starts over
                // from what the server says.
                Step::Failed(_) => return Err(Problem::Say(Text::SyncInterrupted)),
            };
        }
    }

    /// Reports the outcomes noted at the dates (`desk::day_lists`) whose visits the server
    /// holds; each answered one leaves the store. Returns the refused ones: who booked, and why.
    async fn report_outcomes(self) -> Result<Vec<(String, String)>, Problem> {
        let mut refused = Vec::new();
        for (municipality, outcomes) in self.desk.outcomes_to_report() {
            let report = OutcomeReport {
                municipality,
                outcomes,
            };
            let call = api::report_outcomes(&self.desk.signed_in.token());
            let answers = http::send(call, Some(&report)).await.map_err(explain)?;
            let answered: Vec<String> = answers.iter().map(|a| a.booking.clone()).collect();
            for answer in answers {
                if let Some(reason) = answer.refused {
                    let name = self.desk.name_of_noted(&answer.booking).unwrap_or_default();
                    refused.push((name, reason));
                }
            }
            self.desk.settle_outcomes(&answered);
        }
        Ok(refused)
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
    /// case that references them (the server refuses a case whose photos it lacks). Photos the
    /// server holds from this laptop already are not sent again.
    async fn upload_photos(self, photos: &[(String, Attachment)]) -> Result<(), Problem> {
        let total = photos.iter().map(|(_, photo)| photo.bytes).sum();
        let mut before = 0;
        for (municipality, photo) in photos {
            if let Some(bytes) = self.desk.load_attachment(&photo.record).await? {
                self.upload_photo((municipality, &photo.sha256), &bytes, (before, total))
                    .await?;
            }
            before += photo.bytes;
        }
        Ok(())
    }

    /// Sends one photo in parts (`domain::sync::upload`): asks the server how much it holds and
    /// sends on from there; after a cut it asks again and resumes, so a lost connection costs at
    /// most the part under way.
    async fn upload_photo(
        self,
        address: (&str, &str),
        bytes: &[u8],
        (before, total): (u64, u64),
    ) -> Result<(), Problem> {
        let length = bytes.len() as u64;
        let mut upload = Upload::new(length);
        let mut resumes = 0;
        'ask: loop {
            let token = self.desk.signed_in.token();
            let mut answer = http::send(api::upload_offset(&token, address, length), None).await;
            loop {
                match answer {
                    Ok(offset) => upload
                        .acknowledged(&offset)
                        .map_err(|_| Problem::Say(Text::SyncInterrupted))?,
                    Err(failure) if resumes < RESUMES_PER_PHOTO && resumable(&failure) => {
                        resumes += 1;
                        timer::sleep(1000 * resumes as i32).await;
                        continue 'ask;
                    }
                    Err(failure) => return Err(explain(failure)),
                }
                let sent = before + upload.sent();
                self.progress(Some(Progress::PhotoBytes { sent, total }));
                let Some(part) = upload.next_part() else {
                    return Ok(());
                };
                let call = api::upload_part(&token, address, (part.start, length));
                let part = &bytes[part.start as usize..part.end as usize];
                answer = http::send_bytes(call, api::PHOTO_PART, part).await;
            }
        }
    }

    fn progress(self, progress: Option<Progress>) {
        self.view.try_update(|v| v.progress = progress);
    }
}

/// A failure after which an upload asks the server's offset and goes on: the connection was
/// lost, or a part came at an offset the server does not hold.
fn resumable(failure: &ApiFailure) -> bool {
    matches!(failure, ApiFailure::Unreachable)
        || failure.code() == Some(ErrorCode::UploadOffsetMismatch)
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
