//! DTMF digits as RFC 4733 telephone events (the 4-byte RTP payload: event, end bit and volume, duration) and as
//! the `application/dtmf-relay` body of a SIP INFO, the fallback when the far end did not answer with
//! telephone-event. Pure.

/// Samples one digit sounds for (100 ms at 8 kHz), in 20 ms packets.
pub(crate) const DIGIT_FRAMES: u16 = 5;
/// The volume we report: -10 dBm0, a typical keypad level (RFC 4733 §2.3.4).
const VOLUME: u8 = 10;

/// The RFC 4733 event code for a keypad `digit` (`0`–`9`, `*`, `#`, `A`–`D`).
pub(crate) fn event_code(digit: char) -> Option<u8> {
    match digit.to_ascii_uppercase() {
        d @ '0'..='9' => Some(d as u8 - b'0'),
        '*' => Some(10),
        '#' => Some(11),
        d @ 'A'..='D' => Some(d as u8 - b'A' + 12),
        _ => None,
    }
}

/// The keypad digit for an RFC 4733 event code.
pub(crate) fn digit_of(event: u8) -> Option<char> {
    match event {
        0..=9 => Some((b'0' + event) as char),
        10 => Some('*'),
        11 => Some('#'),
        12..=15 => Some((b'A' + event - 12) as char),
        _ => None,
    }
}

/// The payload of one telephone-event packet: `duration` in samples since the event began.
pub(crate) fn event_payload(event: u8, end: bool, duration: u16) -> [u8; 4] {
    let [high, low] = duration.to_be_bytes();
    [event, (u8::from(end) << 7) | VOLUME, high, low]
}

/// One telephone-event payload read back: the event code and whether this packet ends it.
pub(crate) fn parse_event(payload: &[u8]) -> Option<(u8, bool)> {
    match payload {
        [event, flags, _, _, ..] => Some((*event, flags & 0x80 != 0)),
        _ => None,
    }
}

/// The body of a SIP INFO carrying `digit` (`application/dtmf-relay`, as Cisco and most PBXs read it).
pub(crate) fn info_body(digit: char) -> String {
    let duration_ms = u32::from(DIGIT_FRAMES) * 20;
    format!("Signal={}\r\nDuration={duration_ms}\r\n", digit.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keypad_digit_has_an_event_and_comes_back_as_itself() {
        for digit in "0123456789*#ABCD".chars() {
            let event = event_code(digit).expect("an event code");
            assert_eq!(digit_of(event), Some(digit));
        }
        assert_eq!(event_code('5'), Some(5));
        assert_eq!(event_code('#'), Some(11));
        assert_eq!(event_code('d'), Some(15));
        assert_eq!(event_code('x'), None);
        assert_eq!(digit_of(16), None);
    }

    #[test]
    fn payloads_carry_event_end_bit_volume_and_duration() {
        assert_eq!(event_payload(5, false, 160), [5, 10, 0, 160]);
        assert_eq!(event_payload(11, true, 800), [11, 0x80 | 10, 3, 32]);
        assert_eq!(parse_event(&[11, 0x8a, 3, 32]), Some((11, true)));
        assert_eq!(parse_event(&[5, 10, 0, 160]), Some((5, false)));
        assert_eq!(parse_event(&[5, 10]), None);
    }

    #[test]
    fn the_info_body_names_the_signal_and_its_length() {
        assert_eq!(info_body('5'), "Signal=5\r\nDuration=100\r\n");
        assert_eq!(info_body('a'), "Signal=A\r\nDuration=100\r\n");
    }
}
