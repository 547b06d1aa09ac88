//! rsipstack 0.7.14 knows the digest algorithm of RFC 7616/8760 only by the spelling `SHA256`, while registrars
//! (Kamailio, Asterisk) send and expect `SHA-256`. This inspector rewrites the token in challenges we receive
//! and credentials we send, so SHA-256 digest works until upstream accepts the standard spelling.

use rsipstack::sip::{HasHeaders, Header, SipMessage};
use rsipstack::transaction::endpoint::MessageInspector;
use rsipstack::transport::SipAddr;

pub(super) struct Sha256Spelling;

const STANDARD: &str = "algorithm=SHA-256";
const RSIPSTACK: &str = "algorithm=SHA256";

impl MessageInspector for Sha256Spelling {
    fn before_send(&self, mut message: SipMessage, _to: Option<&SipAddr>) -> SipMessage {
        for header in message.headers_mut().iter_mut() {
            match header {
                Header::Authorization(value) => value.0 = value.0.replace(RSIPSTACK, STANDARD),
                Header::ProxyAuthorization(value) => value.0 = value.0.replace(RSIPSTACK, STANDARD),
                _ => {}
            }
        }
        message
    }

    fn after_received(&self, mut message: SipMessage, _from: Option<&SipAddr>) -> SipMessage {
        for header in message.headers_mut().iter_mut() {
            match header {
                Header::WwwAuthenticate(value) => value.0 = value.0.replace(STANDARD, RSIPSTACK),
                Header::ProxyAuthenticate(value) => value.0 = value.0.replace(STANDARD, RSIPSTACK),
                _ => {}
            }
        }
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SipMessage {
        SipMessage::try_from(text).expect("SIP message")
    }

    #[test]
    fn challenges_come_in_and_credentials_go_out_in_each_sides_spelling() {
        let challenge = parse(
            "SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\n\
             To: <sip:a@h>;tag=2\r\nCall-ID: c@locus.invalid\r\nCSeq: 1 REGISTER\r\n\
             WWW-Authenticate: Digest realm=\"h\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256\r\nContent-Length: 0\r\n\r\n",
        );
        let seen = Sha256Spelling.after_received(challenge, None).to_string();
        assert!(seen.contains("algorithm=SHA256") && !seen.contains("SHA-256"), "{seen}");

        let answer = parse(
            "REGISTER sip:h SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK2\r\nFrom: <sip:a@h>;tag=1\r\n\
             To: <sip:a@h>\r\nCall-ID: c@locus.invalid\r\nCSeq: 2 REGISTER\r\n\
             Authorization: Digest username=\"a\", realm=\"h\", nonce=\"n\", uri=\"sip:h\", response=\"r\", algorithm=SHA256\r\n\
             Content-Length: 0\r\n\r\n",
        );
        let sent = Sha256Spelling.before_send(answer, None).to_string();
        assert!(sent.contains("algorithm=SHA-256"), "{sent}");
    }

    #[test]
    fn md5_is_left_alone() {
        let challenge = parse(
            "SIP/2.0 407 Proxy Authentication Required\r\nVia: SIP/2.0/UDP 127.0.0.1:5090;branch=z9hG4bK1\r\n\
             From: <sip:a@h>;tag=1\r\nTo: <sip:a@h>;tag=2\r\nCall-ID: c@locus.invalid\r\nCSeq: 1 INVITE\r\n\
             Proxy-Authenticate: Digest realm=\"h\", nonce=\"n\", algorithm=MD5\r\nContent-Length: 0\r\n\r\n",
        );
        let seen = Sha256Spelling.after_received(challenge, None).to_string();
        assert!(seen.contains("algorithm=MD5"), "{seen}");
    }
}
