//! Protecting what we send: RTP into SRTP and RTCP into SRTCP under our master key, counting each SSRC's rollovers
//! and SRTCP indexes.

use super::authentication;
use super::counter_mode::{apply_keystream, packet_iv};
use super::key_derivation::SessionKeys;
use super::packet_index::{self, rollover_counter};
use super::rtp_header::RtpHeader;
use super::srtcp::{self, MAX_INDEX};
use super::stream_table::StreamTable;
use super::{MasterKey, SrtpError, SrtpSuite};

/// The outgoing SRTP context of a call: one per direction, built from the key in our own `a=crypto:` line.
#[derive(Debug)]
pub(crate) struct SrtpSender {
    suite: SrtpSuite,
    rtp_keys: SessionKeys,
    rtcp_keys: SessionKeys,
    streams: StreamTable<SendingStream>,
}

/// What the sender counts per SSRC.
#[derive(Debug, Default)]
struct SendingStream {
    /// The highest RTP packet index protected so far.
    highest_rtp_index: Option<u64>,
    /// The index the next SRTCP packet gets.
    next_rtcp_index: u32,
}

impl SrtpSender {
    /// A sender for `suite` keyed with `master`.
    pub(crate) fn new(suite: SrtpSuite, master: &MasterKey) -> Self {
        Self {
            suite,
            rtp_keys: SessionKeys::for_rtp(master),
            rtcp_keys: SessionKeys::for_rtcp(master),
            streams: StreamTable::new(),
        }
    }

    /// The suite it protects with.
    pub(crate) fn suite(&self) -> SrtpSuite {
        self.suite
    }

    /// An RTP packet (header, CSRCs and extension left readable) as SRTP: payload encrypted, tag appended.
    pub(crate) fn protect_rtp(&mut self, rtp: &[u8]) -> Result<Vec<u8>, SrtpError> {
        let header = RtpHeader::parse(rtp)?;
        let stream = self.streams.get_or_insert_with(header.ssrc, SendingStream::default);
        let index = packet_index::estimate(stream.highest_rtp_index, header.sequence)?;

        let tag_len = self.suite.rtp_tag_len();
        let mut srtp = Vec::with_capacity(rtp.len() + tag_len);
        srtp.extend_from_slice(rtp);
        let iv = packet_iv(&self.rtp_keys.salt, header.ssrc, index);
        apply_keystream(&self.rtp_keys.cipher, &iv, &mut srtp[header.len..]);
        let tag = authentication::compute(&self.rtp_keys.mac, &[&srtp, &rollover_counter(index).to_be_bytes()]);
        srtp.extend_from_slice(&tag[..tag_len]);

        stream.highest_rtp_index = Some(stream.highest_rtp_index.map_or(index, |highest| highest.max(index)));
        Ok(srtp)
    }

    /// A (compound) RTCP packet as SRTCP: all but the first 8 bytes encrypted, index and 80-bit tag appended.
    pub(crate) fn protect_rtcp(&mut self, rtcp: &[u8]) -> Result<Vec<u8>, SrtpError> {
        let ssrc = srtcp::rtcp_ssrc(rtcp)?;
        let stream = self.streams.get_or_insert_with(ssrc, SendingStream::default);
        let index = stream.next_rtcp_index;
        if index > MAX_INDEX {
            return Err(SrtpError::KeyExhausted);
        }
        let srtcp = srtcp::protect(&self.rtcp_keys, rtcp, index)?;
        stream.next_rtcp_index = index + 1;
        Ok(srtcp)
    }
}
