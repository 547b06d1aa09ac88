//! What runs inside the device callbacks: converting between the device's samples (any format, rate and channel
//! count) and the call's 8 kHz mono, through the rings. Generic over the sample type and free of cpal streams,
//! so it is tested with plain slices; nothing here allocates or locks once built.

mod capture;
mod playback;

pub(crate) use capture::CaptureChain;
pub(crate) use playback::PlaybackChain;

/// A device sample in -1.0..=1.0 as a 16-bit call sample.
fn to_call_sample(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * 32_767.0).round() as i16
}

/// A 16-bit call sample as -1.0..=1.0.
fn from_call_sample(sample: i16) -> f32 {
    f32::from(sample) / 32_768.0
}
