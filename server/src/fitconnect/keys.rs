//! A destination's public encryption key as the operator sets it (a JWK): checked before it is
//! ever used — RSA, meant for RSA-OAEP-256 and for wrapping keys, at least 4096 bits as
//! FIT-Connect requires, and public only.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::{BigUint, RsaPublicKey, traits::PublicKeyParts};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::fmt;

/// FIT-Connect's least key size.
pub const MIN_BITS: usize = 4096;

/// A checked destination key: the RSA key and the id its JWEs name it by.
#[derive(Debug, Clone)]
pub struct DestinationKey {
    pub public: RsaPublicKey,
    pub kid: String,
}

/// Why a JWK cannot be a destination's encryption key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRefusal {
    NotAJwk(String),
    NotRsa,
    Private,
    WrongAlgorithm(String),
    NotForWrapping,
    Malformed,
    TooShort(usize),
}

impl fmt::Display for KeyRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAJwk(why) => write!(f, "Der Schlüssel ist kein JWK: {why}."),
            Self::NotRsa => write!(
                f,
                "Der Schlüssel der Zielstelle muss ein RSA-Schlüssel sein (kty „RSA“): FIT-Connect verschlüsselt mit RSA-OAEP-256."
            ),
            Self::Private => write!(
                f,
                "Das ist ein privater Schlüssel. Hier gehört nur der öffentliche Schlüssel der Zielstelle hin; der private bleibt bei ihr."
            ),
            Self::WrongAlgorithm(alg) => write!(
                f,
                "Der Schlüssel ist für „{alg}“ bestimmt, nicht für RSA-OAEP-256."
            ),
            Self::NotForWrapping => write!(
                f,
                "Der Schlüssel erlaubt kein Verschlüsseln (key_ops ohne „wrapKey“, oder use nicht „enc“)."
            ),
            Self::Malformed => write!(
                f,
                "Modulus oder Exponent des Schlüssels sind kein gültiges Base64url."
            ),
            Self::TooShort(bits) => write!(
                f,
                "Der Schlüssel hat {bits} Bit; FIT-Connect verlangt mindestens {MIN_BITS}."
            ),
        }
    }
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    n: Option<String>,
    e: Option<String>,
    d: Option<String>,
    alg: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
    key_ops: Option<Vec<String>>,
    kid: Option<String>,
}

impl DestinationKey {
    /// Reads and checks a JWK given as JSON text.
    pub fn from_jwk(text: &str) -> Result<Self, KeyRefusal> {
        let jwk: Jwk =
            serde_json::from_str(text).map_err(|error| KeyRefusal::NotAJwk(error.to_string()))?;
        if jwk.kty != "RSA" {
            return Err(KeyRefusal::NotRsa);
        }
        if jwk.d.is_some() {
            return Err(KeyRefusal::Private);
        }
        if let Some(alg) = jwk.alg.filter(|alg| alg != "RSA-OAEP-256") {
            return Err(KeyRefusal::WrongAlgorithm(alg));
        }
        let wraps = jwk
            .key_ops
            .as_ref()
            .is_none_or(|ops| ops.iter().any(|op| op == "wrapKey"));
        if !wraps || jwk.usage.as_deref().is_some_and(|usage| usage != "enc") {
            return Err(KeyRefusal::NotForWrapping);
        }
        let number = |text: &Option<String>| {
            URL_SAFE_NO_PAD
                .decode(text.as_deref().unwrap_or_default())
                .ok()
                .filter(|bytes| !bytes.is_empty())
        };
        let (Some(n), Some(e)) = (number(&jwk.n), number(&jwk.e)) else {
            return Err(KeyRefusal::Malformed);
        };
        let modulus = BigUint::from_bytes_be(&n);
        let bits = modulus.bits();
        if bits < MIN_BITS {
            return Err(KeyRefusal::TooShort(bits));
        }
        let public = RsaPublicKey::new(modulus, BigUint::from_bytes_be(&e))
            .map_err(|_| KeyRefusal::Malformed)?;
        let kid = jwk.kid.unwrap_or_else(|| thumbprint(&public));
        Ok(DestinationKey { public, kid })
    }
}

/// The key's RFC 7638 thumbprint (SHA-256, base64url), its id where the JWK names none.
fn thumbprint(key: &RsaPublicKey) -> String {
    let encode = |number: &BigUint| URL_SAFE_NO_PAD.encode(number.to_bytes_be());
    let canonical = format!(
        r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
        encode(key.e()),
        encode(key.n())
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}
