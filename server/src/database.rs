//! The database: embedded SQLite in the data directory by default, or PostgreSQL when the
//! operator gives a `postgres://` URL (many municipalities on one server). Both are reached
//! through sqlx's `Any` driver, so every query is written once in SQL both understand
//! (`$1` placeholders, `ON CONFLICT`, `RETURNING`); each backend has its own migrations, applied
//! on start.

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::time::Duration;

pub type Db = AnyPool;

pub const FILE_NAME: &str = "buergerkoffer.sqlite3";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the data lives: a PostgreSQL URL if given, otherwise SQLite in `data_dir`.
#[derive(Debug, Clone)]
pub enum Location<'a> {
    DataDir(&'a Path),
    Url(&'a str),
}

impl<'a> Location<'a> {
    pub fn new(data_dir: &'a Path, url: Option<&'a str>) -> Self {
        match url {
            Some(url) => Self::Url(url),
            None => Self::DataDir(data_dir),
        }
    }
}

fn backend_of(url: &str) -> Option<Backend> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Some(Backend::Postgres)
    } else if url.starts_with("sqlite:") {
        Some(Backend::Sqlite)
    } else {
        None
    }
}

/// Opens (creating if needed) the database and applies pending migrations.
pub async fn open(location: Location<'_>) -> Result<Db, sqlx::Error> {
    install_default_drivers();
    let url = match location {
        Location::DataDir(dir) => {
            std::fs::create_dir_all(dir)?;
            let path = dir.join(FILE_NAME);
            format!("sqlite://{}?mode=rwc", path.display())
        }
        Location::Url(url) => url.to_owned(),
    };
    let backend = backend_of(&url).ok_or_else(|| {
        sqlx::Error::Configuration(
            "Die Datenbank-URL muss mit postgres:// oder sqlite: beginnen.".into(),
        )
    })?;
    let pool = AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets the back office read while a device pushes; NORMAL is durable
                    // under WAL. Foreign keys are off in SQLite unless asked for.
                    connection
                        .execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;",
                        )
                        .await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&pool).await?,
        Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&pool).await?,
    }
    Ok(pool)
}

/// A database for one test: a fresh PostgreSQL database when `BUERGERKOFFER_TEST_DATABASE_URL`
/// names a server (a role allowed to create databases), otherwise SQLite in `dir`. The same
/// tests thus run against both backends.
pub async fn open_for_test(dir: &Path) -> Db {
    match fresh_test_url().await {
        Some(url) => open(Location::Url(&url))
            .await
            .expect("PostgreSQL test database"),
        None => open(Location::DataDir(dir))
            .await
            .expect("SQLite test database"),
    }
}

/// The URL of a new, empty PostgreSQL database for one test, if the tests run against
/// PostgreSQL (see `open_for_test`); for tests that start the binary.
pub async fn fresh_test_url() -> Option<String> {
    let admin_url = std::env::var("BUERGERKOFFER_TEST_DATABASE_URL").ok()?;
    install_default_drivers();
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let name = format!(
        "bk_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let admin = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&admin_url)
        .await
        .expect("PostgreSQL test server");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("URL with a database name");
    Some(format!("{base}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn open_dir(dir: &Path) -> Db {
        open(Location::DataDir(dir)).await.expect("open")
    }

    #[tokio::test]
    async fn opening_twice_keeps_data_and_migrates_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = open_dir(dir.path()).await;
        sqlx::query("INSERT INTO municipalities (regional_key, name) VALUES ('145240330190', 'Beispielstadt')")
            .execute(&pool)
            .await
            .expect("insert");
        pool.close().await;

        let pool = open_dir(dir.path()).await;
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM municipalities")
            .fetch_all(&pool)
            .await
            .expect("select");
        assert_eq!(names, ["Beispielstadt"]);
    }

    #[tokio::test]
    async fn foreign_keys_and_wal_are_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = open_dir(dir.path()).await;
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        assert_eq!((foreign_keys, journal.as_str()), (1, "wal"));
    }

    #[tokio::test]
    async fn malformed_regional_key_is_refused_by_the_schema() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = open_dir(dir.path()).await;
        let result = sqlx::query(
            "INSERT INTO municipalities (regional_key, name) VALUES ('1452', 'Zu kurz')",
        )
        .execute(&pool)
        .await;
        assert!(result.is_err());
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM municipalities")
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(count, 0);
    }

    #[tokio::test]
    async fn cases_stored_before_the_split_keep_every_field() {
        // A database as the previous release left it: migrations up to 0005, a case row whose
        // body holds the case and its bookkeeping together.
        let dir = tempfile::tempdir().expect("temp dir");
        install_default_drivers();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join(FILE_NAME).display());
        let pool = AnyPoolOptions::new().connect(&url).await.expect("connect");
        let mut earlier = sqlx::migrate!("migrations/sqlite");
        earlier.migrations = std::borrow::Cow::Owned(
            earlier
                .migrations
                .iter()
                .filter(|m| m.version <= 5)
                .cloned()
                .collect(),
        );
        earlier.run(&pool).await.expect("earlier migrations");
        let old_body = r#"{"case":{"id":"case-1","number":"N1"},"part_versions":{"citizen":3},"conflicts":[{"part":"citizen","client_id":"d","theirs":{"id":"case-1"}}]}"#;
        sqlx::query(
            "INSERT INTO municipalities (regional_key, name) VALUES ('145245118250', 'Schönberg')",
        )
        .execute(&pool)
        .await
        .expect("municipality");
        sqlx::query("INSERT INTO cases (municipality, id, version, deleted, flagged, body) VALUES ('145245118250', 'case-1', 3, 0, 1, $1)")
            .bind(old_body)
            .execute(&pool)
            .await
            .expect("old row");
        pool.close().await;

        let pool = open_dir(dir.path()).await;
        let (body, meta): (String, String) =
            sqlx::query_as("SELECT body, meta FROM cases WHERE id = 'case-1'")
                .fetch_one(&pool)
                .await
                .expect("row");
        let body: serde_json::Value = serde_json::from_str(&body).expect("body");
        let meta: serde_json::Value = serde_json::from_str(&meta).expect("meta");
        assert_eq!(body, serde_json::json!({"id": "case-1", "number": "N1"}));
        assert_eq!(meta["part_versions"]["citizen"], 3);
        assert_eq!(meta["conflicts"][0]["part"], "citizen");
        assert!(meta.get("case").is_none());
    }

    #[tokio::test]
    async fn an_unknown_url_scheme_is_refused_clearly() {
        let error = open(Location::Url("mysql://localhost/x"))
            .await
            .expect_err("refused");
        assert!(error.to_string().contains("postgres://"), "{error}");
    }
}
