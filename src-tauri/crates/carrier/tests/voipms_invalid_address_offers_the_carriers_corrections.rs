//! When VoIP.ms does not know an address it answers `invalid_address` with `alternatives`. Those become
//! suggested addresses the user accepts or rejects; accepting one and validating again sends the corrected fields.

mod support;

use locus_carrier::{AddressCheck, Carrier, CarrierError, FieldChange};
use locus_location::civic::CivicAddress;
use serde_json::json;
use support::fixtures::did;
use support::server::Reply;
use support::voipms::FakeVoipMs;

/// A postal town that is not the municipality the 911 database knows.
fn monsey() -> CivicAddress {
    CivicAddress {
        country: "US".into(),
        a1: "NY".into(),
        a3: "Monsey".into(),
        hno: "30".into(),
        rd: "Robert Pitt".into(),
        sts: "Dr".into(),
        unit: "Suite 200".into(),
        pc: "10952".into(),
        nam: "Acme Bakery".into(),
        ..CivicAddress::default()
    }
}

#[tokio::test]
async fn alternatives_become_suggestions_and_the_accepted_one_validates() {
    let voipms = FakeVoipMs::start().await;
    voipms.script(
        "e911Validate",
        vec![
            Reply::json(json!({
                "status": "invalid_address",
                "alternatives": { "city": ["SPRING VALLEY"], "street_name": ["ROBERT PITT DR"] }
            })),
            Reply::json(json!({ "status": "success" })),
        ],
    );
    let carrier = voipms.carrier();

    let AddressCheck::Corrections(suggestions) = carrier.validate(&did(), &monsey()).await.expect("verdict") else {
        panic!("expected corrections");
    };
    assert_eq!(suggestions.len(), 1);
    assert_eq!(
        suggestions[0].changes,
        vec![FieldChange { field: "city".into(), current: "Monsey".into(), suggested: "SPRING VALLEY".into() }],
        "a street that only changes case is not a correction"
    );
    let accepted = &suggestions[0].address;
    assert_eq!(accepted.a3, "SPRING VALLEY");
    assert_eq!((accepted.rd.as_str(), accepted.unit.as_str()), ("Robert Pitt", "Suite 200"), "the rest is ours");

    assert_eq!(carrier.validate(&did(), accepted).await.expect("verdict"), AddressCheck::Valid);
    assert_eq!(voipms.methods(), vec!["e911Validate", "e911Validate"]);
    assert_eq!(voipms.last("e911Validate").param("city"), Some("SPRING VALLEY"));
}

#[tokio::test]
async fn a_list_of_alternative_addresses_gives_one_suggestion_each() {
    let voipms = FakeVoipMs::start().await;
    voipms.script(
        "e911Validate",
        vec![Reply::json(json!({
            "status": "invalid_address",
            "alternatives": [
                { "street_number": "30", "street_name": "ROBERT PITT DR", "city": "SPRING VALLEY", "zip_code": "10977" },
                { "street_number": "30", "street_name": "ROBERT PITT DR", "city": "AIRMONT", "zip_code": "10952" }
            ]
        }))],
    );
    let AddressCheck::Corrections(suggestions) = voipms.carrier().validate(&did(), &monsey()).await.expect("verdict")
    else {
        panic!("expected corrections");
    };
    let cities: Vec<(&str, &str)> =
        suggestions.iter().map(|s| (s.address.a3.as_str(), s.address.pc.as_str())).collect();
    assert_eq!(cities, vec![("SPRING VALLEY", "10977"), ("AIRMONT", "10952")]);
    assert_eq!(suggestions[0].changes.iter().map(|c| c.field.as_str()).collect::<Vec<_>>(), vec!["city", "zip_code"]);
}

#[tokio::test]
async fn a_refusal_with_only_case_changes_offers_nothing_to_accept() {
    let voipms = FakeVoipMs::start().await;
    voipms.script(
        "e911Validate",
        vec![Reply::json(json!({ "status": "invalid_address", "alternatives": { "city": ["MONSEY"] } }))],
    );
    let err = voipms.carrier().validate(&did(), &monsey()).await.expect_err("refused");
    assert!(matches!(&err, CarrierError::InvalidAddress { suggestions } if suggestions.is_empty()), "{err:?}");
}

#[tokio::test]
async fn an_update_refused_with_alternatives_carries_them_in_the_error() {
    let voipms = FakeVoipMs::start().await;
    voipms.script(
        "e911Update",
        vec![Reply::json(json!({ "status": "invalid_address", "alternatives": { "city": "SPRING VALLEY" } }))],
    );
    let err = voipms.carrier().update(&did(), &monsey()).await.expect_err("refused");
    assert_eq!(err.code(), "invalid_address");
    let CarrierError::InvalidAddress { suggestions } = err else { panic!("wrong error") };
    assert_eq!(suggestions[0].address.a3, "SPRING VALLEY");
}
