//! `buergerkoffer case export`: the operator writes one case's handover package, or every
//! case's of a municipality as a ZIP (streamed to the file as each package is made).

use super::{Selection, Source, batch};
use crate::database::Db;
use domain::municipality::RegionalKey;
use std::path::Path;

/// One package to a file.
pub async fn one(
    db: &Db,
    (key, id): (&RegionalKey, &str),
    sealing_key: &domain::audit::SealingKey,
    now_ms: u64,
    out: &Path,
) -> Result<String, String> {
    let gathered = super::gather(db, key, id, sealing_key, now_ms)
        .await
        .map_err(|error| error.to_string())?
        .ok_or_else(|| format!("Die Gemeinde {key} hat keinen Fall {id}."))?;
    let package = tokio::task::spawn_blocking(move || super::build(gathered))
        .await
        .map_err(|error| error.to_string())??;
    std::fs::write(out, &package.pdf).map_err(|error| format!("{}: {error}", out.display()))?;
    Ok(format!(
        "Übergabepaket des Falls {} geschrieben: {} ({} Bytes).",
        package.number,
        out.display(),
        package.pdf.len()
    ))
}

/// Every case's package into a ZIP, written as it goes.
pub async fn all(
    db: &Db,
    key: &RegionalKey,
    sealing_key: &std::sync::Arc<domain::audit::SealingKey>,
    now_ms: u64,
    out: &Path,
) -> Result<String, String> {
    let file = std::fs::File::create(out).map_err(|error| format!("{}: {error}", out.display()))?;
    let runtime = tokio::runtime::Handle::current();
    let (db, key, sealing_key) = (db.clone(), *key, sealing_key.clone());
    let manifest = tokio::task::spawn_blocking(move || {
        let source = Source {
            db: &db,
            municipality: &key,
            sealing_key: &sealing_key,
            now_ms,
        };
        let selection = Selection {
            filter: Default::default(),
            before: u64::MAX,
            limit: usize::MAX,
        };
        batch::write(
            std::io::BufWriter::new(file),
            (&key.to_string(), now_ms),
            source.cases(&runtime, selection),
        )
    })
    .await
    .map_err(|error| error.to_string())??;
    for failed in &manifest.failed {
        tracing::warn!(case = %failed.case_id, reason = %failed.reason, "no package");
    }
    Ok(format!(
        "{} Übergabepakete geschrieben: {} ({} ohne Paket, siehe manifest.json).",
        manifest.packages.len(),
        out.display(),
        manifest.failed.len()
    ))
}
