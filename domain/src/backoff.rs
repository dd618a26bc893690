//! Growing delays after failed attempts (sign-in on the server, passphrase on the device), so
//! guessing gets slow while a clerk who mistypes twice loses nothing. Time is passed in as whole
//! seconds since any fixed point; this module never reads a clock.

/// The rule: the first `free_attempts` failures cost nothing, then each failure doubles the wait,
/// starting at `first_delay_secs` and capped at `max_delay_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackoffPolicy {
    pub free_attempts: u32,
    pub first_delay_secs: u64,
    pub max_delay_secs: u64,
}

impl BackoffPolicy {
    /// Wait required after `failures` consecutive failures.
    pub fn delay_after(&self, failures: u32) -> u64 {
        if failures < self.free_attempts {
            return 0;
        }
        let doublings = (failures - self.free_attempts).min(32);
        self.first_delay_secs
            .saturating_mul(1u64 << doublings)
            .min(self.max_delay_secs)
    }
}

/// Failures of one subject (an account, an address, this device's passphrase).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FailureRecord {
    pub failures: u32,
    pub last_failure_at: u64,
}

impl FailureRecord {
    /// Seconds still to wait at `now` before the next attempt is allowed (0: go ahead).
    pub fn wait_at(&self, policy: &BackoffPolicy, now: u64) -> u64 {
        let until = self
            .last_failure_at
            .saturating_add(policy.delay_after(self.failures));
        until.saturating_sub(now)
    }

    pub fn failed_at(self, now: u64) -> Self {
        Self {
            failures: self.failures.saturating_add(1),
            last_failure_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: BackoffPolicy = BackoffPolicy {
        free_attempts: 3,
        first_delay_secs: 2,
        max_delay_secs: 300,
    };

    #[test]
    fn first_mistakes_are_free_then_the_wait_doubles_up_to_the_cap() {
        let delays: Vec<u64> = (0..12).map(|f| POLICY.delay_after(f)).collect();
        assert_eq!(delays, [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
        assert_eq!(POLICY.delay_after(u32::MAX), 300);
    }

    #[test]
    fn the_wait_runs_from_the_last_failure() {
        let mut record = FailureRecord::default();
        for t in 0..4 {
            record = record.failed_at(100 + t);
        }
        // 4 failures: 4 s after the last one at 103.
        assert_eq!(record.wait_at(&POLICY, 103), 4);
        assert_eq!(record.wait_at(&POLICY, 105), 2);
        assert_eq!(record.wait_at(&POLICY, 107), 0);
        assert_eq!(
            FailureRecord::default().wait_at(&POLICY, 103),
            0,
            "no failures, no wait"
        );
    }
}
