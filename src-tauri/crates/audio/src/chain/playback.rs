//! 8 kHz ring → speaker callback: reads the call's samples, converts the rate and writes every channel of the
//! device. When the ring runs dry the speaker gets silence, and playing resumes only once a whole 20 ms frame
//! is waiting again, so a late frame gives one clean gap instead of crackle.

use cpal::{FromSample, Sample};

use super::from_call_sample;
use crate::frame::{CALL_RATE, FRAME_SAMPLES};
use crate::resample::Resampler;
use crate::ring::RingReader;

/// Call samples taken from the ring at a time.
const CHUNK: usize = 64;

/// The state one output stream's callback carries.
#[derive(Debug)]
pub(crate) struct PlaybackChain {
    channels: usize,
    resampler: Resampler,
    ring: RingReader,
    chunk: [i16; CHUNK],
    chunk_len: usize,
    chunk_at: usize,
    /// The ring ran dry: play silence until a whole frame is waiting.
    starved: bool,
}

impl PlaybackChain {
    /// For a device taking `channels` interleaved channels at `rate` Hz.
    pub(crate) fn new(channels: u16, rate: u32, ring: RingReader) -> Self {
        Self {
            channels: usize::from(channels.max(1)),
            resampler: Resampler::new(CALL_RATE, rate),
            ring,
            chunk: [0; CHUNK],
            chunk_len: 0,
            chunk_at: 0,
            starved: true,
        }
    }

    /// Fills one callback's interleaved buffer.
    pub(crate) fn fill<T>(&mut self, interleaved: &mut [T])
    where
        T: Sample + FromSample<f32>,
    {
        for frame in interleaved.chunks_exact_mut(self.channels) {
            let value = loop {
                if let Some(value) = self.resampler.pop() {
                    break value;
                }
                let next = self.next_call_sample();
                self.resampler.push(next);
            };
            frame.fill(T::from_sample(value));
        }
    }

    fn next_call_sample(&mut self) -> f32 {
        if self.chunk_at == self.chunk_len {
            if self.starved && self.ring.available() < FRAME_SAMPLES {
                return 0.0;
            }
            self.chunk_len = self.ring.pop(&mut self.chunk);
            self.chunk_at = 0;
            self.starved = self.chunk_len == 0;
            if self.starved {
                return 0.0;
            }
        }
        let sample = self.chunk[self.chunk_at];
        self.chunk_at += 1;
        from_call_sample(sample)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::tone_amplitude;
    use crate::ring::SampleRing;

    fn call_sine(hz: f32, samples: usize) -> Vec<i16> {
        (0..samples)
            .map(|n| (16_384.0 * (std::f32::consts::TAU * hz * n as f32 / CALL_RATE as f32).sin()) as i16)
            .collect()
    }

    #[test]
    fn call_audio_reaches_every_channel_of_a_48_khz_device() {
        let ring = SampleRing::new(1 << 14);
        ring.writer().expect("writer").push(&call_sine(1_000.0, 8_000));
        let mut chain = PlaybackChain::new(2, 48_000, ring.reader().expect("reader"));
        let mut out = vec![0.0_f32; 2 * 48_000];
        for callback in out.chunks_mut(2 * 480) {
            chain.fill(callback);
        }
        let left: Vec<f32> = out.iter().step_by(2).copied().collect();
        let right: Vec<f32> = out.iter().skip(1).step_by(2).copied().collect();
        assert_eq!(left, right, "both channels carry the call");
        let middle = &left[4_800..43_200];
        assert!((tone_amplitude(middle, 48_000, 1_000.0) - 0.5).abs() < 0.02);
        assert!(tone_amplitude(middle, 48_000, 7_000.0) < 0.001, "no image of the 8 kHz sampling");
    }

    #[test]
    fn an_empty_ring_plays_silence_and_resumes_on_a_whole_frame() {
        let ring = SampleRing::new(1 << 12);
        let mut writer = ring.writer().expect("writer");
        let mut chain = PlaybackChain::new(1, 8_000, ring.reader().expect("reader"));
        let mut out = [1_i16; 320];
        chain.fill(&mut out);
        assert!(out.iter().all(|&s| s == 0), "nothing queued: silence");
        writer.push(&[1_000; FRAME_SAMPLES - 1]);
        chain.fill(&mut out[..100]);
        assert!(out[..100].iter().all(|&s| s == 0), "less than a frame waiting: still silence");
        writer.push(&[1_000]);
        chain.fill(&mut out);
        assert!(out[..FRAME_SAMPLES].iter().all(|&s| s != 0), "a whole frame: it plays");
        assert!(out[FRAME_SAMPLES..].iter().all(|&s| s == 0), "then silence again");
    }

    #[test]
    fn integer_devices_get_integer_samples() {
        let ring = SampleRing::new(1 << 14);
        ring.writer().expect("writer").push(&call_sine(500.0, 4_000));
        let mut chain = PlaybackChain::new(1, 44_100, ring.reader().expect("reader"));
        let mut out = vec![0_i32; 22_050];
        chain.fill(&mut out);
        let floats: Vec<f32> = out[2_205..19_845].iter().map(|&s| s as f32 / i32::MAX as f32).collect();
        assert!((tone_amplitude(&floats, 44_100, 500.0) - 0.5).abs() < 0.02);
    }
}
