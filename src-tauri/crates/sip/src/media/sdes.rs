//! SDES (RFC 4568): the SDP `a=crypto:` attribute that hands an SRTP master key to the peer inside the (TLS
//! protected) signalling. Writes ours from fresh random key material, reads the peer's, picks the first one we can
//! use, and builds the SRTP contexts from them. The key in an attribute is what its author *sends* with.

// Wired into the session by the SDES integration; until then only the tests call most of it.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use zeroize::Zeroize;

use super::srtp::{MasterKey, SrtpReceiver, SrtpSender, SrtpSuite};

/// How the attribute starts on an SDP line.
const LINE_PREFIX: &str = "a=crypto:";
/// The only key method SDES defines for SRTP.
const INLINE_METHOD: &str = "inline";
/// RFC 4568 §9.1: a tag is one to nine digits.
const MAX_TAG_DIGITS: usize = 9;
/// Session parameters that change how packets are protected (key derivation rate, turning encryption or
/// authentication off): we cannot honour them, so an attribute carrying one is refused rather than misread.
const REFUSED_SESSION_PARAMETERS: [&str; 4] = ["KDR=", "UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP"];

/// Why an `a=crypto:` attribute cannot be used (or made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SdesError {
    /// The line is another SDP line.
    NotCryptoAttribute,
    /// A required part (tag, suite, key) is missing.
    MissingPart(&'static str),
    /// The tag is not 1 to 9 digits.
    BadTag(String),
    /// A crypto suite we do not implement (AES-256, AEAD-GCM, F8, ...).
    UnsupportedSuite(String),
    /// A key method other than `inline`.
    UnsupportedKeyMethod(String),
    /// Several `;`-separated keys: they need MKIs, which we do not support.
    SeveralKeys,
    /// The inline key is not valid base64.
    BadBase64,
    /// The inline key does not decode to the 30 bytes of master key and salt.
    WrongKeyLength {
        /// How many bytes it decoded to.
        found: usize,
    },
    /// The key lifetime is neither `2^n` nor a number.
    BadLifetime(String),
    /// The key carries an MKI (`|1:4`), which we do not support.
    MkiNotSupported,
    /// A session parameter we cannot honour (`KDR`, `UNENCRYPTED_*`, `UNAUTHENTICATED_SRTP`).
    UnsupportedSessionParameter(String),
    /// The SDP has no `a=crypto:` line at all.
    NoCryptoAttribute,
    /// The answer's tag is not one we offered, or names another suite than our line with that tag.
    AnswerDoesNotMatchOffer {
        /// The tag in the answer.
        tag: u32,
    },
    /// The operating system gave no random bytes for a new key.
    NoRandomness,
}

impl fmt::Display for SdesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdesError::NotCryptoAttribute => f.write_str("not an a=crypto: attribute"),
            SdesError::MissingPart(part) => write!(f, "the a=crypto: attribute has no {part}"),
            SdesError::BadTag(tag) => write!(f, "the a=crypto: tag \"{tag}\" is not a number of 1 to 9 digits"),
            SdesError::UnsupportedSuite(suite) => write!(
                f,
                "the crypto suite {suite} is not supported (only AES_CM_128_HMAC_SHA1_80 and AES_CM_128_HMAC_SHA1_32)"
            ),
            SdesError::UnsupportedKeyMethod(method) => {
                write!(f, "the key method \"{method}\" is not supported (only inline:)")
            }
            SdesError::SeveralKeys => f.write_str("several keys in one a=crypto: attribute need MKIs, not supported"),
            SdesError::BadBase64 => f.write_str("the inline key is not valid base64"),
            SdesError::WrongKeyLength { found } => {
                write!(f, "the inline key is {found} bytes, not the 30 of a 128-bit master key and salt")
            }
            SdesError::BadLifetime(lifetime) => write!(f, "the key lifetime \"{lifetime}\" is not 2^n or a number"),
            SdesError::MkiNotSupported => f.write_str("the key carries an MKI, which is not supported"),
            SdesError::UnsupportedSessionParameter(parameter) => {
                write!(f, "the SRTP session parameter {parameter} is not supported")
            }
            SdesError::NoCryptoAttribute => f.write_str("the SDP has no a=crypto: attribute"),
            SdesError::AnswerDoesNotMatchOffer { tag } => {
                write!(f, "the answer's a=crypto: tag {tag} does not match a line of our offer")
            }
            SdesError::NoRandomness => f.write_str("the system has no random bytes for a new SRTP key"),
        }
    }
}

impl std::error::Error for SdesError {}

