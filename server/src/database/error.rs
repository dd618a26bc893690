//! The data layer's one error: input the data refuses (a sentence the operator or the API's
//! caller can act on, nothing changed), stored data that cannot be read, or the database itself.
//! The API maps it in `error.rs`; the operator's commands print it.

use std::fmt;

#[derive(Debug)]
pub enum DataError {
    /// The input is wrong; nothing was changed.
    Invalid(String),
    /// Stored data this version cannot read (a fault on our side).
    Corrupt(String),
    Database(sqlx::Error),
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(message) => f.write_str(message),
            Self::Corrupt(detail) => write!(f, "Gespeicherte Daten sind nicht lesbar: {detail}"),
            Self::Database(error) => write!(f, "Datenbankfehler: {error}"),
        }
    }
}

impl std::error::Error for DataError {}

impl From<sqlx::Error> for DataError {
    fn from(error: sqlx::Error) -> Self {
        Self::Database(error)
    }
}

/// Turns a constraint violation into `Invalid(message)`; other database errors pass through.
pub fn on_constraint(error: sqlx::Error, message: impl Into<String>) -> DataError {
    match &error {
        sqlx::Error::Database(db)
            if db.is_unique_violation()
                || db.is_foreign_key_violation()
                || db.is_check_violation() =>
        {
            DataError::Invalid(message.into())
        }
        _ => DataError::Database(error),
    }
}

/// A Regionalschlüssel as the database holds it, typed; a stored one that does not parse is
/// corrupt data, not the caller's mistake.
pub fn stored_key(text: &str) -> Result<domain::municipality::RegionalKey, DataError> {
    domain::municipality::RegionalKey::parse(text)
        .map_err(|error| DataError::Corrupt(format!("Regionalschlüssel {text:?}: {error}")))
}
