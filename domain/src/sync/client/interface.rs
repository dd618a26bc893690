//! What a sync run and its driver hand each other: the state a device keeps between runs, the
//! spaces it syncs, each `Step` the run asks for, and what a finished run tells the clerk.

use crate::cases::{Attachment, Case};
use crate::catalogue::Catalogue;
use crate::sync::correction::Correction;
use crate::sync::wire::Mutation;
use crate::tours::booking::DayList;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the device remembers between runs (sealed in its store).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncState {
    pub next_mutation_id: u64,
    /// Per municipality: the version pulled up to.
    pub cookies: BTreeMap<String, u64>,
    /// The server was found set back and has not yet received again all it lost: kept until it
    /// has, so an interrupted run starts over.
    #[serde(default)]
    pub server_set_back: bool,
}

/// A space the clerk works for, and the version of its catalogue held here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Space {
    pub municipality: String,
    pub catalogue_version: u64,
}

/// A pull page to ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullQuery {
    pub municipality: String,
    pub cookie: u64,
    pub limit: usize,
    /// The catalogue version held here: a newer one comes with the page.
    pub catalogue: u64,
}

/// A pulled page as the device keeps it, in one transaction: a newer catalogue, the cases it
/// holds as the server has them now, those the server deleted, and the state past them.
#[derive(Debug, Clone, PartialEq)]
pub struct PageToStore {
    pub catalogue: Option<Catalogue>,
    pub changed: Vec<Case>,
    pub removed: Vec<String>,
    pub state: SyncState,
    /// On a space's last page: its dates the clerk goes to, with their bookings (the space's
    /// municipality and the lists, which replace those held for it).
    pub day_lists: Option<(String, Vec<DayList>)>,
}

/// What the driver does next.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Ask the server for a page; hand the answer to `pulled`.
    Pull(PullQuery),
    /// Keep a page; then `stored`. Boxed: a page with a catalogue is far larger than any other
    /// step.
    StorePage(Box<PageToStore>),
    /// Keep the state; then `saved`.
    SaveState(SyncState),
    /// Hand the cases held here now to `cases`.
    ReadCases,
    /// Upload these photos (each under its SHA-256, to its municipality) before the cases that
    /// name them; then `uploaded`.
    UploadPhotos(Vec<(String, Attachment)>),
    /// The server answered for these corrections: forget those it took (each case as it was
    /// sent: a case corrected again meanwhile keeps its correction for the next run) and give
    /// the refused ones their server copy back; then `settled`.
    SettleCorrections {
        taken: Vec<Case>,
        refused: Vec<Correction>,
    },
    /// Sign and send these mutations (cases `done` to `done + len` of `total`); hand the
    /// answer to `pushed`.
    Push {
        mutations: Vec<Mutation>,
        done: usize,
        total: usize,
    },
    /// The run is over.
    Done(Report),
    /// The run cannot go on.
    Failed(SyncFailure),
}

/// What a finished run has to tell the clerk.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Cases the server refused: number and its reason.
    pub refused: Vec<(String, String)>,
    /// Cases changed on two sides, waiting for the town hall (numbers).
    pub flagged: Vec<String>,
    /// Cases sent again because the server had lost them (numbers).
    pub sent_again: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncFailure {
    /// The server expects other mutation ids than the run sent (a gap): the next run starts
    /// over from what the server says.
    Interrupted,
    /// The driver handed in an answer the run did not ask for.
    OutOfTurn,
}
