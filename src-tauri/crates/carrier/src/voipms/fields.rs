//! Our civic address (CLDXF) in VoIP.ms's E911 fields and back (E911-REFERENCE.md, VoIP.ms):
//!
//! | CLDXF | VoIP.ms |
//! |---|---|
//! | HNO + HNS | `street_number` ("123", "123A", "123 1/2") |
//! | PRD RD STS POD | `street_name` (joined with spaces) |
//! | UNIT, else ROOM, else FLR, else BLD | `address_type` + `address_number` (one designator only) |
//! | A3 / A1 / country / PC | `city` / `state` / `country` / `zip_code` |
//! | LOC and designators left over (Canada only) | `other_info` |
//! | NAM (else the account's E911 name) | `full_name` |
//! | — | `email`, `language` (`EN` or `FR`, upper case) from the settings |
//!
//! In the US, designators beyond the first and LOC have no VoIP.ms field; they are listed in
//! `CarrierForm::not_carried` so the UI can say they will not reach the PSAP. Pure.

use std::collections::BTreeMap;

use locus_location::civic::{CivicAddress, validate};

use super::{ADDRESS_TYPES, VoipMsSettings};
use crate::CarrierError;
use crate::model::CarrierForm;
use crate::street::{join_street, join_words, split_street};

/// The VoIP.ms fields that locate the caller (compared on read-back).
pub(crate) const LOCATION_FIELDS: &[&str] = &[
    "street_number",
    "street_name",
    "address_type",
    "address_number",
    "city",
    "state",
    "country",
    "zip_code",
    "other_info",
];

/// Short forms people type before a unit number, and the VoIP.ms address type each stands for.
const DESIGNATOR_ABBREVIATIONS: &[(&str, &str)] = &[
    ("APT", "Apartment"),
    ("BSMT", "Basement"),
    ("BLDG", "Building"),
    ("DEPT", "Department"),
    ("FL", "Floor"),
    ("FLR", "Floor"),
    ("OFC", "Office"),
    ("PH", "Penthouse"),
    ("RM", "Room"),
    ("STE", "Suite"),
    ("TRLR", "Trailer"),
    ("SPC", "Space"),
];

/// `address` as VoIP.ms fields, after our own validation (field-level problems, nothing sent).
pub(crate) fn to_form(address: &CivicAddress, settings: &VoipMsSettings) -> Result<CarrierForm, CarrierError> {
    let validation = validate(address);
    if !validation.is_valid() {
        return Err(CarrierError::AddressNotValid(validation.problems));
    }
    let country = address.country.trim().to_ascii_uppercase();
    let full_name = [address.nam.trim(), settings.full_name.trim()].into_iter().find(|n| !n.is_empty());
    let Some(full_name) = full_name else {
        return Err(CarrierError::IncompleteAddress {
            field: "nam".into(),
            message: "VoIP.ms needs a name for the E911 record: set the occupant or business name of the address, \
                      or the E911 name of the carrier account"
                .into(),
        });
    };
    if settings.email.trim().is_empty() {
        return Err(CarrierError::IncompleteAddress {
            field: "email".into(),
            message: "VoIP.ms requires an e-mail address for E911 notices: set it in the carrier account".into(),
        });
    }

    let mut designators = designators(address);
    let primary = if designators.is_empty() { None } else { Some(designators.remove(0)) };
    let (address_type, address_number) = primary.map(|d| (d.kind, d.number)).unwrap_or_default();
    let mut not_carried = Vec::new();
    let other_info = if country == "CA" {
        let mut extra: Vec<String> = designators.iter().map(|d| join_words(&[d.kind, &d.number])).collect();
        if !address.seat.trim().is_empty() {
            extra.push(format!("Seat {}", address.seat.trim()));
        }
        if !address.loc.trim().is_empty() {
            extra.push(address.loc.trim().to_owned());
        }
        extra.join(", ")
    } else {
        not_carried.extend(designators.iter().map(|d| d.field.to_owned()));
        for (field, value) in [("seat", &address.seat), ("loc", &address.loc)] {
            if !value.trim().is_empty() {
                not_carried.push(field.to_owned());
            }
        }
        String::new()
    };
    if !address.a2.trim().is_empty() {
        not_carried.push("a2".into());
    }

    let location = [
        ("street_number", street_number(&address.hno, &address.hns)),
        ("street_name", join_street(&address.prd, &address.rd, &address.sts, &address.pod)),
        ("address_type", address_type.to_owned()),
        ("address_number", address_number),
        ("city", address.a3.trim().to_owned()),
        ("state", address.a1.trim().to_ascii_uppercase()),
        ("country", country),
        ("zip_code", address.pc.trim().to_ascii_uppercase()),
        ("other_info", other_info),
    ];
    let contact = [
        ("full_name", full_name.to_owned()),
        ("email", settings.email.trim().to_owned()),
        ("language", settings.language.as_param().to_owned()),
    ];
    Ok(CarrierForm { location: owned_map(location), contact: owned_map(contact), not_carried })
}

