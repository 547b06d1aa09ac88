//! RTP packets (RFC 3550): the fixed 12-byte header, no CSRCs or extensions on what we send, and a parser that
//! skips them on what we receive.

/// One RTP packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RtpPacket {
    pub(crate) payload_type: u8,
    pub(crate) marker: bool,
    pub(crate) sequence: u16,
    pub(crate) timestamp: u32,
    pub(crate) ssrc: u32,
    pub(crate) payload: Vec<u8>,
}

impl RtpPacket {
    /// The packet on the wire.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(12 + self.payload.len());
        bytes.push(0x80);
        bytes.push((u8::from(self.marker) << 7) | (self.payload_type & 0x7F));
        bytes.extend_from_slice(&self.sequence.to_be_bytes());
        bytes.extend_from_slice(&self.timestamp.to_be_bytes());
        bytes.extend_from_slice(&self.ssrc.to_be_bytes());
        bytes.extend_from_slice(&self.payload);
        bytes
    }

    /// Parses a datagram; `None` when it is not RTP version 2 or is cut short.
    pub(crate) fn parse(bytes: &[u8]) -> Option<Self> {
        if bytes.len() < 12 || bytes[0] >> 6 != 2 {
            return None;
        }
        let padding = bytes[0] & 0x20 != 0;
        let extension = bytes[0] & 0x10 != 0;
        let csrc_count = usize::from(bytes[0] & 0x0F);
        let mut start = 12 + 4 * csrc_count;
        if extension {
            let words = usize::from(u16::from_be_bytes([*bytes.get(start + 2)?, *bytes.get(start + 3)?]));
            start += 4 + 4 * words;
        }
        let mut end = bytes.len();
        if padding {
            end = end.checked_sub(usize::from(*bytes.last()?))?;
        }
        Some(Self {
            payload_type: bytes[1] & 0x7F,
            marker: bytes[1] & 0x80 != 0,
            sequence: u16::from_be_bytes([bytes[2], bytes[3]]),
            timestamp: u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]),
            ssrc: u32::from_be_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]),
            payload: bytes.get(start..end)?.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packet_survives_the_wire() {
        let packet = RtpPacket {
            payload_type: 0,
            marker: true,
            sequence: 65_535,
            timestamp: 0xDEAD_BEEF,
            ssrc: 42,
            payload: vec![1, 2, 3],
        };
        assert_eq!(RtpPacket::parse(&packet.to_bytes()), Some(packet));
    }

    #[test]
    fn csrcs_extensions_and_padding_are_skipped_and_junk_is_refused() {
        let mut bytes = vec![0x80 | 0x20 | 0x10 | 0x01, 8, 0, 1, 0, 0, 0, 160, 0, 0, 0, 7];
        bytes.extend_from_slice(&[9, 9, 9, 9]); // one CSRC
        bytes.extend_from_slice(&[0xBE, 0xDE, 0, 1, 5, 5, 5, 5]); // a one-word extension
        bytes.extend_from_slice(&[0xAA, 0xBB]); // payload
        bytes.extend_from_slice(&[0, 2]); // two bytes of padding
        let packet = RtpPacket::parse(&bytes).expect("parses");
        assert_eq!((packet.payload_type, packet.timestamp, packet.payload), (8, 160, vec![0xAA, 0xBB]));
        assert_eq!(RtpPacket::parse(&[0x40; 20]), None);
        assert_eq!(RtpPacket::parse(&[0x80; 5]), None);
    }
}
