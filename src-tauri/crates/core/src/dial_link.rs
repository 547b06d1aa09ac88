//! `tel:` and `sip:` links (RFC 3966, RFC 3261 §19.1) turned into what the dialer shows. A link only ever
//! prefills the dialer: the user presses Call, so a web page cannot place a call — 911 least of all — by itself.

use crate::CoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest link we look at; anything longer is not a phone number.
const MAX_LINK_LENGTH: usize = 512;

/// A link opened with Locus, ready for the dialer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DialLink {
    /// The link as it came, e.g. `tel:+1-614-555-0100`.
    pub link: String,
    /// What the dialer is prefilled with, e.g. `+16145550100` or `sip:alice@example.com`.
    pub text: String,
    /// What that would dial, by the dial plan in force (so an emergency number is flagged before Call).
    pub check: crate::calls::NumberCheck,
}

/// What the dialer should show for `link`; `CoreError::InvalidLink` says why a link cannot go to the dialer.
pub fn dialer_text(link: &str) -> Result<String, CoreError> {
    let link = link.trim();
    if link.len() > MAX_LINK_LENGTH {
        return Err(CoreError::InvalidLink(format!(
            "the link is {} characters long, too long to be a phone number or SIP address",
            link.len()
        )));
    }
    let not_a_dial_link = || CoreError::InvalidLink(format!("\"{link}\" is not a tel: or sip: link"));
    let (scheme, rest) = link.split_once(':').ok_or_else(not_a_dial_link)?;
    let rest = percent_decoded(rest.trim_start_matches("//"));
    let text = match scheme.to_ascii_lowercase().as_str() {
        "tel" | "callto" => compact_number(before_parameters(&rest)).unwrap_or_default(),
        "sip" | "sips" => {
            let address = before_parameters(&rest);
            let user = address.split('@').next().unwrap_or_default();
            match compact_number(user) {
                Some(number) => number,
                None if address.contains('@') => format!("{}:{address}", scheme.to_ascii_lowercase()),
                None => String::new(),
            }
        }
        _ => return Err(not_a_dial_link()),
    };
    if text.is_empty() {
        Err(CoreError::InvalidLink(format!("the link \"{link}\" has no number or address in it")))
    } else {
        Ok(text)
    }
}

/// The part before the first `;` (parameters) or `?` (headers).
fn before_parameters(text: &str) -> &str {
    text.split([';', '?']).next().unwrap_or_default()
}

/// A dial string with its visual separators (`-`, `.`, `(`, `)`, spaces) removed, if it is one: digits with
/// an optional leading `+`, and `*` / `#`.
fn compact_number(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !matches!(c, '-' | '.' | '(' | ')' | ' ')).collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    let is_number = !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '*' || c == '#');
    is_number.then_some(compact)
}

/// `%2B1%20614` → `+1 614`; a `%` not followed by two hex digits is kept as it is.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| bytes.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(link: &str) -> String {
        dialer_text(link).unwrap_or_else(|err| panic!("{link}: {err}"))
    }

    fn refused(link: &str) -> String {
        dialer_text(link).expect_err(link).to_string()
    }

    #[test]
    fn tel_links_lose_their_separators_and_parameters() {
        assert_eq!(ok("tel:+1-614-555-0100"), "+16145550100");
        assert_eq!(ok("tel:(614) 555.0100;ext=22"), "6145550100");
        assert_eq!(ok("tel:5550100;phone-context=+1-614"), "5550100");
        assert_eq!(ok("TEL:911"), "911");
        assert_eq!(ok("tel:%2B1%20614%20555%200100"), "+16145550100");
        assert_eq!(ok("callto://+16145550100"), "+16145550100");
        assert_eq!(ok(" tel:*72 "), "*72");
    }

    #[test]
    fn sip_links_give_the_number_when_the_user_part_is_one_and_the_address_otherwise() {
        assert_eq!(ok("sip:911@carrier.example;user=phone"), "911");
        assert_eq!(ok("sip:+1-614-555-0100@pbx.example"), "+16145550100");
        assert_eq!(ok("sip:alice@example.com;transport=tcp"), "sip:alice@example.com");
        assert_eq!(ok("SIPS:bob@example.com?subject=hi"), "sips:bob@example.com");
    }

    #[test]
    fn other_links_and_empty_ones_are_refused_with_the_reason() {
        assert_eq!(refused("https://example.com"), "\"https://example.com\" is not a tel: or sip: link");
        assert_eq!(refused("911"), "\"911\" is not a tel: or sip: link");
        assert_eq!(refused("tel:"), "the link \"tel:\" has no number or address in it");
        assert_eq!(refused("tel:call-me"), "the link \"tel:call-me\" has no number or address in it");
        assert_eq!(refused("sip:example.com"), "the link \"sip:example.com\" has no number or address in it");
        let long = format!("tel:{}", "1".repeat(600));
        assert_eq!(refused(&long), "the link is 604 characters long, too long to be a phone number or SIP address");
    }

    #[test]
    fn a_stray_percent_is_kept() {
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz1"), "%zz1");
    }
}
