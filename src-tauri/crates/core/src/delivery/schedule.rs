//! When to check a map URL next: the policy interval jittered by ±10 % (so a fleet does not hit the server in
//! step), and after failures a back-off that starts at one minute and doubles up to four intervals. Pure.

use std::time::Duration;

/// The wait before the next check. `jitter` is a uniform random number in [0, 1).
pub fn next_check(interval: Duration, consecutive_failures: u32, jitter: f64) -> Duration {
    let base = if consecutive_failures == 0 {
        interval
    } else {
        let backoff = Duration::from_secs(60).saturating_mul(1 << consecutive_failures.min(16).saturating_sub(1));
        backoff.min(interval.saturating_mul(4))
    };
    base.mul_f64(0.9 + 0.2 * jitter.clamp(0.0, 1.0))
}

/// A uniform random number in [0, 1) from the OS.
pub fn random_unit() -> f64 {
    let mut bytes = [0u8; 8];
    let _ = getrandom::fill(&mut bytes);
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIFTEEN_MINUTES: Duration = Duration::from_secs(900);

    #[test]
    fn success_waits_the_interval_within_ten_percent() {
        assert_eq!(next_check(FIFTEEN_MINUTES, 0, 0.0), Duration::from_secs(810));
        assert_eq!(next_check(FIFTEEN_MINUTES, 0, 0.5), FIFTEEN_MINUTES);
        assert!(next_check(FIFTEEN_MINUTES, 0, 0.999_999) < Duration::from_secs(991));
    }

    #[test]
    fn failures_back_off_from_a_minute_up_to_four_intervals() {
        let waits: Vec<u64> = (1..=8).map(|n| next_check(FIFTEEN_MINUTES, n, 0.5).as_secs()).collect();
        assert_eq!(waits, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }

    #[test]
    fn random_units_are_in_range_and_vary() {
        let draws: Vec<f64> = (0..32).map(|_| random_unit()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        assert!(draws.windows(2).any(|w| w[0] != w[1]));
    }
}
