//! The PIDF-LO document that carries a civic location by value in an emergency INVITE (RFC 4119 presence with
//! geopriv, RFC 5139 civic address, RFC 5491 profile: the location sits in a `dm:device` with `gp:method` and a
//! `dm:timestamp`). Element names are the CLDXF ones `CivicAddress` already uses; only non-empty fields are
//! written, in the RFC 5139 schema order, and every value is escaped.
//!
//! It builds text; it does not decide whether a location may be sent (the plan does) nor put it in a message.

use crate::xml::escape_xml;
use locus_location::civic::CivicAddress;
use locus_location::matcher::HowObtained;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, UtcOffset};
use ts_rs::TS;

/// PIDF (RFC 3863).
const NS_PIDF: &str = "urn:ietf:params:xml:ns:pidf";
/// PIDF data model (RFC 4479): `dm:device`, `dm:deviceID`, `dm:timestamp`.
const NS_DATA_MODEL: &str = "urn:ietf:params:xml:ns:pidf:data-model";
/// Geopriv (RFC 4119).
const NS_GEOPRIV: &str = "urn:ietf:params:xml:ns:pidf:geopriv10";
/// Civic address (RFC 5139).
const NS_CIVIC: &str = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr";
/// Basic policy for usage rules (RFC 4745 / 6772).
const NS_BASIC_POLICY: &str = "urn:ietf:params:xml:ns:basicPolicy";

/// How long recipients may keep the location: long enough for the PSAP to handle the call and call back.
const RETENTION: Duration = Duration::days(1);

/// How the location was determined, as `gp:method` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LocationMethod {
    /// The user entered or confirmed the address (`Manual`).
    Manual,
    /// IT's wiremap of networks to places (`Wiremap`).
    Wiremap,
}

impl LocationMethod {
    /// The method for a location obtained this way.
    pub fn from_how_obtained(how: HowObtained) -> Self {
        match how {
            HowObtained::Wiremap => LocationMethod::Wiremap,
            HowObtained::UserConfirmed | HowObtained::UserEntered => LocationMethod::Manual,
        }
    }

    /// The `gp:method` token.
    pub fn token(self) -> &'static str {
        match self {
            LocationMethod::Manual => "Manual",
            LocationMethod::Wiremap => "Wiremap",
        }
    }
}

/// Everything one PIDF-LO document says.
#[derive(Debug, Clone, Copy)]
pub struct PidfLoInput<'a> {
    /// The presence entity: `tel:+13125550100` for a DID, `pres:alice@example.com` otherwise.
    pub entity: &'a str,
    /// Where the caller is.
    pub address: &'a CivicAddress,
    /// How that was determined.
    pub method: LocationMethod,
    /// A stable id of this device (`urn:uuid:…`), if known.
    pub device_id: Option<&'a str>,
    /// When the location was determined or last confirmed.
    pub timestamp: OffsetDateTime,
}

/// The PIDF-LO document as XML text.
pub fn build_pidf_lo(input: &PidfLoInput<'_>) -> String {
    let mut xml = String::with_capacity(1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<presence xmlns=\"{NS_PIDF}\" xmlns:dm=\"{NS_DATA_MODEL}\" xmlns:gp=\"{NS_GEOPRIV}\" \
         xmlns:ca=\"{NS_CIVIC}\" xmlns:gbp=\"{NS_BASIC_POLICY}\" entity=\"{}\">\n",
        escape_xml(input.entity)
    ));
    xml.push_str(" <dm:device id=\"locus-device\">\n  <gp:geopriv>\n   <gp:location-info>\n    <ca:civicAddress>\n");
    for (element, value) in civic_elements(input.address) {
        xml.push_str(&format!("     <ca:{element}>{}</ca:{element}>\n", escape_xml(value)));
    }
    xml.push_str("    </ca:civicAddress>\n   </gp:location-info>\n");
    xml.push_str(&format!(
        "   <gp:usage-rules>\n    <gbp:retransmission-allowed>true</gbp:retransmission-allowed>\n    \
         <gbp:retention-expiry>{}</gbp:retention-expiry>\n   </gp:usage-rules>\n",
        rfc3339_utc(input.timestamp + RETENTION)
    ));
    xml.push_str(&format!("   <gp:method>{}</gp:method>\n  </gp:geopriv>\n", input.method.token()));
    if let Some(device_id) = input.device_id.filter(|id| !id.trim().is_empty()) {
        xml.push_str(&format!("  <dm:deviceID>{}</dm:deviceID>\n", escape_xml(device_id.trim())));
    }
    xml.push_str(&format!(
        "  <dm:timestamp>{}</dm:timestamp>\n </dm:device>\n</presence>\n",
        rfc3339_utc(input.timestamp)
    ));
    xml
}

/// The presence entity for a caller ID: a `tel:` URI for a 10-digit NANP number, else `pres:user@domain`.
pub(crate) fn presence_entity(caller_id: &str, domain: &str) -> String {
    if caller_id.len() == 10 && caller_id.chars().all(|c| c.is_ascii_digit()) {
        format!("tel:+1{caller_id}")
    } else {
        format!("pres:{caller_id}@{domain}")
    }
}

/// The non-empty CLDXF elements of `address`, in RFC 5139 schema order.
fn civic_elements(address: &CivicAddress) -> impl Iterator<Item = (&'static str, &str)> {
    [
        ("country", &address.country),
        ("A1", &address.a1),
        ("A2", &address.a2),
        ("A3", &address.a3),
        ("PRD", &address.prd),
        ("RD", &address.rd),
        ("STS", &address.sts),
        ("POD", &address.pod),
        ("HNO", &address.hno),
        ("HNS", &address.hns),
        ("LOC", &address.loc),
        ("FLR", &address.flr),
        ("NAM", &address.nam),
        ("PC", &address.pc),
        ("BLD", &address.bld),
        ("UNIT", &address.unit),
        ("ROOM", &address.room),
        ("SEAT", &address.seat),
    ]
    .into_iter()
    .map(|(element, value)| (element, value.trim()))
    .filter(|(_, value)| !value.is_empty())
}

/// `2025-03-01T12:00:00Z`: RFC 3339 in UTC, whole seconds. Infallible, unlike a general formatter.
pub(crate) fn rfc3339_utc(moment: OffsetDateTime) -> String {
    let utc = moment.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps_are_utc_rfc3339() {
        assert_eq!(rfc3339_utc(datetime!(2025-03-01 07:05:09 -5)), "2025-03-01T12:05:09Z");
    }

    #[test]
    fn the_entity_is_a_tel_uri_for_a_did_and_a_pres_uri_otherwise() {
        assert_eq!(presence_entity("3125550100", "pbx.example"), "tel:+13125550100");
        assert_eq!(presence_entity("alice", "pbx.example"), "pres:alice@pbx.example");
    }

    #[test]
    fn user_answers_are_manual_and_it_maps_are_wiremap() {
        assert_eq!(LocationMethod::from_how_obtained(HowObtained::UserEntered).token(), "Manual");
        assert_eq!(LocationMethod::from_how_obtained(HowObtained::UserConfirmed).token(), "Manual");
        assert_eq!(LocationMethod::from_how_obtained(HowObtained::Wiremap).token(), "Wiremap");
    }
}
