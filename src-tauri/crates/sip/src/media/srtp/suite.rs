//! The two SRTP crypto suites we speak (RFC 4568 §6.2): both AES-128 counter mode with HMAC-SHA1, differing only in
//! how much of the SRTP tag they keep.

/// An SRTP crypto suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SrtpSuite {
    /// `AES_CM_128_HMAC_SHA1_80`: 80-bit tags on RTP and RTCP. What everyone offers first.
    AesCm128HmacSha1_80,
    /// `AES_CM_128_HMAC_SHA1_32`: 32-bit tags on RTP (less overhead), still 80-bit on RTCP (RFC 4568 §6.2.2).
    AesCm128HmacSha1_32,
}

/// SRTCP keeps 80 bits of the tag in both suites.
pub(super) const SRTCP_TAG_LEN: usize = 10;

impl SrtpSuite {
    /// Both suites, our preference first.
    pub(crate) const ALL: [SrtpSuite; 2] = [SrtpSuite::AesCm128HmacSha1_80, SrtpSuite::AesCm128HmacSha1_32];

    /// Its name in an SDP `a=crypto:` attribute.
    pub(crate) fn sdp_name(self) -> &'static str {
        match self {
            SrtpSuite::AesCm128HmacSha1_80 => "AES_CM_128_HMAC_SHA1_80",
            SrtpSuite::AesCm128HmacSha1_32 => "AES_CM_128_HMAC_SHA1_32",
        }
    }

    /// The suite an SDP name stands for; `None` for suites we do not implement.
    pub(crate) fn from_sdp_name(name: &str) -> Option<Self> {
        SrtpSuite::ALL.into_iter().find(|suite| suite.sdp_name() == name)
    }

    /// How many bytes of the HMAC-SHA1 tag an SRTP (RTP) packet carries.
    pub(crate) fn rtp_tag_len(self) -> usize {
        match self {
            SrtpSuite::AesCm128HmacSha1_80 => 10,
            SrtpSuite::AesCm128HmacSha1_32 => 4,
        }
    }
}
