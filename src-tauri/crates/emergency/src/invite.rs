//! What an emergency (or emergency test) INVITE must carry, ready before anyone dials (S4): the caller ID for
//! From and P-Asserted-Identity (S3), `Priority: emergency`, and with location by value the RFC 6442
//! `Geolocation` / `Geolocation-Routing` headers plus the PIDF-LO part whose Content-ID the header points at.
//! At dial time only the SDP is new; `body` wraps it. Building and sending the INVITE is the SIP layer's job.

use crate::multipart::{MessageBody, multipart_mixed};
use serde::{Deserialize, Serialize};

/// One extra SIP header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SipHeader {
    /// Header name (`Priority`).
    pub name: String,
    /// Header value (`emergency`).
    pub value: String,
}

/// The PIDF-LO part of a location-by-value INVITE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationBodyPart {
    /// The part's Content-ID without angle brackets (`loc-home-1740830400@pbx.example`).
    pub content_id: String,
    /// The PIDF-LO document.
    pub pidf_lo: String,
}

/// Everything an emergency INVITE adds to a normal one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteParts {
    /// The user part of the From URI: the plan's caller ID (a 10-digit E911 DID when there is one).
    pub from_user: String,
    /// The P-Asserted-Identity header value, with the same caller ID (`<sip:3125550100@pbx.example;user=phone>`).
    pub p_asserted_identity: String,
    /// Extra headers, in order: `Priority`, and with location by value `Geolocation`, `Geolocation-Routing`.
    pub headers: Vec<SipHeader>,
    /// The PIDF-LO part, when the location travels by value.
    pub location: Option<LocationBodyPart>,
}

impl InviteParts {
    /// The parts for `caller_id` at the account's `domain`, with the location part if it is sent by value.
    pub(crate) fn new(caller_id: &str, domain: &str, location: Option<LocationBodyPart>) -> Self {
        let phone = !caller_id.is_empty() && caller_id.chars().all(|c| c.is_ascii_digit());
        let user_parameter = if phone { ";user=phone" } else { "" };
        let header = |name: &str, value: String| SipHeader { name: name.to_owned(), value };
        let mut headers = vec![header("Priority", "emergency".to_owned())];
        if let Some(part) = &location {
            headers.push(header("Geolocation", format!("<cid:{}>", part.content_id)));
            headers.push(header("Geolocation-Routing", "yes".to_owned()));
        }
        Self {
            from_user: caller_id.to_owned(),
            p_asserted_identity: format!("<sip:{caller_id}@{domain}{user_parameter}>"),
            headers,
            location,
        }
    }

    /// The INVITE body for this `sdp` offer: the SDP alone, or multipart/mixed with the PIDF-LO.
    pub fn body(&self, sdp: &str) -> MessageBody {
        match &self.location {
            None => MessageBody { content_type: "application/sdp".to_owned(), body: sdp.to_owned() },
            Some(part) => multipart_mixed(sdp, &part.pidf_lo, &part.content_id),
        }
    }

    /// The value of header `name` (case-insensitive), if added.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_location_the_body_is_the_sdp_and_only_priority_is_added() {
        let parts = InviteParts::new("3125550100", "pbx.example", None);
        assert_eq!(parts.p_asserted_identity, "<sip:3125550100@pbx.example;user=phone>");
        assert_eq!(parts.headers, vec![SipHeader { name: "Priority".into(), value: "emergency".into() }]);
        assert_eq!(
            parts.body("v=0\r\n"),
            MessageBody { content_type: "application/sdp".into(), body: "v=0\r\n".into() }
        );
    }

    #[test]
    fn a_caller_id_that_is_not_a_number_is_not_marked_as_a_phone() {
        let parts = InviteParts::new("alice", "pbx.example", None);
        assert_eq!(parts.p_asserted_identity, "<sip:alice@pbx.example>");
    }
}
