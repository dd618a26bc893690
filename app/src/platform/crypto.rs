//! WebCrypto for the encrypted store: PBKDF2 derives a wrapping key from the clerk's passphrase,
//! which wraps a random AES-256-GCM data key; every record is sealed with that data key, a fresh
//! IV and its kind and id as additional data (domain::vault decides those inputs). The same
//! wrapping key wraps the laptop's ECDSA P-256 signing key, which signs what it pushes
//! (`domain::audit`): a non-extractable key in IndexedDB would lie in clear on the disk.

use domain::vault::{IV_LEN, SALT_LEN, SIGNING_KEY_AAD, WRAPPED_KEY_AAD};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// No WebCrypto (old browser or not a secure context).
    Unavailable,
    /// The passphrase does not unwrap the data key.
    WrongPassphrase,
    /// A record does not decrypt: changed on disk, or moved to another id.
    Tampered,
    Failed(String),
}

fn failed(error: JsValue) -> CryptoError {
    CryptoError::Failed(format!("{error:?}"))
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    web_sys::window()
        .ok_or(CryptoError::Unavailable)?
        .crypto()
        .map_err(|_| CryptoError::Unavailable)
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    Ok(crypto()?.subtle())
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

fn object(entries: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

fn bytes(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

fn usages(names: &[&str]) -> JsValue {
    names
        .iter()
        .map(|name| JsValue::from_str(name))
        .collect::<Array>()
        .into()
}

fn aes_gcm(iv: &[u8], additional_data: &[u8]) -> Object {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", bytes(iv)),
        ("additionalData", bytes(additional_data)),
    ])
}

fn to_vec(buffer: JsValue) -> Vec<u8> {
    Uint8Array::new(&buffer).to_vec()
}

pub fn random_bytes(count: usize) -> Result<Vec<u8>, CryptoError> {
    let mut buffer = vec![0u8; count];
    crypto()?
        .get_random_values_with_u8_array(&mut buffer)
        .map_err(failed)?;
    Ok(buffer)
}

pub use domain::hex::to_hex;

/// `count` random bytes as hex: ids that say nothing about their content.
pub fn random_hex(count: usize) -> Result<String, CryptoError> {
    Ok(to_hex(&random_bytes(count)?))
}

pub fn new_iv() -> Result<Vec<u8>, CryptoError> {
    random_bytes(IV_LEN)
}

pub fn new_salt() -> Result<Vec<u8>, CryptoError> {
    random_bytes(SALT_LEN)
}

/// The key that wraps the data key, derived from the passphrase. Slow on purpose (PBKDF2).
pub async fn derive_wrapping_key(
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, CryptoError> {
    let subtle = subtle()?;
    let passphrase_key = settle(subtle.import_key_with_str(
        "raw",
        &Uint8Array::from(passphrase.as_bytes()),
        "PBKDF2",
        false,
        &usages(&["deriveKey"]),
    ))
    .await
    .map_err(failed)?;
    let pbkdf2 = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", bytes(salt)),
        ("iterations", iterations.into()),
    ]);
    let wrapping = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let key = settle(subtle.derive_key_with_object_and_object(
        &pbkdf2,
        passphrase_key.unchecked_ref(),
        &wrapping,
        false,
        &usages(&["wrapKey", "unwrapKey"]),
    ))
    .await
    .map_err(failed)?;
    Ok(key.unchecked_into())
}

/// A fresh random data key. Extractable only so it can be wrapped once, at enrolment.
pub async fn generate_data_key() -> Result<CryptoKey, CryptoError> {
    let algorithm = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let key = settle(subtle()?.generate_key_with_object(
        &algorithm,
        true,
        &usages(&["encrypt", "decrypt"]),
    ))
    .await
    .map_err(failed)?;
    Ok(key.unchecked_into())
}

/// A key kept wrapped under the passphrase-derived key: how it is exported, the additional
/// data that binds it, and what it unwraps to.
struct WrappedKind {
    format: &'static str,
    additional_data: &'static [u8],
    algorithm: &'static str,
    /// The curve of an ECDSA key.
    curve: Option<&'static str>,
    usages: &'static [&'static str],
}

impl WrappedKind {
    /// The algorithm the key is for, as WebCrypto takes it.
    fn algorithm(&self) -> Object {
        let mut algorithm = vec![("name", JsValue::from_str(self.algorithm))];
        if let Some(curve) = self.curve {
            algorithm.push(("namedCurve", curve.into()));
        }
        object(&algorithm)
    }
}

