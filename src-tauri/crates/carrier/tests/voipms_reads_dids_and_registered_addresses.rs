//! Reading from VoIP.ms: the account's DIDs with their E911 state (`getDIDsInfo`, then `e911Info` per DID), the
//! address the carrier holds in its own fields and as a civic address, and the address types it accepts.

mod support;

use locus_carrier::{Carrier, E911Status};
use serde_json::json;
use support::fixtures::{did, new_record};
use support::server::Reply;
use support::voipms::FakeVoipMs;

#[tokio::test]
async fn every_nanp_did_is_listed_with_its_e911_state_and_address() {
    let voipms = FakeVoipMs::start().await;
    voipms.script(
        "getDIDsInfo",
        vec![Reply::json(json!({
            "status": "success",
            "dids": [
                { "did": "5555551234", "description": "Office line", "routing": "account:100000_office" },
                { "did": "5555550199", "description": "Home" },
                { "did": "442079460958", "description": "London" }
            ]
        }))],
    );
    voipms.script("e911Info", vec![Reply::json(new_record()), Reply::json(json!({ "status": "no_provision" }))]);

    let dids = voipms.carrier().list_dids().await.expect("list");

    assert_eq!(voipms.methods(), vec!["getDIDsInfo", "e911Info", "e911Info"], "no E911 lookup for a non-NANP DID");
    let asked: Vec<String> = voipms.requests().iter().filter_map(|r| r.param("did").map(str::to_owned)).collect();
    assert_eq!(asked, vec!["5555551234", "5555550199"]);
    assert_eq!(dids.len(), 2);
    assert_eq!((dids[0].did.as_str(), dids[0].description.as_str()), ("5555551234", "Office line"));
    assert_eq!(dids[0].e911, E911Status::Active);
    let office = dids[0].carrier_has.as_ref().expect("address");
    assert_eq!(office.fields.get("street_name").map(String::as_str), Some("N MAIN ST"));
    assert_eq!((dids[1].did.as_str(), dids[1].e911), ("5555550199", E911Status::NotProvisioned));
    assert!(dids[1].carrier_has.is_none());
}

#[tokio::test]
async fn an_account_without_dids_lists_none() {
    let voipms = FakeVoipMs::start().await;
    assert!(voipms.carrier().list_dids().await.expect("list").is_empty());
}

#[tokio::test]
async fn the_registered_address_reads_back_field_by_field() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::json(new_record())]);

    let registered = voipms.carrier().read_back(&did()).await.expect("read back");

    assert_eq!(voipms.last("e911Info").param("did"), Some("5555551234"));
    assert_eq!(registered.did, did());
    assert_eq!(registered.status, E911Status::Active);
    assert_eq!(registered.fields.get("zip_code").map(String::as_str), Some("62701-4410"));
    assert!(!registered.fields.contains_key("did"));
    let address = &registered.address;
    assert_eq!((address.hno.as_str(), address.hns.as_str()), ("123", "A"));
    assert_eq!((address.prd.as_str(), address.rd.as_str(), address.sts.as_str()), ("N", "MAIN", "ST"));
    assert_eq!(address.unit, "Suite 300");
    assert_eq!((address.a3.as_str(), address.a1.as_str(), address.country.as_str()), ("SPRINGFIELD", "IL", "US"));
    assert_eq!(address.nam, "ACME WIDGETS");
}

#[tokio::test]
async fn a_record_the_carrier_marks_pending_reads_back_as_pending() {
    let voipms = FakeVoipMs::start().await;
    let mut record = new_record();
    record["e911"]["status"] = json!("Pending");
    voipms.script("e911Info", vec![Reply::json(record)]);
    let registered = voipms.carrier().read_back(&did()).await.expect("read back");
    assert_eq!(registered.status, E911Status::Pending);
}

#[tokio::test]
async fn the_address_types_come_from_the_carrier() {
    let voipms = FakeVoipMs::start().await;
    let types = voipms.carrier().address_types().await.expect("types");
    assert_eq!(types, vec!["Apartment", "Floor", "Suite", "Unit"]);
    assert_eq!(voipms.methods(), vec!["e911AddressTypes"]);
}
