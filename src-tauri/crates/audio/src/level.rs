//! How loud a recording is, overall and at one frequency: a microphone meter, and how the tests tell a 440 Hz
//! tone from a 1 kHz one in audio that went through devices and resamplers.

/// The amplitude of the `hz` component of `samples` taken at `rate`, as a fraction of the peak (a full-scale
/// sine gives about 1.0). A Goertzel filter: the discrete-time Fourier transform at exactly `hz`.
pub fn tone_amplitude(samples: &[f32], rate: u32, hz: f64) -> f64 {
    if samples.is_empty() || rate == 0 {
        return 0.0;
    }
    let coefficient = 2.0 * (std::f64::consts::TAU * hz / f64::from(rate)).cos();
    let (mut previous, mut before) = (0.0_f64, 0.0_f64);
    for &sample in samples {
        let current = f64::from(sample) + coefficient * previous - before;
        before = previous;
        previous = current;
    }
    let power = previous * previous + before * before - coefficient * previous * before;
    2.0 * power.max(0.0).sqrt() / samples.len() as f64
}

/// [`tone_amplitude`] of 16-bit samples, relative to full scale.
pub fn tone_level(samples: &[i16], rate: u32, hz: f64) -> f64 {
    let floats: Vec<f32> = samples.iter().map(|&sample| f32::from(sample) / 32_768.0).collect();
    tone_amplitude(&floats, rate, hz)
}

/// The root-mean-square level of 16-bit samples, relative to full scale (a full-scale sine gives about 0.707).
pub fn rms_level(samples: &[i16]) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    let sum: f64 = samples.iter().map(|&sample| (f64::from(sample) / 32_768.0).powi(2)).sum();
    (sum / samples.len() as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(rate: u32, hz: f64, amplitude: f64, count: usize) -> Vec<i16> {
        (0..count)
            .map(|n| (amplitude * 32_767.0 * (std::f64::consts::TAU * hz * n as f64 / f64::from(rate)).sin()) as i16)
            .collect()
    }

    #[test]
    fn a_tone_is_measured_at_its_frequency_and_not_elsewhere() {
        let tone = sine(8_000, 440.0, 0.5, 1_600);
        assert!((tone_level(&tone, 8_000, 440.0) - 0.5).abs() < 0.02, "{}", tone_level(&tone, 8_000, 440.0));
        assert!(tone_level(&tone, 8_000, 1_000.0) < 0.01);
        assert!((rms_level(&tone) - 0.5 / 2_f64.sqrt()).abs() < 0.01);
    }

    #[test]
    fn silence_and_nothing_measure_zero() {
        assert_eq!(tone_level(&[0; 160], 8_000, 440.0), 0.0);
        assert_eq!(tone_level(&[], 8_000, 440.0), 0.0);
        assert_eq!(rms_level(&[]), 0.0);
    }
}
