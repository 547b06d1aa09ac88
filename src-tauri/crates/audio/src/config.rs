//! Which of a device's stream configurations to open: the device's own rate when it is a common one (48 kHz
//! first; the conversion to 8 kHz is ours), mono microphones and stereo speakers (a mono stream on a stereo
//! output plays on the left only on some systems), a plain sample format, and 10 ms callbacks when the device
//! lets us choose. Pure: cpal's configuration list in, one configuration out.

use cpal::{BufferSize, SampleFormat, StreamConfig, SupportedBufferSize, SupportedStreamConfigRange};

use crate::device::Direction;

/// Rates in order of preference.
const RATES: [u32; 10] = [48_000, 44_100, 32_000, 16_000, 96_000, 24_000, 22_050, 88_200, 8_000, 192_000];

/// What to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Choice {
    /// Channels, rate and (when the device accepts one) a 10 ms callback size.
    pub(crate) config: StreamConfig,
    /// The sample type of the callbacks.
    pub(crate) format: SampleFormat,
}

/// The best of `ranges` for a stream in `direction`, or `None` when no range has a sample format we handle.
pub(crate) fn choose_config(ranges: &[SupportedStreamConfigRange], direction: Direction) -> Option<Choice> {
    ranges
        .iter()
        .filter_map(|range| {
            let format_rank = format_rank(range.sample_format())?;
            let (rate_rank, rate) = pick_rate(range.min_sample_rate(), range.max_sample_rate());
            let rank = (rate_rank, channel_rank(range.channels(), direction), format_rank);
            Some((rank, range, rate))
        })
        .min_by_key(|(rank, _, _)| *rank)
        .map(|(_, range, rate)| {
            let period = rate / 100;
            let buffer_size = match range.buffer_size() {
                SupportedBufferSize::Range { min, max } if (*min..=*max).contains(&period) => BufferSize::Fixed(period),
                _ => BufferSize::Default,
            };
            Choice {
                config: StreamConfig { channels: range.channels(), sample_rate: rate, buffer_size },
                format: range.sample_format(),
            }
        })
}

/// The preferred rate within `min..=max` and its rank (lower is better).
fn pick_rate(min: u32, max: u32) -> (usize, u32) {
    RATES
        .iter()
        .position(|rate| (min..=max).contains(rate))
        .map_or_else(|| (RATES.len(), 48_000.clamp(min, max.max(min))), |rank| (rank, RATES[rank]))
}

/// Mono first for microphones, stereo first for speakers, then fewer channels before more.
fn channel_rank(channels: u16, direction: Direction) -> u16 {
    match (direction, channels) {
        (Direction::Input, 1) | (Direction::Output, 2) => 0,
        (Direction::Input, 2) | (Direction::Output, 1) => 1,
        (_, other) => other.saturating_add(2),
    }
}

/// Sample formats we convert, in order of preference; `None` for the rest (DSD, 64-bit integers).
fn format_rank(format: SampleFormat) -> Option<u8> {
    Some(match format {
        SampleFormat::F32 => 0,
        SampleFormat::I16 => 1,
        SampleFormat::I32 => 2,
        SampleFormat::I24 => 3,
        SampleFormat::F64 => 4,
        SampleFormat::U16 => 5,
        SampleFormat::U24 => 6,
        SampleFormat::U32 => 7,
        SampleFormat::I8 => 8,
        SampleFormat::U8 => 9,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(channels: u16, min: u32, max: u32, format: SampleFormat) -> SupportedStreamConfigRange {
        SupportedStreamConfigRange::new(channels, min, max, SupportedBufferSize::Range { min: 64, max: 4_096 }, format)
    }

    #[test]
    fn a_flexible_microphone_opens_mono_float_48_khz_with_10_ms_callbacks() {
        let ranges = [
            range(2, 8_000, 192_000, SampleFormat::I16),
            range(1, 8_000, 192_000, SampleFormat::I16),
            range(1, 8_000, 192_000, SampleFormat::F32),
            range(6, 8_000, 192_000, SampleFormat::F32),
        ];
        let choice = choose_config(&ranges, Direction::Input).expect("a choice");
        assert_eq!(choice.format, SampleFormat::F32);
        assert_eq!(
            choice.config,
            StreamConfig { channels: 1, sample_rate: 48_000, buffer_size: BufferSize::Fixed(480) }
        );
    }

    #[test]
    fn speakers_prefer_stereo() {
        let ranges = [range(1, 48_000, 48_000, SampleFormat::F32), range(2, 48_000, 48_000, SampleFormat::F32)];
        assert_eq!(choose_config(&ranges, Direction::Output).expect("a choice").config.channels, 2);
    }

    #[test]
    fn the_device_rate_wins_over_channels_and_format() {
        let ranges = [range(1, 22_050, 22_050, SampleFormat::F32), range(2, 44_100, 44_100, SampleFormat::U8)];
        let choice = choose_config(&ranges, Direction::Input).expect("a choice");
        assert_eq!((choice.config.sample_rate, choice.config.channels), (44_100, 2));
    }

    #[test]
    fn an_uncommon_fixed_rate_is_taken_as_it_is() {
        let ranges = [range(2, 37_800, 37_800, SampleFormat::I32)];
        assert_eq!(choose_config(&ranges, Direction::Output).expect("a choice").config.sample_rate, 37_800);
    }

    #[test]
    fn without_a_buffer_range_the_device_picks_its_buffer() {
        let ranges =
            [SupportedStreamConfigRange::new(2, 48_000, 48_000, SupportedBufferSize::Unknown, SampleFormat::F32)];
        let choice = choose_config(&ranges, Direction::Output).expect("a choice");
        assert_eq!(choice.config.buffer_size, BufferSize::Default);
    }

    #[test]
    fn formats_we_cannot_convert_are_never_chosen() {
        assert_eq!(choose_config(&[range(2, 48_000, 48_000, SampleFormat::DsdU8)], Direction::Output), None);
        assert_eq!(choose_config(&[], Direction::Input), None);
    }
}