const DATA_KEY: WrappedKind = WrappedKind {
    format: "raw",
    additional_data: WRAPPED_KEY_AAD,
    algorithm: "AES-GCM",
    curve: None,
    usages: &["encrypt", "decrypt"],
};

const SIGNING_KEY: WrappedKind = WrappedKind {
    format: "pkcs8",
    additional_data: SIGNING_KEY_AAD,
    algorithm: "ECDSA",
    curve: Some("P-256"),
    usages: &["sign"],
};

async fn wrap(
    kind: &WrappedKind,
    key: &CryptoKey,
    wrapping_key: &CryptoKey,
    iv: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let wrapped = settle(subtle()?.wrap_key_with_object(
        kind.format,
        key,
        wrapping_key,
        &aes_gcm(iv, kind.additional_data),
    ))
    .await
    .map_err(failed)?;
    Ok(to_vec(wrapped))
}

/// Unwraps into memory only: the result is not extractable. Fails when AES-GCM's tag does not
/// hold (a wrong passphrase, or a wrapped key changed or moved).
async fn unwrap(
    kind: &WrappedKind,
    wrapped: &[u8],
    wrapping_key: &CryptoKey,
    iv: &[u8],
) -> Result<CryptoKey, JsValue> {
    let key = settle(
        subtle()
            .map_err(|_| JsValue::NULL)?
            .unwrap_key_with_buffer_source_and_object_and_object(
                kind.format,
                &Uint8Array::from(wrapped),
                wrapping_key,
                &aes_gcm(iv, kind.additional_data),
                &kind.algorithm(),
                false,
                &usages(kind.usages),
            ),
    )
    .await?;
    Ok(key.unchecked_into())
}

pub async fn wrap_data_key(
    data_key: &CryptoKey,
    wrapping_key: &CryptoKey,
    iv: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    wrap(&DATA_KEY, data_key, wrapping_key, iv).await
}

pub async fn unwrap_data_key(
    wrapped: &[u8],
    wrapping_key: &CryptoKey,
    iv: &[u8],
) -> Result<CryptoKey, CryptoError> {
    // AES-GCM's tag check is the only way a wrong passphrase shows itself.
    unwrap(&DATA_KEY, wrapped, wrapping_key, iv)
        .await
        .map_err(|_| CryptoError::WrongPassphrase)
}

pub async fn seal(
    key: &CryptoKey,
    iv: &[u8],
    additional_data: &[u8],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let sealed = settle(subtle()?.encrypt_with_object_and_buffer_source(
        &aes_gcm(iv, additional_data),
        key,
        &Uint8Array::from(plaintext),
    ))
    .await
    .map_err(failed)?;
    Ok(to_vec(sealed))
}

pub async fn open(
    key: &CryptoKey,
    iv: &[u8],
    additional_data: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let opened = settle(subtle()?.decrypt_with_object_and_buffer_source(
        &aes_gcm(iv, additional_data),
        key,
        &Uint8Array::from(ciphertext),
    ))
    .await
    .map_err(|_| CryptoError::Tampered)?;
    Ok(to_vec(opened))
}

/// Starts decrypting and returns the promise of the plaintext (an ArrayBuffer), so many can run
/// at once. IV and ciphertext are JS byte arrays as read from IndexedDB. The promise rejects when
/// the record was tampered with.
pub fn open_promise_js(
    key: &CryptoKey,
    iv: &JsValue,
    additional_data: &[u8],
    ciphertext: &Object,
) -> Result<js_sys::Promise, CryptoError> {
    let algorithm = object(&[
        ("name", "AES-GCM".into()),
        ("iv", iv.clone()),
        ("additionalData", bytes(additional_data)),
    ]);
    subtle()?
        .decrypt_with_object_and_buffer_source(&algorithm, key, ciphertext)
        .map_err(failed)
}

/// SHA-256 of `data` as lower-case hex (`ui::signature_pad`'s, for the store's errors).
pub async fn sha256_hex(data: &[u8]) -> Result<String, CryptoError> {
    ui::signature_pad::sha256_hex(data).await.map_err(failed)
}

