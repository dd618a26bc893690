//! The sending side of the Submission API (v1, the paths FITKO's test SDK calls): a token by
//! OAuth client credentials, then for one submission: announce it with its attachments' ids,
//! upload each attachment as JWE, send metadata and data as JWE; later, read its event log.
//! Blocking HTTP (run it off the async runtime); every answer but the expected is an error that
//! says which step refused and why.

use super::events::{Decision, KeySet, decision};
use super::jwe::{self, Content};
use super::keys::DestinationKey;
use super::metadata::{Part, Purpose, describe, uuid_v4};
use serde::Deserialize;
use serde_json::json;
use std::fmt;
use std::time::Duration;

/// The operator's FIT-Connect settings: where the Submission API and the token endpoint are, and
/// the OAuth client of this server.
#[derive(Debug, Clone)]
pub struct Settings {
    /// e.g. `https://submission-api-testing.fit-connect.fitko.dev`; the paths begin with `/v1`.
    pub submission_url: String,
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
}

/// A step of the API that did not answer as it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    pub step: &'static str,
    pub why: String,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FIT-Connect ({}): {}", self.step, self.why)
    }
}

/// One part of the submission besides the data.
pub struct Attachment {
    pub filename: String,
    pub media_type: String,
    pub purpose: Purpose,
    pub bytes: Vec<u8>,
}

/// Everything one submission carries.
pub struct Outgoing {
    pub destination: String,
    pub key: DestinationKey,
    /// The service's name and LeiKa URN.
    pub service: (String, String),
    /// The data (JSON) and its schema's URI.
    pub data: (Vec<u8>, String),
    pub attachments: Vec<Attachment>,
    /// The case's number and the day the citizen applied (ISO).
    pub reference: (String, String),
}

/// What the submission service named the submission.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submitted {
    pub submission_id: String,
    pub case_id: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Reads an answer whole; anything but `expected` fails with the body's own words.
fn answer(
    step: &'static str,
    expected: &[u16],
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<String, Failed> {
    let failed = |why: String| Failed { step, why };
    let mut response = response.map_err(|error| failed(format!("nicht erreichbar ({error})")))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|error| failed(error.to_string()))?;
    if !expected.contains(&status) {
        let said: Option<String> = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|problem| {
                let text = |key: &str| problem.get(key)?.as_str().map(str::to_owned);
                text("detail")
                    .or_else(|| text("title"))
                    .or_else(|| text("error"))
            });
        return Err(failed(format!(
            "HTTP {status}{}",
            said.map(|s| format!(", {s}")).unwrap_or_default()
        )));
    }
    Ok(body)
}

fn parse<'a, T: Deserialize<'a>>(step: &'static str, body: &'a str) -> Result<T, Failed> {
    serde_json::from_str(body).map_err(|error| Failed {
        step,
        why: format!("unerwartete Antwort ({error})"),
    })
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

/// A bearer token for this server's OAuth client.
fn token(agent: &ureq::Agent, settings: &Settings) -> Result<String, Failed> {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", settings.client_id.as_str()),
        ("client_secret", settings.client_secret.as_str()),
    ];
    let body = answer(
        "Anmeldung",
        &[200],
        agent.post(&settings.token_url).send_form(form),
    )?;
    let token: Token = parse("Anmeldung", &body)?;
    Ok(format!("Bearer {}", token.access_token))
}

/// Announces, uploads and sends one submission.
pub fn send(settings: &Settings, outgoing: &Outgoing) -> Result<Submitted, Failed> {
    let agent = agent();
    let bearer = token(&agent, settings)?;
    let base = settings.submission_url.trim_end_matches('/');
    let encrypting = |why: String| Failed {
        step: "Verschlüsselung",
        why,
    };
    let ids = outgoing
        .attachments
        .iter()
        .map(|_| uuid_v4())
        .collect::<Result<Vec<_>, _>>()
        .map_err(encrypting)?;
    let (service_name, leika) = &outgoing.service;
    let announced = answer(
        "Ankündigung",
        &[201],
        agent
            .post(format!("{base}/v1/submissions"))
            .header("authorization", &bearer)
            .send_json(json!({
                "destinationId": outgoing.destination,
                "announcedAttachments": ids,
                "serviceType": { "name": service_name, "identifier": leika },
            })),
    )?;
    let submitted: Submitted = parse("Ankündigung", &announced)?;
    let sid = &submitted.submission_id;
    for (id, attachment) in ids.iter().zip(&outgoing.attachments) {
        let sealed = jwe::encrypt(
            &attachment.bytes,
            &outgoing.key,
            Content::Bytes(&attachment.media_type),
        )
        .map_err(encrypting)?;
        answer(
            "Anlage",
            &[200, 204],
            agent
                .put(format!("{base}/v1/submissions/{sid}/attachments/{id}"))
                .header("authorization", &bearer)
                .header("content-type", "application/jose")
                .send(sealed),
        )?;
    }
    let parts: Vec<Part> = ids
        .iter()
        .zip(&outgoing.attachments)
        .map(|(id, attachment)| Part {
            id,
            filename: &attachment.filename,
            media_type: &attachment.media_type,
            purpose: attachment.purpose,
            bytes: &attachment.bytes,
        })
        .collect();
    let (data, schema_uri) = &outgoing.data;
    let (number, applied_on) = &outgoing.reference;
    let metadata = describe(
        (service_name, leika),
        (data, schema_uri),
        &parts,
        (number, applied_on),
    );
    let metadata = serde_json::to_vec(&metadata).map_err(|e| encrypting(e.to_string()))?;
    let encrypted_metadata =
        jwe::encrypt(&metadata, &outgoing.key, Content::Json).map_err(encrypting)?;
    let encrypted_data = jwe::encrypt(data, &outgoing.key, Content::Json).map_err(encrypting)?;
    answer(
        "Absenden",
        &[200, 202],
        agent
            .put(format!("{base}/v1/submissions/{sid}"))
            .header("authorization", &bearer)
            .send_json(json!({
                "encryptedMetadata": encrypted_metadata,
                "encryptedData": encrypted_data,
            })),
    )?;
    Ok(submitted)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventLog {
    event_log: Vec<String>,
}

/// The destination's decision on `submitted` so far, from its verified event log.
pub fn decided(settings: &Settings, submitted: &Submitted) -> Result<Option<Decision>, Failed> {
    let agent = agent();
    let bearer = token(&agent, settings)?;
    let base = settings.submission_url.trim_end_matches('/');
    let body = answer(
        "Ereignisse",
        &[200],
        agent
            .get(format!("{base}/v1/cases/{}/events", submitted.case_id))
            .header("authorization", &bearer)
            .call(),
    )?;
    let log: EventLog = parse("Ereignisse", &body)?;
    let keys = answer(
        "Schlüssel",
        &[200],
        agent.get(format!("{base}/.well-known/jwks.json")).call(),
    )?;
    let keys: KeySet = parse("Schlüssel", &keys)?;
    decision(&log.event_log, &keys, &submitted.submission_id).map_err(|why| Failed {
        step: "Ereignisse",
        why,
    })
}
