//! The one writer of cases to the store. Sealing is asynchronous, and two overlapping writes of
//! one record could land in the wrong order: every write of a case goes through one task, in the
//! order asked, over a channel.

use crate::access::Problem;
use crate::store::{Batch, StoreError, Unlocked, put_case};
use domain::cases::Case;
use futures_channel::{mpsc, oneshot};
use futures_util::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// What the writer is asked to do.
pub(super) enum Write {
    /// Seal the newest version of each pending case.
    Pending,
    /// Write a batch in one transaction (a pulled page with the sync state past it) and say how
    /// it went.
    Batch {
        batch: Batch,
        done: oneshot::Sender<Result<(), StoreError>>,
    },
}

/// Starts the writer; it ends when the last sender is gone (the Koffer locked).
pub(super) fn start(
    store: Unlocked,
    pending: StoredValue<BTreeMap<String, Case>>,
    problem: RwSignal<Option<Problem>>,
) -> mpsc::UnboundedSender<Write> {
    let (sender, mut jobs) = mpsc::unbounded();
    spawn_local(async move {
        while let Some(job) = jobs.next().await {
            match job {
                Write::Pending => {
                    if let Err(error) = write_pending(&store, pending).await {
                        problem.try_set(Some(error.into()));
                    }
                }
                Write::Batch { batch, done } => {
                    let _ = done.send(store.commit(batch).await);
                }
            }
        }
    });
    sender
}

/// Seals the pending cases, the newest version of each, one transaction per case.
async fn write_pending(
    store: &Unlocked,
    pending: StoredValue<BTreeMap<String, Case>>,
) -> Result<(), StoreError> {
    while let Some((_, case)) = pending
        .try_update_value(|pending| pending.pop_first())
        .flatten()
    {
        let mut batch = Batch::default();
        put_case(&mut batch, &case)?;
        store.commit(batch).await?;
    }
    Ok(())
}