/// A fresh signing key pair: the private key (extractable only so it can be wrapped, once) and
/// the public key as SEC1 bytes, uncompressed, which the server registers.
pub async fn generate_signing_key() -> Result<(CryptoKey, Vec<u8>), CryptoError> {
    let pair = settle(subtle()?.generate_key_with_object(
        &SIGNING_KEY.algorithm(),
        true,
        &usages(&["sign", "verify"]),
    ))
    .await
    .map_err(failed)?;
    let half = |name: &str| -> Result<CryptoKey, CryptoError> {
        Ok(Reflect::get(&pair, &name.into())
            .map_err(failed)?
            .unchecked_into())
    };
    let public = settle(subtle()?.export_key("raw", &half("publicKey")?))
        .await
        .map_err(failed)?;
    Ok((half("privateKey")?, to_vec(public)))
}

pub async fn wrap_signing_key(
    private: &CryptoKey,
    wrapping_key: &CryptoKey,
    iv: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    wrap(&SIGNING_KEY, private, wrapping_key, iv).await
}

/// The signing key in memory: it signs, and cannot be exported. The passphrase was checked
/// with the data key already; a failure here means the wrapped key was changed.
pub async fn unwrap_signing_key(
    wrapped: &[u8],
    wrapping_key: &CryptoKey,
    iv: &[u8],
) -> Result<CryptoKey, CryptoError> {
    unwrap(&SIGNING_KEY, wrapped, wrapping_key, iv)
        .await
        .map_err(|_| CryptoError::Tampered)
}

/// ECDSA P-256 with SHA-256 over `message`: 64 bytes, r ‖ s.
pub async fn sign(key: &CryptoKey, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let algorithm = object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())]);
    let signature = settle(subtle()?.sign_with_object_and_u8_array(&algorithm, key, message))
        .await
        .map_err(failed)?;
    Ok(to_vec(signature))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn sha256_matches_the_standard_test_vector() {
        assert_eq!(
            sha256_hex(b"abc").await.expect("digest"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    // Fewer iterations than in use, to keep the test quick; the derivation is the same.
    const TEST_ITERATIONS: u32 = 1000;

    #[wasm_bindgen_test]
    async fn the_right_passphrase_unwraps_a_key_that_opens_what_the_original_sealed() {
        let salt = new_salt().expect("salt");
        let iv = new_iv().expect("iv");
        let data_key = generate_data_key().await.expect("data key");
        let wrapping = derive_wrapping_key("Apfelbaum im Mai", &salt, TEST_ITERATIONS)
            .await
            .expect("derive");
        let wrapped = wrap_data_key(&data_key, &wrapping, &iv)
            .await
            .expect("wrap");

        let record_iv = new_iv().expect("iv");
        let sealed = seal(&data_key, &record_iv, b"draft/1", "Müller".as_bytes())
            .await
            .expect("seal");
        assert!(!sealed.windows(6).any(|w| w == "Müller".as_bytes()));

        let again = derive_wrapping_key("Apfelbaum im Mai", &salt, TEST_ITERATIONS)
            .await
            .expect("derive");
        let unwrapped = unwrap_data_key(&wrapped, &again, &iv)
            .await
            .expect("unwrap");
        let opened = open(&unwrapped, &record_iv, b"draft/1", &sealed)
            .await
            .expect("open");
        assert_eq!(opened, "Müller".as_bytes());
    }

    #[wasm_bindgen_test]
    async fn a_wrong_passphrase_is_told_apart() {
        let salt = new_salt().expect("salt");
        let iv = new_iv().expect("iv");
        let data_key = generate_data_key().await.expect("data key");
        let wrapping = derive_wrapping_key("richtig", &salt, TEST_ITERATIONS)
            .await
            .expect("derive");
        let wrapped = wrap_data_key(&data_key, &wrapping, &iv)
            .await
            .expect("wrap");
        let wrong = derive_wrapping_key("falsch", &salt, TEST_ITERATIONS)
            .await
            .expect("derive");
        assert_eq!(
            unwrap_data_key(&wrapped, &wrong, &iv).await.err(),
            Some(CryptoError::WrongPassphrase)
        );
    }

    #[wasm_bindgen_test]
    async fn a_record_moved_to_another_id_does_not_open() {
        let key = generate_data_key().await.expect("key");
        let iv = new_iv().expect("iv");
        let sealed = seal(&key, &iv, b"draft/1", b"geheim").await.expect("seal");
        assert_eq!(
            open(&key, &iv, b"draft/2", &sealed).await.err(),
            Some(CryptoError::Tampered)
        );
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert_eq!(
            open(&key, &iv, b"draft/1", &flipped).await.err(),
            Some(CryptoError::Tampered)
        );
    }
}
