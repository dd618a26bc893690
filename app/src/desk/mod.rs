//! The clerk's desk while the Koffer is unlocked: the catalogues, the cases on this device and
//! the day's deployment, decrypted into memory, and the one way they are written back — sealed
//! into the encrypted store, in order, so a later edit is never overwritten by an earlier one.

mod corrections;
mod day_lists;
mod signed_in;
mod writer;

pub use signed_in::SignedIn;

use crate::access::{Problem, Workspace, now_ms};
use crate::platform::crypto::sha256_hex;
use crate::store::{
    Batch, StoreError, Unlocked, marker, new_record_id, put_case, put_sync_state, remove_case,
};
use domain::cases::{
    Attachment, Case, Citizen, Deployment, case_number, next_sequence, search_text,
};
use domain::catalogue::Catalogue;
use domain::sync::client::SyncState;
use domain::sync::correction::Correction;
use domain::tours::booking::{DayList, NotedOutcome};
use domain::vault::RecordKind;
use futures_channel::{mpsc, oneshot};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;
use ui::api;
use ui::http;
use writer::Write;

/// A case with the folded text it is found by.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseEntry {
    pub case: Case,
    pub search: String,
}

impl CaseEntry {
    pub fn new(case: Case) -> Self {
        let search = search_text(&case);
        Self { case, search }
    }
}

/// Shared by every screen of the unlocked Koffer (all fields are cheap handles).
#[derive(Clone, Copy)]
pub struct Desk {
    store: StoredValue<Unlocked, LocalStorage>,
    /// Who works at it (the session, apart from what the desk shows).
    pub signed_in: SignedIn,
    pub catalogues: RwSignal<Vec<Catalogue>>,
    /// Every case on this device, in the order they were started.
    pub cases: RwSignal<Vec<CaseEntry>>,
    pub deployment: RwSignal<Option<Deployment>>,
    /// The dates the clerk goes to, with their bookings, per municipality (`day_lists`).
    pub day_lists: RwSignal<BTreeMap<String, Vec<DayList>>>,
    /// What was noted at those dates and waits for the server.
    pub outcomes: RwSignal<Vec<NotedOutcome>>,
    pub loaded: RwSignal<bool>,
    pub problem: RwSignal<Option<Problem>>,
    /// Cases waiting to be sealed, by id; the newest version wins.
    pending: StoredValue<BTreeMap<String, Case>>,
    /// Cases corrected here that the server has not answered for (`corrections`).
    corrections: RwSignal<Vec<Correction>>,
    /// The one writer of cases (`writer`).
    writer: StoredValue<mpsc::UnboundedSender<Write>>,
}

pub use ui::form_view::today;

impl Desk {
    pub fn open(workspace: &Workspace) -> Self {
        let pending = StoredValue::new(BTreeMap::new());
        let problem = RwSignal::new(None);
        let writer = writer::start(workspace.store.clone(), pending, problem);
        let desk = Self {
            store: StoredValue::new_local(workspace.store.clone()),
            signed_in: SignedIn::new(workspace),
            catalogues: RwSignal::new(Vec::new()),
            cases: RwSignal::new(Vec::new()),
            deployment: RwSignal::new(None),
            day_lists: RwSignal::new(BTreeMap::new()),
            outcomes: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            problem,
            pending,
            corrections: RwSignal::new(Vec::new()),
            writer: StoredValue::new(writer),
        };
        spawn_local(async move {
            if let Err(error) = desk.load().await {
                desk.problem.set(Some(error.into()));
            }
            desk.loaded.set(true);
            // A laptop without catalogues gets its first ones from the sync run the load starts
            // (`SyncEngine::run_once`); fetching here too would ask twice.
            if desk.catalogues.with_untracked(|held| !held.is_empty()) {
                desk.refresh_catalogues().await;
            }
        });
        desk
    }

    /// Cases finished at the table and corrections the server does not have yet (tracked).
    pub fn waiting_to_transfer(&self) -> usize {
        let captured = self.cases.with(|all| {
            all.iter()
                .filter(|e| e.case.status() == domain::cases::CaseStatus::Captured)
                .count()
        });
        captured + self.corrections_waiting()
    }

