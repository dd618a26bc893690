//! `buergerkoffer backup` and `restore` for the embedded SQLite database. A backup is taken while
//! the server runs: a consistent snapshot, with the record's sealing key beside it (without it
//! no record can be checked). A restore checks the snapshot first, refuses while a server uses
//! the data directory, and keeps the database it replaces. PostgreSQL has its own tools.

use crate::database::{self, Location, snapshots};
use crate::sealing;
use std::fs::File;
use std::path::{Path, PathBuf};

/// The file a serving process holds locked in the data directory: a restore must not replace
/// the database under it.
const LOCK_FILE: &str = "buergerkoffer.lock";

/// The data directory held by a running server.
pub struct ServerLock {
    _file: File,
}

impl ServerLock {
    /// Takes the data directory for a server (SQLite), or fails if another process holds it.
    pub fn hold(data_dir: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(data_dir)
            .map_err(|error| format!("{} nicht anlegbar: {error}", data_dir.display()))?;
        let path = data_dir.join(LOCK_FILE);
        let file = File::create(&path)
            .map_err(|error| format!("{} nicht anlegbar: {error}", path.display()))?;
        file.try_lock().map_err(|_| {
            format!(
                "Ein Server arbeitet mit {}. Erst den Server stoppen.",
                data_dir.display()
            )
        })?;
        Ok(Self { _file: file })
    }
}

/// Where the sealing key of the backup in `file` lies.
fn key_beside(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(sealing::FILE_NAME);
    PathBuf::from(name)
}

/// Writes a snapshot of the database to `to` and the sealing key beside it; checks the snapshot.
pub async fn backup(location: Location<'_>, data_dir: &Path, to: &Path) -> Result<String, String> {
    if matches!(location, Location::Url(_)) {
        return Err(
            "Mit PostgreSQL sichert pg_dump die Datenbank (siehe README); `backup` sichert die \
             eingebettete SQLite-Datenbank."
                .into(),
        );
    }
    let key = key_beside(to);
    for target in [to, key.as_path()] {
        if target.exists() {
            return Err(format!(
                "{} gibt es schon; eine Sicherung überschreibt nichts.",
                target.display()
            ));
        }
    }
    let db = database::open(location)
        .await
        .map_err(|error| format!("Datenbank nicht zu öffnen: {error}"))?;
    let taken = snapshots::take(&db, to).await;
    db.close().await;
    taken.map_err(|error| format!("Sicherung fehlgeschlagen: {error}"))?;
    let snapshot = snapshots::check(to)
        .await
        .map_err(|error| error.to_string())?;
    std::fs::copy(data_dir.join(sealing::FILE_NAME), &key).map_err(|error| {
        format!(
            "Der Schlüssel {} ließ sich nicht beilegen: {error}",
            data_dir.join(sealing::FILE_NAME).display()
        )
    })?;
    Ok(format!(
        "Gesichert nach {}: {} Gemeinden, {} Fälle; der Siegelschlüssel liegt in {}.",
        to.display(),
        snapshot.municipalities,
        snapshot.cases,
        key.display()
    ))
}

/// Puts the snapshot `from` (and its sealing key) in place of the data directory's database,
/// once it is checked and no server uses the directory; the replaced files are kept.
pub async fn restore(data_dir: &Path, from: &Path, now: u64) -> Result<String, String> {
    let snapshot = snapshots::check(from)
        .await
        .map_err(|error| error.to_string())?;
    let key = key_beside(from);
    if !key.is_file() {
        return Err(format!(
            "{} fehlt: ohne den Siegelschlüssel der Sicherung lässt sich kein Fallverlauf prüfen.",
            key.display()
        ));
    }
    let _lock = ServerLock::hold(data_dir)?;
    let kept = data_dir.join(format!("vor-wiederherstellung-{now}"));
    std::fs::create_dir_all(&kept)
        .map_err(|error| format!("{} nicht anlegbar: {error}", kept.display()))?;
    let database_file = data_dir.join(database::FILE_NAME);
    for name in [
        database::FILE_NAME.to_owned(),
        format!("{}-wal", database::FILE_NAME),
        format!("{}-shm", database::FILE_NAME),
        sealing::FILE_NAME.to_owned(),
    ] {
        let current = data_dir.join(&name);
        if current.exists() {
            std::fs::rename(&current, kept.join(&name))
                .map_err(|error| format!("{} nicht beiseitezulegen: {error}", current.display()))?;
        }
    }
    std::fs::copy(from, &database_file)
        .and_then(|_| std::fs::copy(&key, data_dir.join(sealing::FILE_NAME)))
        .map_err(|error| format!("Wiederherstellung fehlgeschlagen: {error}"))?;
    Ok(format!(
        "Wiederhergestellt aus {}: {} Gemeinden, {} Fälle. Der vorige Stand liegt in {}.",
        from.display(),
        snapshot.municipalities,
        snapshot.cases,
        kept.display()
    ))
}
