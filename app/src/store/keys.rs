//! The keys of the store: at enrolment a fresh data key and the laptop's signing key, both
//! wrapped under a key derived from the clerk's passphrase (PBKDF2); at unlock both unwrapped
//! into memory only, as keys that cannot be exported.

use super::{DeviceRecord, SigningKeyRecord, StoreError, Unlocked, Vault};
use crate::platform::crypto;
use domain::backoff::FailureRecord;
use domain::vault::{OfflineLease, PBKDF2_ITERATIONS};
use web_sys::CryptoKey;

impl Vault {
    /// First use on this laptop: a fresh data key and the signing key the server registered
    /// (`crypto::generate_signing_key`), both wrapped under the clerk's passphrase.
    pub async fn enrol(
        &self,
        (device_id, device_credential): (String, String),
        lease: OfflineLease,
        passphrase: &str,
        (signing_key, public_key): (CryptoKey, Vec<u8>),
    ) -> Result<Unlocked, StoreError> {
        let salt = crypto::new_salt()?;
        let wrap_iv = crypto::new_iv()?;
        let wrapping = crypto::derive_wrapping_key(passphrase, &salt, PBKDF2_ITERATIONS).await?;
        let data_key = crypto::generate_data_key().await?;
        let wrapped_key = crypto::wrap_data_key(&data_key, &wrapping, &wrap_iv).await?;
        // Re-import through unwrap, so the keys kept in memory are not extractable.
        let data_key = crypto::unwrap_data_key(&wrapped_key, &wrapping, &wrap_iv).await?;
        let signing = wrap_signing_key(&signing_key, public_key, &wrapping).await?;
        let device = DeviceRecord {
            device_id,
            device_credential,
            salt,
            iterations: PBKDF2_ITERATIONS,
            wrap_iv,
            wrapped_key,
            lease,
            idle_minutes: domain::vault::IdleLock::DEFAULT_MINUTES,
            unlock_failures: FailureRecord::default(),
            signing_key: Some(signing.clone()),
        };
        self.save_device(&device).await?;
        Ok(Unlocked {
            vault: self.clone(),
            key: data_key,
            signing_key: crypto::unwrap_signing_key(&signing.wrapped, &wrapping, &signing.iv)
                .await?,
        })
    }

    /// Derives the wrapping key from the passphrase and unwraps the data key and the signing
    /// key into memory. A laptop enrolled before devices signed their pushes gets its signing
    /// key here (in `device`, saved); the server registers it at the next password sign-in.
    pub async fn unlock(
        &self,
        device: &mut DeviceRecord,
        passphrase: &str,
    ) -> Result<Unlocked, StoreError> {
        let wrapping =
            crypto::derive_wrapping_key(passphrase, &device.salt, device.iterations).await?;
        let key = crypto::unwrap_data_key(&device.wrapped_key, &wrapping, &device.wrap_iv).await?;
        let signing = match &device.signing_key {
            Some(signing) => signing.clone(),
            None => {
                let (private, public) = crypto::generate_signing_key().await?;
                let signing = wrap_signing_key(&private, public, &wrapping).await?;
                device.signing_key = Some(signing.clone());
                self.save_device(device).await?;
                signing
            }
        };
        Ok(Unlocked {
            vault: self.clone(),
            key,
            signing_key: crypto::unwrap_signing_key(&signing.wrapped, &wrapping, &signing.iv)
                .await?,
        })
    }
}

async fn wrap_signing_key(
    private: &CryptoKey,
    public: Vec<u8>,
    wrapping: &CryptoKey,
) -> Result<SigningKeyRecord, StoreError> {
    let iv = crypto::new_iv()?;
    Ok(SigningKeyRecord {
        wrapped: crypto::wrap_signing_key(private, wrapping, &iv).await?,
        iv,
        public,
    })
}