/// One `a=crypto:` attribute: tag, suite and the master key its author sends with. `Debug` never shows the key.
#[derive(Debug, Clone)]
pub(crate) struct CryptoAttribute {
    /// Matches an answer's line to the offer's (RFC 4568 §5.1.2).
    pub(crate) tag: u32,
    pub(crate) suite: SrtpSuite,
    pub(crate) key: MasterKey,
    /// The key's lifetime in packets, when given; informational (a call never comes near 2^31 packets).
    pub(crate) lifetime: Option<u64>,
}

impl CryptoAttribute {
    /// A line for our offer: `tag`, `suite` and a fresh random master key.
    pub(crate) fn generate(tag: u32, suite: SrtpSuite) -> Result<Self, SdesError> {
        let (mut key, mut salt) = ([0; 16], [0; 14]);
        let filled = getrandom::fill(&mut key).and_then(|()| getrandom::fill(&mut salt));
        let master_key = MasterKey::new(key, salt);
        key.zeroize();
        salt.zeroize();
        filled.map_err(|_| SdesError::NoRandomness)?;
        Ok(Self { tag, suite, key: master_key, lifetime: None })
    }

    /// Our answer to the peer's chosen line: its tag and suite, our own fresh key.
    pub(crate) fn answering(offered: &CryptoAttribute) -> Result<Self, SdesError> {
        Self::generate(offered.tag, offered.suite)
    }

    /// Reads an attribute: a whole `a=crypto:...` line or just what follows `a=crypto:`.
    pub(crate) fn parse(line: &str) -> Result<Self, SdesError> {
        let line = line.trim();
        let value = match line.strip_prefix(LINE_PREFIX) {
            Some(value) => value,
            None if line.starts_with("a=") => return Err(SdesError::NotCryptoAttribute),
            None => line,
        };
        let mut fields = value.split_whitespace();
        let tag = parse_tag(fields.next().ok_or(SdesError::MissingPart("tag"))?)?;
        let suite_name = fields.next().ok_or(SdesError::MissingPart("crypto suite"))?;
        let suite =
            SrtpSuite::from_sdp_name(suite_name).ok_or_else(|| SdesError::UnsupportedSuite(suite_name.to_owned()))?;
        let (key, lifetime) = parse_key_params(fields.next().ok_or(SdesError::MissingPart("key"))?)?;
        for session_parameter in fields {
            check_session_parameter(session_parameter)?;
        }
        Ok(Self { tag, suite, key, lifetime })
    }

    /// The SDP line, without the line break: `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<base64 key||salt>`.
    pub(crate) fn sdp_line(&self) -> String {
        let mut bytes = self.key.concatenated();
        let mut line =
            format!("{LINE_PREFIX}{} {} {INLINE_METHOD}:{}", self.tag, self.suite.sdp_name(), BASE64.encode(bytes));
        bytes.zeroize();
        if let Some(lifetime) = self.lifetime {
            line.push('|');
            if lifetime.is_power_of_two() {
                line.push_str(&format!("2^{}", lifetime.trailing_zeros()));
            } else {
                line.push_str(&lifetime.to_string());
            }
        }
        line
    }

    /// The context protecting what we send, from *our* attribute.
    pub(crate) fn sender(&self) -> SrtpSender {
        SrtpSender::new(self.suite, &self.key)
    }

    /// The context opening what the peer sends, from *the peer's* attribute.
    pub(crate) fn receiver(&self) -> SrtpReceiver {
        SrtpReceiver::new(self.suite, &self.key)
    }
}

/// The first `a=crypto:` line among `sdp_lines` (other lines are skipped) that we can use. When none is usable,
/// the reason the first one was refused.
pub(crate) fn first_acceptable<'sdp>(
    sdp_lines: impl IntoIterator<Item = &'sdp str>,
) -> Result<CryptoAttribute, SdesError> {
    let mut first_refusal = None;
    for line in sdp_lines.into_iter().map(str::trim).filter(|line| line.starts_with(LINE_PREFIX)) {
        match CryptoAttribute::parse(line) {
            Ok(attribute) => return Ok(attribute),
            Err(refusal) => {
                first_refusal.get_or_insert(refusal);
            }
        }
    }
    Err(first_refusal.unwrap_or(SdesError::NoCryptoAttribute))
}

/// Which of our offered lines the peer's answer accepted: same tag, same suite (RFC 4568 §5.1.2).
pub(crate) fn offer_for_answer<'offer>(
    offered: &'offer [CryptoAttribute],
    answer: &CryptoAttribute,
) -> Result<&'offer CryptoAttribute, SdesError> {
    offered
        .iter()
        .find(|ours| ours.tag == answer.tag && ours.suite == answer.suite)
        .ok_or(SdesError::AnswerDoesNotMatchOffer { tag: answer.tag })
}

