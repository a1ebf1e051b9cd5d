//! When a deferred job is tried again.

use std::time::Duration;

/// Exponential backoff for attempts that reached the SMTP server, and a
/// fixed wait while the server cannot be reached at all.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// The wait after the first failed attempt; each further failure doubles it.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The wait after the server could not be reached. Such attempts do not
    /// count towards the job's attempts, so jobs wait out an outage.
    pub unreachable_delay: Duration,
}

impl Default for RetryPolicy {
    /// 1, 2, 4, ... minutes up to 2 hours; with the default 8 attempts a job
    /// fails about 2 hours after its first attempt if every try is refused.
    fn default() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_secs(60),
            max_delay: Duration::from_secs(2 * 60 * 60),
            unreachable_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Returns the wait after the `attempt`-th counted attempt failed (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(30);
        self.base_delay.saturating_mul(1_u32 << doublings).min(self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_doubles_up_to_maximum() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay_after(1), Duration::from_secs(60));
        assert_eq!(policy.delay_after(2), Duration::from_secs(120));
        assert_eq!(policy.delay_after(4), Duration::from_secs(480));
        assert_eq!(policy.delay_after(8), Duration::from_secs(7200));
        assert_eq!(policy.delay_after(40), Duration::from_secs(7200));
    }
}
