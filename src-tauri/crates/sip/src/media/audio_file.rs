//! WAV files as a call's audio: what a headless call plays (`locusctl call --play`) and where received audio is
//! recorded (`--record`, the 933 readback). Everything inside a call is 8 kHz mono 16-bit, G.711's native rate.

use std::path::Path;

/// Samples per second inside a call.
pub const CALL_RATE: u32 = 8_000;

/// Reads a WAV file as 8 kHz mono: channels are averaged and other rates resampled linearly.
pub fn read_wav(path: &Path) -> Result<Vec<i16>, String> {
    let mut reader = hound::WavReader::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels.max(1));
    let interleaved: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Int => {
            let scale = (1_i64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
            reader.samples::<i32>().map(|s| s.map(|v| v as f32 / scale)).collect::<Result<_, _>>()
        }
        hound::SampleFormat::Float => reader.samples::<f32>().collect::<Result<_, _>>(),
    }
    .map_err(|e| format!("{} is damaged: {e}", path.display()))?;
    let mono: Vec<f32> =
        interleaved.chunks(channels).map(|frame| frame.iter().sum::<f32>() / frame.len() as f32).collect();
    Ok(resample(&mono, spec.sample_rate, CALL_RATE).into_iter().map(to_i16).collect())
}

/// Writes 8 kHz mono 16-bit samples as a WAV file.
pub fn write_wav(path: &Path, samples: &[i16]) -> Result<(), String> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: CALL_RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let fail = |e: hound::Error| format!("cannot write {}: {e}", path.display());
    let mut writer = hound::WavWriter::create(path, spec).map_err(fail)?;
    for &sample in samples {
        writer.write_sample(sample).map_err(fail)?;
    }
    writer.finalize().map_err(fail)
}

fn resample(samples: &[f32], from: u32, to: u32) -> Vec<f32> {
    if from == to || samples.is_empty() || from == 0 {
        return samples.to_vec();
    }
    let step = f64::from(from) / f64::from(to);
    let count = (samples.len() as f64 / step).floor() as usize;
    (0..count)
        .map(|i| {
            let position = i as f64 * step;
            let index = position.floor() as usize;
            let fraction = (position - index as f64) as f32;
            let next = samples.get(index + 1).copied().unwrap_or(samples[index]);
            samples[index] * (1.0 - fraction) + next * fraction
        })
        .collect()
}

fn to_i16(sample: f32) -> i16 {
    (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stereo_16_khz_file_becomes_8_khz_mono() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("tone.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut writer = hound::WavWriter::create(&path, spec).expect("create");
        for i in 0..16_000 {
            let value = if i % 2 == 0 { 1000 } else { 3000 };
            writer.write_sample(value as i16).expect("left");
            writer.write_sample(value as i16).expect("right");
        }
        writer.finalize().expect("finalize");
        let samples = read_wav(&path).expect("reads");
        assert_eq!(samples.len(), 8_000);
        assert!(samples.iter().all(|&s| (999..=3001).contains(&s)), "values stay in range");
        let copy = dir.path().join("copy.wav");
        write_wav(&copy, &samples).expect("writes");
        assert_eq!(read_wav(&copy).expect("reads back"), samples);
    }

    #[test]
    fn a_missing_file_is_named_in_the_error() {
        assert!(
            read_wav(Path::new("/nonexistent/readback.wav"))
                .expect_err("refused")
                .contains("/nonexistent/readback.wav")
        );
    }
}
