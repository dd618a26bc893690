//! Corrections on the desk: the clerk changes a case the server already holds; the server's copy
//! it was corrected from waits beside it, sealed, until a sync run has the server's answer
//! (`domain::sync::correction`). Until then a pulled copy does not replace the clerk's version
//! (`Desk::store_pulled`), and hand-back counts the correction as work not yet at the server.

use super::Desk;
use crate::store::{Batch, StoreError, put_case, put_correction, remove_correction};
use domain::cases::Case;
use domain::sync::correction::{Correction, open_to_correction};
use leptos::prelude::*;

impl Desk {
    /// Whether the clerk may still correct `case` here: the server holds it and the town hall
    /// has not finished with it.
    pub fn may_correct(&self, case: &Case) -> bool {
        open_to_correction(case.status())
    }

    /// How many corrections wait for the server (tracked: the sync area counts them).
    pub fn corrections_waiting(&self) -> usize {
        self.corrections.with(Vec::len)
    }

    /// Whether a correction of case `id` waits for the server.
    pub fn correction_waits(&self, id: &str) -> bool {
        self.corrections
            .try_with_untracked(|all| all.iter().any(|c| c.base.id == id))
            .unwrap_or(false)
    }

    /// The corrections waiting for the server (what a sync run pushes).
    pub fn corrections(&self) -> Vec<Correction> {
        self.corrections
            .try_with_untracked(Vec::clone)
            .unwrap_or_default()
    }

    /// Keeps `corrected` in place of the case, and — at its first correction — the copy it was
    /// corrected from, in one transaction.
    pub async fn correct_case(self, corrected: Case) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        put_case(&mut batch, &corrected)?;
        let known = self
            .corrections
            .try_with_untracked(|all| all.iter().find(|c| c.base.id == corrected.id).cloned())
            .flatten();
        let correction = match known {
            Some(correction) => correction,
            None => {
                let base = self
                    .case(&corrected.id)
                    .ok_or_else(|| StoreError::Failed(format!("no case {} here", corrected.id)))?;
                // The case as held here is the server's as of the cookie of its space: pulls
                // replace it with every change up to there.
                let base_version = self
                    .sync_state()
                    .await?
                    .cookies
                    .get(&base.deployment.municipality)
                    .copied()
                    .unwrap_or(0);
                let correction = Correction { base, base_version };
                put_correction(&mut batch, &correction)?;
                correction
            }
        };
        self.write(batch).await?;
        self.corrections.try_update(|all| {
            all.retain(|c| c.base.id != corrected.id);
            all.push(correction);
        });
        self.show(corrected);
        self.remember_pending_count();
        Ok(())
    }

    /// The server answered for these corrections: those it took are forgotten unless the clerk
    /// corrected the case again meanwhile (that correction goes with the next run); a refused
    /// one gives the case its server copy back (the clerk reads why in the sync report).
    pub async fn settle_corrections(
        self,
        taken: Vec<Case>,
        refused: Vec<Correction>,
    ) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        let mut settled = Vec::new();
        for sent in &taken {
            let current = self.case(&sent.id);
            if current.is_none() || current.as_ref() == Some(sent) {
                remove_correction(&mut batch, &sent.id);
                settled.push(sent.id.clone());
            }
        }
        for correction in &refused {
            put_case(&mut batch, &correction.base)?;
            remove_correction(&mut batch, &correction.base.id);
            settled.push(correction.base.id.clone());
        }
        if batch.is_empty() {
            return Ok(());
        }
        self.write(batch).await?;
        self.corrections
            .try_update(|all| all.retain(|c| !settled.contains(&c.base.id)));
        for correction in refused {
            self.show(correction.base);
        }
        self.remember_pending_count();
        Ok(())
    }
}
