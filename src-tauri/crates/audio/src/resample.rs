//! Sample-rate conversion between a device's rate and the call's 8 kHz: a windowed-sinc (Blackman) low-pass
//! interpolator, evaluated only at the output instants. The cut-off is 45 % of the lower rate (3.6 kHz for a
//! call), 16 zero crossings a side: about 74 dB of alias rejection, flat to about 3 kHz. The kernel is tabulated
//! at creation for 128 phases between input samples and interpolated linearly between them, so converting
//! allocates nothing. Positions are kept as exact fractions, so long calls do not drift.
//!
//! Use: `push` one input sample, then `pop` outputs until it says none is ready; or, pulling, `pop` and `push`
//! the next input whenever it says none is ready. Either way it never holds more than one kernel of input.

/// The cut-off as a fraction of the lower of the two rates.
const CUTOFF: f64 = 0.45;
/// Zero crossings of the sinc on each side of the centre.
const ZERO_CROSSINGS: f64 = 16.0;
/// Kernel phases tabulated between two input samples.
const PHASES: usize = 128;

/// A streaming converter from one sample rate to another.
#[derive(Debug)]
pub(crate) struct Resampler {
    to: u32,
    /// Taps per output sample (even), or 0 when the rates are equal and samples pass through.
    taps: usize,
    /// `PHASES + 1` rows of `taps` weights; row `j` is for an output `j / PHASES` of a sample after an input.
    table: Box<[f32]>,
    /// The latest inputs, by index modulo its (power-of-two) length.
    history: Box<[f32]>,
    /// Inputs pushed so far.
    pushed: u64,
    /// The next output's position in input samples: `whole + fraction / to`.
    whole: u64,
    fraction: u64,
    /// The position advance per output: `from / to` as `step_whole + step_fraction / to`.
    step_whole: u64,
    step_fraction: u64,
}

impl Resampler {
    /// A converter from `from` Hz to `to` Hz (both above zero).
    pub(crate) fn new(from: u32, to: u32) -> Self {
        let (from, to) = (from.max(1), to.max(1));
        let (taps, table) = if from == to { (0, Box::default()) } else { kernel(from, to) };
        let history_len = (2 * taps).max(2).next_power_of_two();
        Self {
            to,
            taps,
            table,
            history: vec![0.0; history_len].into_boxed_slice(),
            pushed: 0,
            whole: 0,
            fraction: 0,
            step_whole: u64::from(from / to),
            step_fraction: u64::from(from % to),
        }
    }

    /// Feeds the next input sample.
    pub(crate) fn push(&mut self, sample: f32) {
        let mask = self.history.len() - 1;
        self.history[(self.pushed as usize) & mask] = sample;
        self.pushed += 1;
    }

    /// The next output sample, or `None` until more input is pushed.
    pub(crate) fn pop(&mut self) -> Option<f32> {
        let half = (self.taps / 2) as u64;
        // The last input the output needs: `half` after the one at or before its position.
        if self.whole + half >= self.pushed {
            return None;
        }
        let value = if self.taps == 0 {
            self.history[(self.whole as usize) & (self.history.len() - 1)]
        } else {
            self.convolve()
        };
        self.whole += self.step_whole;
        self.fraction += self.step_fraction;
        let to = u64::from(self.to);
        if self.fraction >= to {
            self.fraction -= to;
            self.whole += 1;
        }
        Some(value)
    }

    /// The weighted sum of the inputs around the current position.
    fn convolve(&self) -> f32 {
        let taps = self.taps;
        let scaled = self.fraction * PHASES as u64;
        let to = u64::from(self.to);
        let row = (scaled / to) as usize;
        let between = (scaled % to) as f32 / to as f32;
        let (lower, upper) =
            (&self.table[row * taps..(row + 1) * taps], &self.table[(row + 1) * taps..(row + 2) * taps]);
        let mask = self.history.len() - 1;
        // Inputs `whole + 1 - taps/2 ..= whole + taps/2`; before the first input, the history's zeros.
        let first = self.whole.wrapping_add(1).wrapping_sub((taps / 2) as u64);
        let mut sum = 0.0_f32;
        for tap in 0..taps {
            let weight = lower[tap] + (upper[tap] - lower[tap]) * between;
            sum += weight * self.history[(first.wrapping_add(tap as u64) as usize) & mask];
        }
        sum
    }
}

/// The tap count and tabulated kernel for converting `from` Hz to `to` Hz.
fn kernel(from: u32, to: u32) -> (usize, Box<[f32]>) {
    // The cut-off in cycles per input sample, and the kernel's half-width in input samples.
    let cutoff = CUTOFF * f64::from(from.min(to)) / f64::from(from);
    let half_width = ZERO_CROSSINGS / (2.0 * cutoff);
    let taps = 2 * half_width.ceil() as usize;
    let mut table = vec![0.0_f32; (PHASES + 1) * taps];
    for (phase, row) in table.chunks_mut(taps).enumerate() {
        let offset = phase as f64 / PHASES as f64;
        let mut sum = 0.0;
        let weights: Vec<f64> = (0..taps)
            .map(|tap| {
                // Distance from this tap's input to the output position.
                let t = offset + (taps / 2) as f64 - 1.0 - tap as f64;
                let weight = 2.0 * cutoff * sinc(2.0 * cutoff * t) * blackman(t / half_width);
                sum += weight;
                weight
            })
            .collect();
        // Each phase sums to exactly one: no gain and no ripple at DC.
        for (slot, weight) in row.iter_mut().zip(weights) {
            *slot = (weight / sum) as f32;
        }
    }
    (taps, table.into_boxed_slice())
}

