//! Time on the RTP clock: durations as 8 kHz ticks (one tick per sample), and, at each pop, how long a frame
//! would have waited if played now, measured from the earliest it could have arrived.

use super::frame::FRAME_SAMPLES;
use crate::media::CALL_RATE;
use std::time::Duration;

/// Ticks in one 20 ms frame.
pub(crate) const FRAME_TICKS: i64 = FRAME_SAMPLES as i64;
/// Ticks in one millisecond.
const TICKS_PER_MS: i64 = CALL_RATE as i64 / 1_000;

/// `duration` in ticks of the 8 kHz RTP clock, rounded down.
pub(crate) fn ticks_of(duration: Duration) -> i64 {
    let micros = i64::try_from(duration.as_micros()).unwrap_or(i64::MAX);
    micros.saturating_mul(i64::from(CALL_RATE)) / 1_000_000
}

/// `ticks` in whole milliseconds (0 for negative values).
pub(crate) fn whole_ms(ticks: i64) -> u32 {
    u32::try_from(ticks.max(0) / TICKS_PER_MS).unwrap_or(u32::MAX)
}

/// The playout clock at one pop: the time now, the quickest trip a packet made (the sender's clock offset plus
/// the fastest network path), and how long frames should wait beyond that.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlayoutClock {
    pub(crate) now: i64,
    pub(crate) fastest_transit: i64,
    pub(crate) target_delay: i64,
}

impl PlayoutClock {
    /// How long the frame at `timestamp` has waited, if played now, beyond the earliest it could have arrived.
    pub(crate) fn lag(&self, timestamp: i64) -> i64 {
        self.now - self.fastest_transit - timestamp
    }

    /// Whether the frame at `timestamp` has waited the target delay and should play now.
    pub(crate) fn is_due(&self, timestamp: i64) -> bool {
        self.lag(timestamp) >= self.target_delay
    }

    /// Whether the frame at `timestamp` plays a whole frame later than the target: one frame could be dropped.
    pub(crate) fn is_overdue_by_a_frame(&self, timestamp: i64) -> bool {
        self.lag(timestamp) >= self.target_delay + FRAME_TICKS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_become_eight_ticks_a_millisecond() {
        assert_eq!(ticks_of(Duration::from_millis(20)), 160);
        assert_eq!(ticks_of(Duration::from_micros(125)), 1);
        assert_eq!(ticks_of(Duration::from_micros(124)), 0);
        assert_eq!(whole_ms(160), 20);
        assert_eq!(whole_ms(167), 20);
        assert_eq!(whole_ms(-8), 0);
    }

    #[test]
    fn a_frame_is_due_once_it_has_waited_the_target() {
        let clock = PlayoutClock { now: 10_000, fastest_transit: 400, target_delay: 320 };
        assert_eq!(clock.lag(9_000), 600);
        assert!(clock.is_due(9_280) && !clock.is_due(9_281));
        assert!(clock.is_overdue_by_a_frame(9_120) && !clock.is_overdue_by_a_frame(9_121));
    }
}
