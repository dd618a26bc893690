//! JWE as FIT-Connect wants it (RFC 7516, compact serialization): a fresh 256-bit content key
//! wrapped with RSA-OAEP-256 for the destination's public key, the content encrypted with
//! A256GCM, the protected header as the additional authenticated data. Only the destination,
//! holding the private key, reads it.

use super::keys::DestinationKey;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand_core::{OsRng, RngCore};
use rsa::Oaep;
use sha2::Sha256;

/// What a JWE's content is: JSON (metadata, data) or an attachment's own type.
pub enum Content<'a> {
    Json,
    Bytes(&'a str),
}

/// `plaintext` encrypted for `key`, as a compact JWE.
pub fn encrypt(plaintext: &[u8], key: &DestinationKey, content: Content) -> Result<String, String> {
    let mut header = serde_json::json!({
        "alg": "RSA-OAEP-256",
        "enc": "A256GCM",
        "kid": key.kid,
    });
    header["cty"] = match content {
        Content::Json => "application/json".into(),
        Content::Bytes(media_type) => media_type.into(),
    };
    let header = URL_SAFE_NO_PAD.encode(header.to_string());
    let mut content_key = [0u8; 32];
    OsRng.fill_bytes(&mut content_key);
    let mut nonce = [0u8; 12];
    OsRng.fill_bytes(&mut nonce);
    let wrapped = key
        .public
        .encrypt(&mut OsRng, Oaep::new::<Sha256>(), &content_key)
        .map_err(|error| format!("RSA-OAEP-256: {error}"))?;
    let cipher = Aes256Gcm::new_from_slice(&content_key).map_err(|error| error.to_string())?;
    let mut sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: header.as_bytes(),
            },
        )
        .map_err(|_| "A256GCM: encryption failed".to_owned())?;
    // AES-GCM appends its 16-byte tag; JWE carries it as a part of its own.
    let tag = sealed.split_off(sealed.len() - 16);
    Ok([
        header,
        URL_SAFE_NO_PAD.encode(wrapped),
        URL_SAFE_NO_PAD.encode(nonce),
        URL_SAFE_NO_PAD.encode(sealed),
        URL_SAFE_NO_PAD.encode(tag),
    ]
    .join("."))
}
