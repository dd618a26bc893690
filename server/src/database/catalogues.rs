//! The service catalogue of each municipality, versioned: the standard one every new
//! municipality starts with, the operator's replacements (checked before they are taken), and
//! what a person's devices read (their municipality's and those it serves).

use super::{DataError, Db, admin_log};
use domain::catalogue::{Catalogue, Service, SubmissionCheck};
use domain::municipality::RegionalKey;
use domain::wire::AdminAction;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

/// The services every new municipality starts with.
pub const STANDARD: &str = include_str!("../../catalogue/standard.json");

/// What the operator writes and the database keeps: everything of a catalogue but the
/// municipality's identity and the version, which the server owns.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CatalogueBody {
    #[serde(default)]
    pub places: Vec<String>,
    /// Of `places`, those where two people go.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub two_clerk_places: Vec<String>,
    pub services: Vec<Service>,
}

/// The catalogues of `municipality` and of those it serves by delegation, as a person's devices
/// hold them (`for_devices`): its own first, then the others by name.
pub async fn of_person(db: &Db, municipality: &RegionalKey) -> Result<Vec<Catalogue>, DataError> {
    let rows: Vec<CatalogueRow> = sqlx::query_as(
        "SELECT c.municipality, m.name, c.version, c.body FROM catalogues c
           JOIN municipalities m ON m.regional_key = c.municipality
          WHERE c.municipality = $1
             OR c.municipality IN (SELECT served FROM delegations WHERE serving = $1)
          ORDER BY CASE WHEN c.municipality = $1 THEN 0 ELSE 1 END, m.name",
    )
    .bind(municipality.to_string())
    .fetch_all(db)
    .await?;
    let mut catalogues = Vec::with_capacity(rows.len());
    for row in rows {
        catalogues.push(for_devices(db, catalogue(row)?).await?);
    }
    Ok(catalogues)
}

/// `catalogue` as devices hold it: with the schemas its services' FIT-Connect destinations
/// check their data against, so the laptop checks a case before it is finished. A route's
/// change raises the catalogue's version (`raise_version`), so devices fetch it again.
pub async fn for_devices(db: &Db, mut catalogue: Catalogue) -> Result<Catalogue, DataError> {
    let routes: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT service, schema_uri, data_schema FROM handover_routes
          WHERE municipality = $1 ORDER BY service",
    )
    .bind(&catalogue.municipality)
    .fetch_all(db)
    .await?;
    catalogue.submission_checks = routes
        .into_iter()
        .map(|(service, schema_uri, schema_json)| SubmissionCheck {
            service,
            schema_uri,
            schema_json,
        })
        .collect();
    Ok(catalogue)
}

/// Raises the version of `municipality`'s catalogue where what devices hold of it changed
/// besides its body (a FIT-Connect route).
pub async fn raise_version(
    tx: &mut Transaction<'_, Any>,
    municipality: &str,
) -> Result<(), DataError> {
    sqlx::query("UPDATE catalogues SET version = version + 1 WHERE municipality = $1")
        .bind(municipality)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Regionalschlüssel, name, version, body (places and services).
type CatalogueRow = (String, String, i64, String);

fn catalogue((municipality, name, version, body): CatalogueRow) -> Result<Catalogue, DataError> {
    let body: CatalogueBody = serde_json::from_str(&body)
        .map_err(|error| DataError::Corrupt(format!("stored catalogue unreadable: {error}")))?;
    Ok(Catalogue {
        municipality,
        municipality_name: name,
        version: u32::try_from(version).unwrap_or(u32::MAX),
        places: body.places,
        two_clerk_places: body.two_clerk_places,
        services: body.services,
        submission_checks: Vec::new(),
    })
}

pub async fn find<'e, E>(db: E, regional_key: &RegionalKey) -> Result<Option<Catalogue>, DataError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<CatalogueRow> = sqlx::query_as(
        "SELECT c.municipality, m.name, c.version, c.body FROM catalogues c
         JOIN municipalities m ON m.regional_key = c.municipality WHERE c.municipality = $1",
    )
    .bind(regional_key.to_string())
    .fetch_optional(db)
    .await?;
    row.map(catalogue).transpose()
}

/// Checks a catalogue file; the message names every mistake, and nothing is stored.
pub fn parse(json: &str) -> Result<CatalogueBody, DataError> {
    let body: CatalogueBody = serde_json::from_str(json).map_err(|error| {
        DataError::Invalid(format!("Der Katalog ist kein gültiges JSON: {error}"))
    })?;
    check(body)
}

/// Checks a catalogue as read; the message names every mistake.
pub fn check(body: CatalogueBody) -> Result<CatalogueBody, DataError> {
    let probe = Catalogue {
        municipality: String::new(),
        municipality_name: String::new(),
        version: 1,
        places: body.places,
        two_clerk_places: body.two_clerk_places,
        services: body.services,
        submission_checks: Vec::new(),
    };
    let mistakes = probe.mistakes();
    if !mistakes.is_empty() {
        return Err(DataError::Invalid(format!(
            "Der Katalog hat Fehler: {}",
            mistakes.join("; ")
        )));
    }
    Ok(CatalogueBody {
        places: probe.places,
        two_clerk_places: probe.two_clerk_places,
        services: probe.services,
    })
}