fn parse_tag(tag: &str) -> Result<u32, SdesError> {
    let is_digits = !tag.is_empty() && tag.len() <= MAX_TAG_DIGITS && tag.bytes().all(|byte| byte.is_ascii_digit());
    let number = if is_digits { tag.parse().ok() } else { None };
    number.ok_or_else(|| SdesError::BadTag(tag.to_owned()))
}

/// `inline:<key||salt>[|lifetime][|mki:length]`: the master key and the lifetime.
fn parse_key_params(key_params: &str) -> Result<(MasterKey, Option<u64>), SdesError> {
    if key_params.contains(';') {
        return Err(SdesError::SeveralKeys);
    }
    let (method, key_info) = key_params.split_once(':').ok_or(SdesError::MissingPart("key"))?;
    if !method.eq_ignore_ascii_case(INLINE_METHOD) {
        return Err(SdesError::UnsupportedKeyMethod(method.to_owned()));
    }
    let mut parts = key_info.split('|');
    let encoded_key = parts.next().unwrap_or_default();
    let mut lifetime = None;
    for part in parts {
        if part.contains(':') {
            return Err(SdesError::MkiNotSupported);
        }
        if lifetime.is_some() {
            return Err(SdesError::BadLifetime(part.to_owned()));
        }
        lifetime = Some(parse_lifetime(part)?);
    }
    Ok((decode_key(encoded_key)?, lifetime))
}

