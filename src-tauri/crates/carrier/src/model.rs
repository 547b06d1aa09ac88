//! The plain data every carrier speaks: a DID, its E911 status, the address the carrier holds for it, our address
//! in the carrier's own fields, and the corrections a carrier suggests. No I/O here.

use std::collections::BTreeMap;
use std::fmt;

use locus_location::civic::CivicAddress;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::CarrierError;

/// An E911 DID: exactly 10 digits, NANP, no `+1` — the form the emergency caller ID must take (S3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(type = "string")]
pub struct Did(String);

impl Did {
    /// Reads a North American number written in any usual way (`555.555.1234`, `(555) 555-1234`,
    /// `+1 555 555 1234`) as its 10 digits. Refuses anything else.
    pub fn parse(text: &str) -> Result<Self, CarrierError> {
        let refuse = || CarrierError::InvalidDid(text.trim().to_owned());
        if !text.chars().all(|c| c.is_ascii_digit() || " .-()+".contains(c)) {
            return Err(refuse());
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let national = match digits.len() {
            10 => digits,
            11 if digits.starts_with('1') => digits[1..].to_owned(),
            _ => return Err(refuse()),
        };
        // NANP: neither the area code nor the exchange starts with 0 or 1.
        let bytes = national.as_bytes();
        if matches!(bytes[0], b'0' | b'1') || matches!(bytes[3], b'0' | b'1') {
            return Err(refuse());
        }
        Ok(Self(national))
    }

    /// The 10 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Did {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Did {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Did {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Did::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Where a DID stands with the carrier's E911 service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "CarrierE911Status")]
pub enum E911Status {
    /// E911 is on and the carrier holds an address.
    Active,
    /// The carrier accepted an address but has not finished applying it.
    Pending,
    /// The DID has no E911 service at the carrier.
    NotProvisioned,
}

/// The address a carrier holds for a DID, as the carrier returned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RegisteredAddress {
    /// The DID.
    pub did: Did,
    /// Its E911 status.
    pub status: E911Status,
    /// The carrier's record in the carrier's own field names (what the PSAP will be given).
    pub fields: BTreeMap<String, String>,
    /// The same record as a civic address, for display.
    pub address: CivicAddress,
}

/// One DID of the account and its E911 state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DidRecord {
    /// The DID.
    pub did: Did,
    /// The label the account owner gave it at the carrier (may be empty).
    pub description: String,
    /// Its E911 status.
    pub e911: E911Status,
    /// The address the carrier holds, unless E911 is not provisioned.
    pub carrier_has: Option<RegisteredAddress>,
}

/// Our civic address written in a carrier's fields: exactly what would be sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct CarrierForm {
    /// The fields that locate the caller. Reconciliation compares these (normalised) with the carrier's record;
    /// every location field the carrier knows is present, empty when unused.
    pub location: BTreeMap<String, String>,
    /// Fields sent but not compared (name, notification e-mail, language).
    pub contact: BTreeMap<String, String>,
    /// CLDXF fields of our address the carrier has no place for; they will not reach the PSAP. Show them.
    pub not_carried: Vec<String>,
}

impl CarrierForm {
    /// Every field, location and contact, as request parameters.
    pub fn all_fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.location.iter().chain(self.contact.iter()).map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// One field the carrier would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    /// The carrier's field name (`city`, `street_name`, …).
    pub field: String,
    /// What we sent.
    pub current: String,
    /// What the carrier suggests.
    pub suggested: String,
}

/// A corrected address the carrier offers, for the user to accept or reject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SuggestedAddress {
    /// Our address with the carrier's corrections applied; confirming it is accepting the suggestion.
    pub address: CivicAddress,
    /// The fields that change, for the corrections dialog.
    pub changes: Vec<FieldChange>,
}

/// The carrier's verdict on an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "verdict", content = "suggestions", rename_all = "snake_case")]
pub enum AddressCheck {
    /// The carrier accepts the address as it is.
    Valid,
    /// The carrier does not accept it as it is and offers these corrections (at least one).
    Corrections(Vec<SuggestedAddress>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_did_is_ten_digits_whatever_way_it_was_written() {
        for written in ["5555551234", "555.555.1234", "(555) 555-1234", "+1 555 555 1234", "15555551234"] {
            assert_eq!(Did::parse(written).expect(written).as_str(), "5555551234");
        }
    }

    #[test]
    fn a_did_that_is_not_nanp_is_refused() {
        for bad in ["", "555555123", "25555551234", "0555551234", "5551551234", "555-555-12a4", "+44 20 7946 0958"] {
            let err = Did::parse(bad).expect_err(bad);
            assert_eq!(err.code(), "invalid_did");
        }
    }

    #[test]
    fn a_did_serialises_as_its_digits() {
        let did = Did::parse("555.555.1234").expect("did");
        assert_eq!(serde_json::to_string(&did).expect("json"), "\"5555551234\"");
        let back: Did = serde_json::from_str("\"5555551234\"").expect("back");
        assert_eq!(back, did);
        assert!(serde_json::from_str::<Did>("\"911\"").is_err());
    }
}
