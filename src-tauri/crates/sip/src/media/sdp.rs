//! SDP (RFC 4566, offer/answer per RFC 3264) for one audio stream: our offer (G.711 µ-law and A-law, and
//! RFC 4733 telephone events) and what we need from the answer (where to send, which codec).

use super::g711::G711;
use std::net::{IpAddr, SocketAddr};

/// The payload type we offer for RFC 4733 telephone events (DTMF).
pub(crate) const TELEPHONE_EVENT: u8 = 101;

/// Our audio offer from `address` (the RTP socket), with a session id/version.
pub(crate) fn offer(address: SocketAddr, session: u64) -> String {
    let family = if address.is_ipv6() { "IP6" } else { "IP4" };
    let ip = address.ip();
    let port = address.port();
    let (mu, a) = (G711::MuLaw.payload_type(), G711::ALaw.payload_type());
    format!(
        "v=0\r\n\
         o=locus {session} {session} IN {family} {ip}\r\n\
         s=Locus call\r\n\
         c=IN {family} {ip}\r\n\
         t=0 0\r\n\
         m=audio {port} RTP/AVP {mu} {a} {TELEPHONE_EVENT}\r\n\
         a=rtpmap:{mu} PCMU/8000\r\n\
         a=rtpmap:{a} PCMA/8000\r\n\
         a=rtpmap:{TELEPHONE_EVENT} telephone-event/8000\r\n\
         a=fmtp:{TELEPHONE_EVENT} 0-16\r\n\
         a=ptime:20\r\n\
         a=sendrecv\r\n"
    )
}

/// What the answer says about the audio stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// Where to send our RTP.
    pub(crate) remote: SocketAddr,
    /// The G.711 law to send (the first of ours the peer listed).
    pub(crate) codec: G711,
}

/// Reads the audio stream out of an answer; `Err` says what is missing.
pub(crate) fn parse_answer(sdp: &str) -> Result<Answer, String> {
    let mut session_address: Option<IpAddr> = None;
    let mut media_address: Option<IpAddr> = None;
    let mut audio: Option<(u16, Vec<u8>)> = None;
    for line in sdp.lines().map(str::trim) {
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
                let formats = fields.skip(1).filter_map(|f| f.parse::<u8>().ok()).collect();
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
    Ok(Answer { remote: SocketAddr::new(ip, port), codec })
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
    }

    #[test]
    fn an_answer_gives_the_media_level_address_and_the_peers_first_codec() {
        let answer = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
                      m=audio 6000 RTP/AVP 8 0 101\r\nc=IN IP4 192.0.2.9\r\na=rtpmap:8 PCMA/8000\r\n";
        let parsed = parse_answer(answer).expect("parses");
        assert_eq!(parsed.remote, "192.0.2.9:6000".parse().expect("address"));
        assert_eq!(parsed.codec, G711::ALaw);
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
