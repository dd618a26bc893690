//! The embedded SQLite database: opened in the data directory, migrated on start.

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;

pub const FILE_NAME: &str = "buergerkoffer.sqlite3";

/// Opens (creating if needed) the database in `data_dir` and applies pending migrations.
pub async fn open(data_dir: &Path) -> Result<SqlitePool, sqlx::Error> {
    std::fs::create_dir_all(data_dir)?;
    let options = SqliteConnectOptions::new()
        .filename(data_dir.join(FILE_NAME))
        .create_if_missing(true)
        // WAL lets the back office read while a device pushes; NORMAL is durable under WAL.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new().connect_with(options).await?;
    sqlx::migrate!("migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn opening_twice_keeps_data_and_migrates_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = open(dir.path()).await.expect("first open");
        sqlx::query("INSERT INTO municipalities (regional_key, name) VALUES ('145240330190', 'Beispielstadt')")
            .execute(&pool)
            .await
            .expect("insert");
        pool.close().await;

        let pool = open(dir.path()).await.expect("second open");
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM municipalities")
            .fetch_all(&pool)
            .await
            .expect("select");
        assert_eq!(names, ["Beispielstadt"]);
    }

    #[tokio::test]
    async fn foreign_keys_and_wal_are_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = open(dir.path()).await.expect("open");
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
        let pool = open(dir.path()).await.expect("open");
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
}