fn owned_map<const N: usize>(pairs: [(&str, String); N]) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// "123" + "A" → "123A"; "123" + "1/2" → "123 1/2".
fn street_number(hno: &str, hns: &str) -> String {
    let (hno, hns) = (hno.trim(), hns.trim());
    if !hns.is_empty() && hns.chars().all(|c| c.is_ascii_alphabetic()) {
        format!("{hno}{hns}")
    } else {
        join_words(&[hno, hns])
    }
}

/// One inside-the-building designator: which CLDXF field it came from, its VoIP.ms address type and number.
struct Designator {
    field: &'static str,
    kind: &'static str,
    number: String,
}

/// UNIT, ROOM, FLR, BLD in the order the first one becomes VoIP.ms's single `address_type` + `address_number`.
fn designators(address: &CivicAddress) -> Vec<Designator> {
    let mut found = Vec::new();
    for (field, value, default_kind) in [
        ("unit", &address.unit, "Unit"),
        ("room", &address.room, "Room"),
        ("flr", &address.flr, "Floor"),
        ("bld", &address.bld, "Building"),
    ] {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let (kind, number) = split_designator(value).unwrap_or((default_kind, value.to_owned()));
        found.push(Designator { field, kind, number });
    }
    found
}

/// "Suite 300" → ("Suite", "300"); "APT 4B" → ("Apartment", "4B"); `None` when the value has no known word.
fn split_designator(value: &str) -> Option<(&'static str, String)> {
    let (word, rest) = value.split_once(char::is_whitespace)?;
    let word = word.trim_end_matches(['.', '#']).to_ascii_uppercase();
    let kind = ADDRESS_TYPES
        .iter()
        .find(|t| t.eq_ignore_ascii_case(&word))
        .copied()
        .or_else(|| DESIGNATOR_ABBREVIATIONS.iter().find(|(short, _)| *short == word).map(|(_, long)| *long))?;
    let number = rest.trim().trim_start_matches('#').trim().to_owned();
    (!number.is_empty()).then_some((kind, number))
}

/// A VoIP.ms record as a civic address.
pub(crate) fn to_civic(fields: &BTreeMap<String, String>) -> CivicAddress {
    let mut address = CivicAddress::default();
    apply_fields(&mut address, fields);
    address
}

/// Puts VoIP.ms fields into `address`, leaving the CLDXF fields they do not touch alone (used to read records
/// back and to apply the carrier's corrections). `address_type` and `address_number` are one designator: when
/// either is present it replaces the designator VoIP.ms would have been sent (a missing half counts as empty).
pub(crate) fn apply_fields(address: &mut CivicAddress, fields: &BTreeMap<String, String>) {
    let mut designator: Option<(String, String)> = None;
    for (field, value) in fields {
        let value = value.trim();
        match canonical_field(field) {
            "street_number" => {
                let digits = value.chars().take_while(char::is_ascii_digit).count();
                address.hno = value[..digits].to_owned();
                address.hns = value[digits..].trim().to_owned();
            }
            "street_name" => {
                let parts = split_street(value);
                (address.prd, address.rd, address.sts, address.pod) = (parts.prd, parts.rd, parts.sts, parts.pod);
            }
            "city" => address.a3 = value.to_owned(),
            "state" => address.a1 = value.to_ascii_uppercase(),
            "country" => address.country = value.to_ascii_uppercase(),
            "zip_code" => address.pc = value.to_owned(),
            "full_name" => address.nam = value.to_owned(),
            "other_info" => address.loc = value.to_owned(),
            "address_type" => designator.get_or_insert_default().0 = value.to_owned(),
            "address_number" => designator.get_or_insert_default().1 = value.to_owned(),
            _ => {}
        }
    }
    if let Some((kind, number)) = designator {
        replace_designator(address, &kind, &number);
    }
}

