//! The database: embedded SQLite in the data directory by default, or PostgreSQL when the
//! operator gives a `postgres://` URL (many municipalities on one server). Both are reached
//! through sqlx's `Any` driver, so every query is written once in SQL both understand
//! (`$1` placeholders, `ON CONFLICT`, `RETURNING`); each backend has its own migrations, applied
//! on start.

pub mod admin_log;
pub mod attachments;
pub mod booking_attempts;
pub mod bookings;
pub mod callbacks;
pub mod cases;
pub mod catalogues;
pub mod day_lists;
pub mod devices;
mod error;
pub mod evaluation;
pub mod facts;
pub mod handover_routes;
pub mod handover_submissions;
pub mod leases;
pub mod mail_outbox;
pub mod municipalities;
pub mod operations;
pub mod record;
pub mod reminders;
pub mod sessions;
pub mod sign_in_failures;
pub mod snapshots;
pub mod storage;
pub mod sync_clients;
pub mod terminals;
pub mod tours;
pub mod uploads;
pub mod users;

pub use error::{DataError, on_constraint, stored_key};

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Notify;

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

/// Whether the database answers a query (the health check).
pub async fn answers(db: &Db) -> Result<(), DataError> {
    sqlx::query("SELECT 1").execute(db).await?;
    Ok(())
}

/// Opens (creating if needed) the database, applies pending migrations and fills in what they
/// added for the data stored before them.
pub async fn open(location: Location<'_>) -> Result<Db, DataError> {
    install_default_drivers();
    let url = match location {
        Location::DataDir(dir) => {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::from)?;
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
        // An SQLite connection lives in this process and cannot go stale; checking it before
        // every use cost a round trip to its thread per query.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets the back office read while a device pushes. FULL syncs the log
                    // at every commit: once a push is acknowledged, the device sees its cases
                    // "Übertragen" and its cookie moves on, so the push must survive the
                    // server's power loss, not only its crash (under WAL, NORMAL may roll back
                    // the last commits on power loss). Foreign keys are off in SQLite unless
                    // asked for. Large pages (for a new database; an existing one keeps its
                    // size) hold a dozen cases, so a push's commit writes fewer of them. The
                    // log is folded back by `Checkpoints`; the commit's own checkpoint stays as
                    // a backstop. The journal that lets one statement of a transaction fail
                    // alone is kept in memory: on disk, each multi-row upsert of a push wrote
                    // and deleted a temporary file. (The sync benchmark prints what these cost.)
                    connection
                        .execute(
                            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; \
                             PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = 8192; \
                             PRAGMA temp_store = MEMORY;",
                        )
                        .await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    let migrations = match backend {
        Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
        Backend::Postgres => sqlx::migrate!("migrations/postgres"),
    };
    migrations.run(&pool).await.map_err(sqlx::Error::from)?;
    facts::fill_if_asked(&pool).await?;
    Ok(pool)
}

/// A transaction that will write. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`,
/// waiting up to the busy timeout for another writer): a transaction that reads first and
/// writes later fails at once with "database is locked" when another connection wrote in
/// between, which two devices pushing at the same moment did. On PostgreSQL a plain `BEGIN`;
/// there a writer locks the rows it reads before it decides (see `sync::push`).
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if pool_backend(db) == Some(Backend::Sqlite) {
        db.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.begin().await
    }
}

/// The backend a pool talks to.
fn pool_backend(db: &Db) -> Option<Backend> {
    backend_of(db.connect_options().database_url.as_str())
}

