//! What the VoIP.ms client puts on the wire: a GET to the configured REST endpoint with the credentials, the
//! method and exactly the documented parameters, our civic address mapped field by field (house number apart,
//! street parts joined, one designator as address type + number, `zip_code`, upper-case `EN`).

mod support;

use std::collections::BTreeMap;

use locus_carrier::{AddressCheck, Carrier};
use support::fixtures::{confirmed, did};
use support::voipms::{API_PASSWORD, API_USER, E911_EMAIL, FakeVoipMs, PATH};

fn expected_params(method: &str) -> BTreeMap<String, String> {
    [
        ("api_username", API_USER),
        ("api_password", API_PASSWORD),
        ("method", method),
        ("did", "5555551234"),
        ("full_name", "Acme Widgets"),
        ("street_number", "123A"),
        ("street_name", "N Main Street"),
        ("address_type", "Suite"),
        ("address_number", "300"),
        ("city", "Springfield"),
        ("state", "IL"),
        ("country", "US"),
        ("zip_code", "62701"),
        ("language", "EN"),
        ("email", E911_EMAIL),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[tokio::test]
async fn validate_sends_every_required_field_in_voipms_names() {
    let voipms = FakeVoipMs::start().await;
    let verdict = voipms.carrier().validate(&did(), &confirmed()).await.expect("validate");
    assert_eq!(verdict, AddressCheck::Valid);

    let request = voipms.last("e911Validate");
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, PATH);
    assert_eq!(request.query, expected_params("e911Validate"), "exactly these parameters, nothing else");
    assert!(request.param("zip").is_none(), "REST wants zip_code, not zip");
    assert!(request.param("other_info").is_none(), "an empty optional field is not sent");
    assert!(request.raw_query.contains("api_password=pa+ss%26word%3D1%2B2%2F3%3F"), "{}", request.raw_query);
}

#[tokio::test]
async fn update_and_provision_send_the_same_fields_under_their_method() {
    let voipms = FakeVoipMs::start().await;
    let carrier = voipms.carrier();
    carrier.update(&did(), &confirmed()).await.expect("update");
    carrier.provision(&did(), &confirmed()).await.expect("provision");
    assert_eq!(voipms.methods(), vec!["e911Update", "e911Provision"]);
    assert_eq!(voipms.last("e911Update").query, expected_params("e911Update"));
    assert_eq!(voipms.last("e911Provision").query, expected_params("e911Provision"));
}

#[tokio::test]
async fn a_canadian_address_carries_the_rest_in_other_info_and_may_be_french() {
    let voipms = FakeVoipMs::start().await;
    let mut settings = voipms.settings();
    settings.language = locus_carrier::voipms::Language::Fr;
    let carrier = voipms.carrier_with(settings, API_PASSWORD);
    let mut address = confirmed();
    address.country = "CA".into();
    address.a1 = "QC".into();
    address.a3 = "Montréal".into();
    address.pc = "h2x 1y4".into();
    address.loc = "entrée nord".into();
    carrier.update(&did(), &address).await.expect("update");

    let request = voipms.last("e911Update");
    assert_eq!(request.param("language"), Some("FR"));
    assert_eq!(request.param("country"), Some("CA"));
    assert_eq!(request.param("city"), Some("Montréal"), "UTF-8 survives the query string");
    assert_eq!(request.param("zip_code"), Some("H2X 1Y4"));
    assert_eq!(request.param("other_info"), Some("Floor 3, entrée nord"));
}

#[tokio::test]
async fn an_invalid_address_is_refused_before_anything_is_sent() {
    let voipms = FakeVoipMs::start().await;
    let mut address = confirmed();
    address.hno = "123 Main".into();
    let err = voipms.carrier().update(&did(), &address).await.expect_err("refused locally");
    assert_eq!(err.code(), "address_not_valid");
    assert!(err.to_string().contains("hno:"), "{err}");
    assert!(voipms.requests().is_empty(), "nothing reached the carrier");
}
