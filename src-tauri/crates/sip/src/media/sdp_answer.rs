//! The answerer's half of SDP offer/answer (RFC 3264) for an incoming call: which codecs the caller offered, and
//! our answer accepting one G.711 law (the first the caller listed) plus telephone events when offered.

use super::g711::G711;
use std::net::SocketAddr;

/// The codecs an offer lists for its first audio stream, by name (`PCMU`, `PCMA`, `telephone-event`, or
/// `PT <n>` for a dynamic payload type without an rtpmap), in the caller's order of preference.
pub(crate) fn offered_codecs(offer: &str) -> Vec<String> {
    let Some(formats) = audio_formats(offer) else { return Vec::new() };
    formats
        .iter()
        .map(|&pt| match rtpmap_name(offer, pt) {
            Some(name) => name,
            None => {
                G711::from_payload_type(pt).map_or_else(|| format!("PT {pt}"), |law| law.encoding_name().to_owned())
            }
        })
        .collect()
}

/// The payload type the offer uses for RFC 4733 telephone events, when it offers them.
pub(crate) fn offered_telephone_event(offer: &str) -> Option<u8> {
    audio_formats(offer)?
        .into_iter()
        .find(|&pt| rtpmap_name(offer, pt).is_some_and(|name| name.eq_ignore_ascii_case("telephone-event")))
}

/// Our answer from `address` (the RTP socket) accepting `codec`, and telephone events on `telephone_event` when
/// the caller offered them.
pub(crate) fn answer(address: SocketAddr, session: u64, codec: G711, telephone_event: Option<u8>) -> String {
    let family = if address.is_ipv6() { "IP6" } else { "IP4" };
    let ip = address.ip();
    let port = address.port();
    let pt = codec.payload_type();
    let name = codec.encoding_name();
    let (event_format, event_lines) = match telephone_event {
        Some(event) => {
            (format!(" {event}"), format!("a=rtpmap:{event} telephone-event/8000\r\na=fmtp:{event} 0-16\r\n"))
        }
        None => (String::new(), String::new()),
    };
    format!(
        "v=0\r\n\
         o=locus {session} {session} IN {family} {ip}\r\n\
         s=Locus call\r\n\
         c=IN {family} {ip}\r\n\
         t=0 0\r\n\
         m=audio {port} RTP/AVP {pt}{event_format}\r\n\
         a=rtpmap:{pt} {name}/8000\r\n\
         {event_lines}\
         a=ptime:20\r\n\
         a=sendrecv\r\n"
    )
}

/// The payload types on the first `m=audio` line.
fn audio_formats(sdp: &str) -> Option<Vec<u8>> {
    let line = sdp.lines().map(str::trim).find_map(|line| line.strip_prefix("m=audio "))?;
    Some(line.split_whitespace().skip(2).filter_map(|f| f.parse::<u8>().ok()).collect())
}

/// The encoding name an `a=rtpmap` line gives payload type `pt`.
fn rtpmap_name(sdp: &str, pt: u8) -> Option<String> {
    sdp.lines().map(str::trim).find_map(|line| {
        let (number, rest) = line.strip_prefix("a=rtpmap:")?.split_once(' ')?;
        (number.parse::<u8>().ok()? == pt).then(|| rest.split('/').next().unwrap_or(rest).to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFER: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
                         m=audio 6000 RTP/AVP 8 0 96 101\r\na=rtpmap:96 opus/48000/2\r\n\
                         a=rtpmap:101 telephone-event/8000\r\n";

    #[test]
    fn the_offered_codecs_are_named_in_the_callers_order() {
        assert_eq!(offered_codecs(OFFER), ["PCMA", "PCMU", "opus", "telephone-event"]);
        assert_eq!(offered_telephone_event(OFFER), Some(101));
        assert!(offered_codecs("v=0\r\n").is_empty());
    }

    #[test]
    fn our_answer_accepts_one_law_and_the_callers_telephone_events() {
        let answer = answer("10.0.0.2:40000".parse().expect("address"), 7, G711::ALaw, Some(101));
        assert!(answer.contains("c=IN IP4 10.0.0.2\r\n"));
        assert!(answer.contains("m=audio 40000 RTP/AVP 8 101\r\n"));
        assert!(answer.contains("a=rtpmap:8 PCMA/8000\r\n"));
        assert!(answer.contains("a=rtpmap:101 telephone-event/8000\r\n"));
        let plain = super::answer("10.0.0.2:40000".parse().expect("address"), 7, G711::MuLaw, None);
        assert!(plain.contains("m=audio 40000 RTP/AVP 0\r\n") && !plain.contains("telephone-event"));
    }
}
