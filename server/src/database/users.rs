//! The people: clerks, back-office staff and admins, each of one municipality; finding,
//! creating, listing and disabling them, and setting a password.

use super::{DataError, Db, on_constraint, stored_key};
use super::{admin_log, municipalities};
use crate::secrets;
use domain::municipality::RegionalKey;
use domain::wire::{AdminAction, ClerkProfile, Role, UserSummary};

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub municipality: RegionalKey,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled: bool,
}

type Row = (i64, String, String, String, String, String, Option<i64>);

fn user(
    (id, municipality, username, display_name, role, password_hash, disabled_at): Row,
) -> Result<User, DataError> {
    Ok(User {
        id,
        municipality: stored_key(&municipality)?,
        username,
        display_name,
        // The schema admits only known roles; an unknown one gets the least power.
        role: Role::parse(&role).unwrap_or(Role::Clerk),
        password_hash,
        disabled: disabled_at.is_some(),
    })
}

impl User {
    pub fn summary(&self) -> UserSummary {
        UserSummary {
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            municipality: self.municipality.to_string(),
            disabled: self.disabled,
        }
    }
}

const COLUMNS: &str = "id, municipality, username, display_name, role, password_hash, disabled_at";

/// User names are compared without regard to case: "M.Schreiber" is "m.schreiber".
pub fn normalize_username(username: &str) -> String {
    username.trim().to_lowercase()
}

pub async fn find_by_username(db: &Db, username: &str) -> Result<Option<User>, DataError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(normalize_username(username))
        .fetch_optional(db)
        .await?;
    row.map(user).transpose()
}

pub struct NewUser<'a> {
    pub municipality: &'a RegionalKey,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password: &'a str,
}

pub const MIN_PASSWORD_CHARS: usize = 12;

/// Longest user name and password a sign-in may send: longer ones are no one's, and a password
/// of megabytes would only feed Argon2.
pub const MAX_USERNAME_CHARS: usize = 64;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Creates a person; `(by, now)` names who did it and when, for the admin log.
pub async fn create(db: &Db, new: NewUser<'_>, (by, now): (&str, u64)) -> Result<i64, DataError> {
    let username = normalize_username(new.username);
    let valid_name = !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid_name {
        return Err(DataError::Invalid(
            "Benutzernamen bestehen aus 1 bis 64 Zeichen: Buchstaben a–z, Ziffern, Punkt, Minus, Unterstrich.".into(),
        ));
    }
    if new.display_name.trim().is_empty() {
        return Err(DataError::Invalid("Der Anzeigename fehlt.".into()));
    }
    check_password(new.password)?;
    if municipalities::find(db, new.municipality).await?.is_none() {
        return Err(DataError::Invalid(format!(
            "Die Gemeinde {} gibt es nicht.",
            new.municipality
        )));
    }
    let hash = secrets::hash_password(new.password).map_err(DataError::Invalid)?;
    let mut tx = super::begin_write(db).await?;
    let id = sqlx::query_scalar(
        "INSERT INTO users (municipality, username, display_name, role, password_hash)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(new.municipality.to_string())
    .bind(&username)
    .bind(new.display_name.trim())
    .bind(new.role.as_str())
    .bind(hash)
    .fetch_one(&mut *tx)
    .await
    .map_err(|error| {
        on_constraint(
            error,
            format!("Den Benutzernamen {username} gibt es schon."),
        )
    })?;
    let municipality = new.municipality.to_string();
    admin_log::note(
        &mut tx,
        &municipality,
        (by, now),
        AdminAction::PersonCreated,
        &username,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

fn check_password(password: &str) -> Result<(), DataError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(DataError::Invalid(format!(
            "Das Passwort muss mindestens {MIN_PASSWORD_CHARS} Zeichen haben."
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(DataError::Invalid(format!(
            "Das Passwort darf höchstens {} Zeichen haben.",
            MAX_PASSWORD_CHARS
        )));
    }
    Ok(())
}

/// The people of one municipality, or of all (for the operator), by user name.
pub async fn list(db: &Db, municipality: Option<&RegionalKey>) -> Result<Vec<User>, DataError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE $1 IS NULL OR municipality = $1 ORDER BY username"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.map(RegionalKey::to_string))
        .fetch_all(db)
        .await?;
    rows.into_iter().map(user).collect()
}

/// Disables a person: they can no longer sign in or enrol a laptop, their sessions end at once
/// and every laptop they enrolled is revoked (it wipes itself at its next contact). `false` if
/// there is no such person.
pub async fn disable(db: &Db, username: &str, (by, now): (&str, u64)) -> Result<bool, DataError> {
    let at = i64::try_from(now).unwrap_or(i64::MAX);
    let mut tx = super::begin_write(db).await?;
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "UPDATE users SET disabled_at = coalesce(disabled_at, $1) WHERE username = $2
         RETURNING id, municipality, username",
    )
    .bind(at)
    .bind(normalize_username(username))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, municipality, username)) = row else {
        return Ok(false);
    };
    admin_log::note(
        &mut tx,
        &municipality,
        (by, now),
        AdminAction::PersonDisabled,
        &username,
    )
    .await?;
    let now = at;
    end_sessions(&mut tx, id).await?;
    sqlx::query("UPDATE devices SET revoked_at = $1 WHERE enrolled_by = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Sets a new password; the person's sessions end, so every laptop asks for it. `false` if there
/// is no such person.
pub async fn reset_password(
    db: &Db,
    username: &str,
    password: &str,
    (by, now): (&str, u64),
) -> Result<bool, DataError> {
    check_password(password)?;
    let hash = secrets::hash_password(password).map_err(DataError::Invalid)?;
    let mut tx = super::begin_write(db).await?;
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "UPDATE users SET password_hash = $1 WHERE username = $2
         RETURNING id, municipality, username",
    )
    .bind(hash)
    .bind(normalize_username(username))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, municipality, username)) = row else {
        return Ok(false);
    };
    admin_log::note(
        &mut tx,
        &municipality,
        (by, now),
        AdminAction::PasswordSet,
        &username,
    )
    .await?;
    end_sessions(&mut tx, id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Ends every session of a person: each of their laptops asks them to sign in again.
async fn end_sessions(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: i64,
) -> Result<(), DataError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What the app needs to know about the signed-in person.
pub async fn profile(db: &Db, user: &User) -> Result<ClerkProfile, DataError> {
    let municipality = municipalities::find(db, &user.municipality)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok(ClerkProfile {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: user.role,
        serves: municipalities::served_by(db, &user.municipality).await?,
        municipality,
    })
}
