//! The jitter buffer's state: decoded frames waiting for playout, keyed by extended RTP timestamp, the playhead,
//! the stream they belong to and the delay estimate. Frames come in through `push` (push.rs) and go out through
//! `pop` (pop.rs), one per 20 ms.

use super::clock::{FRAME_TICKS, ticks_of, whole_ms};
use super::conceal::Concealer;
use super::config::JitterConfig;
use super::delay::DelayEstimator;
use super::frame::FrameSamples;
use super::seen::SeenSequences;
use super::stats::JitterStats;
use std::collections::BTreeMap;

/// An adaptive jitter buffer for one received audio stream. Pure logic: the caller passes the time in.
#[derive(Debug)]
pub(crate) struct JitterBuffer {
    pub(super) limits: Limits,
    /// The stream being played; `None` before the first frame and after a restart.
    pub(super) stream: Option<StreamPosition>,
    pub(super) seen: SeenSequences,
    pub(super) frames: BTreeMap<i64, BufferedFrame>,
    pub(super) estimator: DelayEstimator,
    pub(super) concealer: Concealer,
    /// The extended timestamp of the next slot to play; `None` while pre-buffering.
    pub(super) playhead: Option<i64>,
    /// The end of the last slot that was heard (played or concealed): in silence the playhead runs on past it,
    /// but a talkspurt starting after it can still be placed.
    pub(super) audible_until: Option<i64>,
    /// Slots in a row with no frame (concealed or silent) since the last frame played.
    pub(super) missing_in_a_row: u32,
    /// Pops in a row that played a frame a whole frame later than the target delay.
    pub(super) overdue_pops: u32,
    /// Sequence number and timestamp of the last packet that was far off the timeline: if the next packet
    /// continues it, the sender has moved to a new timeline.
    pub(super) jump_candidate: Option<(u16, u32)>,
    pub(super) stats: JitterStats,
}

/// The configured limits in ticks of the RTP clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Limits {
    pub(super) min_delay: i64,
    pub(super) max_delay: i64,
    pub(super) capacity: i64,
}

impl Limits {
    /// The limits of `config`, made consistent: the maximum delay is at least the minimum, and the capacity
    /// holds the maximum delay plus two frames.
    fn of(config: JitterConfig) -> Self {
        let min_delay = ticks_of(config.min_delay);
        let max_delay = ticks_of(config.max_delay).max(min_delay);
        let capacity = ticks_of(config.capacity).max(max_delay + 2 * FRAME_TICKS);
        Self { min_delay, max_delay, capacity }
    }

    /// The most frames the buffer holds.
    pub(super) fn capacity_frames(&self) -> usize {
        usize::try_from(self.capacity / FRAME_TICKS).unwrap_or(usize::MAX)
    }
}

/// Where the stream being played has got to: its SSRC and the newest extended sequence number and timestamp,
/// the references that extend the next packet's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StreamPosition {
    pub(super) ssrc: u32,
    pub(super) newest_sequence: i64,
    pub(super) newest_timestamp: i64,
}

/// A frame waiting for its slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BufferedFrame {
    pub(super) samples: FrameSamples,
    pub(super) talkspurt_start: bool,
}

impl JitterBuffer {
    /// An empty buffer, pre-buffering until the first frame has waited the minimum delay.
    pub(crate) fn new(config: JitterConfig) -> Self {
        Self {
            limits: Limits::of(config),
            stream: None,
            seen: SeenSequences::default(),
            frames: BTreeMap::new(),
            estimator: DelayEstimator::default(),
            concealer: Concealer::default(),
            playhead: None,
            audible_until: None,
            missing_in_a_row: 0,
            overdue_pops: 0,
            jump_candidate: None,
            stats: JitterStats::default(),
        }
    }

    /// What the buffer has done so far and the delay it runs with now.
    pub(crate) fn stats(&self) -> JitterStats {
        JitterStats {
            target_delay_ms: whole_ms(self.target_delay()),
            interarrival_jitter: self.estimator.interarrival_jitter(),
            ..self.stats
        }
    }

    /// The playout delay to aim for, in ticks beyond the fastest trip.
    pub(super) fn target_delay(&self) -> i64 {
        self.estimator.target_delay(self.limits.min_delay, self.limits.max_delay)
    }

    /// The timestamp of the earliest frame waiting, if any.
    pub(super) fn earliest_frame(&self) -> Option<i64> {
        self.frames.first_key_value().map(|(&timestamp, _)| timestamp)
    }

    /// Drops everything about the stream (frames, playhead, delay estimate, the frame concealment would repeat)
    /// to start afresh on a new one; the counters stay.
    pub(super) fn restart(&mut self) {
        *self = Self { limits: self.limits, stats: self.stats, ..Self::new(JitterConfig::default()) };
        self.stats.restarts += 1;
    }
}
