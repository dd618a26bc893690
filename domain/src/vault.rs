//! Rules of the encrypted store on a loaned laptop: what each ciphertext is bound to, how the data
//! key is wrapped, when the device must lock, and when it may no longer unlock offline. The crypto
//! itself runs in the browser (WebCrypto); this module only decides.

use crate::backoff::BackoffPolicy;

/// PBKDF2-HMAC-SHA256 iterations for the key that wraps the data key (OWASP 2023 figure).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
pub const SALT_LEN: usize = 16;
/// AES-GCM nonce length; a fresh random one for every write.
pub const IV_LEN: usize = 12;

/// Wrong passphrases: three free tries, then 2 s doubling up to 5 minutes. The real protection is
/// PBKDF2's cost per guess; this only keeps a bystander from trying fast at the desk.
pub const UNLOCK_BACKOFF: BackoffPolicy = BackoffPolicy {
    free_attempts: 3,
    first_delay_secs: 2,
    max_delay_secs: 300,
};

/// Authenticated with the wrapped data key, so a wrapped key from elsewhere does not unwrap here.
pub const WRAPPED_KEY_AAD: &[u8] = b"buergerkoffer/v1/data-key";

/// Authenticated with the wrapped signing key, so neither wrapped key passes for the other.
pub const SIGNING_KEY_AAD: &[u8] = b"buergerkoffer/v1/signing-key";

/// What a stored record is. Part of the authenticated data, so records cannot be swapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// The signed-in clerk's profile and API token.
    Session,
    /// A case captured on this device and not yet confirmed by the server.
    Case,
    /// A case the server holds (transferred and later), kept for the clerk to look up.
    Synced,
    /// The service catalogues, as the server sent them.
    Catalogue,
    /// A setting of the day, e.g. the chosen deployment.
    Setting,
    /// A photographed document of a case (JPEG bytes).
    Attachment,
    /// A case corrected here after the server took it: the server's copy it was corrected from,
    /// until the server has answered for the correction.
    Correction,
}

impl RecordKind {
    pub const ALL: &[RecordKind] = &[
        Self::Session,
        Self::Case,
        Self::Synced,
        Self::Catalogue,
        Self::Setting,
        Self::Attachment,
        Self::Correction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Case => "case",
            Self::Synced => "synced",
            Self::Catalogue => "catalogue",
            Self::Setting => "setting",
            Self::Attachment => "attachment",
            Self::Correction => "correction",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|kind| kind.as_str() == text)
    }

    /// Whether a record of this kind holds work that has not reached the server.
    pub fn is_untransferred_work(self) -> bool {
        matches!(self, Self::Case | Self::Correction)
    }
}

/// The additional authenticated data of a record: its kind and id. Decrypting a record's
/// ciphertext under another id or kind fails, so an attacker with disk access cannot move a
/// record into another's place.
pub fn record_aad(kind: RecordKind, id: &str) -> Vec<u8> {
    format!("buergerkoffer/v1/{}/{id}", kind.as_str()).into_bytes()
}

/// How long a device may work without reaching the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfflineLease {
    /// Last time the server answered this device (seconds since the Unix epoch).
    pub last_contact_at: u64,
    pub days: u32,
}

impl OfflineLease {
    pub fn expires_at(&self) -> u64 {
        self.last_contact_at
            .saturating_add(u64::from(self.days) * 24 * 60 * 60)
    }

    pub fn is_expired(&self, now: u64) -> bool {
        now >= self.expires_at()
    }

    /// Whole days left, rounded up (a lease ending later today has 1 day left).
    pub fn days_left(&self, now: u64) -> u64 {
        self.expires_at().saturating_sub(now).div_ceil(24 * 60 * 60)
    }
}

/// Locks the store after a quiet period. Times in milliseconds, as the browser counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleLock {
    pub timeout_ms: u64,
    pub last_activity_ms: u64,
}

impl IdleLock {
    /// Choices offered to the clerk, in minutes.
    pub const CHOICES_MINUTES: [u64; 4] = [2, 5, 15, 30];
    pub const DEFAULT_MINUTES: u64 = 5;

    pub fn minutes(minutes: u64, now_ms: u64) -> Self {
        Self {
            timeout_ms: minutes * 60 * 1000,
            last_activity_ms: now_ms,
        }
    }

    pub fn touch(&mut self, now_ms: u64) {
        self.last_activity_ms = self.last_activity_ms.max(now_ms);
    }

    pub fn is_due(&self, now_ms: u64) -> bool {
        now_ms.saturating_sub(self.last_activity_ms) >= self.timeout_ms
    }
}

/// A segment packs many records of one kind into one ciphertext, so that loading thousands of
/// records costs a few decryptions instead of thousands. Plaintext layout, repeated per record:
/// id length (u32 LE), id (UTF-8), data length (u32 LE), data.
pub fn encode_segment(records: &[(String, Vec<u8>)]) -> Vec<u8> {
    let size = records
        .iter()
        .map(|(id, data)| 8 + id.len() + data.len())
        .sum();
    let mut bytes = Vec::with_capacity(size);
    for (id, data) in records {
        for part in [id.as_bytes(), data.as_slice()] {
            let len = u32::try_from(part.len()).unwrap_or(u32::MAX);
            bytes.extend_from_slice(&len.to_le_bytes());
            bytes.extend_from_slice(part);
        }
    }
    bytes
}

