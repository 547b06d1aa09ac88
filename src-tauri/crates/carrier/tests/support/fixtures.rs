//! The addresses and carrier records of the contract tests. Made up for these tests (555 numbers, example.test).

use locus_carrier::Did;
use locus_location::civic::CivicAddress;
use serde_json::{Value, json};

pub(crate) fn did() -> Did {
    Did::parse("555-555-1234").expect("did")
}

/// The address the user just confirmed: every street part, a suite and a floor.
pub(crate) fn confirmed() -> CivicAddress {
    serde_json::from_value(json!({
        "country": "US", "a1": "IL", "a3": "Springfield",
        "hno": "123", "hns": "A", "prd": "N", "rd": "Main", "sts": "Street",
        "unit": "Suite 300", "flr": "3", "multi_storey": true,
        "pc": "62701", "nam": "Acme Widgets"
    }))
    .expect("a civic address")
}

/// `e911Info` for the confirmed address as a carrier stores it: upper case, abbreviated, ZIP+4.
pub(crate) fn new_record() -> Value {
    e911_info(json!({
        "did": "5555551234",
        "full_name": "ACME WIDGETS",
        "street_number": "123A",
        "street_name": "N MAIN ST",
        "address_type": "SUITE",
        "address_number": "300",
        "city": "SPRINGFIELD",
        "state": "IL",
        "country": "US",
        "zip_code": "62701-4410",
        "language": "EN",
        "email": "e911-notices@example.test",
        "other_info": ""
    }))
}

/// `e911Info` for where the DID was registered before the user moved.
pub(crate) fn old_record() -> Value {
    e911_info(json!({
        "did": "5555551234",
        "full_name": "ACME WIDGETS",
        "street_number": "77",
        "street_name": "ELM AVE",
        "address_type": "",
        "address_number": "",
        "city": "SPRINGFIELD",
        "state": "IL",
        "country": "US",
        "zip_code": "62704",
        "language": "EN",
        "email": "e911-notices@example.test",
        "other_info": ""
    }))
}

fn e911_info(record: Value) -> Value {
    json!({ "status": "success", "e911": record })
}
