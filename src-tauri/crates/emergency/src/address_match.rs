//! Are two civic addresses the same place for a dispatcher? The address the carrier holds for a DID is rarely
//! written the way the user typed it ("123 North Main Street, Suite 300" against "123 N MAIN ST STE 300"), so
//! the comparison normalises case, punctuation, common street suffixes and directions, unit designators and
//! ZIP+4, and compares street, house number, city, state, country, postal code, building, floor, unit and room.
//! Occupant name, county, seat and free-text location are left out: they do not move the caller.
//!
//! It errs towards "different": two addresses without a street are never the same place.

use locus_location::civic::{CivicAddress, normalize_street_word};

/// True when `a` and `b` send responders to the same place.
pub fn same_dispatch_address(a: &CivicAddress, b: &CivicAddress) -> bool {
    let (a, b) = (DispatchKey::of(a), DispatchKey::of(b));
    !a.street.is_empty() && a == b
}

/// The parts of an address that decide where responders go, normalised.
#[derive(Debug, PartialEq, Eq)]
struct DispatchKey {
    country: String,
    state: String,
    city: String,
    house_number: Vec<String>,
    street: Vec<String>,
    postal_code: String,
    building: Vec<String>,
    floor: Vec<String>,
    unit: Vec<String>,
    room: Vec<String>,
}

impl DispatchKey {
    fn of(address: &CivicAddress) -> Self {
        let country = words(&address.country).join(" ");
        let street_text = [&address.prd, &address.rd, &address.sts, &address.pod].map(String::as_str).join(" ");
        Self {
            state: words(&address.a1).join(" "),
            city: words(&address.a3).join(" "),
            house_number: words(&format!("{} {}", address.hno, address.hns)),
            street: words(&street_text).iter().map(|w| normalize_street_word(w)).collect(),
            postal_code: postal_code(&country, &address.pc),
            building: inside(&address.bld),
            floor: inside(&address.flr),
            unit: inside(&address.unit),
            room: inside(&address.room),
            country,
        }
    }
}

/// Upper-case words without punctuation: "N. Main St," → ["N", "MAIN", "ST"].
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | '#'))
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// A floor, unit, room or building value without its designator or ordinal: "Suite 300" → ["300"],
/// "3rd Floor" → ["3"], "#12" → ["12"].
fn inside(value: &str) -> Vec<String> {
    const DESIGNATORS: [&str; 15] = [
        "FLOOR",
        "FL",
        "FLR",
        "SUITE",
        "STE",
        "UNIT",
        "APT",
        "APARTMENT",
        "ROOM",
        "RM",
        "BUILDING",
        "BLDG",
        "BLD",
        "NO",
        "LEVEL",
    ];
    words(value)
        .into_iter()
        .filter(|w| !DESIGNATORS.contains(&w.as_str()))
        .map(|w| without_ordinal(&w).to_owned())
        .collect()
}

/// "3RD" → "3"; anything else unchanged.
fn without_ordinal(word: &str) -> &str {
    for suffix in ["ST", "ND", "RD", "TH"] {
        if let Some(number) = word.strip_suffix(suffix)
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
        {
            return number;
        }
    }
    word
}

/// ZIP+4 compares as its ZIP; Canadian codes without the space.
fn postal_code(country: &str, pc: &str) -> String {
    let compact: String = pc.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_uppercase();
    if country == "US" && compact.len() == 9 { compact[..5].to_owned() } else { compact }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> CivicAddress {
        CivicAddress {
            country: "US".into(),
            a1: "IL".into(),
            a3: "Springfield".into(),
            prd: "North".into(),
            rd: "Main".into(),
            sts: "Street".into(),
            hno: "123".into(),
            unit: "Suite 300".into(),
            flr: "3rd floor".into(),
            pc: "62701".into(),
            nam: "Acme".into(),
            ..CivicAddress::default()
        }
    }

    fn carrier_record() -> CivicAddress {
        CivicAddress {
            country: "us".into(),
            a1: "il".into(),
            a3: "SPRINGFIELD".into(),
            rd: "N. MAIN ST".into(),
            hno: "123".into(),
            unit: "STE 300".into(),
            flr: "3".into(),
            pc: "62701-1234".into(),
            nam: "Jane Doe".into(),
            ..CivicAddress::default()
        }
    }

    #[test]
    fn the_same_place_written_two_ways_matches() {
        assert!(same_dispatch_address(&typed(), &carrier_record()));
        assert!(same_dispatch_address(&carrier_record(), &typed()));
    }

    #[test]
    fn a_different_unit_floor_house_or_street_is_another_place() {
        let changes: [fn(&mut CivicAddress); 6] = [
            |a| a.unit = "301".into(),
            |a| a.flr = "4".into(),
            |a| a.hno = "125".into(),
            |a| a.pod = "NW".into(),
            |a| a.pc = "62702".into(),
            |a| a.a3 = "Chicago".into(),
        ];
        for change in changes {
            let mut other = carrier_record();
            change(&mut other);
            assert!(!same_dispatch_address(&typed(), &other), "{other:?}");
        }
    }

    #[test]
    fn addresses_without_a_street_never_match() {
        assert!(!same_dispatch_address(&CivicAddress::default(), &CivicAddress::default()));
    }

    #[test]
    fn canadian_postal_codes_compare_without_the_space() {
        let mut a = typed();
        a.country = "CA".into();
        a.a1 = "ON".into();
        a.pc = "K1A 0B1".into();
        let mut b = a.clone();
        b.pc = "k1a0b1".into();
        assert!(same_dispatch_address(&a, &b));
    }
}
