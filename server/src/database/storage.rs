//! What each municipality's cases and photos take on the server, against the quota the operator
//! sets (`buergerkoffer municipality quota`). A push or upload that would pass it is refused with a
//! sentence, so one municipality (or one stolen laptop) cannot fill the disk for everyone.

use super::{DataError, Db};
use domain::municipality::RegionalKey;
use sqlx::Any;

/// A municipality's storage as a push or upload sees it, and what it has added so far.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub used: i64,
    pub quota: i64,
    pub added: i64,
}

impl Usage {
    /// Whether `more` bytes (negative: freed) fit on top of what is used and added.
    pub fn admits(&self, more: i64) -> bool {
        more <= 0 || self.used.saturating_add(self.added).saturating_add(more) <= self.quota
    }
}

pub async fn usage<'e, E>(db: E, municipality: &RegionalKey) -> Result<Usage, DataError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    let (quota, used): (i64, i64) = sqlx::query_as(
        "SELECT m.storage_quota_bytes, coalesce(s.stored_bytes, 0)
           FROM municipalities m LEFT JOIN spaces s ON s.municipality = m.regional_key
          WHERE m.regional_key = $1",
    )
    .bind(municipality.to_string())
    .fetch_optional(db)
    .await?
    .unwrap_or((0, 0));
    Ok(Usage {
        used,
        quota,
        added: 0,
    })
}

/// Adds `bytes` (negative: freed) to what a municipality uses.
pub async fn add<'e, E>(db: E, municipality: &RegionalKey, bytes: i64) -> Result<(), DataError>
where
    E: sqlx::Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO spaces (municipality, version, stored_bytes) VALUES ($1, 0, $2)
         ON CONFLICT (municipality) DO UPDATE SET stored_bytes = spaces.stored_bytes + $2",
    )
    .bind(municipality.to_string())
    .bind(bytes)
    .execute(db)
    .await?;
    Ok(())
}

/// Sets a municipality's quota (operator command).
pub async fn set_quota(db: &Db, municipality: &RegionalKey, bytes: i64) -> Result<bool, DataError> {
    let changed =
        sqlx::query("UPDATE municipalities SET storage_quota_bytes = $1 WHERE regional_key = $2")
            .bind(bytes)
            .bind(municipality.to_string())
            .execute(db)
            .await?
            .rows_affected();
    Ok(changed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freeing_is_always_admitted_and_growing_only_up_to_the_quota() {
        let mut usage = Usage {
            used: 900,
            quota: 1000,
            added: 0,
        };
        assert!(usage.admits(100));
        assert!(!usage.admits(101));
        usage.added = 50;
        assert!(!usage.admits(51));
        assert!(usage.admits(-500));
        let full = Usage {
            used: 2000,
            quota: 1000,
            added: 0,
        };
        assert!(full.admits(0) && full.admits(-1) && !full.admits(1));
    }
}