/// Stores `body` as the municipality's catalogue: version 1 if it had none, else one higher.
/// Returns the new version.
async fn store(
    tx: &mut Transaction<'_, Any>,
    key: &RegionalKey,
    body: &CatalogueBody,
) -> Result<u32, DataError> {
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM municipalities WHERE regional_key = $1")
            .bind(key.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    if exists.is_none() {
        return Err(DataError::Invalid(format!(
            "Die Gemeinde {key} gibt es nicht."
        )));
    }
    let json =
        serde_json::to_string(body).map_err(|error| DataError::Invalid(error.to_string()))?;
    let version: i64 = sqlx::query_scalar(
        "INSERT INTO catalogues (municipality, version, body) VALUES ($1, 1, $2)
         ON CONFLICT (municipality) DO UPDATE SET version = catalogues.version + 1, body = excluded.body
         RETURNING version",
    )
    .bind(key.to_string())
    .bind(json)
    .fetch_one(&mut **tx)
    .await?;
    Ok(u32::try_from(version).unwrap_or(u32::MAX))
}

/// Replaces the municipality's catalogue by `body` (checked by `parse` or `check`), noted in its
/// admin log as done by `by` at `now`. Returns the new version, which devices fetch.
pub async fn replace(
    db: &Db,
    key: &RegionalKey,
    body: &CatalogueBody,
    (by, now): (&str, u64),
) -> Result<u32, DataError> {
    let mut tx = super::begin_write(db).await?;
    let version = store(&mut tx, key, body).await?;
    let subject = format!("Version {version}");
    admin_log::note(
        &mut tx,
        &key.to_string(),
        (by, now),
        AdminAction::CatalogueReplaced,
        &subject,
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Sets where the Koffer is set up: a new version of the catalogue with its services as they
/// are. Returns the new version.
pub async fn set_places(
    db: &Db,
    key: &RegionalKey,
    (places, two_clerks): (&[String], &[String]),
    (by, now): (&str, u64),
) -> Result<u32, DataError> {
    let named = |names: &[String]| -> Vec<String> {
        names
            .iter()
            .map(|place| place.trim().to_owned())
            .filter(|place| !place.is_empty())
            .collect()
    };
    let (places, two_clerk_places) = (named(places), named(two_clerks));
    if places.is_empty() {
        return Err(DataError::Invalid(
            "Mindestens ein Ort wird gebraucht, an dem der Koffer aufgebaut wird.".into(),
        ));
    }
    if let Some(stranger) = two_clerk_places.iter().find(|p| !places.contains(p)) {
        return Err(DataError::Invalid(format!(
            "„{stranger}“ ist keiner der Orte. Zwei Personen lassen sich nur für einen der Orte \
             vorsehen."
        )));
    }
    let mut tx = super::begin_write(db).await?;
    let services = find(&mut *tx, key)
        .await?
        .map(|catalogue| catalogue.services)
        .unwrap_or_default();
    let body = check(CatalogueBody {
        places: places.clone(),
        two_clerk_places,
        services,
    })?;
    let version = store(&mut tx, key, &body).await?;
    admin_log::note(
        &mut tx,
        &key.to_string(),
        (by, now),
        AdminAction::PlacesChanged,
        &places.join("; "),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}

/// Gives a new municipality the standard services, to be set up at `places`.
pub async fn install_standard(
    db: &Db,
    key: &RegionalKey,
    places: Vec<String>,
) -> Result<u32, DataError> {
    let mut body = parse(STANDARD)?;
    body.places = places;
    let mut tx = super::begin_write(db).await?;
    let version = store(&mut tx, key, &body).await?;
    tx.commit().await?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::catalogue::OfflinePolicy;

    #[test]
    fn the_standard_catalogue_is_sound_and_honest_about_its_keys() {
        let body = parse(STANDARD).expect("standard catalogue parses without mistakes");
        assert!(
            body.services.len() >= 12,
            "{} services",
            body.services.len()
        );
        let anmeldung = body
            .services
            .iter()
            .find(|s| s.id == "anmeldung")
            .expect("anmeldung");
        assert_eq!(anmeldung.leika.as_deref(), Some("99115005104000"));
        assert!(anmeldung.leika_confirmed);
        assert!(anmeldung.paper_form.is_some());
        // Only the key confirmed in the federal directory may claim so.
        let confirmed: Vec<_> = body.services.iter().filter(|s| s.leika_confirmed).collect();
        assert_eq!(confirmed.len(), 1);
        // The register information needs the register: never offline.
        let certificate = body
            .services
            .iter()
            .find(|s| s.id == "meldebescheinigung")
            .expect("mb");
        assert_eq!(certificate.offline, OfflinePolicy::NeedsConnection);
        for service in &body.services {
            assert!(
                !service.fee_basis.is_empty(),
                "{} names its fee basis",
                service.id
            );
            assert!(!service.title.de.is_empty() && !service.title.en.is_empty());
        }
    }

    #[test]
    fn a_catalogue_with_mistakes_is_refused_naming_them() {
        let wrong = STANDARD.replacen("\"id\": \"ummeldung\"", "\"id\": \"anmeldung\"", 1);
        let Err(DataError::Invalid(message)) = parse(&wrong) else {
            panic!("a repeated id must be refused");
        };
        assert!(message.contains("anmeldung repeats"), "{message}");
        assert!(matches!(
            parse("{\"services\": 3}"),
            Err(DataError::Invalid(_))
        ));
    }
}