/// Clears the designator that would have become `address_type` + `address_number` and puts `kind number` in the
/// CLDXF field it names (Floor → FLR, Room → ROOM, Building → BLD, anything else → UNIT).
fn replace_designator(address: &mut CivicAddress, kind: &str, number: &str) {
    if let Some(old) = designators(address).first() {
        match old.field {
            "unit" => address.unit.clear(),
            "room" => address.room.clear(),
            "flr" => address.flr.clear(),
            _ => address.bld.clear(),
        }
    }
    if number.is_empty() {
        return;
    }
    let number = number.to_owned();
    match kind.to_ascii_lowercase().as_str() {
        "floor" => address.flr = number,
        "room" => address.room = number,
        "building" => address.bld = number,
        "unit" | "" => address.unit = number,
        other => {
            let kind = ADDRESS_TYPES.iter().find(|t| t.eq_ignore_ascii_case(other)).copied().unwrap_or(kind);
            address.unit = format!("{kind} {number}");
        }
    }
}

/// The field name VoIP.ms uses in requests for a name seen in an answer (`zip` and `postal_code` are accepted for
/// `zip_code`, `name` for `full_name`: read-back shapes are not fully documented).
pub(crate) fn canonical_field(field: &str) -> &str {
    match field {
        "zip" | "postal_code" => "zip_code",
        "name" => "full_name",
        other => other,
    }
}