/// `sin(πx) / (πx)`.
fn sinc(x: f64) -> f64 {
    if x.abs() < 1e-12 {
        1.0
    } else {
        let px = std::f64::consts::PI * x;
        px.sin() / px
    }
}

/// The Blackman window on `-1..=1`, zero outside.
fn blackman(x: f64) -> f64 {
    if x.abs() > 1.0 {
        return 0.0;
    }
    let angle = std::f64::consts::PI * x;
    0.42 + 0.5 * angle.cos() + 0.08 * (2.0 * angle).cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::level::tone_amplitude;

    fn sine(rate: u32, hz: f64, count: usize) -> Vec<f32> {
        (0..count).map(|n| (0.5 * (std::f64::consts::TAU * hz * n as f64 / f64::from(rate)).sin()) as f32).collect()
    }

    /// Pushes all of `input`, popping as it goes.
    fn convert(from: u32, to: u32, input: &[f32]) -> Vec<f32> {
        let mut resampler = Resampler::new(from, to);
        let mut output = Vec::new();
        for &sample in input {
            resampler.push(sample);
            while let Some(out) = resampler.pop() {
                output.push(out);
            }
        }
        output
    }

    /// The settled part: past the kernel's start-up, one second's worth at most.
    fn settled(output: &[f32], rate: u32) -> &[f32] {
        let skip = (rate as usize / 50).min(output.len());
        &output[skip..output.len().min(skip + rate as usize)]
    }

    #[test]
    fn equal_rates_pass_samples_through() {
        let input = sine(8_000, 440.0, 100);
        assert_eq!(convert(8_000, 8_000, &input), input);
    }

    #[test]
    fn a_48_khz_tone_comes_out_at_8_khz_at_the_same_level() {
        let output = convert(48_000, 8_000, &sine(48_000, 440.0, 48_000));
        assert!((output.len() as i64 - 8_000).abs() <= 20, "{} samples", output.len());
        let level = tone_amplitude(settled(&output, 8_000), 8_000, 440.0);
        assert!((level - 0.5).abs() < 0.01, "440 Hz at {level}");
    }

    #[test]
    fn what_8_khz_cannot_carry_is_filtered_out_not_folded_down() {
        // 7 kHz at 48 kHz would fold to 1 kHz by dropping samples; the filter must remove it.
        let output = convert(48_000, 8_000, &sine(48_000, 7_000.0, 48_000));
        let folded = tone_amplitude(settled(&output, 8_000), 8_000, 1_000.0);
        assert!(folded < 0.5 * 0.001, "alias at {folded} (more than -60 dB)");
        // 4.4 kHz, just above 8 kHz's Nyquist, would fold to 3.6 kHz.
        let output = convert(48_000, 8_000, &sine(48_000, 4_400.0, 48_000));
        let folded = tone_amplitude(settled(&output, 8_000), 8_000, 3_600.0);
        assert!(folded < 0.5 * 0.01, "alias at {folded} (more than -40 dB)");
    }

    #[test]
    fn the_telephone_band_is_flat() {
        for hz in [300.0, 1_000.0, 2_000.0, 3_000.0] {
            let output = convert(44_100, 8_000, &sine(44_100, hz, 44_100));
            let level = tone_amplitude(settled(&output, 8_000), 8_000, hz);
            let db = 20.0 * (level / 0.5).log10();
            assert!(db.abs() < 1.0, "{hz} Hz at {db:.2} dB");
        }
    }

    #[test]
    fn upsampling_keeps_the_tone_and_suppresses_its_images() {
        let output = convert(8_000, 48_000, &sine(8_000, 1_000.0, 8_000));
        assert!((output.len() as i64 - 48_000).abs() <= 120, "{} samples", output.len());
        let settled = settled(&output, 48_000);
        let level = tone_amplitude(settled, 48_000, 1_000.0);
        assert!((level - 0.5).abs() < 0.01, "1 kHz at {level}");
        for image in [7_000.0, 9_000.0, 15_000.0] {
            let leak = tone_amplitude(settled, 48_000, image);
            assert!(leak < 0.5 * 0.001, "image at {image} Hz: {leak}");
        }
    }

    #[test]
    fn odd_ratios_keep_exact_time_over_a_long_call() {
        // A minute at 44.1 kHz (a ratio with no short period) must come out at exactly 8 kHz, minus what the
        // kernel's half-width still waits for: positions are exact fractions, so no error accumulates.
        let mut resampler = Resampler::new(44_100, 8_000);
        let mut outputs = 0_u64;
        let inputs = 44_100_u64 * 60;
        for _ in 0..inputs {
            resampler.push(0.0);
            while resampler.pop().is_some() {
                outputs += 1;
            }
        }
        let expected = inputs * 8_000 / 44_100;
        assert!(expected - outputs <= (resampler.taps as u64 / 2) * 8_000 / 44_100 + 1, "{outputs} of {expected}");
    }

    #[test]
    fn pulling_gives_the_same_samples_as_pushing() {
        let input = sine(8_000, 700.0, 2_000);
        let pushed = convert(8_000, 44_100, &input);
        let mut resampler = Resampler::new(8_000, 44_100);
        let mut source = input.iter();
        let mut pulled = Vec::new();
        'outer: loop {
            while let Some(out) = resampler.pop() {
                pulled.push(out);
            }
            match source.next() {
                Some(&sample) => resampler.push(sample),
                None => break 'outer,
            }
        }
        assert_eq!(pulled, pushed);
    }
}
