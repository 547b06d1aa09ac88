//! Packet loss concealment: a missing frame is replaced by the last frame played, fading linearly to silence over
//! the first few missing frames in a row; with nothing played yet there is nothing to repeat.

use super::frame::{FRAME_SAMPLES, FrameSamples};

/// Missing frames in a row that are concealed; later ones are silence (a fade over 100 ms).
pub(crate) const FADE_FRAMES: u32 = 5;

/// The last frame played, to repeat when the next is missing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Concealer {
    last_played: Option<[i16; FRAME_SAMPLES]>,
}

impl Concealer {
    /// Keeps `frame` as the one to repeat.
    pub(crate) fn remember(&mut self, frame: &[i16; FRAME_SAMPLES]) {
        self.last_played = Some(*frame);
    }

    /// Forgets the last frame (a new stream must not repeat the old one).
    #[cfg(test)]
    pub(crate) fn forget(&mut self) {
        self.last_played = None;
    }

    /// The stand-in for the `missing_in_a_row`-th missing frame (0 for the first), or `None` once the fade is over
    /// or when nothing was played yet. The gain falls linearly sample by sample from 1 at the start of the first
    /// concealed frame to 0 at the end of the last, so there is no step at any frame boundary.
    pub(crate) fn conceal(&self, missing_in_a_row: u32) -> Option<FrameSamples> {
        let last = self.last_played.as_ref()?;
        if missing_in_a_row >= FADE_FRAMES {
            return None;
        }
        let fade_len = FADE_FRAMES as i32 * FRAME_SAMPLES as i32;
        let faded_before = missing_in_a_row as i32 * FRAME_SAMPLES as i32;
        let mut out = Box::new([0_i16; FRAME_SAMPLES]);
        for (position, (sample, source)) in out.iter_mut().zip(last).enumerate() {
            let gain = fade_len - faded_before - position as i32;
            *sample = (i32::from(*source) * gain / fade_len) as i16;
        }
        Some(out)
    }

    /// Whether a missing frame can still be concealed (a frame was played and the fade is not over).
    pub(crate) fn can_conceal(&self, missing_in_a_row: u32) -> bool {
        self.last_played.is_some() && missing_in_a_row < FADE_FRAMES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_played_conceals_as_nothing() {
        let concealer = Concealer::default();
        assert!(!concealer.can_conceal(0));
        assert_eq!(concealer.conceal(0), None);
    }

    #[test]
    fn the_last_frame_repeats_fading_to_silence_over_five_frames() {
        let mut concealer = Concealer::default();
        concealer.remember(&[1_000; FRAME_SAMPLES]);
        let first = concealer.conceal(0).expect("first missing frame is concealed");
        assert_eq!((first[0], first[80], first[159]), (1_000, 900, 801));
        let third = concealer.conceal(2).expect("third missing frame is concealed");
        assert_eq!((third[0], third[159]), (600, 401));
        let fifth = concealer.conceal(4).expect("fifth missing frame is concealed");
        assert_eq!((fifth[0], fifth[159]), (200, 1));
        assert!(concealer.can_conceal(4) && !concealer.can_conceal(5));
        assert_eq!(concealer.conceal(5), None);
        concealer.forget();
        assert_eq!(concealer.conceal(0), None);
    }

    #[test]
    fn negative_samples_fade_towards_zero_too() {
        let mut concealer = Concealer::default();
        concealer.remember(&[i16::MIN; FRAME_SAMPLES]);
        let first = concealer.conceal(0).expect("concealed");
        assert_eq!(first[0], i16::MIN);
        assert!(first[159] > i16::MIN && first[159] < 0);
    }
}
