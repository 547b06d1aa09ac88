//! Why an SRTP or SRTCP packet was not protected or not accepted.

use std::fmt;

/// A packet we refused. Receiving these is normal now and then (a stray or replayed datagram): drop the packet,
/// keep the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SrtpError {
    /// Shorter than the header, tag and trailer the packet must carry.
    TooShort {
        /// Its length in bytes.
        length: usize,
    },
    /// Not RTP/RTCP version 2, or its header runs past its end.
    Malformed,
    /// The authentication tag does not match: tampered with, another key, or not SRTP at all.
    AuthenticationFailed,
    /// A packet with this index was already accepted.
    Replayed {
        /// The packet index (RTP: rollover counter and sequence number; RTCP: the SRTCP index).
        index: u64,
    },
    /// Older than the 64 packets the replay window remembers.
    TooOld {
        /// The packet index.
        index: u64,
    },
    /// The master key has protected as many packets as RFC 3711 allows (2^48 RTP, 2^31 RTCP); a new key is needed.
    KeyExhausted,
}

impl fmt::Display for SrtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SrtpError::TooShort { length } => write!(f, "the packet is too short for SRTP ({length} bytes)"),
            SrtpError::Malformed => f.write_str("the packet is not a well-formed RTP/RTCP version 2 packet"),
            SrtpError::AuthenticationFailed => {
                f.write_str("the authentication tag does not match (tampered with, or another key)")
            }
            SrtpError::Replayed { index } => write!(f, "packet {index} was already received (replay)"),
            SrtpError::TooOld { index } => write!(f, "packet {index} is older than the replay window"),
            SrtpError::KeyExhausted => f.write_str("the SRTP master key is used up; the call needs a new key"),
        }
    }
}

impl std::error::Error for SrtpError {}