/// `2^31` or `2147483648`.
fn parse_lifetime(lifetime: &str) -> Result<u64, SdesError> {
    let bad = || SdesError::BadLifetime(lifetime.to_owned());
    let all_digits = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    match lifetime.strip_prefix("2^") {
        Some(exponent) if all_digits(exponent) => {
            exponent.parse().ok().and_then(|exponent| 1u64.checked_shl(exponent)).ok_or_else(bad)
        }
        None if all_digits(lifetime) => lifetime.parse().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

fn decode_key(encoded: &str) -> Result<MasterKey, SdesError> {
    let mut bytes = BASE64.decode(encoded).map_err(|_| SdesError::BadBase64)?;
    let key = MasterKey::from_concatenated(&bytes);
    let found = bytes.len();
    bytes.zeroize();
    key.ok_or(SdesError::WrongKeyLength { found })
}

fn check_session_parameter(parameter: &str) -> Result<(), SdesError> {
    if REFUSED_SESSION_PARAMETERS.iter().any(|refused| parameter.starts_with(refused)) {
        return Err(SdesError::UnsupportedSessionParameter(parameter.to_owned()));
    }
    // Anything else (WSH=, FEC_ORDER=, FEC_KEY=, unknown ones) changes nothing for an audio call without FEC.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::srtp::test_support::hex;

    const KEY_ONE: &str = "ams+5ITW5ZK8k/klrOkZ2JxSmFpLOLtPRTyOnzZX";
    const KEY_ONE_HEX: &str = "6a6b3ee484d6e592bc93f925ace919d8 9c52985a4b38bb4f453c8e9f3657";
    const KEY_TWO: &str = "rlpM5++qz2edk8rIRKGUkY4AdjB4nmXT0FgLCp05";
    const KEY_TWO_HEX: &str = "ae5a4ce7efaacf679d93cac844a19491 8e007630789e65d3d0580b0a9d39";

    fn key_bytes(attribute: &CryptoAttribute) -> Vec<u8> {
        attribute.key.concatenated().to_vec()
    }

    #[test]
    fn a_plain_line_like_asterisk_and_baresip_send_is_read() {
        let attribute = CryptoAttribute::parse(&format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}\r\n"))
            .expect("a valid line");
        assert_eq!(attribute.tag, 1);
        assert_eq!(attribute.suite, SrtpSuite::AesCm128HmacSha1_80);
        assert_eq!(key_bytes(&attribute), hex(KEY_ONE_HEX));
        assert_eq!(attribute.lifetime, None);

        let value_only = CryptoAttribute::parse(&format!("2 AES_CM_128_HMAC_SHA1_32 inline:{KEY_TWO}")).expect("valid");
        assert_eq!((value_only.tag, value_only.suite), (2, SrtpSuite::AesCm128HmacSha1_32));
        assert_eq!(key_bytes(&value_only), hex(KEY_TWO_HEX));
    }

    #[test]
    fn a_lifetime_is_accepted_in_both_forms() {
        let power = CryptoAttribute::parse(&format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|2^31"));
        assert_eq!(power.expect("valid").lifetime, Some(1 << 31));
        let decimal = CryptoAttribute::parse(&format!("a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|1048576"));
        assert_eq!(decimal.expect("valid").lifetime, Some(1_048_576));
        for bad in ["2^", "2^64", "lots", "2^x"] {
            let line = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|{bad}");
            assert_eq!(CryptoAttribute::parse(&line).err(), Some(SdesError::BadLifetime(bad.to_owned())), "{bad}");
        }
    }

    #[test]
    fn an_mki_or_several_keys_are_refused_by_name() {
        let with_mki = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|2^20|1:4");
        assert_eq!(CryptoAttribute::parse(&with_mki).err(), Some(SdesError::MkiNotSupported));
        let mki_only = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|1:1");
        assert_eq!(CryptoAttribute::parse(&mki_only).err(), Some(SdesError::MkiNotSupported));
        let two_keys =
            format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|2^20|1:4;inline:{KEY_TWO}|2^20|2:4");
        assert_eq!(CryptoAttribute::parse(&two_keys).err(), Some(SdesError::SeveralKeys));
        assert!(SdesError::MkiNotSupported.to_string().contains("MKI"));
    }

    #[test]
    fn harmless_session_parameters_are_ignored_and_weakening_ones_refused() {
        let harmless = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE} WSH=128 FEC_ORDER=FEC_SRTP X_NEW");
        assert!(CryptoAttribute::parse(&harmless).is_ok());
        for refused in ["UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP", "KDR=24"] {
            let line = format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE} {refused}");
            assert_eq!(
                CryptoAttribute::parse(&line).err(),
                Some(SdesError::UnsupportedSessionParameter(refused.to_owned()))
            );
        }
    }

    #[test]
    fn broken_lines_say_what_is_wrong() {
        let refusal = |line: &str| CryptoAttribute::parse(line).expect_err("refused");
        assert_eq!(refusal("a=rtpmap:0 PCMU/8000"), SdesError::NotCryptoAttribute);
        assert_eq!(refusal("a=crypto:"), SdesError::MissingPart("tag"));
        assert_eq!(refusal("a=crypto:1"), SdesError::MissingPart("crypto suite"));
        assert_eq!(refusal("a=crypto:1 AES_CM_128_HMAC_SHA1_80"), SdesError::MissingPart("key"));
        assert_eq!(
            refusal(&format!("a=crypto:x AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}")),
            SdesError::BadTag("x".into())
        );
        assert_eq!(
            refusal(&format!("a=crypto:1234567890 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}")),
            SdesError::BadTag("1234567890".into())
        );
        assert_eq!(
            refusal(&format!("a=crypto:1 AEAD_AES_256_GCM inline:{KEY_ONE}")),
            SdesError::UnsupportedSuite("AEAD_AES_256_GCM".into())
        );
        assert_eq!(
            refusal(&format!("a=crypto:1 AES_CM_128_HMAC_SHA1_80 uri:{KEY_ONE}")),
            SdesError::UnsupportedKeyMethod("uri".into())
        );
        assert_eq!(refusal("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:not*base64!"), SdesError::BadBase64);
        assert_eq!(
            refusal("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAAAAAAAAAAAAAAAAAAAAA=="),
            SdesError::WrongKeyLength { found: 16 }
        );
        assert!(SdesError::UnsupportedSuite("AEAD_AES_256_GCM".into()).to_string().contains("AEAD_AES_256_GCM"));
    }

    #[test]
    fn our_line_reads_back_as_what_we_wrote() {
        let ours = CryptoAttribute::generate(1, SrtpSuite::AesCm128HmacSha1_80).expect("random bytes");
        let line = ours.sdp_line();
        assert!(line.starts_with("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"), "{line}");
        assert_eq!(line.len(), "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:".len() + 40, "{line}");
        let read = CryptoAttribute::parse(&line).expect("our own line");
        assert_eq!((read.tag, read.suite, read.lifetime), (1, SrtpSuite::AesCm128HmacSha1_80, None));
        assert_eq!(key_bytes(&read), key_bytes(&ours));

        let with_lifetime = CryptoAttribute { lifetime: Some(1 << 31), ..read.clone() };
        assert!(with_lifetime.sdp_line().ends_with("|2^31"));
        assert_eq!(CryptoAttribute::parse(&with_lifetime.sdp_line()).expect("valid").lifetime, Some(1 << 31));

        let other = CryptoAttribute::generate(1, SrtpSuite::AesCm128HmacSha1_80).expect("random bytes");
        assert_ne!(key_bytes(&other), key_bytes(&ours), "each key is fresh");
        assert!(!format!("{ours:?}").contains(&line["a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:".len()..]));
    }

    #[test]
    fn the_first_usable_line_is_picked() {
        let sdp = format!(
            "v=0\r\nm=audio 4000 RTP/SAVP 0\r\n\
             a=crypto:1 AEAD_AES_256_GCM inline:{KEY_ONE}\r\n\
             a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|2^20|1:4\r\n\
             a=crypto:3 AES_CM_128_HMAC_SHA1_32 inline:{KEY_TWO}\r\n\
             a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}\r\n"
        );
        let picked = first_acceptable(sdp.lines()).expect("line 3 is usable");
        assert_eq!((picked.tag, picked.suite), (3, SrtpSuite::AesCm128HmacSha1_32));
        assert_eq!(key_bytes(&picked), hex(KEY_TWO_HEX));

        let unusable = format!(
            "a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:{KEY_ONE}\na=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{KEY_ONE}|1:1"
        );
        assert_eq!(
            first_acceptable(unusable.lines()).err(),
            Some(SdesError::UnsupportedSuite("AES_256_CM_HMAC_SHA1_80".into()))
        );
        assert_eq!(
            first_acceptable("v=0\r\nm=audio 4000 RTP/AVP 0\r\n".lines()).err(),
            Some(SdesError::NoCryptoAttribute)
        );
    }

    #[test]
    fn an_answer_is_matched_to_the_line_we_offered() {
        let offered = [
            CryptoAttribute::generate(1, SrtpSuite::AesCm128HmacSha1_80).expect("random bytes"),
            CryptoAttribute::generate(2, SrtpSuite::AesCm128HmacSha1_32).expect("random bytes"),
        ];
        let answer = CryptoAttribute::answering(&offered[1]).expect("random bytes");
        assert_eq!((answer.tag, answer.suite), (2, SrtpSuite::AesCm128HmacSha1_32));
        assert_ne!(key_bytes(&answer), key_bytes(&offered[1]));
        assert_eq!(offer_for_answer(&offered, &answer).map(|ours| ours.tag), Ok(2));

        let wrong_suite = CryptoAttribute { suite: SrtpSuite::AesCm128HmacSha1_80, ..answer.clone() };
        assert_eq!(offer_for_answer(&offered, &wrong_suite).err(), Some(SdesError::AnswerDoesNotMatchOffer { tag: 2 }));
        let unknown_tag = CryptoAttribute { tag: 9, ..answer };
        assert_eq!(offer_for_answer(&offered, &unknown_tag).err(), Some(SdesError::AnswerDoesNotMatchOffer { tag: 9 }));
    }

    /// Both ends of a call, each side building its contexts from the two lines of the exchange.
    #[test]
    fn media_flows_both_ways_with_contexts_from_offer_and_answer() {
        let alice_offer = CryptoAttribute::generate(1, SrtpSuite::AesCm128HmacSha1_80).expect("random bytes");
        let offer_seen_by_bob = first_acceptable([alice_offer.sdp_line().as_str()]).expect("usable");
        let bob_answer = CryptoAttribute::answering(&offer_seen_by_bob).expect("random bytes");
        let answer_seen_by_alice = CryptoAttribute::parse(&bob_answer.sdp_line()).expect("usable");
        assert!(offer_for_answer(std::slice::from_ref(&alice_offer), &answer_seen_by_alice).is_ok());

        let (mut alice_sends, mut alice_receives) = (alice_offer.sender(), answer_seen_by_alice.receiver());
        let (mut bob_sends, mut bob_receives) = (bob_answer.sender(), offer_seen_by_bob.receiver());
        assert_eq!(
            (alice_sends.suite(), bob_receives.suite()),
            (SrtpSuite::AesCm128HmacSha1_80, SrtpSuite::AesCm128HmacSha1_80)
        );
        let rtp = hex("80000001 000000A0 01020304 D5D5D5D5D5D5D5D5");

        let to_bob = alice_sends.protect_rtp(&rtp).expect("protects");
        assert_eq!(bob_receives.unprotect_rtp(&to_bob), Ok(rtp.clone()));
        let to_alice = bob_sends.protect_rtp(&rtp).expect("protects");
        assert_ne!(to_alice, to_bob, "each direction has its own key");
        assert_eq!(alice_receives.unprotect_rtp(&to_alice), Ok(rtp.clone()));
        // Alice's own key does not open Bob's packets.
        assert!(offer_seen_by_bob.receiver().unprotect_rtp(&to_alice).is_err());
    }
}
