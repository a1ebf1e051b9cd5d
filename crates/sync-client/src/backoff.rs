//! Exponential backoff with jitter for retried sync rounds.

use std::time::Duration;

/// Delays between retries: `initial`, doubling up to `max`, each with up to
/// a quarter of random jitter so terminals that failed together do not
/// retry together.
#[derive(Debug, Clone)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
    attempt: u32,
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration) -> Backoff {
        Backoff {
            initial,
            max,
            attempt: 0,
        }
    }

    /// Returns the delay before the next retry and counts the attempt.
    pub fn next_delay(&mut self) -> Duration {
        let factor = 2_u32.saturating_pow(self.attempt.min(16));
        self.attempt = self.attempt.saturating_add(1);
        let base = self.initial.saturating_mul(factor).min(self.max);
        let jitter_range = u64::try_from(base.as_millis() / 4).unwrap_or(0);
        let jitter = if jitter_range == 0 {
            0
        } else {
            // The low bits of a UUIDv4 are random enough for jitter.
            let random = uuid::Uuid::new_v4().as_u128();
            u64::try_from(random % u128::from(jitter_range)).unwrap_or(0)
        };
        base.saturating_sub(Duration::from_millis(jitter))
    }

    /// Starts over after a success.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_max() {
        let mut backoff = Backoff::new(Duration::from_millis(400), Duration::from_millis(2_000));
        let delays: Vec<Duration> = (0..5).map(|_| backoff.next_delay()).collect();
        let bounds = [(300, 400), (600, 800), (1_200, 1_600), (1_500, 2_000), (1_500, 2_000)];
        for (delay, (low, high)) in delays.iter().zip(bounds) {
            assert!(delay.as_millis() >= low, "{delay:?} is below {low} ms");
            assert!(delay.as_millis() <= high, "{delay:?} is above {high} ms");
        }
        backoff.reset();
        assert!(backoff.next_delay() <= Duration::from_millis(400));
    }
}
