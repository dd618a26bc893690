//! Growing delays after failed attempts (sign-in on the server, passphrase on the device), so
//! guessing gets slow while a clerk who mistypes twice loses nothing. Time is passed in as whole
//! seconds since any fixed point; this module never reads a clock.

use std::collections::BTreeMap;

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

/// Failure records for many subjects, e.g. keyed by account name and by client address.
#[derive(Debug, Clone)]
pub struct Throttle<K> {
    policy: BackoffPolicy,
    records: BTreeMap<K, FailureRecord>,
}

impl<K: Ord> Throttle<K> {
    pub fn new(policy: BackoffPolicy) -> Self {
        Self {
            policy,
            records: BTreeMap::new(),
        }
    }

    /// Seconds to wait before `key` may try again (0: go ahead).
    pub fn wait(&self, key: &K, now: u64) -> u64 {
        self.records
            .get(key)
            .map_or(0, |record| record.wait_at(&self.policy, now))
    }

    pub fn record_failure(&mut self, key: K, now: u64) {
        let record = self.records.entry(key).or_default();
        *record = record.failed_at(now);
    }

    pub fn record_success(&mut self, key: &K) {
        self.records.remove(key);
    }

    /// Takes back one failure counted before an attempt was checked, once it turned out well:
    /// counting first means parallel attempts cannot all pass while one is being checked.
    pub fn withdraw_failure(&mut self, key: &K) {
        if let Some(record) = self.records.get_mut(key) {
            record.failures = record.failures.saturating_sub(1);
            if record.failures == 0 {
                self.records.remove(key);
            }
        }
    }

    /// Drops subjects whose last failure is older than the longest delay: they may try freely
    /// again, and keeping them would let an attacker grow the map without bound.
    pub fn forget_older_than_max_delay(&mut self, now: u64) {
        let horizon = self.policy.max_delay_secs;
        self.records
            .retain(|_, record| now.saturating_sub(record.last_failure_at) < horizon);
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
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
    fn a_failure_counted_before_the_check_is_taken_back_when_it_went_well() {
        let policy = BackoffPolicy {
            free_attempts: 2,
            first_delay_secs: 10,
            max_delay_secs: 100,
        };
        let mut throttle = Throttle::new(policy);
        throttle.record_failure("a", 0);
        throttle.record_failure("a", 0);
        assert_eq!(throttle.wait(&"a", 0), 10, "past the free attempts");
        throttle.withdraw_failure(&"a");
        assert_eq!(throttle.wait(&"a", 0), 0, "one failure is free");
        throttle.withdraw_failure(&"a");
        assert!(throttle.is_empty());
        throttle.withdraw_failure(&"b");
        assert!(throttle.is_empty(), "nothing to take back");
    }

    #[test]
    fn first_mistakes_are_free_then_the_wait_doubles_up_to_the_cap() {
        let delays: Vec<u64> = (0..12).map(|f| POLICY.delay_after(f)).collect();
        assert_eq!(delays, [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
        assert_eq!(POLICY.delay_after(u32::MAX), 300);
    }

    #[test]
    fn the_wait_runs_from_the_last_failure() {
        let mut throttle = Throttle::new(POLICY);
        for t in 0..4 {
            throttle.record_failure("anna", 100 + t);
        }
        // 4 failures: 4 s after the last one at 103.
        assert_eq!(throttle.wait(&"anna", 103), 4);
        assert_eq!(throttle.wait(&"anna", 105), 2);
        assert_eq!(throttle.wait(&"anna", 107), 0);
        assert_eq!(throttle.wait(&"bernd", 103), 0, "others are not slowed");
    }

    #[test]
    fn success_clears_the_record() {
        let mut throttle = Throttle::new(POLICY);
        for _ in 0..5 {
            throttle.record_failure("anna", 10);
        }
        throttle.record_success(&"anna");
        assert_eq!(throttle.wait(&"anna", 10), 0);
        assert!(throttle.is_empty());
    }

    #[test]
    fn stale_subjects_are_forgotten() {
        let mut throttle = Throttle::new(POLICY);
        throttle.record_failure("old", 0);
        throttle.record_failure("new", 1000);
        throttle.forget_older_than_max_delay(1001);
        assert_eq!(throttle.len(), 1);
        assert_eq!(throttle.wait(&"old", 1001), 0);
    }
}
