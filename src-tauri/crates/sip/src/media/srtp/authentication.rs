//! The HMAC-SHA1 tag (RFC 3711 §4.2): computed over the authenticated portion (plus the rollover counter for RTP),
//! truncated to the suite's length, checked in constant time.

use hmac::{Hmac, Mac};
use sha1::Sha1;

use super::SrtpError;

/// The full tag, of which SRTP keeps the leftmost 10 or 4 bytes.
pub(super) type FullTag = [u8; 20];

/// The tag over `parts`, one after the other.
pub(super) fn compute(mac: &Hmac<Sha1>, parts: &[&[u8]]) -> FullTag {
    let mut mac = mac.clone();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Checks a received (truncated) tag against the one `parts` should have, in constant time.
pub(super) fn verify(mac: &Hmac<Sha1>, parts: &[&[u8]], received_tag: &[u8]) -> Result<(), SrtpError> {
    let mut mac = mac.clone();
    for part in parts {
        mac.update(part);
    }
    mac.verify_truncated_left(received_tag).map_err(|_| SrtpError::AuthenticationFailed)
}
