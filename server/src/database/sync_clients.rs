//! Each sync client's last mutation id: a push's mutations apply at most once and in order, and
//! the client's row, locked for the push, serializes the pushes of one client (and the filings
//! of one terminal).

use super::{DataError, to_i64, to_u64};
use sqlx::{Any, Transaction};

/// The last mutation id the server applied for a client (0 for one it never heard from).
pub async fn last_mutation_id<'e, E>(db: E, client_id: &str) -> Result<u64, DataError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let last: Option<i64> =
        sqlx::query_scalar("SELECT last_mutation_id FROM sync_clients WHERE client_id = $1")
            .bind(client_id)
            .fetch_optional(db)
            .await?;
    Ok(last.map_or(0, to_u64))
}

/// The last mutation id applied for a client, its row locked (created at 0 for a new client)
/// until the push commits.
pub async fn lock_client(tx: &mut Transaction<'_, Any>, client_id: &str) -> Result<u64, DataError> {
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO sync_clients (client_id, last_mutation_id) VALUES ($1, 0)
         ON CONFLICT (client_id) DO UPDATE SET last_mutation_id = sync_clients.last_mutation_id
         RETURNING last_mutation_id",
    )
    .bind(client_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(to_u64(last))
}

/// Records the last mutation id applied for a client (its row was created by `lock_client`).
pub async fn set_last_mutation_id(
    tx: &mut Transaction<'_, Any>,
    client_id: &str,
    last: u64,
) -> Result<(), DataError> {
    sqlx::query("UPDATE sync_clients SET last_mutation_id = $1 WHERE client_id = $2")
        .bind(to_i64(last))
        .bind(client_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
