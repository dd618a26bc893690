//! When a device syncs on its own: every `PERIOD_MS` while things go well; after failures
//! (server down, no signal behind a captive portal) the wait doubles from `FIRST_RETRY_MS` up to
//! `MAX_RETRY_MS`, so a laptop in a dead zone does not hammer the server or its battery. The
//! clerk's "Jetzt übertragen" and a returning network always try at once.

use crate::backoff::BackoffPolicy;

pub const PERIOD_MS: u64 = 120_000;
const RETRY: BackoffPolicy = BackoffPolicy {
    free_attempts: 0,
    first_delay_secs: 15,
    max_delay_secs: 600,
};

/// The time of the next automatic run after an attempt at `last_attempt_ms` that was the
/// `failures`-th failure in a row (0: it succeeded).
pub fn next_attempt_ms(last_attempt_ms: u64, failures: u32) -> u64 {
    let wait = if failures == 0 {
        PERIOD_MS
    } else {
        RETRY.delay_after(failures - 1) * 1000
    };
    last_attempt_ms.saturating_add(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_sync_runs_every_two_minutes_and_backs_off_after_failures() {
        assert_eq!(next_attempt_ms(1_000, 0), 121_000);
        let waits: Vec<u64> = (1..=8).map(|f| next_attempt_ms(0, f) / 1000).collect();
        assert_eq!(waits, [15, 30, 60, 120, 240, 480, 600, 600]);
        assert_eq!(next_attempt_ms(u64::MAX - 5, 3), u64::MAX, "no overflow");
    }
}
