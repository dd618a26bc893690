//! Municipalities and their delegations: which town's data a person may touch.

use super::{DataError, Db, on_constraint};
use domain::municipality::RegionalKey;
use domain::wire::{AdminAction, MunicipalityInfo};

type Row = (String, String, i64);

fn info((regional_key, name, lease): Row) -> MunicipalityInfo {
    MunicipalityInfo {
        regional_key,
        name,
        offline_lease_days: u32::try_from(lease).unwrap_or(1),
    }
}

pub async fn find(
    db: &Db,
    regional_key: &RegionalKey,
) -> Result<Option<MunicipalityInfo>, DataError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT regional_key, name, offline_lease_days FROM municipalities WHERE regional_key = $1",
    )
    .bind(regional_key.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(info))
}

/// The municipalities `serving` handles by delegation, by name.
pub async fn served_by(db: &Db, serving: &RegionalKey) -> Result<Vec<MunicipalityInfo>, DataError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT m.regional_key, m.name, m.offline_lease_days
         FROM delegations d JOIN municipalities m ON m.regional_key = d.served
         WHERE d.serving = $1 ORDER BY m.name",
    )
    .bind(serving.to_string())
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(info).collect())
}

pub async fn create(
    db: &Db,
    key: &RegionalKey,
    name: &str,
    offline_lease_days: u32,
    places: &[String],
) -> Result<(), DataError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(DataError::Invalid("Der Name der Gemeinde fehlt.".into()));
    }
    if !(1..=90).contains(&offline_lease_days) {
        return Err(DataError::Invalid(
            "Die Offline-Frist muss zwischen 1 und 90 Tagen liegen.".into(),
        ));
    }
    sqlx::query(
        "INSERT INTO municipalities (regional_key, name, offline_lease_days) VALUES ($1, $2, $3)",
    )
    .bind(key.to_string())
    .bind(name)
    .bind(i64::from(offline_lease_days))
    .execute(db)
    .await
    .map_err(|error| on_constraint(error, format!("Die Gemeinde {key} gibt es schon.")))?;
    let places = if places.is_empty() {
        vec![format!("{name}, Rathaus")]
    } else {
        places.to_vec()
    };
    super::catalogues::install_standard(db, key, places).await?;
    Ok(())
}

/// Lets `serving` handle the citizens of `served` (e.g. Meerane serves Schönberg).
pub async fn delegate(
    db: &Db,
    serving: &RegionalKey,
    served: &RegionalKey,
) -> Result<(), DataError> {
    if serving == served {
        return Err(DataError::Invalid(
            "Eine Gemeinde kann sich nicht selbst vertreten.".into(),
        ));
    }
    for key in [serving, served] {
        if find(db, key).await?.is_none() {
            return Err(DataError::Invalid(format!(
                "Die Gemeinde {key} gibt es nicht."
            )));
        }
    }
    sqlx::query("INSERT INTO delegations (serving, served) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(serving.to_string())
        .bind(served.to_string())
        .execute(db)
        .await?;
    Ok(())
}

/// Whether a person of `own` may act for `target`: their own, or one it serves by delegation.
pub async fn may_act_for<'e, E>(
    db: E,
    own: &RegionalKey,
    target: &RegionalKey,
) -> Result<bool, DataError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    if own == target {
        return Ok(true);
    }
    let delegated: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM delegations WHERE serving = $1 AND served = $2")
            .bind(own.to_string())
            .bind(target.to_string())
            .fetch_optional(db)
            .await?;
    Ok(delegated.is_some())
}

/// How many municipalities the database holds.
pub async fn count(db: &Db) -> Result<i64, DataError> {
    Ok(sqlx::query_scalar("SELECT count(*) FROM municipalities")
        .fetch_one(db)
        .await?)
}

/// Sets how many days a device of the municipality may work without reaching the server,
/// noted in its admin log as done by `by` at `now`.
pub async fn set_offline_lease(
    db: &Db,
    key: &RegionalKey,
    days: u32,
    (by, now): (&str, u64),
) -> Result<(), DataError> {
    if !(1..=90).contains(&days) {
        return Err(DataError::Invalid(
            "Die Offline-Frist muss zwischen 1 und 90 Tagen liegen.".into(),
        ));
    }
    let mut tx = super::begin_write(db).await?;
    sqlx::query("UPDATE municipalities SET offline_lease_days = $1 WHERE regional_key = $2")
        .bind(i64::from(days))
        .bind(key.to_string())
        .execute(&mut *tx)
        .await?;
    let subject = format!("{days} Tage");
    super::admin_log::note(
        &mut tx,
        &key.to_string(),
        (by, now),
        AdminAction::LeaseChanged,
        &subject,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