/// The backend a connection talks to.
pub fn backend(connection: &sqlx::AnyConnection) -> Backend {
    if connection.backend_name().eq_ignore_ascii_case("postgresql") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// A count or version as the databases keep it (signed 64 bits); past `i64::MAX` it saturates.
pub fn to_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A count or version read from the database; a negative one (never written) reads as 0.
pub fn to_u64(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Numbers the parameters of a statement built at run time: SQLite gets plain `?`, bound by
/// position, PostgreSQL `$1`, `$2`, …. (For SQLite, sqlx looks every `$N` up by name, at a cost
/// growing with the square of their number; it showed in profiles of 100-row statements.)
pub struct Parameters {
    backend: Backend,
    next: usize,
}

impl Parameters {
    pub fn new(backend: Backend) -> Self {
        Self { backend, next: 1 }
    }

    /// The next parameter.
    pub fn one(&mut self) -> String {
        let number = self.next;
        self.next += 1;
        match self.backend {
            Backend::Sqlite => "?".to_owned(),
            Backend::Postgres => format!("${number}"),
        }
    }

    /// The next `count` parameters, comma-separated.
    pub fn list(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| self.one())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Folds SQLite's write-ahead log back into the database file in the background: once enough
/// writes have gathered, or after a second without writes. SQLite otherwise does this inside
/// the commit that crosses its threshold, which then takes many times as long as the others;
/// folding back after every push slows the next request instead, and small thresholds take CPU
/// from a burst of pushes. PostgreSQL needs nothing of the kind.
#[derive(Clone, Default)]
pub struct Checkpoints {
    gathering: Option<Arc<Gathering>>,
}

/// Writes since the last checkpoint and since the checkpointer last looked, and the
/// checkpointer waiting for enough of them.
#[derive(Default)]
struct Gathering {
    bytes: AtomicUsize,
    lately: AtomicUsize,
    enough: Notify,
}

impl Checkpoints {
    /// Bytes of writes after which a checkpoint runs at once rather than after a quiet second.
    pub const ENOUGH_BYTES: usize = 64 << 20;
    /// How long no write must come before the log is folded back.
    pub const QUIET: Duration = Duration::from_secs(1);

    /// Starts the background checkpointer for an SQLite database (on the current tokio runtime).
    pub fn start(db: &Db) -> Self {
        if pool_backend(db) != Some(Backend::Sqlite)
            || tokio::runtime::Handle::try_current().is_err()
        {
            return Self::default();
        }
        let gathering = Arc::new(Gathering::default());
        let (db, waiting) = (db.clone(), gathering.clone());
        tokio::spawn(async move {
            loop {
                let enough = tokio::time::timeout(Self::QUIET, waiting.enough.notified())
                    .await
                    .is_ok();
                let still_writing = waiting.lately.swap(0, Ordering::AcqRel) > 0;
                if (still_writing && !enough) || waiting.bytes.swap(0, Ordering::AcqRel) == 0 {
                    continue;
                }
                // PASSIVE: copies what it can without waiting for readers or writers.
                if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&db)
                    .await
                {
                    if db.is_closed() {
                        return;
                    }
                    tracing::warn!("WAL checkpoint failed: {error}");
                }
            }
        });
        Self {
            gathering: Some(gathering),
        }
    }

    /// Counts a committed write of about `bytes`.
    pub fn after_write(&self, bytes: usize) {
        if let Some(gathering) = &self.gathering {
            gathering.lately.fetch_add(bytes, Ordering::AcqRel);
            let gathered = gathering.bytes.fetch_add(bytes, Ordering::AcqRel) + bytes;
            if gathered >= Self::ENOUGH_BYTES {
                gathering.enough.notify_one();
            }
        }
    }
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
    async fn foreign_keys_wal_full_sync_and_in_memory_statement_journals_are_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = open_dir(dir.path()).await;
        let number = |pragma: &'static str| {
            let pool = pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>(pragma)
                    .fetch_one(&pool)
                    .await
                    .expect("pragma")
            }
        };
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        assert_eq!(journal, "wal");
        assert_eq!(number("PRAGMA foreign_keys").await, 1);
        // 2: FULL, the log synced at every commit.
        assert_eq!(number("PRAGMA synchronous").await, 2);
        // 2: MEMORY.
        assert_eq!(number("PRAGMA temp_store").await, 2);
        assert_eq!(number("PRAGMA wal_autocheckpoint").await, 8192);
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

        // The table rebuilt without JSON checks (0007) keeps the row's other columns, its key
        // and the index pulls read by.
        let (version, flagged): (i64, i64) =
            sqlx::query_as("SELECT version, flagged FROM cases WHERE id = 'case-1'")
                .fetch_one(&pool)
                .await
                .expect("row");
        assert_eq!((version, flagged), (3, 1));
        let indexes: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_index_list('cases')")
                .fetch_all(&pool)
                .await
                .expect("indexes");
        assert!(
            indexes.iter().any(|name| name == "cases_by_version"),
            "{indexes:?}"
        );
        let duplicate = sqlx::query(
            "INSERT INTO cases (municipality, id, version) VALUES ('145245118250', 'case-1', 4)",
        )
        .execute(&pool)
        .await;
        assert!(duplicate.is_err(), "the key (municipality, id) still holds");
    }

    #[test]
    fn parameters_are_positional_for_sqlite_and_numbered_for_postgres() {
        let mut sqlite = Parameters::new(Backend::Sqlite);
        assert_eq!(
            (sqlite.one(), sqlite.list(3)),
            ("?".into(), "?, ?, ?".into())
        );
        let mut postgres = Parameters::new(Backend::Postgres);
        assert_eq!(
            (postgres.one(), postgres.list(3), postgres.one()),
            ("$1".into(), "$2, $3, $4".into(), "$5".into())
        );
    }

    /// An SQLite database with a background checkpointer, and a way to see whether the log was
    /// folded back: the database file grows only when a checkpoint copies pages into it.
    struct Log {
        dir: tempfile::TempDir,
        pool: Db,
        checkpoints: Checkpoints,
    }

    impl Log {
        const CASE_BYTES: usize = 64 * 1024;

        async fn new() -> Self {
            let dir = tempfile::tempdir().expect("temp dir");
            let pool = open_dir(dir.path()).await;
            let checkpoints = Checkpoints::start(&pool);
            sqlx::query(
                "INSERT INTO municipalities (regional_key, name) VALUES ('145245118250', 'Schönberg')",
            )
            .execute(&pool)
            .await
            .expect("municipality");
            Self {
                dir,
                pool,
                checkpoints,
            }
        }

        /// Writes one case of 64 KB, without telling the checkpointer.
        async fn write_case(&self, n: i64) {
            sqlx::query("INSERT INTO cases (municipality, id, version, body) VALUES ('145245118250', $1, $2, $3)")
                .bind(format!("case-{n}"))
                .bind(n)
                .bind("x".repeat(Self::CASE_BYTES))
                .execute(&self.pool)
                .await
                .expect("case");
        }

        fn file_size(&self) -> u64 {
            std::fs::metadata(self.dir.path().join(FILE_NAME))
                .expect("database file")
                .len()
        }

        /// Fails unless the file reaches 2 MB (the cases were copied into it) within `limit`.
        async fn wait_for_checkpoint(&self, limit: Duration) {
            let deadline = std::time::Instant::now() + limit;
            while self.file_size() < 2 << 20 {
                assert!(
                    std::time::Instant::now() < deadline,
                    "no checkpoint within {limit:?}"
                );
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }

    #[tokio::test]
    async fn the_write_ahead_log_is_folded_back_once_enough_was_written() {
        let log = Log::new().await;
        // 2 MB in the log only: the database file does not grow until a checkpoint copies it.
        for n in 0..32 {
            log.write_case(n).await;
        }
        let before = log.file_size();
        assert!(before < 1 << 20, "{before} bytes before the checkpoint");
        log.checkpoints.after_write(Checkpoints::ENOUGH_BYTES);
        log.wait_for_checkpoint(Duration::from_secs(10)).await;
    }

    #[tokio::test]
    async fn the_write_ahead_log_is_folded_back_after_a_quiet_second_not_during_a_burst() {
        let log = Log::new().await;
        // A burst of small writes for twice the quiet time: nothing is folded back meanwhile.
        let burst = std::time::Instant::now();
        let mut n = 0;
        while burst.elapsed() < Checkpoints::QUIET * 2 {
            log.write_case(n).await;
            log.checkpoints.after_write(Log::CASE_BYTES);
            n += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(n >= 32, "only {n} cases written");
        let during = log.file_size();
        assert!(
            during < 1 << 20,
            "folded back during the burst: {during} bytes"
        );
        log.wait_for_checkpoint(Checkpoints::QUIET * 5).await;
    }

    #[tokio::test]
    async fn an_unknown_url_scheme_is_refused_clearly() {
        let error = open(Location::Url("mysql://localhost/x"))
            .await
            .expect_err("refused");
        assert!(error.to_string().contains("postgres://"), "{error}");
    }
}
