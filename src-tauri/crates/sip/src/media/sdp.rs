//! SDP (RFC 4566, offer/answer per RFC 3264) for one audio stream: our offer (G.711 µ-law and A-law, and
//! RFC 4733 telephone events) and what we need from the answer (where to send, which codec).

use super::g711::G711;
use std::net::{IpAddr, SocketAddr};

/// The payload type we offer for RFC 4733 telephone events (DTMF).
pub(crate) const TELEPHONE_EVENT: u8 = 101;

/// Which way our audio flows, as an offer states it (RFC 3264 §5.1): `SendOnly` puts the other side on hold
/// (RFC 6337 §5.3), `SendRecv` is a normal call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Audio both ways.
    SendRecv,
    /// We may send, we do not want to receive: how the holding side offers hold.
    SendOnly,
    /// We receive only: what the held side answers.
    RecvOnly,
    /// No audio either way.
    Inactive,
}

impl Direction {
    /// The direction an SDP states for its audio: the media-level attribute, else the session-level one, else
    /// `sendrecv` (RFC 3264 §5.1).
    pub(crate) fn of(sdp: &str) -> Self {
        let mut session = None;
        let mut media = None;
        let mut in_audio = false;
        for line in sdp.lines().map(str::trim) {
            if let Some(kind) = line.strip_prefix("m=") {
                if in_audio {
                    break;
                }
                in_audio = kind.starts_with("audio ");
                continue;
            }
            let direction = match line {
                "a=sendrecv" => Direction::SendRecv,
                "a=sendonly" => Direction::SendOnly,
                "a=recvonly" => Direction::RecvOnly,
                "a=inactive" => Direction::Inactive,
                _ => continue,
            };
            if in_audio {
                media = Some(direction);
            } else {
                session = Some(direction);
            }
        }
        media.or(session).unwrap_or(Direction::SendRecv)
    }

    fn attribute(self) -> &'static str {
        match self {
            Direction::SendRecv => "sendrecv",
            Direction::SendOnly => "sendonly",
            Direction::RecvOnly => "recvonly",
            Direction::Inactive => "inactive",
        }
    }
}

/// The `o=` line's session id and version: the id stays for the whole call, and every new offer in it (a hold or
/// resume re-INVITE) carries a version one higher than the previous one (RFC 3264 §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Stays the same for the call.
    pub(crate) session: u64,
    /// Goes up by one with each offer.
    pub(crate) version: u64,
}

impl Origin {
    /// The first offer of a session: its version is its id, as RFC 4566 suggests for NTP-like values.
    pub(crate) fn first(session: u64) -> Self {
        Self { session, version: session }
    }

    /// The origin of the next offer in the same session.
    pub(crate) fn next(self) -> Self {
        Self { session: self.session, version: self.version.wrapping_add(1) }
    }
}

/// Our first audio offer from `address` (the RTP socket), both ways, with a session id/version.
#[cfg(test)]
pub(crate) fn offer(address: SocketAddr, session: u64) -> String {
    offer_with(address, Origin::first(session), Direction::SendRecv)
}

/// An audio offer from `address` with this origin and direction: the first offer, or a later one (hold, resume)
/// of the same session.
pub(crate) fn offer_with(address: SocketAddr, origin: Origin, direction: Direction) -> String {
    let family = if address.is_ipv6() { "IP6" } else { "IP4" };
    let ip = address.ip();
    let port = address.port();
    let (mu, a) = (G711::MuLaw.payload_type(), G711::ALaw.payload_type());
    let Origin { session, version } = origin;
    let direction = direction.attribute();
    format!(
        "v=0\r\n\
         o=locus {session} {version} IN {family} {ip}\r\n\
         s=Locus call\r\n\
         c=IN {family} {ip}\r\n\
         t=0 0\r\n\
         m=audio {port} RTP/AVP {mu} {a} {TELEPHONE_EVENT}\r\n\
         a=rtpmap:{mu} PCMU/8000\r\n\
         a=rtpmap:{a} PCMA/8000\r\n\
         a=rtpmap:{TELEPHONE_EVENT} telephone-event/8000\r\n\
         a=fmtp:{TELEPHONE_EVENT} 0-16\r\n\
         a=ptime:20\r\n\
         a={direction}\r\n"
    )
}

