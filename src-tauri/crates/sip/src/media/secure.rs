//! A call's SRTP, keyed by SDES (RFC 4568): the `a=crypto` lines we offer (TLS accounts) or answer with (a
//! caller who offers RTP/SAVP), our SDP turned into an RTP/SAVP one that carries them, and the two contexts the
//! media uses once both keys are known: ours protects what we send, the peer's opens what it sends.

use super::sdes::{CryptoAttribute, first_acceptable, offer_for_answer};
use super::srtp::{SrtpReceiver, SrtpSender, SrtpSuite};

/// The contexts of a call whose keys are agreed.
#[derive(Debug)]
pub(crate) struct SrtpPair {
    pub(crate) sender: SrtpSender,
    pub(crate) receiver: SrtpReceiver,
}

/// The keys we offered, one per suite, strongest first; kept until the answer says which one was taken.
pub(crate) struct OfferedKeys {
    attributes: Vec<CryptoAttribute>,
}

impl std::fmt::Debug for OfferedKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OfferedKeys").field("suites", &self.attributes.len()).finish_non_exhaustive()
    }
}

impl OfferedKeys {
    /// Fresh keys for an offer: `AES_CM_128_HMAC_SHA1_80` (tag 1), then `AES_CM_128_HMAC_SHA1_32` (tag 2).
    pub(crate) fn generate() -> Result<Self, String> {
        let suites = [SrtpSuite::AesCm128HmacSha1_80, SrtpSuite::AesCm128HmacSha1_32];
        let attributes = (1..)
            .zip(suites)
            .map(|(tag, suite)| CryptoAttribute::generate(tag, suite))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("no SRTP key could be made: {e}"))?;
        Ok(Self { attributes })
    }

    /// Our `a=crypto` lines, as every offer of the call (re-INVITEs too) repeats them.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.attributes.iter().map(CryptoAttribute::sdp_line).collect()
    }

    /// The contexts for the answer's `a=crypto` lines: the peer must have taken one of ours (same tag and suite).
    pub(crate) fn agree(&self, answer_lines: &[String]) -> Result<SrtpPair, String> {
        if answer_lines.is_empty() {
            return Err("the peer answered our encrypted (SRTP) offer without a key".into());
        }
        let theirs = first_acceptable(answer_lines.iter().map(String::as_str))
            .map_err(|e| format!("the peer's SRTP key is unusable: {e}"))?;
        let ours = offer_for_answer(&self.attributes, &theirs).map_err(|e| format!("the peer's SRTP answer: {e}"))?;
        Ok(SrtpPair { sender: ours.sender(), receiver: theirs.receiver() })
    }
}

/// Answers a caller's SRTP offer: the first of its `a=crypto` lines we can use, our own key for the same tag and
/// suite (the line for our answer), and the contexts.
pub(crate) fn answer_offer(offer_lines: &[String]) -> Result<(String, SrtpPair), String> {
    let theirs = first_acceptable(offer_lines.iter().map(String::as_str))
        .map_err(|e| format!("none of the caller's SRTP keys is usable: {e}"))?;
    let ours = CryptoAttribute::answering(&theirs).map_err(|e| format!("no SRTP key could be made: {e}"))?;
    Ok((ours.sdp_line(), SrtpPair { sender: ours.sender(), receiver: theirs.receiver() }))
}

/// `sdp` (ours, one audio stream) as an RTP/SAVP description carrying `crypto_lines`; unchanged when there are
/// none.
pub(crate) fn with_srtp(sdp: &str, crypto_lines: &[String]) -> String {
    if crypto_lines.is_empty() {
        return sdp.to_owned();
    }
    let mut secured = String::with_capacity(sdp.len() + 80 * crypto_lines.len());
    for line in sdp.split_inclusive("\r\n") {
        if line.starts_with("m=audio ") {
            secured.push_str(&line.replacen(" RTP/AVP ", " RTP/SAVP ", 1));
            for crypto in crypto_lines {
                secured.push_str(crypto);
                secured.push_str("\r\n");
            }
        } else {
            secured.push_str(line);
        }
    }
    secured
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::sdp;

    fn crypto_lines(sdp: &str) -> Vec<String> {
        sdp.lines().filter(|l| l.starts_with("a=crypto:")).map(str::to_owned).collect()
    }

    #[test]
    fn an_offer_becomes_rtp_savp_with_a_key_per_suite() {
        let keys = OfferedKeys::generate().expect("keys");
        let plain = sdp::offer("10.0.0.2:40000".parse().expect("address"), 7);
        let secured = with_srtp(&plain, &keys.lines());
        assert!(secured.contains("m=audio 40000 RTP/SAVP 0 8 101\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"));
        assert!(secured.contains("\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:"), "{secured}");
        assert_eq!(with_srtp(&plain, &[]), plain);
        // The audio line and what follows it still parse as an answer would.
        assert_eq!(sdp::parse_answer(&secured).expect("parses").crypto, crypto_lines(&secured));
    }

    #[test]
    fn offer_and_answer_agree_on_keys_that_carry_packets_both_ways() {
        let offered = OfferedKeys::generate().expect("keys");
        let (answer_line, mut answerer) = answer_offer(&offered.lines()).expect("answered");
        assert!(answer_line.starts_with("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"), "{answer_line}");
        let mut offerer = offered.agree(&[answer_line]).expect("agreed");

        let rtp = [0x80, 0, 0, 1, 0, 0, 0, 160, 0, 0, 0, 42, 1, 2, 3, 4];
        let sent = offerer.sender.protect_rtp(&rtp).expect("protect");
        assert_ne!(&sent[12..16], &rtp[12..], "the payload is encrypted");
        assert_eq!(answerer.receiver.unprotect_rtp(&sent).expect("opens"), rtp);
        let back = answerer.sender.protect_rtp(&rtp).expect("protect");
        assert_eq!(offerer.receiver.unprotect_rtp(&back).expect("opens"), rtp);
    }

    #[test]
    fn an_answer_without_a_matching_key_is_refused() {
        let offered = OfferedKeys::generate().expect("keys");
        assert!(offered.agree(&[]).expect_err("no key").contains("without a key"));
        let stranger = OfferedKeys::generate().expect("keys").lines();
        let (foreign_answer, _) = answer_offer(&stranger[1..]).expect("answered");
        // Tag 2 with the 32-bit suite matches our tag 2, so a tag we never offered is what fails.
        let unknown_tag = foreign_answer.replacen("a=crypto:2 ", "a=crypto:9 ", 1);
        assert!(offered.agree(&[unknown_tag]).expect_err("unknown tag").contains("9"));
        assert!(answer_offer(&["a=crypto:1 F8_128_HMAC_SHA1_80 inline:AAAA".into()]).is_err());
    }
}
