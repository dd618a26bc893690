//! `buergerkoffer route …`: the operator sets, lists and removes FIT-Connect routes; each is
//! checked (`routes::check`) before it is stored, and every change is in the admin log.

use super::routes::{RouteRequest, check};
use crate::config::RouteCommand;
use crate::database::admin_log::COMMAND_LINE;
use crate::database::{Db, catalogues, handover_routes};
use domain::municipality::RegionalKey;
use std::path::Path;

fn regional_key(text: &str) -> Result<RegionalKey, String> {
    RegionalKey::parse(text).map_err(|error| format!("{text}: {error}"))
}

/// `buergerkoffer route …`: FIT-Connect routes, checked before they are stored.
pub async fn run(db: &Db, command: RouteCommand) -> Result<String, String> {
    let now = crate::system_clock()();
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))
    };
    match command {
        RouteCommand::Set {
            regional_key: key,
            service,
            destination,
            key_file,
            key_valid_until,
            schema_uri,
            schema_file,
        } => {
            let key = regional_key(&key)?;
            let catalogue = catalogues::find(db, &key)
                .await
                .map_err(|error| error.to_string())?
                .ok_or_else(|| format!("Eine Gemeinde {key} gibt es nicht."))?;
            let (key_jwk, data_schema) = (read(&key_file)?, read(&schema_file)?);
            let request = RouteRequest {
                service: &service,
                destination: &destination,
                key_jwk: &key_jwk,
                key_valid_until: &key_valid_until,
                schema_uri: &schema_uri,
                data_schema: &data_schema,
            };
            let today =
                domain::forms::Date::from_unix_days(i64::try_from(now / 86_400).unwrap_or(0));
            let route =
                check(&request, &catalogue, today).map_err(|refusal| refusal.to_string())?;
            handover_routes::set(db, &route, (COMMAND_LINE, now))
                .await
                .map_err(|error| error.to_string())?;
            Ok(format!(
                "Fälle „{}“ von {key} gehen an den Zustellpunkt {} (Schlüssel gültig bis {}).",
                route.service, route.destination, route.key_valid_until
            ))
        }
        RouteCommand::List { regional_key: key } => {
            let key = regional_key(&key)?;
            let routes = handover_routes::of(db, &key)
                .await
                .map_err(|error| error.to_string())?;
            Ok(routes
                .iter()
                .map(|route| {
                    format!(
                        "{:<28} {}  Schlüssel bis {}  {}",
                        route.service, route.destination, route.key_valid_until, route.schema_uri
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"))
        }
        RouteCommand::Remove {
            regional_key: key,
            service,
        } => {
            let key = regional_key(&key)?;
            match handover_routes::remove(db, &key, &service, (COMMAND_LINE, now)).await {
                Ok(true) => Ok(format!(
                    "Fälle „{service}“ von {key} werden nicht mehr eingereicht."
                )),
                Ok(false) => Err(format!("Für „{service}“ in {key} ist kein Ziel gesetzt.")),
                Err(error) => Err(error.to_string()),
            }
        }
    }
}
