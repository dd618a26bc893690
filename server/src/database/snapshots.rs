//! Snapshots of the embedded SQLite database, for `buergerkoffer backup` and `restore`: one
//! taken while the server runs (a reader's consistent view, written out whole), and one checked
//! before it replaces anything.

use super::{DataError, Db};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use std::path::Path;

/// What a checked snapshot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    pub municipalities: i64,
    pub cases: i64,
}

/// Writes a consistent copy of the SQLite database `db` to `target` (which must not exist), while
/// others keep reading and writing.
pub async fn take(db: &Db, target: &Path) -> Result<(), DataError> {
    sqlx::query("VACUUM INTO $1")
        .bind(target.display().to_string())
        .execute(db)
        .await?;
    Ok(())
}

/// Opens `file` read-only and checks that it is a whole database of this release or an earlier
/// one: SQLite's integrity check passes and no migration is newer than this binary knows.
pub async fn check(file: &Path) -> Result<Snapshot, DataError> {
    install_default_drivers();
    let unusable = |why: &str| {
        DataError::Invalid(format!(
            "{} ist keine brauchbare Sicherung: {why}.",
            file.display()
        ))
    };
    if !file.is_file() {
        return Err(unusable("die Datei fehlt"));
    }
    let url = format!("sqlite://{}?mode=ro", file.display());
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .map_err(|_| unusable("sie lässt sich nicht als SQLite-Datenbank öffnen"))?;
    let result = check_open(&pool, file).await;
    pool.close().await;
    result
}

async fn check_open(pool: &Db, file: &Path) -> Result<Snapshot, DataError> {
    let unusable = |why: String| {
        DataError::Invalid(format!(
            "{} ist keine brauchbare Sicherung: {why}.",
            file.display()
        ))
    };
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(pool)
        .await
        .map_err(|_| unusable("sie ist keine SQLite-Datenbank".into()))?;
    if integrity != ["ok"] {
        return Err(unusable(format!(
            "die Prüfung fand Fehler ({})",
            integrity.join("; ")
        )));
    }
    let newest: Option<i64> = sqlx::query_scalar("SELECT max(version) FROM _sqlx_migrations")
        .fetch_one(pool)
        .await
        .map_err(|_| unusable("sie ist keine Bürgerkoffer-Datenbank".into()))?;
    let known = sqlx::migrate!("migrations/sqlite")
        .iter()
        .map(|migration| migration.version)
        .max()
        .unwrap_or(0);
    match newest {
        None => return Err(unusable("sie ist leer".into())),
        Some(version) if version > known => {
            return Err(unusable(format!(
                "sie stammt von einer neueren Version (Schema {version}, diese kennt {known})"
            )));
        }
        Some(_) => {}
    }
    let (municipalities, cases): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM municipalities), (SELECT count(*) FROM cases)",
    )
    .fetch_one(pool)
    .await?;
    Ok(Snapshot {
        municipalities,
        cases,
    })
}
