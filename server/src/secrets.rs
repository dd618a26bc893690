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

/// A fresh one-time code that enrols a terminal: 80 random bits as four groups of Crockford's
/// base32, short enough to type on a kiosk's screen, and valid for an hour only.
pub fn new_terminal_code() -> Result<String, String> {
    let code = domain::tours::booking::code;
    Ok(format!(
        "{}-{}",
        code(random_bytes::<5>()?),
        code(random_bytes::<5>()?)
    ))
}

/// A terminal's code as typed: case, spaces and hyphens do not matter.
pub fn terminal_code_digest(typed: &str) -> Vec<u8> {
    let normal: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    digest(&normal)
}

/// A fresh booking code (`domain::tours::booking::code`).
pub fn new_booking_code() -> Result<String, String> {
    Ok(domain::tours::booking::code(random_bytes::<5>()?))
}

/// A fresh random id: 16 bytes as 32 hex digits.
pub fn new_id() -> Result<String, String> {
    Ok(domain::hex::to_hex(&random_bytes::<16>()?))
}

/// What the database stores instead of a bearer secret.
pub fn digest(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// The key that derives a booking's link to cancel or change it, so that the database keeps
/// none: HMAC-SHA-256 keyed with a digest of the record's sealing key, which every instance of
/// a database shares already.
pub struct LinkKey([u8; 32]);

impl LinkKey {
    pub fn derive(sealing_key: &domain::audit::SealingKey) -> Self {
        let mut digest = Sha256::new();
        digest.update(b"buergerkoffer booking links\0");
        digest.update(sealing_key.to_bytes());
        Self(digest.finalize().into())
    }

    /// The secret part of booking `id`'s link: 128 bits as 32 hex digits.
    pub fn secret(&self, id: &str) -> String {
        use hmac::{Mac, SimpleHmac};
        let mut mac = SimpleHmac::<Sha256>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(id.as_bytes());
        domain::hex::to_hex(&mac.finalize().into_bytes()[..16])
    }

    /// Whether `secret` is booking `id`'s, compared in constant time.
    pub fn opens(&self, id: &str, secret: &str) -> bool {
        let expected = self.secret(id);
        expected.len() == secret.len()
            && expected
                .bytes()
                .zip(secret.bytes())
                .fold(0u8, |diff, (a, b)| diff | (a ^ b))
                == 0
    }
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
    fn a_booking_link_opens_its_own_booking_only_and_depends_on_the_key() {
        let key = LinkKey::derive(&domain::audit::SealingKey::from_slice(&[7; 32]).expect("key"));
        let secret = key.secret("booking-1");
        assert_eq!(secret.len(), 32);
        assert!(key.opens("booking-1", &secret));
        assert!(!key.opens("booking-2", &secret));
        assert!(!key.opens("booking-1", &secret[..31]));
        let other = LinkKey::derive(&domain::audit::SealingKey::from_slice(&[8; 32]).expect("key"));
        assert!(!other.opens("booking-1", &secret));
    }

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
