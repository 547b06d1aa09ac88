//! Opening one cpal stream on a device: pick its configuration, build the capture or playback chain on the
//! shared ring, and start it. The stream lives on the audio thread (cpal streams are not `Send` everywhere).

use std::sync::Arc;
use std::sync::mpsc::Sender;

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{BufferSize, FromSample, SampleFormat, SizedSample, StreamConfig};

use crate::chain::{CaptureChain, PlaybackChain};
use crate::config::{Choice, choose_config};
use crate::device::Direction;
use crate::error::AudioError;
use crate::fault::{Fault, error_callback};
use crate::ring::SampleRing;

/// Where a new stream reports its errors.
#[derive(Debug, Clone)]
pub(crate) struct FaultReport {
    pub(crate) sender: Sender<Fault>,
    pub(crate) generation: u64,
}

/// Opens and starts a stream on `device` (called `name` in errors) in `direction`, on `ring`: the capture ring
/// for an input, the playback ring for an output.
pub(crate) fn open_stream(
    device: &cpal::Device,
    name: &str,
    direction: Direction,
    ring: &Arc<SampleRing>,
    faults: &FaultReport,
) -> Result<(cpal::Stream, Choice), AudioError> {
    let open_error = |reason: String| AudioError::Open { device: name.to_owned(), direction, reason };
    let ranges: Vec<_> = match direction {
        Direction::Input => device.supported_input_configs().map(Iterator::collect),
        Direction::Output => device.supported_output_configs().map(Iterator::collect),
    }
    .map_err(|e| open_error(e.to_string()))?;
    let choice = choose_config(&ranges, direction).ok_or_else(|| AudioError::NoConfig {
        device: name.to_owned(),
        direction,
        reason: format!("none of its {} configurations has a sample format we convert", ranges.len()),
    })?;
    // A fixed 10 ms callback is asked for when the device lists the size; some refuse it anyway.
    let stream = match build(device, direction, choice, ring, faults) {
        Err(error) if choice.config.buffer_size != BufferSize::Default => {
            tracing::debug!(%direction, device = name, %error, "fixed buffer refused, trying the device's own");
            let config = StreamConfig { buffer_size: BufferSize::Default, ..choice.config };
            build(device, direction, Choice { config, ..choice }, ring, faults)
        }
        other => other,
    }
    .map_err(open_error)?;
    stream.play().map_err(|e| open_error(e.to_string()))?;
    tracing::info!(%direction, device = name, config = ?choice.config, format = %choice.format, "audio stream started");
    Ok((stream, choice))
}

/// Builds (not starts) the stream for `choice`.
fn build(
    device: &cpal::Device,
    direction: Direction,
    choice: Choice,
    ring: &Arc<SampleRing>,
    faults: &FaultReport,
) -> Result<cpal::Stream, String> {
    let Choice { config, format } = choice;
    let (channels, rate) = (config.channels, config.sample_rate);
    let on_error = error_callback(faults.sender.clone(), direction, faults.generation);
    macro_rules! typed {
        ($sample:ty) => {
            match direction {
                Direction::Input => {
                    let writer = ring.writer().ok_or("the previous input stream still holds the ring")?;
                    build_input::<$sample>(device, config, CaptureChain::new(channels, rate, writer), on_error)
                }
                Direction::Output => {
                    let reader = ring.reader().ok_or("the previous output stream still holds the ring")?;
                    build_output::<$sample>(device, config, PlaybackChain::new(channels, rate, reader), on_error)
                }
            }
        };
    }
    let built = match format {
        SampleFormat::F32 => typed!(f32),
        SampleFormat::I16 => typed!(i16),
        SampleFormat::I32 => typed!(i32),
        SampleFormat::I24 => typed!(cpal::I24),
        SampleFormat::F64 => typed!(f64),
        SampleFormat::U16 => typed!(u16),
        SampleFormat::U24 => typed!(cpal::U24),
        SampleFormat::U32 => typed!(u32),
        SampleFormat::I8 => typed!(i8),
        SampleFormat::U8 => typed!(u8),
        other => return Err(format!("sample format {other} is not converted")),
    };
    built.map_err(|e| e.to_string())
}

fn build_input<T>(
    device: &cpal::Device,
    config: StreamConfig,
    mut chain: CaptureChain,
    on_error: impl FnMut(cpal::Error) + Send + 'static,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample,
    f32: FromSample<T>,
{
    device.build_input_stream(
        config,
        move |data: &[T], _: &cpal::InputCallbackInfo| chain.process(data),
        on_error,
        None,
    )
}

fn build_output<T>(
    device: &cpal::Device,
    config: StreamConfig,
    mut chain: PlaybackChain,
    on_error: impl FnMut(cpal::Error) + Send + 'static,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32>,
{
    device.build_output_stream(
        config,
        move |data: &mut [T], _: &cpal::OutputCallbackInfo| chain.fill(data),
        on_error,
        None,
    )
}
