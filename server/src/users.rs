//! Clerks, back-office staff and admins, each belonging to one municipality.

use crate::admin::{AdminError, on_constraint};
use crate::database::Db;
use crate::municipalities;
use crate::secrets;
use domain::municipality::RegionalKey;
use domain::wire::{ClerkProfile, Role};

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub municipality: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
}

type Row = (i64, String, String, String, String, String);

fn user((id, municipality, username, display_name, role, password_hash): Row) -> User {
    User {
        id,
        municipality,
        username,
        display_name,
        // The schema admits only known roles; an unknown one gets the least power.
        role: Role::parse(&role).unwrap_or(Role::Clerk),
        password_hash,
    }
}

/// User names are compared without regard to case: "M.Schreiber" is "m.schreiber".
pub fn normalize_username(username: &str) -> String {
    username.trim().to_lowercase()
}

pub async fn find_by_username(db: &Db, username: &str) -> Result<Option<User>, sqlx::Error> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, municipality, username, display_name, role, password_hash FROM users WHERE username = $1",
    )
    .bind(normalize_username(username))
    .fetch_optional(db)
    .await?;
    Ok(row.map(user))
}

pub struct NewUser<'a> {
    pub municipality: &'a RegionalKey,
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password: &'a str,
}

pub const MIN_PASSWORD_CHARS: usize = 12;

pub async fn create(db: &Db, new: NewUser<'_>) -> Result<i64, AdminError> {
    let username = normalize_username(new.username);
    let valid_name = !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid_name {
        return Err(AdminError::Invalid(
            "Benutzernamen bestehen aus 1 bis 64 Zeichen: Buchstaben a–z, Ziffern, Punkt, Minus, Unterstrich.".into(),
        ));
    }
    if new.display_name.trim().is_empty() {
        return Err(AdminError::Invalid("Der Anzeigename fehlt.".into()));
    }
    if new.password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AdminError::Invalid(format!(
            "Das Passwort muss mindestens {MIN_PASSWORD_CHARS} Zeichen haben."
        )));
    }
    if municipalities::find(db, &new.municipality.to_string())
        .await?
        .is_none()
    {
        return Err(AdminError::Invalid(format!(
            "Die Gemeinde {} gibt es nicht.",
            new.municipality
        )));
    }
    let hash = secrets::hash_password(new.password).map_err(AdminError::Invalid)?;
    let id = sqlx::query_scalar(
        "INSERT INTO users (municipality, username, display_name, role, password_hash)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(new.municipality.to_string())
    .bind(&username)
    .bind(new.display_name.trim())
    .bind(new.role.as_str())
    .bind(hash)
    .fetch_one(db)
    .await
    .map_err(|error| {
        on_constraint(
            error,
            format!("Den Benutzernamen {username} gibt es schon."),
        )
    })?;
    Ok(id)
}

/// What the app needs to know about the signed-in person.
pub async fn profile(db: &Db, user: &User) -> Result<ClerkProfile, sqlx::Error> {
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
