//! The parts of an RTP header SRTP needs (RFC 3550 §5.1): sequence number, SSRC, and where the payload starts, past
//! any CSRCs and header extension. Everything before that is authenticated but left in the clear.

use super::SrtpError;

/// The fixed part of every RTP header.
const FIXED_HEADER_LEN: usize = 12;

/// What SRTP reads from an RTP header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RtpHeader {
    pub(super) sequence: u16,
    pub(super) ssrc: u32,
    /// Header, CSRCs and extension: the payload (with any padding) starts here.
    pub(super) len: usize,
}

impl RtpHeader {
    /// Reads the header of `packet` (without any SRTP tag).
    pub(super) fn parse(packet: &[u8]) -> Result<Self, SrtpError> {
        if packet.len() < FIXED_HEADER_LEN {
            return Err(SrtpError::TooShort { length: packet.len() });
        }
        if packet[0] >> 6 != 2 {
            return Err(SrtpError::Malformed);
        }
        let csrc_count = usize::from(packet[0] & 0x0F);
        let mut len = FIXED_HEADER_LEN + 4 * csrc_count;
        let has_extension = packet[0] & 0x10 != 0;
        if has_extension {
            let length_field = packet.get(len + 2..len + 4).ok_or(SrtpError::Malformed)?;
            let extension_words = usize::from(u16::from_be_bytes([length_field[0], length_field[1]]));
            len += 4 + 4 * extension_words;
        }
        if len > packet.len() {
            return Err(SrtpError::Malformed);
        }
        Ok(Self {
            sequence: u16::from_be_bytes([packet[2], packet[3]]),
            ssrc: u32::from_be_bytes([packet[8], packet[9], packet[10], packet[11]]),
            len,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrcs_and_the_extension_belong_to_the_header() {
        let mut packet = vec![0x80 | 0x10 | 0x02, 0, 0x12, 0x34, 0, 0, 0, 0, 0xCA, 0xFE, 0xBA, 0xBE];
        packet.extend_from_slice(&[1; 8]); // two CSRCs
        packet.extend_from_slice(&[0xBE, 0xDE, 0, 1, 9, 9, 9, 9]); // a one-word extension
        packet.extend_from_slice(b"payload");
        let header = RtpHeader::parse(&packet).expect("a valid header");
        assert_eq!(header, RtpHeader { sequence: 0x1234, ssrc: 0xCAFE_BABE, len: 28 });
    }

    #[test]
    fn short_cut_or_wrong_version_headers_are_refused() {
        assert_eq!(RtpHeader::parse(&[0x80; 11]), Err(SrtpError::TooShort { length: 11 }));
        assert_eq!(RtpHeader::parse(&[0x40; 12]), Err(SrtpError::Malformed));
        // Three CSRCs announced, none present.
        assert_eq!(RtpHeader::parse(&[0x83, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Err(SrtpError::Malformed));
        // An extension announced, its length field missing.
        assert_eq!(RtpHeader::parse(&[0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE]), Err(SrtpError::Malformed));
    }
}