    async fn load(self) -> Result<(), StoreError> {
        let store = self.store.get_value();
        if let Some(json) = store.catalogue_bytes().await? {
            // Unreadable catalogues are fetched again at the next contact.
            self.catalogues
                .set(serde_json::from_slice(&json).unwrap_or_default());
        }
        let stored = store.cases().await?;
        let (corrections, unreadable_corrections) = store.corrections().await?;
        let unreadable = stored.unreadable + unreadable_corrections;
        if unreadable > 0 {
            // Kept as they are (and counted by hand-back), but the clerk must know.
            self.problem.set(Some(Problem::Unreadable {
                records: unreadable,
            }));
        }
        self.corrections.set(corrections);
        let mut cases: Vec<CaseEntry> = stored.cases.into_iter().map(CaseEntry::new).collect();
        cases.sort_by_key(|entry| entry.case.started_at_ms());
        self.cases.set(cases);
        self.deployment.set(store.deployment().await?);
        self.day_lists.set(store.day_lists().await?);
        self.outcomes.set(store.outcomes().await?);
        self.remember_pending_count();
        Ok(())
    }

    /// Takes a newer catalogue that came with a pull, and keeps it sealed for offline days.
    pub async fn take_catalogue(self, newer: Catalogue) -> Result<(), StoreError> {
        let Some(mut all) = self.catalogues.try_get_untracked() else {
            return Ok(());
        };
        match all
            .iter_mut()
            .find(|c| c.municipality == newer.municipality)
        {
            Some(known) if known.version >= newer.version => return Ok(()),
            Some(known) => *known = newer,
            None => all.push(newer),
        }
        self.open_store()?.save_catalogues(&all).await?;
        self.catalogues.try_set(all);
        Ok(())
    }

    /// Takes newer catalogues from the server when there is a network; keeps the cached ones
    /// otherwise (an expired session or no signal is normal here).
    pub async fn refresh_catalogues(self) {
        let token = self.signed_in.token();
        let Ok(json) = http::fetch_raw(api::catalogues(&token)).await else {
            return;
        };
        let Ok(fresh) = serde_json::from_slice::<Vec<Catalogue>>(&json) else {
            return;
        };
        let versions = |all: &[Catalogue]| {
            all.iter()
                .map(|c| (c.municipality.clone(), c.version))
                .collect::<Vec<_>>()
        };
        if fresh.is_empty()
            || self.catalogues.with_untracked(|known| versions(known)) == versions(&fresh)
        {
            return;
        }
        let store = self.store.get_value();
        match store.save_catalogue_bytes(&json).await {
            Ok(()) => self.catalogues.set(fresh),
            Err(error) => self.problem.set(Some(error.into())),
        }
    }

    pub fn catalogue_of(&self, municipality: &str) -> Option<Catalogue> {
        self.catalogues
            .with(|all| all.iter().find(|c| c.municipality == municipality).cloned())
    }

    pub fn case(&self, id: &str) -> Option<Case> {
        self.cases
            .try_with_untracked(|all| all.iter().find(|e| e.case.id == id).map(|e| e.case.clone()))
            .flatten()
    }

    pub fn choose_deployment(self, deployment: Deployment) {
        self.deployment.set(Some(deployment.clone()));
        let store = self.store.get_value();
        spawn_local(async move {
            if let Err(error) = store.save_deployment(&deployment).await {
                self.problem.set(Some(error.into()));
            }
        });
    }

    /// Starts a case for the day's deployment and saves it at once, so nothing typed is lost.
    pub fn start_case(self) -> Result<Case, Problem> {
        let deployment = self
            .deployment
            .get_untracked()
            .ok_or(Problem::Say(crate::messages::Text::NoCatalogue))?;
        let id = new_record_id(RecordKind::Case)?;
        let year = today().year;
        let device_id = self.signed_in.device_id();
        let sequence = self.cases.with_untracked(|all| {
            next_sequence(all.iter().map(|e| e.case.number.as_str()), year, &device_id)
        });
        let citizen = Citizen {
            id: new_record_id(RecordKind::Case)?,
            ..Citizen::default()
        };
        let case = Case::new(
            id,
            case_number(year, &device_id, sequence),
            deployment,
            citizen,
            now_ms(),
            &self.signed_in.clerk_name.get_value(),
        );
        self.save_case(case.clone());
        Ok(case)
    }

    /// Updates the case in memory at once and seals it into the store in the background.
    /// `try_` throughout: sync calls this after network waits, when the clerk may have locked
    /// the Koffer meanwhile (then the change is dropped with the locked workspace).
    pub fn save_case(self, case: Case) {
        self.show(case.clone());
        self.pending.try_update_value(|pending| {
            pending.insert(case.id.clone(), case);
        });
        self.remember_pending_count();
        self.writer
            .try_with_value(|writer| writer.unbounded_send(Write::Pending));
    }