/// The segment's plaintext was not written by `encode_segment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MalformedSegment;

pub fn decode_segment(mut bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, MalformedSegment> {
    fn part<'a>(bytes: &mut &'a [u8]) -> Result<&'a [u8], MalformedSegment> {
        let (len, rest) = bytes.split_first_chunk::<4>().ok_or(MalformedSegment)?;
        let len = usize::try_from(u32::from_le_bytes(*len)).map_err(|_| MalformedSegment)?;
        if rest.len() < len {
            return Err(MalformedSegment);
        }
        let (part, rest) = rest.split_at(len);
        *bytes = rest;
        Ok(part)
    }
    let mut records = Vec::new();
    while !bytes.is_empty() {
        let id = std::str::from_utf8(part(&mut bytes)?).map_err(|_| MalformedSegment)?;
        let data = part(&mut bytes)?;
        records.push((id.to_owned(), data.to_vec()));
    }
    Ok(records)
}

/// The additional authenticated data of a segment: its kind and its own id.
pub fn segment_aad(kind: RecordKind, segment_id: &str) -> Vec<u8> {
    format!("buergerkoffer/v1/{}-segment/{segment_id}", kind.as_str()).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backoff::FailureRecord;

    #[test]
    fn aad_binds_kind_and_id() {
        assert_eq!(
            record_aad(RecordKind::Case, "a1"),
            b"buergerkoffer/v1/case/a1"
        );
        assert_ne!(
            record_aad(RecordKind::Case, "a1"),
            record_aad(RecordKind::Case, "a2")
        );
        assert_ne!(
            record_aad(RecordKind::Case, "a1"),
            record_aad(RecordKind::Session, "a1")
        );
    }

    #[test]
    fn kinds_round_trip_and_only_cases_and_corrections_are_untransferred_work() {
        let kinds = [
            RecordKind::Session,
            RecordKind::Case,
            RecordKind::Synced,
            RecordKind::Catalogue,
            RecordKind::Setting,
            RecordKind::Attachment,
            RecordKind::Correction,
        ];
        for kind in kinds {
            assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                kind.is_untransferred_work(),
                matches!(kind, RecordKind::Case | RecordKind::Correction)
            );
        }
        assert_eq!(RecordKind::parse("draft"), None);
    }

    #[test]
    fn segments_round_trip_and_reject_truncation() {
        let records = vec![
            ("draft-1".to_owned(), b"{\"a\":1}".to_vec()),
            ("draft-2".to_owned(), Vec::new()),
            ("draft-ü".to_owned(), vec![0, 255, 7]),
        ];
        let bytes = encode_segment(&records);
        assert_eq!(decode_segment(&bytes), Ok(records));
        assert_eq!(decode_segment(&[]), Ok(Vec::new()));
        for cut in 1..bytes.len() {
            let decoded = decode_segment(&bytes[..cut]);
            assert!(
                decoded.is_err() || decoded.as_ref().is_ok_and(|r| r.len() < 3),
                "cut {cut}"
            );
        }
        assert_eq!(
            decode_segment(&[1, 0, 0, 0, 0xFF, 0, 0, 0, 0]),
            Err(MalformedSegment)
        );
        assert_ne!(
            segment_aad(RecordKind::Case, "s1"),
            record_aad(RecordKind::Case, "s1")
        );
    }

    #[test]
    fn lease_expires_after_its_days() {
        let day = 24 * 60 * 60;
        let lease = OfflineLease {
            last_contact_at: 1000,
            days: 14,
        };
        assert!(!lease.is_expired(1000 + 14 * day - 1));
        assert!(lease.is_expired(1000 + 14 * day));
        assert_eq!(lease.days_left(1000), 14);
        assert_eq!(lease.days_left(1000 + 13 * day + 1), 1);
        assert_eq!(lease.days_left(1000 + 20 * day), 0);
    }

    #[test]
    fn idle_lock_is_due_after_the_quiet_period_and_activity_postpones_it() {
        let mut lock = IdleLock::minutes(5, 0);
        assert!(!lock.is_due(299_999));
        lock.touch(200_000);
        assert!(!lock.is_due(450_000));
        assert!(lock.is_due(500_000));
        lock.touch(100); // a late, out-of-order event never moves the deadline back
        assert!(lock.is_due(500_000));
    }

    #[test]
    fn unlock_delays_grow_after_three_wrong_passphrases() {
        let mut record = FailureRecord::default();
        let mut waits = Vec::new();
        for t in 0..6 {
            record = record.failed_at(t * 1000);
            waits.push(record.wait_at(&UNLOCK_BACKOFF, t * 1000));
        }
        assert_eq!(waits, [0, 0, 2, 4, 8, 16]);
    }
}
