//! The jitter buffer's limits: the least and most playout delay it may choose, and how much audio it may hold.

use std::time::Duration;

/// Limits for one jitter buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JitterConfig {
    /// The delay never goes below this, however steady the network (one frame: a packet may arrive just after
    /// the playout clock ticks).
    pub(crate) min_delay: Duration,
    /// The delay never goes above this, however bad the network; beyond it conversation suffers more than audio.
    pub(crate) max_delay: Duration,
    /// The most audio held ahead of the playout point; a packet further ahead means a new timeline.
    pub(crate) capacity: Duration,
}

impl Default for JitterConfig {
    fn default() -> Self {
        Self {
            min_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(300),
            capacity: Duration::from_millis(500),
        }
    }
}

impl JitterConfig {
    /// A buffer that never adapts: the delay is always `delay` (a baseline to compare against).
    #[cfg(test)]
    pub(crate) fn fixed(delay: Duration) -> Self {
        Self { min_delay: delay, max_delay: delay, ..Self::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_buffer_has_one_delay() {
        let fixed = JitterConfig::fixed(Duration::from_millis(20));
        assert_eq!((fixed.min_delay, fixed.max_delay), (Duration::from_millis(20), Duration::from_millis(20)));
        assert_eq!(fixed.capacity, JitterConfig::default().capacity);
    }
}
