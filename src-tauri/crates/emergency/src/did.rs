//! E911 DIDs and each account's E911 settings: the 10-digit NANP numbers whose emergency address the carrier
//! holds, their E911 status, the address the carrier has on record, and the strategy that makes a static-address
//! carrier follow a moving laptop (ARCHITECTURE.md §6). Numbers typed any way people write them are normalised
//! to the 10 digits the carrier looks up (S3); every problem names its field. Talking to the carrier is the
//! `carrier` crate's job, not this one's.

use crate::error::{EmergencyError, FieldProblem};
use crate::phone_text::dial_string;
use locus_location::civic::{CivicAddress, validate};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

/// How an account makes E911 follow the laptop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EmergencyStrategy {
    /// One E911 DID per recurring location; the plan sends the DID registered at the current location.
    #[default]
    DidPool,
    /// One DID whose carrier address is updated on every confirmed move; pending until read back.
    CarrierUpdate,
    /// The location travels in the INVITE as a PIDF-LO (RFC 6442), for carriers that accept it.
    LocationByValue,
}

/// The carrier's E911 status of a DID.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum E911Status {
    /// E911 is provisioned and live: a 911 call with this caller ID is located by its registered address.
    Active,
    /// Provisioning or an address change was requested and is not live yet.
    Pending,
    /// E911 is not enabled on this number.
    Inactive,
    /// Nobody has checked yet.
    #[default]
    Unknown,
}

/// One E911 DID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct E911Did {
    /// The number as the carrier looks it up: exactly 10 digits, no `+1` (`3125550100`).
    pub number: String,
    /// Who holds the E911 record (`voip.ms`, `bandwidth`).
    #[serde(default)]
    pub carrier: String,
    /// E911 status at the carrier.
    #[serde(default)]
    pub status: E911Status,
    /// The address the carrier holds for this number, as last entered or read back.
    #[serde(default)]
    pub registered_address: Option<CivicAddress>,
    /// When the status and address were last confirmed with the carrier.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[ts(type = "string | null")]
    pub last_verified: Option<OffsetDateTime>,
}

impl E911Did {
    /// A DID from manual entry: the number as typed (`+1 (312) 555-0100`) is normalised to 10 digits, and the
    /// registered address, if given, is validated. Every problem names its field; nothing is half-accepted.
    pub fn parse(
        number: &str,
        carrier: &str,
        status: E911Status,
        registered_address: Option<CivicAddress>,
    ) -> Result<Self, EmergencyError> {
        let mut problems = Vec::new();
        let number = match nanp_number(number) {
            Ok(number) => number,
            Err(message) => {
                problems.push(FieldProblem::new("number", message));
                String::new()
            }
        };
        problems.extend(address_problems(registered_address.as_ref()));
        if !problems.is_empty() {
            return Err(EmergencyError::InvalidE911Settings(problems));
        }
        Ok(Self { number, carrier: carrier.trim().to_owned(), status, registered_address, last_verified: None })
    }

    /// Every problem with this DID as stored; empty when it is usable.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        match nanp_number(&self.number) {
            Ok(normalised) if normalised == self.number => {}
            Ok(normalised) => problems.push(FieldProblem::new(
                "number",
                format!("store the number as the carrier looks it up: {normalised}, not \"{}\"", self.number),
            )),
            Err(message) => problems.push(FieldProblem::new("number", message)),
        }
        problems.extend(address_problems(self.registered_address.as_ref()));
        problems
    }

    /// True when E911 is live on this number.
    pub fn is_active(&self) -> bool {
        self.status == E911Status::Active
    }
}

fn address_problems(address: Option<&CivicAddress>) -> Vec<FieldProblem> {
    let Some(address) = address else { return Vec::new() };
    validate(address)
        .problems
        .into_iter()
        .map(|p| FieldProblem::new(p.field, p.message).under("registered_address"))
        .collect()
}

/// An account's E911 settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct E911Settings {
    /// How E911 follows the laptop for this account.
    pub strategy: EmergencyStrategy,
    /// The account's E911 DIDs.
    pub dids: Vec<E911Did>,
    /// The DID to send when no DID is registered at the current location (DID pool), or the one DID whose
    /// address is updated (carrier update) or that carries the callback number (location by value). When
    /// empty: the first active DID.
    pub default_did: Option<String>,
    /// The carrier's caller-ID test number (VoIP.ms: `15555550911`); 933 is always a test number.
    pub test_number: Option<String>,
}

