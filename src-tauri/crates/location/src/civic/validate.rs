//! Validation of a `CivicAddress` for E911 in the US and Canada: required fields, code lists, postal code
//! formats, the house number kept apart from the street, and the floor/unit/room rule for dispatchability.
//! Pure; every problem names its field so the form can show it next to the input.

use super::CivicAddress;
use super::regions::{CA_PROVINCES, US_STATES};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AddressProblem {
    /// The CLDXF field name in lower case (`hno`, `rd`, `pc`, …).
    pub field: String,
    /// What is wrong, for people.
    pub message: String,
}

/// The outcome of validating an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Validation {
    /// Problems that make the address unusable. Empty when valid.
    pub problems: Vec<AddressProblem>,
    /// Valid and precise enough to send responders to the caller (RAY BAUM'S Act dispatchable location).
    pub dispatchable: bool,
    /// Why it is valid but not dispatchable, if so (e.g. a multi-storey building without floor or unit).
    pub not_dispatchable_because: Option<AddressProblem>,
}

impl Validation {
    /// True when there are no problems.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Validates `address`. Values are checked as given; normalise (trim, upper-case codes) before storing.
pub fn validate(address: &CivicAddress) -> Validation {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| problems.push(AddressProblem { field: field.into(), message });

    let country = address.country.trim().to_ascii_uppercase();
    match country.as_str() {
        "US" | "CA" => {}
        "" => problem("country", "Country is required (US or CA).".into()),
        other => problem("country", format!("E911 covers the US and Canada only; \"{other}\" is not supported.")),
    }
    let a1 = address.a1.trim().to_ascii_uppercase();
    if a1.is_empty() {
        problem("a1", required_region(&country));
    } else if country == "US" && !US_STATES.contains(&a1.as_str()) {
        problem("a1", format!("\"{}\" is not a US state or territory code (e.g. NY, CA, TX).", address.a1.trim()));
    } else if country == "CA" && !CA_PROVINCES.contains(&a1.as_str()) {
        problem(
            "a1",
            format!("\"{}\" is not a Canadian province or territory code (e.g. ON, QC, BC).", address.a1.trim()),
        );
    }
    if address.a3.trim().is_empty() {
        problem("a3", "City is required: the municipality where the building is, not only the postal town.".into());
    }
    let hno = address.hno.trim();
    if hno.is_empty() {
        problem("hno", "House number is required.".into());
    } else if !hno.chars().all(|c| c.is_ascii_digit()) {
        problem(
            "hno",
            "House number must be digits only; put a letter or fraction in the house number suffix (e.g. 12 + A)."
                .into(),
        );
    }
    let rd = address.rd.trim();
    if rd.is_empty() {
        problem("rd", "Street name is required.".into());
    } else if rd
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()) && !is_ordinal_street(rd))
    {
        problem("rd", "Street name starts with a number: put the house number in its own field.".into());
    }
    let pc = address.pc.trim();
    if pc.is_empty() {
        problem("pc", "Postal code is required.".into());
    } else if country == "US" && !is_zip(pc) {
        problem("pc", format!("\"{pc}\" is not a ZIP code: use 5 digits or ZIP+4 (12345 or 12345-6789)."));
    } else if country == "CA" && !is_canadian_postal_code(pc) {
        problem("pc", format!("\"{pc}\" is not a Canadian postal code: use the form A1A 1A1."));
    }

    let valid = problems.is_empty();
    let missing_inside =
        address.multi_storey && [&address.flr, &address.unit, &address.room].iter().all(|v| v.trim().is_empty());
    let not_dispatchable_because = if !valid {
        None
    } else if missing_inside {
        Some(AddressProblem {
            field: "flr".into(),
            message:
                "This building has several floors or units: add the floor, unit or room so responders can find you."
                    .into(),
        })
    } else {
        None
    };
    Validation { dispatchable: valid && not_dispatchable_because.is_none(), problems, not_dispatchable_because }
}

fn required_region(country: &str) -> String {
    match country {
        "CA" => "Province is required.".into(),
        _ => "State is required.".into(),
    }
}

