//! SRTCP packets (RFC 3711 §3.4): everything after the first 8 bytes encrypted, then the E flag and 31-bit SRTCP
//! index, then an 80-bit tag over all of it.

use super::SrtpError;
use super::authentication;
use super::counter_mode::{apply_keystream, packet_iv};
use super::key_derivation::SessionKeys;
use super::suite::SRTCP_TAG_LEN;

/// Version, count, type, length and the sender's SSRC: authenticated, never encrypted.
const RTCP_HEADER_LEN: usize = 8;
/// The E flag and SRTCP index word.
const INDEX_WORD_LEN: usize = 4;
/// The E flag: the packet is encrypted.
const ENCRYPTED_FLAG: u32 = 1 << 31;
/// The highest SRTCP index; a key must not protect more RTCP packets (RFC 3711 §9.2).
pub(super) const MAX_INDEX: u32 = ENCRYPTED_FLAG - 1;

/// The sender SSRC of an RTCP packet (its first report's).
pub(super) fn rtcp_ssrc(packet: &[u8]) -> Result<u32, SrtpError> {
    let header = packet.get(..RTCP_HEADER_LEN).ok_or(SrtpError::TooShort { length: packet.len() })?;
    if header[0] >> 6 != 2 {
        return Err(SrtpError::Malformed);
    }
    Ok(u32::from_be_bytes([header[4], header[5], header[6], header[7]]))
}

/// Encrypts and tags a (compound) RTCP packet as SRTCP packet number `index`.
pub(super) fn protect(keys: &SessionKeys, packet: &[u8], index: u32) -> Result<Vec<u8>, SrtpError> {
    let ssrc = rtcp_ssrc(packet)?;
    let mut protected = Vec::with_capacity(packet.len() + INDEX_WORD_LEN + SRTCP_TAG_LEN);
    protected.extend_from_slice(packet);
    apply_keystream(&keys.cipher, &packet_iv(&keys.salt, ssrc, u64::from(index)), &mut protected[RTCP_HEADER_LEN..]);
    protected.extend_from_slice(&(ENCRYPTED_FLAG | index).to_be_bytes());
    let tag = authentication::compute(&keys.mac, &[&protected]);
    protected.extend_from_slice(&tag[..SRTCP_TAG_LEN]);
    Ok(protected)
}

/// A received SRTCP packet, split but not yet checked.
#[derive(Debug)]
pub(super) struct ReceivedSrtcp<'packet> {
    pub(super) ssrc: u32,
    pub(super) index: u32,
    encrypted: bool,
    /// Header, (encrypted) body and index word.
    authenticated: &'packet [u8],
    tag: &'packet [u8],
}

impl<'packet> ReceivedSrtcp<'packet> {
    /// Splits `packet` into its parts.
    pub(super) fn split(packet: &'packet [u8]) -> Result<Self, SrtpError> {
        let too_short = SrtpError::TooShort { length: packet.len() };
        if packet.len() < RTCP_HEADER_LEN + INDEX_WORD_LEN + SRTCP_TAG_LEN {
            return Err(too_short);
        }
        let ssrc = rtcp_ssrc(packet)?;
        let (authenticated, tag) = packet.split_at(packet.len() - SRTCP_TAG_LEN);
        let index_word = authenticated.last_chunk::<INDEX_WORD_LEN>().ok_or(too_short)?;
        let index_word = u32::from_be_bytes(*index_word);
        Ok(Self {
            ssrc,
            index: index_word & MAX_INDEX,
            encrypted: index_word & ENCRYPTED_FLAG != 0,
            authenticated,
            tag,
        })
    }

    /// Checks the tag and returns the RTCP packet inside.
    pub(super) fn open(&self, keys: &SessionKeys) -> Result<Vec<u8>, SrtpError> {
        authentication::verify(&keys.mac, &[self.authenticated], self.tag)?;
        let mut rtcp = self.authenticated[..self.authenticated.len() - INDEX_WORD_LEN].to_vec();
        if self.encrypted {
            let iv = packet_iv(&keys.salt, self.ssrc, u64::from(self.index));
            apply_keystream(&keys.cipher, &iv, &mut rtcp[RTCP_HEADER_LEN..]);
        }
        Ok(rtcp)
    }
}