impl E911Settings {
    /// Every problem, each naming its field (`dids[1].number`, `default_did`, `test_number`); empty when valid.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        for (index, did) in self.dids.iter().enumerate() {
            let parent = format!("dids[{index}]");
            problems.extend(did.problems().into_iter().map(|p| p.under(&parent)));
            if self.dids[..index].iter().any(|earlier| earlier.number == did.number) {
                problems.push(FieldProblem::new(format!("{parent}.number"), "this DID is listed twice"));
            }
        }
        if let Some(default) = &self.default_did
            && !self.dids.iter().any(|did| nanp_number(default).is_ok_and(|n| n == did.number))
        {
            problems.push(FieldProblem::new("default_did", format!("\"{default}\" is not one of the account's DIDs")));
        }
        if let Some(test_number) = &self.test_number {
            match dial_string(test_number) {
                None => problems.push(FieldProblem::new(
                    "test_number",
                    format!("\"{test_number}\" is not a phone number (digits, optional leading +)"),
                )),
                Some(digits) if crate::dial_plan::is_emergency_digits(&digits) => problems
                    .push(FieldProblem::new("test_number", "911 is the emergency number itself, not a test number")),
                Some(_) => {}
            }
        }
        problems
    }

    /// The settings if valid, or every problem with them.
    pub fn checked(self) -> Result<Self, EmergencyError> {
        let problems = self.problems();
        if problems.is_empty() { Ok(self) } else { Err(EmergencyError::InvalidE911Settings(problems)) }
    }

    /// The account's default DID: the configured one if it is listed, else the first active DID, else the first.
    pub fn default_e911_did(&self) -> Option<&E911Did> {
        let configured = self.default_did.as_deref().and_then(|wanted| {
            let wanted = nanp_number(wanted).ok()?;
            self.dids.iter().find(|did| nanp_number(&did.number).is_ok_and(|n| n == wanted))
        });
        configured.or_else(|| self.dids.iter().find(|did| did.is_active())).or_else(|| self.dids.first())
    }
}

/// Normalises a North American number as people type it (`+1 (312) 555-0100`, `1-312-555-0100`,
/// `312.555.0100`) to the 10 digits a carrier's E911 lookup uses (`3125550100`). The area code and exchange
/// must not start with 0 or 1, and the area code must not be a service code (N11).
pub fn normalize_nanp_number(input: &str) -> Result<String, EmergencyError> {
    nanp_number(input)
        .map_err(|message| EmergencyError::InvalidE911Settings(vec![FieldProblem::new("number", message)]))
}

