//! What the jitter buffer answers: to a push, whether the frame was kept and why not; to a pop, the 20 ms of audio
//! to play now and where it came from.

use super::frame::{FRAME_SAMPLES, FrameSamples};

/// What happened to a pushed frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PushOutcome {
    /// Kept for playout.
    Buffered,
    /// Kept, as the first frame of a new stream: the SSRC changed or the timeline jumped, and the buffer started
    /// afresh.
    Restarted,
    /// Dropped: its playout time had passed (it was concealed instead).
    Late,
    /// Dropped: this frame is already buffered or was already played.
    Duplicate,
    /// Dropped: far from the playout timeline. If the next packet continues it, the stream restarts there.
    OffTimeline,
    /// Dropped: not one 20 ms frame of 160 samples.
    WrongLength,
}

/// The 20 ms of audio to play now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Playout {
    /// A received frame, in timestamp order.
    Frame(FrameSamples),
    /// A stand-in for a missing frame: the last frame again, fading out.
    Concealed(FrameSamples),
    /// A gap: between talkspurts, once concealment has faded out, or while the delay grows.
    Silence,
    /// Pre-buffering: nothing has been played since the stream started.
    Waiting,
}

impl Playout {
    /// The samples to play, silence for `Silence` and `Waiting`.
    pub(crate) fn into_samples(self) -> FrameSamples {
        match self {
            Playout::Frame(samples) | Playout::Concealed(samples) => samples,
            Playout::Silence | Playout::Waiting => Box::new([0; FRAME_SAMPLES]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_play_as_silence_and_frames_as_themselves() {
        assert_eq!(*Playout::Waiting.into_samples(), [0; FRAME_SAMPLES]);
        assert_eq!(*Playout::Silence.into_samples(), [0; FRAME_SAMPLES]);
        assert_eq!(*Playout::Frame(Box::new([5; FRAME_SAMPLES])).into_samples(), [5; FRAME_SAMPLES]);
        assert_eq!(*Playout::Concealed(Box::new([-3; FRAME_SAMPLES])).into_samples(), [-3; FRAME_SAMPLES]);
    }
}
