//! Sessions: a person signed in on one device until a time; looked up by the digest of their
//! bearer token (the token itself is never stored).

use super::{DataError, Db, stored_key};
use domain::municipality::RegionalKey;
use domain::wire::Role;

/// A session as the database holds it, with its person and device.
pub struct Session {
    pub expires_at: u64,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub municipality: RegionalKey,
    pub device_id: String,
    pub device_revoked: bool,
}

/// expires_at, user id, username, display name, role, municipality, device id, device revoked_at
type Row = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);

fn as_db_time(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX)
}

/// The session whose token has `token_digest`, if any.
pub async fn by_token(db: &Db, token_digest: &[u8]) -> Result<Option<Session>, DataError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.expires_at, u.id, u.username, u.display_name, u.role, u.municipality, d.id, d.revoked_at
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         JOIN devices d ON d.id = s.device_id
         WHERE s.token_hash = $1",
    )
    .bind(token_digest)
    .fetch_optional(db)
    .await?;
    row.map(
        |(expires_at, user_id, username, display_name, role, municipality, device_id, revoked)| {
            Ok(Session {
                expires_at: u64::try_from(expires_at).unwrap_or(0),
                user_id,
                username,
                display_name,
                // The schema admits only known roles; an unknown one gets the least power.
                role: Role::parse(&role).unwrap_or(Role::Clerk),
                municipality: stored_key(&municipality)?,
                device_id,
                device_revoked: revoked.is_some(),
            })
        },
    )
    .transpose()
}

/// Opens a session until `expires_at`, and drops the expired ones while at it (they are of no
/// use to anyone).
pub async fn open(
    db: &Db,
    token_digest: &[u8],
    (user_id, device_id): (i64, &str),
    (expires_at, now): (u64, u64),
) -> Result<(), DataError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, device_id, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_digest)
    .bind(user_id)
    .bind(device_id)
    .bind(as_db_time(expires_at))
    .execute(db)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(as_db_time(now))
        .execute(db)
        .await?;
    Ok(())
}

/// Ends the session with `token_digest`.
pub async fn end(db: &Db, token_digest: &[u8]) -> Result<(), DataError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_digest)
        .execute(db)
        .await?;
    Ok(())
}