/// Our side of a call's audio as each of our offers describes it: the RTP socket's address and, for SRTP, our
/// `a=crypto` lines (the key we send with stays the same for the whole call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OurMedia {
    /// The RTP socket.
    pub(crate) address: SocketAddr,
    /// Our SDES lines; empty for plain RTP.
    pub(crate) crypto: Vec<String>,
}

impl OurMedia {
    /// An offer of the call's session with this origin and direction (RTP/SAVP with our keys when encrypted).
    pub(crate) fn offer(&self, origin: Origin, direction: Direction) -> String {
        super::secure::with_srtp(&offer_with(self.address, origin, direction), &self.crypto)
    }
}

/// What the answer says about the audio stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// Where to send our RTP.
    pub(crate) remote: SocketAddr,
    /// The G.711 law to send (the first of ours the peer listed).
    pub(crate) codec: G711,
    /// The payload type of RFC 4733 telephone events, when the peer takes them.
    pub(crate) telephone_event: Option<u8>,
    /// The stream is SRTP (profile RTP/SAVP).
    pub(crate) secure: bool,
    /// Its `a=crypto` lines (SDES keys), in order.
    pub(crate) crypto: Vec<String>,
}

/// Reads the audio stream out of an answer; `Err` says what is missing.
pub(crate) fn parse_answer(sdp: &str) -> Result<Answer, String> {
    let mut session_address: Option<IpAddr> = None;
    let mut media_address: Option<IpAddr> = None;
    let mut audio: Option<(u16, Vec<u8>)> = None;
    let mut secure = false;
    let mut crypto = Vec::new();
    for line in sdp.lines().map(str::trim) {
        if audio.is_some() && line.starts_with("a=crypto:") {
            crypto.push(line.to_owned());
            continue;
        }
        if let Some(connection) = line.strip_prefix("c=") {
            let address = connection.split_whitespace().nth(2).and_then(|a| a.split('/').next());
            let address = address.and_then(|a| a.parse::<IpAddr>().ok());
            if audio.is_some() {
                media_address = media_address.or(address);
            } else {
                session_address = address;
            }
        } else if let Some(media) = line.strip_prefix("m=") {
            if audio.is_some() {
                break;
            }
            let mut fields = media.split_whitespace();
            if fields.next() == Some("audio") {
                let port = fields.next().and_then(|p| p.parse::<u16>().ok()).ok_or("the audio line has no port")?;
                secure = fields.next() == Some("RTP/SAVP");
                let formats = fields.filter_map(|f| f.parse::<u8>().ok()).collect();
                audio = Some((port, formats));
            }
        }
    }
    let (port, formats) = audio.ok_or("the answer has no audio stream")?;
    if port == 0 {
        return Err("the peer refused the audio stream (port 0)".into());
    }
    let codec = formats
        .iter()
        .find_map(|&pt| G711::from_payload_type(pt))
        .ok_or_else(|| format!("the peer chose none of our codecs (offered PCMU and PCMA, got {formats:?})"))?;
    let ip = media_address.or(session_address).ok_or("the answer has no connection address")?;
    let telephone_event = super::sdp_answer::offered_telephone_event(sdp);
    Ok(Answer { remote: SocketAddr::new(ip, port), codec, telephone_event, secure, crypto })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_offer_lists_both_laws_and_dtmf_on_our_socket() {
        let offer = offer("10.0.0.2:40000".parse().expect("address"), 7);
        assert!(offer.contains("c=IN IP4 10.0.0.2\r\n"));
        assert!(offer.contains("m=audio 40000 RTP/AVP 0 8 101\r\n"));
        assert!(offer.contains("a=rtpmap:101 telephone-event/8000\r\n"));
        assert!(offer.contains("o=locus 7 7 IN IP4 10.0.0.2\r\n") && offer.ends_with("a=sendrecv\r\n"));
    }

    #[test]
    fn hold_and_resume_offers_keep_the_session_raise_the_version_and_set_the_direction() {
        let address = "10.0.0.2:40000".parse().expect("address");
        let first = Origin::first(1_700_000_000);
        let hold = first.next();
        let resume = hold.next();
        assert_eq!((hold.session, hold.version), (1_700_000_000, 1_700_000_001));
        assert_eq!((resume.session, resume.version), (1_700_000_000, 1_700_000_002));
        let held = offer_with(address, hold, Direction::SendOnly);
        assert!(held.contains("o=locus 1700000000 1700000001 IN IP4 10.0.0.2\r\n"), "{held}");
        assert!(held.contains("a=sendonly\r\n") && !held.contains("a=sendrecv"), "{held}");
        let resumed = offer_with(address, resume, Direction::SendRecv);
        assert!(resumed.contains("o=locus 1700000000 1700000002 IN IP4 10.0.0.2\r\n"), "{resumed}");
        assert!(resumed.contains("a=sendrecv\r\n") && !resumed.contains("a=sendonly"), "{resumed}");
        // Everything but the version and the direction is the same offer.
        let strip = |sdp: &str| {
            sdp.lines().filter(|l| !l.starts_with("o=") && !l.starts_with("a=send")).collect::<Vec<_>>().join("\n")
        };
        assert_eq!(strip(&held), strip(&offer(address, 1_700_000_000)));
        assert_eq!(offer_with(address, first, Direction::Inactive).lines().last(), Some("a=inactive"));
        assert!(offer_with(address, first, Direction::RecvOnly).contains("a=recvonly\r\n"));
    }

    #[test]
    fn the_direction_of_an_answer_is_its_audio_lines_else_the_sessions_else_both_ways() {
        let media_level =
            "v=0\r\na=inactive\r\nm=audio 6000 RTP/AVP 0\r\na=recvonly\r\nm=video 0 RTP/AVP 96\r\na=sendonly\r\n";
        assert_eq!(Direction::of(media_level), Direction::RecvOnly);
        assert_eq!(Direction::of("v=0\r\na=inactive\r\nm=audio 6000 RTP/AVP 0\r\n"), Direction::Inactive);
        assert_eq!(Direction::of("v=0\r\nm=audio 6000 RTP/AVP 0\r\n"), Direction::SendRecv);
        assert_eq!(
            Direction::of(&offer_with("10.0.0.2:4".parse().expect("address"), Origin::first(1), Direction::SendOnly)),
            Direction::SendOnly
        );
    }

    #[test]
    fn the_version_wraps_instead_of_overflowing() {
        assert_eq!(Origin { session: 1, version: u64::MAX }.next().version, 0);
    }

    #[test]
    fn an_answer_gives_the_media_level_address_and_the_peers_first_codec() {
        let answer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
                      m=audio 6000 RTP/AVP 8 0 101\r\nc=IN IP4 192.0.2.9\r\na=rtpmap:8 PCMA/8000\r\n";
        let parsed = parse_answer(answer).expect("parses");
        assert_eq!(parsed.remote, "192.0.2.9:6000".parse().expect("address"));
        assert_eq!(parsed.codec, G711::ALaw);
        assert!(!parsed.secure && parsed.crypto.is_empty());
    }

    #[test]
    fn an_srtp_answer_is_marked_secure_with_its_audio_keys_only() {
        let answer = "v=0\r\nc=IN IP4 192.0.2.1\r\na=crypto:7 SESSION_LEVEL inline:x\r\n\
                      m=audio 6000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc\r\n\
                      m=video 6002 RTP/SAVP 96\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:video\r\n";
        let parsed = parse_answer(answer).expect("parses");
        assert!(parsed.secure);
        assert_eq!(parsed.crypto, ["a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:abc"]);
    }

    #[test]
    fn answers_without_what_we_need_say_why() {
        assert!(parse_answer("v=0\r\nc=IN IP4 1.2.3.4\r\n").expect_err("refused").contains("no audio"));
        assert!(
            parse_answer("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 0 RTP/AVP 0\r\n").expect_err("refused").contains("port 0")
        );
        assert!(
            parse_answer("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 5 RTP/AVP 18\r\n").expect_err("refused").contains("none")
        );
    }
}