/// The 10-digit form of `input`, or why it is not a NANP number.
pub(crate) fn nanp_number(input: &str) -> Result<String, String> {
    let Some(compact) = dial_string(input) else {
        return Err(format!(
            "\"{}\" is not a phone number: use digits, with spaces, dashes, dots or parentheses if you like",
            input.trim()
        ));
    };
    let digits = match compact.strip_prefix('+') {
        Some(international) if !international.starts_with('1') => {
            return Err(format!(
                "\"{}\" is not a North American (+1) number; E911 DIDs are US or Canadian",
                input.trim()
            ));
        }
        Some(international) => international,
        None => compact.as_str(),
    };
    if digits.contains(['*', '#']) {
        return Err("a DID has digits only, no * or #".to_owned());
    }
    let national = match digits.len() {
        10 => digits,
        11 if digits.starts_with('1') => &digits[1..],
        count => {
            return Err(format!(
                "a DID has 10 digits (area code and number, e.g. 312 555 0100); \"{}\" has {count}",
                input.trim()
            ));
        }
    };
    let bytes = national.as_bytes();
    if matches!(bytes[0], b'0' | b'1') {
        return Err(format!("the area code {} cannot start with 0 or 1", &national[..3]));
    }
    if bytes[1] == b'1' && bytes[2] == b'1' {
        return Err(format!("{} is a service code, not an area code", &national[..3]));
    }
    if matches!(bytes[3], b'0' | b'1') {
        return Err(format!("the exchange {} cannot start with 0 or 1", &national[3..6]));
    }
    Ok(national.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem_fields(error: EmergencyError) -> Vec<String> {
        error.problems().iter().map(|p| p.field.clone()).collect()
    }

    fn did(number: &str, status: E911Status) -> E911Did {
        E911Did {
            number: number.into(),
            carrier: "voip.ms".into(),
            status,
            registered_address: None,
            last_verified: None,
        }
    }

    #[test]
    fn numbers_are_normalised_to_ten_digits_however_they_are_written() {
        for written in ["+1 (312) 555-0100", "1-312-555-0100", "312.555.0100", "3125550100", "+13125550100"] {
            assert_eq!(normalize_nanp_number(written).as_deref(), Ok("3125550100"), "{written}");
        }
    }

    #[test]
    fn numbers_that_are_not_nanp_dids_are_refused_with_a_reason() {
        for bad in [
            "",
            "alice",
            "555-0100",
            "+44 20 7946 0958",
            "21 312 555 0100",
            "(012) 555-0100",
            "(112) 555-0100",
            "(911) 555-0100",
            "(312) 055-0100",
            "(312) 155-0100",
            "312*555*0100",
        ] {
            let error = normalize_nanp_number(bad).expect_err(bad);
            assert_eq!(problem_fields(error), vec!["number"], "{bad}");
        }
    }

    #[test]
    fn manual_entry_reports_number_and_address_problems_together() {
        let address = CivicAddress { country: "US".into(), ..CivicAddress::default() };
        let error = E911Did::parse("555", "voip.ms", E911Status::Active, Some(address)).expect_err("invalid");
        let fields = problem_fields(error);
        assert_eq!(fields[0], "number");
        assert!(fields.contains(&"registered_address.hno".to_owned()), "{fields:?}");
    }

    #[test]
    fn manual_entry_stores_the_normalised_number() {
        let did = E911Did::parse(" +1 (312) 555-0100 ", " voip.ms ", E911Status::Pending, None).expect("valid");
        assert_eq!((did.number.as_str(), did.carrier.as_str()), ("3125550100", "voip.ms"));
    }

    #[test]
    fn settings_name_each_bad_field() {
        let settings = E911Settings {
            dids: vec![did("3125550100", E911Status::Active), did("+1 312 555 0100", E911Status::Active)],
            default_did: Some("2125550100".into()),
            test_number: Some("9-1-1".into()),
            ..E911Settings::default()
        };
        let fields = problem_fields(settings.checked().expect_err("invalid"));
        assert_eq!(fields, vec!["dids[1].number", "default_did", "test_number"]);
    }

    #[test]
    fn the_default_did_is_the_configured_one_else_the_first_active() {
        let mut settings = E911Settings {
            dids: vec![did("3125550100", E911Status::Inactive), did("2125550100", E911Status::Active)],
            ..E911Settings::default()
        };
        assert_eq!(settings.default_e911_did().map(|d| d.number.as_str()), Some("2125550100"));
        settings.default_did = Some("+1 312 555 0100".into());
        assert_eq!(settings.default_e911_did().map(|d| d.number.as_str()), Some("3125550100"));
        settings.dids.clear();
        assert_eq!(settings.default_e911_did(), None);
    }

    #[test]
    fn typescript_sees_the_verification_time_as_a_string() {
        let declaration = E911Did::decl(&ts_rs::Config::new());
        assert!(declaration.contains("last_verified: string | null"), "{declaration}");
    }

    #[test]
    fn serde_names_are_snake_case_and_time_is_rfc3339() {
        let mut active = did("3125550100", E911Status::Active);
        active.last_verified = Some(time::macros::datetime!(2025-03-01 12:00 UTC));
        let json = serde_json::to_value(&active).expect("json");
        assert_eq!(json["status"], "active");
        assert_eq!(json["last_verified"], "2025-03-01T12:00:00Z");
        assert_eq!(serde_json::to_value(EmergencyStrategy::LocationByValue).expect("json"), "location_by_value");
        let back: E911Did = serde_json::from_value(json).expect("round trip");
        assert_eq!(back, active);
    }
}
