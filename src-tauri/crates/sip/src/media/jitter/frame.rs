//! The unit the jitter buffer works in: one 20 ms G.711 frame (160 samples at 8 kHz) and the RTP header fields
//! that place it on the stream's timeline.

use crate::media::rtp::RtpPacket;

/// Samples in one 20 ms frame at 8 kHz.
pub(crate) const FRAME_SAMPLES: usize = 160;

/// One frame of decoded audio, boxed so frames move between the network and audio threads without copying.
pub(crate) type FrameSamples = Box<[i16; FRAME_SAMPLES]>;

/// The RTP header fields the jitter buffer needs to place a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrameHeader {
    /// The stream: a new SSRC (re-INVITE, transfer) starts the buffer afresh.
    pub(crate) ssrc: u32,
    /// Counts packets sent; wraps at 65 535. Finds duplicates.
    pub(crate) sequence: u16,
    /// The first sample's position on the sender's 8 kHz clock; wraps at 2³². Places the frame.
    pub(crate) timestamp: u32,
    /// The marker bit: the first packet of a talkspurt (RFC 3551 §4.1), where the delay may change unheard.
    pub(crate) talkspurt_start: bool,
}

impl From<&RtpPacket> for FrameHeader {
    fn from(packet: &RtpPacket) -> Self {
        Self {
            ssrc: packet.ssrc,
            sequence: packet.sequence,
            timestamp: packet.timestamp,
            talkspurt_start: packet.marker,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_read_off_an_rtp_packet() {
        let packet = RtpPacket {
            payload_type: 0,
            marker: true,
            sequence: 7,
            timestamp: 1_600,
            ssrc: 0xABCD,
            payload: vec![0xFF; FRAME_SAMPLES],
        };
        let header = FrameHeader::from(&packet);
        assert_eq!(header, FrameHeader { ssrc: 0xABCD, sequence: 7, timestamp: 1_600, talkspurt_start: true });
    }
}
