//! Checking and opening what the peer sends: SRTP and SRTCP under the peer's master key, with each SSRC's rollover
//! counter and replay window. A stream's state only moves once a packet's tag is good.

use super::authentication;
use super::counter_mode::{apply_keystream, packet_iv};
use super::key_derivation::SessionKeys;
use super::packet_index::{self, rollover_counter};
use super::replay_window::ReplayWindow;
use super::rtp_header::RtpHeader;
use super::srtcp::ReceivedSrtcp;
use super::stream_table::StreamTable;
use super::{MasterKey, SrtpError, SrtpSuite};

/// The incoming SRTP context of a call: one per direction, built from the key in the peer's `a=crypto:` line. A new
/// SSRC from the peer starts its own stream here.
#[derive(Debug)]
pub(crate) struct SrtpReceiver {
    suite: SrtpSuite,
    rtp_keys: SessionKeys,
    rtcp_keys: SessionKeys,
    streams: StreamTable<ReceivingStream>,
}

/// What the receiver remembers per SSRC.
#[derive(Debug, Default)]
struct ReceivingStream {
    /// RTP packet indexes accepted; its highest also gives the rollover counter.
    rtp: Option<ReplayWindow>,
    /// SRTCP indexes accepted.
    rtcp: Option<ReplayWindow>,
}

impl SrtpReceiver {
    /// A receiver for `suite` keyed with `master`.
    pub(crate) fn new(suite: SrtpSuite, master: &MasterKey) -> Self {
        Self {
            suite,
            rtp_keys: SessionKeys::for_rtp(master),
            rtcp_keys: SessionKeys::for_rtcp(master),
            streams: StreamTable::new(),
        }
    }

    /// The suite it expects.
    pub(crate) fn suite(&self) -> SrtpSuite {
        self.suite
    }

    /// An SRTP packet back to RTP, once its tag is good and it is not a replay.
    pub(crate) fn unprotect_rtp(&mut self, srtp: &[u8]) -> Result<Vec<u8>, SrtpError> {
        let authenticated_len =
            srtp.len().checked_sub(self.suite.rtp_tag_len()).ok_or(SrtpError::TooShort { length: srtp.len() })?;
        let (authenticated, tag) = srtp.split_at(authenticated_len);
        let header = RtpHeader::parse(authenticated).map_err(|error| match error {
            SrtpError::TooShort { .. } => SrtpError::TooShort { length: srtp.len() },
            other => other,
        })?;

        let window = self.streams.get(header.ssrc).and_then(|stream| stream.rtp);
        let index = packet_index::estimate(window.map(|window| window.highest()), header.sequence)?;
        if let Some(window) = window {
            window.check(index)?;
        }
        authentication::verify(&self.rtp_keys.mac, &[authenticated, &rollover_counter(index).to_be_bytes()], tag)?;

        let mut rtp = authenticated.to_vec();
        let iv = packet_iv(&self.rtp_keys.salt, header.ssrc, index);
        apply_keystream(&self.rtp_keys.cipher, &iv, &mut rtp[header.len..]);
        let stream = self.streams.get_or_insert_with(header.ssrc, ReceivingStream::default);
        accept(&mut stream.rtp, index);
        Ok(rtp)
    }

    /// An SRTCP packet back to RTCP, once its tag is good and it is not a replay.
    pub(crate) fn unprotect_rtcp(&mut self, srtcp: &[u8]) -> Result<Vec<u8>, SrtpError> {
        let received = ReceivedSrtcp::split(srtcp)?;
        let index = u64::from(received.index);
        if let Some(window) = self.streams.get(received.ssrc).and_then(|stream| stream.rtcp) {
            window.check(index)?;
        }
        let rtcp = received.open(&self.rtcp_keys)?;
        let stream = self.streams.get_or_insert_with(received.ssrc, ReceivingStream::default);
        accept(&mut stream.rtcp, index);
        Ok(rtcp)
    }
}

/// Records an authenticated index, starting the window with the stream's first packet.
fn accept(window: &mut Option<ReplayWindow>, index: u64) {
    match window {
        Some(window) => window.accept(index),
        None => *window = Some(ReplayWindow::starting_at(index)),
    }
}
