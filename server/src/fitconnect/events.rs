//! A submission's event log as FIT-Connect keeps it: Security Event Tokens (RFC 8417), each a
//! JWS signed PS512 by the submission service or the destination, whose public keys the service
//! publishes as a JWK set. A token is believed only once its signature holds; what it says is
//! then read: the destination accepted the submission, or rejected it with problem details.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pss::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use serde::Deserialize;
use serde_json::Value;
use sha2::Sha512;

/// Where the event names are rooted.
const EVENTS: &str = "https://schema.fitko.de/fit-connect/events/";

/// What a destination decided about a submission, as far as the log says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Accepted,
    /// With each problem's title and detail.
    Rejected(Vec<String>),
}

#[derive(Deserialize)]
pub struct KeySet {
    keys: Vec<SigningKey>,
}

#[derive(Deserialize)]
struct SigningKey {
    kid: Option<String>,
    kty: String,
    n: Option<String>,
    e: Option<String>,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    typ: Option<String>,
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    events: serde_json::Map<String, Value>,
}

impl KeySet {
    fn key(&self, kid: &str) -> Option<RsaPublicKey> {
        let key = self
            .keys
            .iter()
            .find(|key| key.kty == "RSA" && key.kid.as_deref() == Some(kid))?;
        let number = |text: &Option<String>| {
            URL_SAFE_NO_PAD
                .decode(text.as_deref()?)
                .ok()
                .map(|bytes| BigUint::from_bytes_be(&bytes))
        };
        RsaPublicKey::new(number(&key.n)?, number(&key.e)?).ok()
    }
}

/// The signed claims of one token, if its signature holds for a key of `keys`.
fn verified(token: &str, keys: &KeySet) -> Result<Claims, String> {
    let mut pieces = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (pieces.next(), pieces.next(), pieces.next(), pieces.next())
    else {
        return Err("kein JWS in kompakter Form".into());
    };
    let decode = |piece: &str| URL_SAFE_NO_PAD.decode(piece).map_err(|e| e.to_string());
    let head: Header = serde_json::from_slice(&decode(header)?).map_err(|e| e.to_string())?;
    if head.alg != "PS512" || head.typ.as_deref() != Some("secevent+jwt") {
        return Err(format!("unerwarteter Token-Typ {}", head.alg));
    }
    let key = head
        .kid
        .as_deref()
        .and_then(|kid| keys.key(kid))
        .ok_or("der Schlüssel des Tokens ist nicht veröffentlicht")?;
    let signature =
        Signature::try_from(decode(signature)?.as_slice()).map_err(|e| e.to_string())?;
    VerifyingKey::<Sha512>::new(key)
        .verify(format!("{header}.{payload}").as_bytes(), &signature)
        .map_err(|_| "die Signatur des Tokens stimmt nicht".to_owned())?;
    serde_json::from_slice(&decode(payload)?).map_err(|e| e.to_string())
}

/// The destination's decision on `submission` in `log`, if it has made one. A token whose
/// signature does not hold is an error: the log cannot be trusted then.
pub fn decision(
    log: &[String],
    keys: &KeySet,
    submission: &str,
) -> Result<Option<Decision>, String> {
    let subject = format!("submission:{submission}");
    let mut decided = None;
    for token in log {
        let claims = verified(token, keys)?;
        if claims.sub != subject {
            continue;
        }
        for (event, body) in &claims.events {
            match event.strip_prefix(EVENTS) {
                Some("accept-submission") => decided = Some(Decision::Accepted),
                Some("reject-submission") => {
                    let problems = body
                        .get("problems")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .map(|problem| {
                            let text = |key: &str| problem.get(key).and_then(Value::as_str);
                            match (text("title"), text("detail")) {
                                (Some(title), Some(detail)) => format!("{title}: {detail}"),
                                (title, detail) => {
                                    title.or(detail).unwrap_or("ohne Angabe").to_owned()
                                }
                            }
                        })
                        .collect();
                    decided = Some(Decision::Rejected(problems));
                }
                _ => {}
            }
        }
    }
    Ok(decided)
}
