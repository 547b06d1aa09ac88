//! Microphone callback → 8 kHz ring: mixes the device's channels down to mono, converts the rate and writes
//! 16-bit samples to the capture ring (what does not fit is dropped and counted there).

use cpal::{FromSample, Sample};

use super::to_call_sample;
use crate::frame::CALL_RATE;
use crate::resample::Resampler;
use crate::ring::RingWriter;

/// Converted samples gathered before each ring write.
const CHUNK: usize = 128;

/// The state one input stream's callback carries.
#[derive(Debug)]
pub(crate) struct CaptureChain {
    channels: usize,
    resampler: Resampler,
    ring: RingWriter,
    chunk: [i16; CHUNK],
    filled: usize,
}

impl CaptureChain {
    /// For a device delivering `channels` interleaved channels at `rate` Hz.
    pub(crate) fn new(channels: u16, rate: u32, ring: RingWriter) -> Self {
        Self {
            channels: usize::from(channels.max(1)),
            resampler: Resampler::new(rate, CALL_RATE),
            ring,
            chunk: [0; CHUNK],
            filled: 0,
        }
    }

    /// Takes one callback's interleaved samples.
    pub(crate) fn process<T>(&mut self, interleaved: &[T])
    where
        T: Sample,
        f32: FromSample<T>,
    {
        let scale = 1.0 / self.channels as f32;
        for frame in interleaved.chunks_exact(self.channels) {
            let mono: f32 = frame.iter().map(|&sample| sample.to_sample::<f32>()).sum::<f32>() * scale;
            self.resampler.push(mono);
            while let Some(out) = self.resampler.pop() {
                self.chunk[self.filled] = to_call_sample(out);
                self.filled += 1;
                if self.filled == CHUNK {
                    self.flush();
                }
            }
        }
        self.flush();
    }

    fn flush(&mut self) {
        self.ring.push(&self.chunk[..self.filled]);
        self.filled = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::FRAME_SAMPLES;
    use crate::level::tone_level;
    use crate::ring::SampleRing;

    fn interleaved_sine<T: Sample + FromSample<f32>>(rate: u32, channels: usize, hz: f32, seconds: f32) -> Vec<T> {
        let count = (rate as f32 * seconds) as usize;
        (0..count)
            .flat_map(|n| {
                let value = 0.5 * (std::f32::consts::TAU * hz * n as f32 / rate as f32).sin();
                std::iter::repeat_n(T::from_sample(value), channels)
            })
            .collect()
    }

    /// Runs `samples` through a chain in callback-sized pieces and returns the 8 kHz frames.
    fn capture<T>(samples: &[T], channels: u16, rate: u32, callback_frames: usize) -> Vec<[i16; FRAME_SAMPLES]>
    where
        T: Sample,
        f32: FromSample<T>,
    {
        let ring = SampleRing::new(1 << 16);
        let mut chain = CaptureChain::new(channels, rate, ring.writer().expect("writer"));
        for piece in samples.chunks(callback_frames * usize::from(channels)) {
            chain.process(piece);
        }
        let mut reader = ring.reader().expect("reader");
        let mut frames = Vec::new();
        let mut frame = [0; FRAME_SAMPLES];
        while reader.pop_exact(&mut frame) {
            frames.push(frame);
        }
        frames
    }

    #[test]
    fn a_stereo_float_microphone_at_48_khz_becomes_8_khz_frames_with_the_tone() {
        let samples: Vec<f32> = interleaved_sine(48_000, 2, 440.0, 1.0);
        let frames = capture(&samples, 2, 48_000, 480);
        assert!((49..=50).contains(&frames.len()), "{} frames from one second", frames.len());
        for frame in &frames[2..] {
            assert!(
                (tone_level(frame, CALL_RATE, 440.0) - 0.5).abs() < 0.05,
                "{}",
                tone_level(frame, CALL_RATE, 440.0)
            );
            assert!(tone_level(frame, CALL_RATE, 1_000.0) < 0.05);
        }
    }

    #[test]
    fn integer_formats_odd_rates_and_odd_callback_sizes_work_too() {
        let mono_i16: Vec<i16> = interleaved_sine(44_100, 1, 1_000.0, 0.5);
        let frames = capture(&mono_i16, 1, 44_100, 441);
        assert!((24..=25).contains(&frames.len()));
        assert!(tone_level(&frames[10], CALL_RATE, 1_000.0) > 0.45);
        let u8_quad: Vec<u8> = interleaved_sine(16_000, 4, 1_000.0, 0.5);
        let frames = capture(&u8_quad, 4, 16_000, 37);
        assert!(tone_level(&frames[10], CALL_RATE, 1_000.0) > 0.4, "8-bit is coarse but the tone is there");
    }

    #[test]
    fn channels_are_mixed_down_not_just_the_first_taken() {
        // Left carries the tone, right is silent: mono is the tone at half level.
        let rate = 8_000;
        let samples: Vec<f32> = (0..rate)
            .flat_map(|n| [0.8 * (std::f32::consts::TAU * 440.0 * n as f32 / rate as f32).sin(), 0.0])
            .collect();
        let frames = capture(&samples, 2, rate, 160);
        assert!((tone_level(&frames[5], CALL_RATE, 440.0) - 0.4).abs() < 0.02);
    }
}
