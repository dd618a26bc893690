//! A FIT-Connect route as the operator sets it, checked before it is stored: a service of the
//! municipality's catalogue with a LeiKa key (FIT-Connect names services by it), a destination
//! id, a key FIT-Connect accepts and still valid, and the destination's data schema. And the
//! route as the sender uses it: a key past its last day is not used.

use super::keys::{DestinationKey, KeyRefusal};
use crate::database::handover_routes::Route;
use domain::catalogue::Catalogue;
use domain::forms::Date;
use domain::handover::schema::{self, SchemaError};
use std::fmt;

/// Why a route cannot be set or used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteRefusal {
    UnknownService(String),
    NoLeikaKey(String),
    NotADestination(String),
    Key(KeyRefusal),
    NotADay(String),
    KeyExpired(Date),
    NotASchemaUri(String),
    NotASchema(String),
    /// The schema uses what the check before sending cannot check (`domain::handover::schema`).
    SchemaUnchecked(SchemaError),
}

impl fmt::Display for RouteRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownService(service) => write!(
                f,
                "Eine Leistung „{service}“ gibt es im Katalog dieser Gemeinde nicht."
            ),
            Self::NoLeikaKey(service) => write!(
                f,
                "Für „{service}“ steht kein LeiKa-Schlüssel im Katalog; FIT-Connect nimmt eine Einreichung nur mit ihm an. Bitte zuerst den Schlüssel in den Katalog eintragen."
            ),
            Self::NotADestination(text) => write!(
                f,
                "„{text}“ ist keine Zustellpunkt-Id: erwartet wird eine UUID wie 8a1f0a86-3c7b-4d3e-9f5e-0123456789ab."
            ),
            Self::Key(refusal) => refusal.fmt(f),
            Self::NotADay(text) => {
                write!(f, "„{text}“ ist kein Datum; erwartet wird JJJJ-MM-TT.")
            }
            Self::KeyExpired(day) => write!(
                f,
                "Der Schlüssel der Zielstelle galt bis zum {}; mit ihm wird nichts mehr verschlüsselt. Bitte den aktuellen Schlüssel der Zielstelle eintragen.",
                day.german()
            ),
            Self::NotASchemaUri(text) => write!(
                f,
                "„{text}“ ist keine Schema-URI: erwartet wird eine Adresse (https://…) oder eine URN (urn:…)."
            ),
            Self::NotASchema(why) => write!(
                f,
                "Das Datenschema ist kein JSON-Schema (ein JSON-Objekt): {why}."
            ),
            Self::SchemaUnchecked(SchemaError::Unsupported { keyword, at }) => write!(
                f,
                "Das Datenschema verlangt bei {at} „{keyword}“; das prüft der Bürgerkoffer vor dem Senden nicht, also nimmt er das Schema nicht an. Erlaubt sind type, properties, required, additionalProperties, items, minItems, maxItems, enum, const, minLength, maxLength, minimum, maximum, allOf, anyOf und $ref in $defs."
            ),
            Self::SchemaUnchecked(SchemaError::UnknownReference(reference)) => write!(
                f,
                "Das Datenschema verweist auf „{reference}“, das es in seinen $defs nicht gibt."
            ),
            Self::SchemaUnchecked(SchemaError::ReferenceLoop(reference)) => write!(
                f,
                "Das Datenschema führt über „{reference}“ im Kreis zu sich selbst zurück, ohne eine Ebene tiefer zu gehen; so ließe es sich nie zu Ende prüfen."
            ),
            Self::SchemaUnchecked(SchemaError::Malformed { at }) => {
                write!(f, "Das Datenschema ist bei {at} kein gültiges Schema.")
            }
        }
    }
}

/// A route as asked for, before its checks.
pub struct RouteRequest<'a> {
    pub service: &'a str,
    pub destination: &'a str,
    pub key_jwk: &'a str,
    pub key_valid_until: &'a str,
    pub schema_uri: &'a str,
    pub data_schema: &'a str,
}

/// `request` checked against `catalogue` on `today`: the route to store.
pub fn check(
    request: &RouteRequest,
    catalogue: &Catalogue,
    today: Date,
) -> Result<Route, RouteRefusal> {
    let service = catalogue
        .service(request.service)
        .ok_or_else(|| RouteRefusal::UnknownService(request.service.to_owned()))?;
    if service.leika.is_none() {
        return Err(RouteRefusal::NoLeikaKey(service.title.de.clone()));
    }
    let destination = request.destination.trim().to_ascii_lowercase();
    if !is_uuid(&destination) {
        return Err(RouteRefusal::NotADestination(
            request.destination.to_owned(),
        ));
    }
    DestinationKey::from_jwk(request.key_jwk).map_err(RouteRefusal::Key)?;
    let valid_until = Date::parse_iso(request.key_valid_until.trim())
        .ok_or_else(|| RouteRefusal::NotADay(request.key_valid_until.to_owned()))?;
    if valid_until < today {
        return Err(RouteRefusal::KeyExpired(valid_until));
    }
    let schema_uri = request.schema_uri.trim();
    let uri_like = ["https://", "http://", "urn:"]
        .iter()
        .any(|start| schema_uri.starts_with(start))
        && schema_uri.len() > 8
        && !schema_uri.contains(char::is_whitespace);
    if !uri_like {
        return Err(RouteRefusal::NotASchemaUri(request.schema_uri.to_owned()));
    }
    match serde_json::from_str::<serde_json::Value>(request.data_schema) {
        Ok(schema) if schema.is_object() => {
            schema::check(&schema).map_err(RouteRefusal::SchemaUnchecked)?;
        }
        Ok(_) => return Err(RouteRefusal::NotASchema("kein Objekt".into())),
        Err(error) => return Err(RouteRefusal::NotASchema(error.to_string())),
    }
    Ok(Route {
        municipality: catalogue.municipality.clone(),
        service: service.id.clone(),
        destination,
        key_jwk: request.key_jwk.trim().to_owned(),
        key_valid_until: valid_until.iso(),
        schema_uri: schema_uri.to_owned(),
        data_schema: request.data_schema.to_owned(),
    })
}

/// The key to encrypt with on `today`: refused once past its last day (or if it no longer
/// reads, which the check when setting it rules out).
pub fn key_for(route: &Route, today: Date) -> Result<DestinationKey, RouteRefusal> {
    let valid_until = Date::parse_iso(&route.key_valid_until)
        .ok_or_else(|| RouteRefusal::NotADay(route.key_valid_until.clone()))?;
    if valid_until < today {
        return Err(RouteRefusal::KeyExpired(valid_until));
    }
    DestinationKey::from_jwk(&route.key_jwk).map_err(RouteRefusal::Key)
}

/// Whether `text` is a UUID in its usual form (8-4-4-4-12 lower-case hex digits).
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, length)| {
            group.len() == length && group.bytes().all(|b| b.is_ascii_hexdigit())
        })
}
