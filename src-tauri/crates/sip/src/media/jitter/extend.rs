//! RTP's wrapping counters made monotonic: a 16-bit sequence number or 32-bit timestamp becomes the `i64` nearest
//! to a reference (the newest one seen), so order and distance survive wrap-around at 65 535 and 2³².

/// The sequence number `sequence` as the extended value nearest `reference`.
pub(crate) fn extend_sequence(sequence: u16, reference: i64) -> i64 {
    let step = sequence.wrapping_sub(reference as u16) as i16;
    reference + i64::from(step)
}

/// The timestamp `timestamp` as the extended value nearest `reference`.
pub(crate) fn extend_timestamp(timestamp: u32, reference: i64) -> i64 {
    let step = timestamp.wrapping_sub(reference as u32) as i32;
    reference + i64::from(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_numbers_count_on_across_the_wrap_and_back_before_it() {
        assert_eq!(extend_sequence(0, 65_535), 65_536);
        assert_eq!(extend_sequence(3, 65_534), 65_539);
        assert_eq!(extend_sequence(65_534, 65_537), 65_534);
        assert_eq!(extend_sequence(10, 12), 10);
        assert_eq!(extend_sequence(12, 10), 12);
        // Two wraps in: the reference carries the count.
        assert_eq!(extend_sequence(5, 2 * 65_536 + 65_530), 3 * 65_536 + 5);
    }

    #[test]
    fn timestamps_count_on_across_the_wrap_and_back_before_it() {
        let top = i64::from(u32::MAX);
        assert_eq!(extend_timestamp(159, top), top + 160);
        assert_eq!(extend_timestamp(u32::MAX - 159, top + 1), top - 159);
        assert_eq!(extend_timestamp(8_000, 1_600), 8_000);
        // Just under half the range either way is still read as the nearer side.
        assert_eq!(extend_timestamp(0x7FFF_FFFF, 0), 0x7FFF_FFFF);
        assert_eq!(extend_timestamp(0x8000_0001, 0), -0x7FFF_FFFF);
    }
}
