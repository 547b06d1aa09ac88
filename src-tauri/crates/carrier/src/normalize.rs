//! The normalised comparison that decides whether the carrier holds the address the user confirmed. Carriers
//! upper-case, abbreviate and re-punctuate what they store, so "123 Main Street, Ste. 300" and "123 MAIN ST STE
//! 300" must compare equal — and "Main St" and "Maine St" must not. Case, whitespace and punctuation are ignored,
//! directions and street suffixes are compared in their standard abbreviations, and a ZIP code equals its ZIP+4.
//! Nothing else is forgiven: a different house number, street, unit or city is a mismatch. Pure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use locus_location::civic::street_abbreviation;

use crate::model::CarrierForm;

/// One location field where the carrier's record differs from ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldDifference {
    /// The carrier's field name.
    pub field: String,
    /// Our value (from the confirmed address).
    pub ours: String,
    /// The carrier's value.
    pub carrier: String,
}

/// `value` as the comparison sees it: upper case; apostrophes and periods dropped; other punctuation as spaces;
/// single spaces; directions, street suffixes and "Saint" in their standard abbreviations.
pub fn normalized(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .filter(|c| !matches!(c, '\'' | '.' | '\u{2019}'))
        .map(|c| if c.is_alphanumeric() { c.to_ascii_uppercase() } else { ' ' })
        .collect();
    cleaned
        .split_whitespace()
        .map(|word| match word {
            "SAINT" => "ST",
            other => street_abbreviation(other).unwrap_or(other),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when two values of one field mean the same under the normalised comparison.
pub fn same_value(ours: &str, carrier: &str) -> bool {
    let (ours, carrier) = (normalized(ours), normalized(carrier));
    ours == carrier || same_postal_code(&ours, &carrier)
}

/// A ZIP code and its ZIP+4 ("12345" and "12345 6789" once normalised), or one Canadian postal code with and
/// without its space ("K1A 0B1", "K1A0B1").
fn same_postal_code(a: &str, b: &str) -> bool {
    let compact = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
    let (a, b) = (compact(a), compact(b));
    let is_zip = |s: &str| s.chars().all(|c| c.is_ascii_digit()) && matches!(s.len(), 5 | 9);
    let is_canadian = |s: &str| {
        s.len() == 6
            && s.chars().enumerate().all(|(i, c)| if i % 2 == 0 { c.is_ascii_alphabetic() } else { c.is_ascii_digit() })
    };
    if is_zip(&a) && is_zip(&b) { a.len() != b.len() && a[..5] == b[..5] } else { is_canadian(&a) && a == b }
}

/// The location fields of `expected` whose value the carrier's record does not hold. A field the carrier did
/// not return counts as empty. Empty when the carrier holds our address.
pub fn location_differences(expected: &CarrierForm, carrier_has: &BTreeMap<String, String>) -> Vec<FieldDifference> {
    expected
        .location
        .iter()
        .filter_map(|(field, ours)| {
            let carrier = carrier_has.get(field).map(String::as_str).unwrap_or("");
            (!same_value(ours, carrier)).then(|| FieldDifference {
                field: field.clone(),
                ours: ours.clone(),
                carrier: carrier.to_owned(),
            })
        })
        .collect()
}

/// True when the carrier's record holds the address of `expected`.
pub fn same_location(expected: &CarrierForm, carrier_has: &BTreeMap<String, String>) -> bool {
    location_differences(expected, carrier_has).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_whitespace_and_punctuation_do_not_matter() {
        assert!(same_value("Robert  Pitt Dr.", "ROBERT PITT DR"));
        assert!(same_value(" spring valley ", "SPRING VALLEY"));
        assert!(same_value("O'Neil Rd", "ONEIL RD"));
        assert!(same_value("N.W.", "NW"));
        assert!(same_value("#300", "300"));
    }

    #[test]
    fn suffixes_and_directions_compare_abbreviated() {
        assert!(same_value("North Main Street", "N MAIN ST"));
        assert!(same_value("Sunset Boulevard", "SUNSET BLVD"));
        assert!(same_value("Saint Paul", "St. Paul"));
        assert!(same_value("Fifth Avenue", "FIFTH AVE"));
    }

    #[test]
    fn a_different_street_or_number_is_different() {
        assert!(!same_value("Main St", "Maine St"));
        assert!(!same_value("123", "132"));
        assert!(!same_value("Main St", "Main Ave"));
        assert!(!same_value("", "300"));
    }

    #[test]
    fn a_zip_equals_its_zip_plus_four_but_not_another_zip() {
        assert!(same_value("62701", "62701-1234"));
        assert!(same_value("62701-1234", "62701"));
        assert!(!same_value("62701-1234", "62701-9999"));
        assert!(!same_value("62701", "62702-1234"));
        assert!(same_value("k1a 0b1", "K1A0B1"), "Canadian postal codes ignore the space");
    }

    #[test]
    fn differences_name_each_field_that_differs() {
        let mut expected = CarrierForm::default();
        expected.location.insert("city".into(), "Springfield".into());
        expected.location.insert("address_number".into(), "".into());
        expected.location.insert("street_name".into(), "Main Street".into());
        let carrier: BTreeMap<String, String> =
            [("city", "SPRINGFIELD"), ("street_name", "MAIN ST"), ("address_number", "300")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect();
        let differences = location_differences(&expected, &carrier);
        assert_eq!(
            differences,
            vec![FieldDifference { field: "address_number".into(), ours: "".into(), carrier: "300".into() }]
        );
        assert!(!same_location(&expected, &carrier));
    }
}
