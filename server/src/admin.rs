//! What the operator's admin commands (`buergerkoffer municipality add`, `user add`, …) can get
//! wrong, as sentences they can act on.

use std::fmt;

#[derive(Debug)]
pub enum AdminError {
    /// The input is wrong; nothing was changed.
    Invalid(String),
    Database(sqlx::Error),
}

impl fmt::Display for AdminError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(message) => f.write_str(message),
            Self::Database(error) => write!(f, "Datenbankfehler: {error}"),
        }
    }
}

impl std::error::Error for AdminError {}

impl From<sqlx::Error> for AdminError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error)
    }
}

/// Turns a constraint violation into `Invalid(message)`; other database errors pass through.
pub fn on_constraint(error: sqlx::Error, message: impl Into<String>) -> AdminError {
    match &error {
        sqlx::Error::Database(db)
            if db.is_unique_violation()
                || db.is_foreign_key_violation()
                || db.is_check_violation() =>
        {
            AdminError::Invalid(message.into())
        }
        _ => AdminError::Database(error),
    }
}