/// "12345" or "12345-6789".
fn is_zip(pc: &str) -> bool {
    let bytes = pc.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match bytes.len() {
        5 => digits(bytes),
        10 => digits(&bytes[..5]) && bytes[5] == b'-' && digits(&bytes[6..]),
        _ => false,
    }
}

/// "A1A 1A1" (space optional, any case); the letters D, F, I, O, Q, U never appear, W and Z never first.
fn is_canadian_postal_code(pc: &str) -> bool {
    let compact: Vec<char> = pc.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_ascii_uppercase()).collect();
    if compact.len() != 6 {
        return false;
    }
    let letter_ok = |c: char| c.is_ascii_uppercase() && !"DFIOQU".contains(c);
    compact.iter().enumerate().all(|(i, &c)| if i % 2 == 0 { letter_ok(c) } else { c.is_ascii_digit() })
        && !"WZ".contains(compact[0])
}

/// "5th Ave", "42nd St": numbered streets are street names, not house numbers.
fn is_ordinal_street(rd: &str) -> bool {
    let first = rd.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    ["st", "nd", "rd", "th"].iter().any(|suffix| first.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> CivicAddress {
        CivicAddress {
            country: "US".into(),
            a1: "IL".into(),
            a3: "Springfield".into(),
            hno: "123".into(),
            rd: "Main".into(),
            sts: "St".into(),
            pc: "62701".into(),
            ..CivicAddress::default()
        }
    }

    fn fields(v: &Validation) -> Vec<&str> {
        v.problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_complete_single_storey_address_is_dispatchable() {
        let v = validate(&office());
        assert!(v.is_valid(), "{v:?}");
        assert!(v.dispatchable);
    }

    #[test]
    fn every_missing_field_is_named() {
        let v = validate(&CivicAddress::default());
        assert_eq!(fields(&v), vec!["country", "a1", "a3", "hno", "rd", "pc"]);
        assert!(!v.dispatchable);
    }

    #[test]
    fn a_multi_storey_building_needs_floor_unit_or_room() {
        let mut a = office();
        a.multi_storey = true;
        let v = validate(&a);
        assert!(v.is_valid());
        assert!(!v.dispatchable);
        assert_eq!(v.not_dispatchable_because.expect("reason").field, "flr");
        a.unit = "300".into();
        assert!(validate(&a).dispatchable);
    }

    #[test]
    fn the_house_number_stays_out_of_the_street_name() {
        let mut a = office();
        a.hno = "".into();
        a.rd = "123 Main".into();
        assert_eq!(fields(&validate(&a)), vec!["hno", "rd"]);
        a.hno = "12A".into();
        a.rd = "Main".into();
        assert_eq!(fields(&validate(&a)), vec!["hno"]);
        a.hno = "12".into();
        a.rd = "5th".into();
        assert!(validate(&a).is_valid(), "numbered streets are fine");
    }

    #[test]
    fn us_state_and_zip_are_checked() {
        let mut a = office();
        a.a1 = "XX".into();
        a.pc = "6270".into();
        assert_eq!(fields(&validate(&a)), vec!["a1", "pc"]);
        a.a1 = "il".into();
        a.pc = "62701-1234".into();
        assert!(validate(&a).is_valid());
    }

    #[test]
    fn canadian_province_and_postal_code_are_checked() {
        let mut a = office();
        a.country = "CA".into();
        a.a1 = "ON".into();
        a.pc = "K1A 0B1".into();
        assert!(validate(&a).is_valid(), "{:?}", validate(&a));
        a.pc = "D1A 0B1".into();
        assert_eq!(fields(&validate(&a)), vec!["pc"]);
        a.pc = "k1a0b1".into();
        a.a1 = "IL".into();
        assert_eq!(fields(&validate(&a)), vec!["a1"]);
    }

    #[test]
    fn other_countries_are_refused_with_a_reason() {
        let mut a = office();
        a.country = "GB".into();
        let v = validate(&a);
        assert_eq!(v.problems[0].field, "country");
        assert!(v.problems[0].message.contains("US and Canada"));
    }

    #[test]
    fn one_line_reads_like_an_address() {
        let mut a = office();
        a.flr = "3".into();
        a.unit = "300".into();
        assert_eq!(a.one_line(), "123 Main St, Floor 3, Unit 300, Springfield, IL 62701, US");
    }
}
