//! What a jitter buffer has done so far, for diagnostics and the call screen: counters since it was made
//! (they survive restarts on a new stream) and the delay it is running with now.

/// Counters and current delay of one jitter buffer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct JitterStats {
    /// Received frames played.
    pub(crate) frames_played: u64,
    /// Missing frames replaced by concealment.
    pub(crate) frames_concealed: u64,
    /// Frames dropped because they arrived after their playout time.
    pub(crate) late_drops: u64,
    /// Frames dropped because they had arrived before.
    pub(crate) duplicates: u64,
    /// Frames dropped on purpose to bring a too-long delay down (one at a time, the quieter of two).
    pub(crate) shrink_drops: u64,
    /// Frames dropped because they were far off the playout timeline and nothing continued them.
    pub(crate) off_timeline_drops: u64,
    /// Frames dropped because the buffer was full.
    pub(crate) overflow_drops: u64,
    /// Times the buffer started afresh: a new SSRC or a timestamp jump.
    pub(crate) restarts: u64,
    /// The playout delay the buffer aims for, in ms beyond the fastest trip a packet made.
    pub(crate) target_delay_ms: u32,
    /// The playout delay of the last frame played, in ms beyond the fastest trip a packet made.
    pub(crate) current_delay_ms: u32,
    /// RFC 3550 interarrival jitter in RTP timestamp units (what an RTCP receiver report carries).
    pub(crate) interarrival_jitter: u32,
}
