//! The 48-bit SRTP packet index, `ROC * 2^16 + SEQ`: which rollover of the 16-bit sequence number a packet belongs
//! to, guessed from the highest index seen so far (RFC 3711 §3.3.1 and Appendix A).

use super::SrtpError;

/// Indexes are 48 bits; a key must not protect more packets than that (RFC 3711 §9.2).
const INDEX_LIMIT: u64 = 1 << 48;
/// Half the sequence number space.
const HALF_SEQUENCE_SPACE: i64 = 1 << 15;

/// The index of a packet with `sequence`, given the highest index seen on its stream (`None` before the first
/// packet, whose rollover counter is 0). Refused when it would fall before the first rollover (a packet from before
/// the stream began) or past 2^48 (the key is used up).
pub(super) fn estimate(highest: Option<u64>, sequence: u16) -> Result<u64, SrtpError> {
    let Some(highest) = highest else {
        return Ok(u64::from(sequence));
    };
    let rollover = highest >> 16;
    let highest_sequence = i64::from((highest & 0xFFFF) as u16);
    let sequence_value = i64::from(sequence);
    let guessed_rollover = if highest_sequence < HALF_SEQUENCE_SPACE {
        if sequence_value - highest_sequence > HALF_SEQUENCE_SPACE {
            // Far ahead of a low highest: a late packet from before the last wrap.
            rollover.checked_sub(1).ok_or(SrtpError::TooOld { index: u64::from(sequence) })?
        } else {
            rollover
        }
    } else if highest_sequence - HALF_SEQUENCE_SPACE > sequence_value {
        // Far behind a high highest: the sequence number has wrapped.
        rollover + 1
    } else {
        rollover
    };
    let index = (guessed_rollover << 16) | u64::from(sequence);
    if index < INDEX_LIMIT { Ok(index) } else { Err(SrtpError::KeyExhausted) }
}

/// The rollover counter part of an index, which the RTP tag covers.
pub(super) fn rollover_counter(index: u64) -> u32 {
    // Indexes stay below 2^48, so the counter fits 32 bits.
    (index >> 16) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_packet_starts_at_rollover_zero() {
        assert_eq!(estimate(None, 0), Ok(0));
        assert_eq!(estimate(None, 65_000), Ok(65_000));
    }

    #[test]
    fn in_order_and_slightly_late_packets_keep_the_rollover() {
        let highest = (3 << 16) | 1000;
        assert_eq!(estimate(Some(highest), 1001), Ok((3 << 16) | 1001));
        assert_eq!(estimate(Some(highest), 990), Ok((3 << 16) | 990));
    }

    #[test]
    fn a_wrapped_sequence_number_raises_the_rollover() {
        assert_eq!(estimate(Some(65_535), 0), Ok(1 << 16));
        assert_eq!(estimate(Some((7 << 16) | 65_000), 100), Ok((8 << 16) | 100));
    }

    #[test]
    fn a_late_packet_from_before_the_wrap_keeps_the_old_rollover() {
        assert_eq!(estimate(Some((8 << 16) | 3), 65_530), Ok((7 << 16) | 65_530));
        // Before the very first wrap there is no earlier rollover.
        assert_eq!(estimate(Some(3), 65_530), Err(SrtpError::TooOld { index: 65_530 }));
    }

    #[test]
    fn the_index_never_passes_2_to_the_48() {
        let last = (u64::from(u32::MAX) << 16) | 65_000;
        assert_eq!(estimate(Some(last), 65_001), Ok(last + 1));
        assert_eq!(estimate(Some(last), 5), Err(SrtpError::KeyExhausted));
        assert_eq!(rollover_counter(last), u32::MAX);
    }
}
