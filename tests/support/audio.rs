//! Test audio: pure tones to send, and a Goertzel detector to tell whether a tone came back.

/// `seconds` of a sine at `frequency` Hz, 8 kHz, at half scale.
pub fn tone(frequency: f64, seconds: f64) -> Vec<i16> {
    let count = (8_000.0 * seconds) as usize;
    (0..count)
        .map(|i| ((2.0 * std::f64::consts::PI * frequency * i as f64 / 8_000.0).sin() * 16_000.0) as i16)
        .collect()
}

/// The power of `frequency` in `samples` (8 kHz), normalised by length.
pub fn power_at(samples: &[i16], frequency: f64) -> f64 {
    let coefficient = 2.0 * (2.0 * std::f64::consts::PI * frequency / 8_000.0).cos();
    let (mut previous, mut before) = (0.0_f64, 0.0_f64);
    for &sample in samples {
        let current = f64::from(sample) + coefficient * previous - before;
        before = previous;
        previous = current;
    }
    (previous * previous + before * before - coefficient * previous * before) / (samples.len().max(1) as f64).powi(2)
}
