//! FIT-Connect routes: per municipality and service, the destination its cases are submitted
//! to, with the destination's key and the schema of the data it expects (checked by
//! `fitconnect::routes` before they are stored here). Devices hold the schemas with the
//! catalogue (`catalogues::for_devices`), so each change raises the catalogue's version.

use super::{DataError, Db, admin_log, begin_write, catalogues, to_i64};
use domain::municipality::RegionalKey;
use domain::wire::AdminAction;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Route {
    pub municipality: String,
    pub service: String,
    /// The destination's id (a UUID).
    pub destination: String,
    /// Its public encryption key as a JWK.
    pub key_jwk: String,
    /// The last day the key is valid (ISO).
    pub key_valid_until: String,
    pub schema_uri: String,
    /// The JSON schema the data must satisfy.
    pub data_schema: String,
}

/// Stores `route` in place of the service's route before, and notes it in the log.
pub async fn set(db: &Db, route: &Route, (by, now): (&str, u64)) -> Result<(), DataError> {
    let mut tx = begin_write(db).await?;
    sqlx::query(
        "INSERT INTO handover_routes (municipality, service, destination, key_jwk,
             key_valid_until, schema_uri, data_schema, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (municipality, service) DO UPDATE SET destination = excluded.destination,
             key_jwk = excluded.key_jwk, key_valid_until = excluded.key_valid_until,
             schema_uri = excluded.schema_uri, data_schema = excluded.data_schema,
             updated_at = excluded.updated_at",
    )
    .bind(&route.municipality)
    .bind(&route.service)
    .bind(&route.destination)
    .bind(&route.key_jwk)
    .bind(&route.key_valid_until)
    .bind(&route.schema_uri)
    .bind(&route.data_schema)
    .bind(to_i64(now))
    .execute(&mut *tx)
    .await?;
    catalogues::raise_version(&mut tx, &route.municipality).await?;
    let subject = format!("{} → {}", route.service, route.destination);
    admin_log::note(
        &mut tx,
        &route.municipality,
        (by, now),
        AdminAction::RouteSet,
        &subject,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

const COLUMNS: &str = "municipality, service, destination, key_jwk, key_valid_until, schema_uri,
     data_schema";

/// The route of `service` in `municipality`, if one is set.
pub async fn find(
    db: &Db,
    municipality: &RegionalKey,
    service: &str,
) -> Result<Option<Route>, DataError> {
    let sql =
        format!("SELECT {COLUMNS} FROM handover_routes WHERE municipality = $1 AND service = $2");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .bind(service)
        .fetch_optional(db)
        .await?)
}

/// Every route of `municipality`, by service.
pub async fn of(db: &Db, municipality: &RegionalKey) -> Result<Vec<Route>, DataError> {
    let sql =
        format!("SELECT {COLUMNS} FROM handover_routes WHERE municipality = $1 ORDER BY service");
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(municipality.to_string())
        .fetch_all(db)
        .await?)
}

/// Removes the route of `service`; whether there was one.
pub async fn remove(
    db: &Db,
    municipality: &RegionalKey,
    service: &str,
    (by, now): (&str, u64),
) -> Result<bool, DataError> {
    let mut tx = begin_write(db).await?;
    let removed =
        sqlx::query("DELETE FROM handover_routes WHERE municipality = $1 AND service = $2")
            .bind(municipality.to_string())
            .bind(service)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
    if removed {
        catalogues::raise_version(&mut tx, &municipality.to_string()).await?;
        admin_log::note(
            &mut tx,
            &municipality.to_string(),
            (by, now),
            AdminAction::RouteRemoved,
            service,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(removed)
}
