//! Passwords (Argon2id) and random bearer secrets (session tokens, device credentials), of which
//! the database keeps only SHA-256 digests.

use argon2::password_hash::SaltString;
use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// Hashes a password with Argon2id (the crate's defaults: 19 MiB, 2 passes, 1 lane — OWASP's
/// minimum recommendation) and a random salt, in PHC string form.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()?).map_err(|error| format!("salt: {error}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| format!("argon2: {error}"))
}

/// Whether `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify_password(stored_hash: &str, password: &str) -> bool {
    PasswordHash::new(stored_hash).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// Verified against when the account does not exist, so that answer takes as long as a wrong
/// password and timing does not reveal which accounts exist.
pub static DECOY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password("decoy").unwrap_or_default());

/// A fresh random secret for a bearer: 32 bytes as 64 hex digits.
pub fn new_token() -> Result<String, String> {
    Ok(domain::hex::to_hex(&random_bytes::<32>()?))
}

/// A fresh random id: 16 bytes as 32 hex digits.
pub fn new_id() -> Result<String, String> {
    Ok(domain::hex::to_hex(&random_bytes::<16>()?))
}

/// What the database stores instead of a bearer secret.
pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

fn random_bytes<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|error| format!("no randomness: {error}"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_stored_as_argon2id_and_verify() {
        let hash = hash_password("Koffer-Übung-1").expect("hash");
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(!hash.contains("Koffer"));
        assert!(verify_password(&hash, "Koffer-Übung-1"));
        assert!(!verify_password(&hash, "koffer-übung-1"));
        assert!(!verify_password("not a hash", "Koffer-Übung-1"));
    }

    #[test]
    fn same_password_gets_a_different_salt() {
        assert_ne!(
            hash_password("gleich").expect("hash"),
            hash_password("gleich").expect("hash")
        );
    }

    #[test]
    fn tokens_are_random_hex_and_stored_as_digests() {
        let token = new_token().expect("token");
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(token, new_token().expect("token"));
        assert_eq!(digest(&token).len(), 32);
        assert_eq!(new_id().expect("id").len(), 32);
    }
}