    /// Stores a page of pulled changes together with the sync state that points past them, in
    /// one strict transaction (so a crash never keeps the rows without the cookie or the other
    /// way round), then shows them. It goes through the case writer, so writes of one case keep
    /// their order.
    pub async fn store_pulled(
        self,
        mut changed: Vec<Case>,
        removed: Vec<String>,
        state: &SyncState,
    ) -> Result<(), StoreError> {
        // A case corrected here keeps the clerk's version until the server has answered for
        // the correction; its merged copy comes with a later pull.
        self.corrections.try_with_untracked(|corrections| {
            changed.retain(|case| corrections.iter().all(|c| c.base.id != case.id));
        });
        let mut batch = Batch::default();
        for case in &changed {
            put_case(&mut batch, case)?;
        }
        for id in &removed {
            remove_case(&mut batch, id);
        }
        put_sync_state(&mut batch, state)?;
        let stored = self.write(batch).await;
        if stored.is_ok() {
            self.cases.try_update(|all| {
                all.retain(|e| !removed.contains(&e.case.id));
                for case in changed {
                    let entry = CaseEntry::new(case);
                    match all.iter_mut().find(|e| e.case.id == entry.case.id) {
                        Some(existing) => *existing = entry,
                        None => all.push(entry),
                    }
                }
            });
            self.remember_pending_count();
        }
        stored
    }

    /// Writes `batch` in one transaction through the case writer, in order with the writes of
    /// cases asked for before it.
    async fn write(self, batch: Batch) -> Result<(), StoreError> {
        let (done, outcome) = oneshot::channel();
        let closed = || StoreError::Failed("workspace closed".into());
        self.writer
            .try_with_value(|writer| writer.unbounded_send(Write::Batch { batch, done }))
            .ok_or_else(closed)?
            .map_err(|_| closed())?;
        outcome.await.unwrap_or_else(|_| Err(closed()))
    }

    /// Shows `case` as it is now.
    fn show(self, case: Case) {
        let entry = CaseEntry::new(case);
        self.cases.try_update(
            |all| match all.iter_mut().find(|e| e.case.id == entry.case.id) {
                Some(existing) => *existing = entry,
                None => all.push(entry),
            },
        );
    }

    /// What sync remembers between runs (cookies, mutation ids).
    pub async fn sync_state(self) -> Result<SyncState, StoreError> {
        self.open_store()?.sync_state().await
    }

    pub async fn save_sync_state(self, state: &SyncState) -> Result<(), StoreError> {
        self.open_store()?.save_sync_state(state).await
    }

    /// The store, unless the clerk locked the Koffer meanwhile (async paths outlive screens).
    fn open_store(self) -> Result<Unlocked, StoreError> {
        self.store
            .try_get_value()
            .ok_or_else(|| StoreError::Failed("workspace closed".into()))
    }

    /// The laptop's signature over `message` (see `Unlocked::sign`).
    pub async fn sign(self, message: &[u8]) -> Result<Vec<u8>, StoreError> {
        self.open_store()?.sign(message).await
    }

    /// Signs the clerk in again after the session ran out (`SignedIn::renew`).
    pub async fn renew_session(self, username: String, password: String) -> Result<(), Problem> {
        let store = self.open_store()?;
        self.signed_in.renew(&store, username, password).await
    }

    /// Seals a photo of a document; the case keeps the returned reference (its SHA-256, by
    /// which the server knows it, and the id of the sealed copy here).
    pub async fn save_attachment(self, jpeg: &[u8]) -> Result<Attachment, Problem> {
        let sha256 = sha256_hex(jpeg).await.map_err(StoreError::from)?;
        let record = self.open_store()?.save_photo(jpeg).await?;
        Ok(Attachment {
            sha256,
            record,
            bytes: jpeg.len() as u64,
        })
    }

    /// The sealed bytes of a photo this device took.
    pub async fn load_attachment(self, record: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.open_store()?.photo(record).await
    }

    pub fn discard_case(self, id: String) {
        let store = self.store.get_value();
        spawn_local(async move {
            match store.discard_case(&id).await {
                Ok(()) => {
                    self.cases.update(|all| all.retain(|e| e.case.id != id));
                    self.forget_outcome_of_case(&id);
                    self.remember_pending_count();
                }
                Err(error) => self.problem.set(Some(error.into())),
            }
        });
    }

    /// The note that notices vanished data counts the cases and corrections not yet at the
    /// server.
    fn remember_pending_count(self) {
        let count = self.cases.try_with_untracked(|all| {
            all.iter()
                .filter(|e| e.case.status().is_untransferred())
                .count()
        });
        let count =
            count.map(|cases| cases + self.corrections.try_with_untracked(Vec::len).unwrap_or(0));
        let device_id = self.signed_in.device_id();
        if let (Some(count), false) = (count, device_id.is_empty()) {
            marker::remember(&device_id, u32::try_from(count).unwrap_or(u32::MAX));
        }
    }
}