/// The CLDXF field a VoIP.ms field comes from, for error messages about one field.
pub(crate) fn cldxf_field(voipms_field: &str) -> Option<&'static str> {
    Some(match canonical_field(voipms_field) {
        "street_number" => "hno",
        "street_name" => "rd",
        "address_type" | "address_number" => "unit",
        "city" => "a3",
        "state" => "a1",
        "country" => "country",
        "zip_code" => "pc",
        "full_name" => "nam",
        "other_info" => "loc",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::voipms::Language;

    fn settings() -> VoipMsSettings {
        VoipMsSettings::new("api@example.test", "e911@example.test")
    }

    fn office() -> CivicAddress {
        CivicAddress {
            country: "us".into(),
            a1: "il".into(),
            a3: "Springfield".into(),
            prd: "N".into(),
            rd: "Main".into(),
            sts: "St".into(),
            pod: "NW".into(),
            hno: "123".into(),
            hns: "A".into(),
            unit: "Suite 300".into(),
            flr: "3".into(),
            pc: "62701".into(),
            nam: "Acme Widgets".into(),
            ..CivicAddress::default()
        }
    }

    fn field<'a>(form: &'a CarrierForm, name: &str) -> &'a str {
        form.location.get(name).or_else(|| form.contact.get(name)).map(String::as_str).unwrap_or("<absent>")
    }

    #[test]
    fn a_us_address_maps_field_by_field() {
        let form = to_form(&office(), &settings()).expect("form");
        assert_eq!(field(&form, "street_number"), "123A");
        assert_eq!(field(&form, "street_name"), "N Main St NW");
        assert_eq!(field(&form, "address_type"), "Suite");
        assert_eq!(field(&form, "address_number"), "300");
        assert_eq!(field(&form, "city"), "Springfield");
        assert_eq!(field(&form, "state"), "IL");
        assert_eq!(field(&form, "country"), "US");
        assert_eq!(field(&form, "zip_code"), "62701");
        assert_eq!(field(&form, "other_info"), "");
        assert_eq!(field(&form, "full_name"), "Acme Widgets");
        assert_eq!(field(&form, "email"), "e911@example.test");
        assert_eq!(field(&form, "language"), "EN");
        assert_eq!(form.not_carried, vec!["flr"], "the floor has no VoIP.ms field in the US");
        assert_eq!(form.location.len(), LOCATION_FIELDS.len());
    }

    #[test]
    fn in_canada_the_leftover_designators_and_loc_go_to_other_info() {
        let mut address = office();
        address.country = "CA".into();
        address.a1 = "ON".into();
        address.pc = "k1a 0b1".into();
        address.loc = "north entrance".into();
        let mut settings = settings();
        settings.language = Language::Fr;
        let form = to_form(&address, &settings).expect("form");
        assert_eq!(field(&form, "other_info"), "Floor 3, north entrance");
        assert_eq!(field(&form, "zip_code"), "K1A 0B1");
        assert_eq!(field(&form, "language"), "FR");
        assert!(form.not_carried.is_empty());
    }

    #[test]
    fn a_bare_unit_number_is_a_unit_and_a_floor_alone_is_a_floor() {
        let mut address = office();
        address.unit = "300".into();
        let form = to_form(&address, &settings()).expect("form");
        assert_eq!((field(&form, "address_type"), field(&form, "address_number")), ("Unit", "300"));
        address.unit.clear();
        let form = to_form(&address, &settings()).expect("form");
        assert_eq!((field(&form, "address_type"), field(&form, "address_number")), ("Floor", "3"));
        address.unit = "apt. #4B".into();
        let form = to_form(&address, &settings()).expect("form");
        assert_eq!((field(&form, "address_type"), field(&form, "address_number")), ("Apartment", "4B"));
    }

    #[test]
    fn a_fractional_house_number_keeps_its_space() {
        assert_eq!(street_number("12", "1/2"), "12 1/2");
        assert_eq!(street_number("12", ""), "12");
    }

    #[test]
    fn an_invalid_address_is_refused_field_by_field_before_anything_is_sent() {
        let mut address = office();
        address.hno.clear();
        address.pc = "6270".into();
        let err = to_form(&address, &settings()).expect_err("invalid");
        assert_eq!(err.code(), "address_not_valid");
        let CarrierError::AddressNotValid(problems) = err else { panic!("wrong error") };
        assert_eq!(problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), vec!["hno", "pc"]);
    }

    #[test]
    fn name_and_email_are_required() {
        let mut address = office();
        address.nam.clear();
        let err = to_form(&address, &settings()).expect_err("no name");
        assert!(matches!(err, CarrierError::IncompleteAddress { ref field, .. } if field == "nam"), "{err:?}");
        let mut with_default_name = settings();
        with_default_name.full_name = "Pat Doe".into();
        assert_eq!(field(&to_form(&address, &with_default_name).expect("form"), "full_name"), "Pat Doe");
        with_default_name.email.clear();
        let err = to_form(&address, &with_default_name).expect_err("no email");
        assert!(matches!(err, CarrierError::IncompleteAddress { ref field, .. } if field == "email"), "{err:?}");
    }

    #[test]
    fn a_record_reads_back_into_cldxf_fields() {
        let record: BTreeMap<String, String> = [
            ("street_number", "123A"),
            ("street_name", "N MAIN ST NW"),
            ("address_type", "Suite"),
            ("address_number", "300"),
            ("city", "SPRINGFIELD"),
            ("state", "il"),
            ("country", "US"),
            ("zip", "62701"),
            ("full_name", "ACME WIDGETS"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let address = to_civic(&record);
        assert_eq!((address.hno.as_str(), address.hns.as_str()), ("123", "A"));
        assert_eq!((address.prd.as_str(), address.rd.as_str(), address.sts.as_str()), ("N", "MAIN", "ST"));
        assert_eq!(address.pod, "NW");
        assert_eq!(address.unit, "Suite 300");
        assert_eq!((address.a3.as_str(), address.a1.as_str(), address.pc.as_str()), ("SPRINGFIELD", "IL", "62701"));
        assert_eq!(address.nam, "ACME WIDGETS");
    }

    #[test]
    fn a_corrected_designator_replaces_the_one_that_was_sent() {
        let mut address = office();
        let correction: BTreeMap<String, String> =
            [("address_type", "Floor"), ("address_number", "3")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
        apply_fields(&mut address, &correction);
        assert_eq!((address.unit.as_str(), address.flr.as_str()), ("", "3"), "Suite 300 was sent; Floor 3 replaces it");
        let city: BTreeMap<String, String> = [("city".to_owned(), "Capital City".to_owned())].into();
        apply_fields(&mut address, &city);
        assert_eq!((address.a3.as_str(), address.hno.as_str()), ("Capital City", "123"), "other fields stay");
    }
}
