//! Every way VoIP.ms can say no becomes a typed error with a stable code and a message a person can act on:
//! wrong credentials, API off, IP not allowed, no E911 on the DID, rate limits (status word or HTTP 429), a refused
//! field, an address it does not know, a hanging server, a dead port, and answers that are not JSON.

mod support;

use std::time::{Duration, Instant};

use locus_carrier::{Carrier, CarrierError};
use serde_json::json;
use support::fixtures::{confirmed, did};
use support::server::Reply;
use support::voipms::{API_PASSWORD, FakeVoipMs};

async fn read_back_error(voipms: &FakeVoipMs) -> CarrierError {
    voipms.carrier().read_back(&did()).await.expect_err("must fail")
}

async fn read_back_error_for(reply: Reply) -> CarrierError {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![reply]);
    read_back_error(&voipms).await
}

#[tokio::test]
async fn a_wrong_api_password_is_an_authentication_failure() {
    let voipms = FakeVoipMs::start().await;
    let carrier = voipms.carrier_with(voipms.settings(), "not-the-password");
    let err = carrier.read_back(&did()).await.expect_err("refused");
    assert_eq!(err.code(), "authentication_failed");
    assert!(err.to_string().contains("invalid_credentials"), "{err}");
    assert!(!err.to_string().contains("not-the-password"));
}

#[tokio::test]
async fn api_access_switched_off_or_from_an_unlisted_ip_say_so() {
    let err = read_back_error_for(Reply::json(json!({ "status": "api_not_enabled" }))).await;
    assert_eq!(err.code(), "api_not_enabled");
    assert!(err.to_string().contains("enable it"), "{err}");
    let err = read_back_error_for(Reply::json(json!({ "status": "ip_not_enabled" }))).await;
    assert_eq!(err.code(), "ip_not_allowed");
    assert!(err.to_string().contains("IP address"), "{err}");
}

#[tokio::test]
async fn no_provision_is_a_failure_not_an_empty_record() {
    let err = read_back_error_for(Reply::json(json!({ "status": "no_provision" }))).await;
    assert_eq!(err.code(), "no_provision");
    assert!(matches!(&err, CarrierError::NotProvisioned { did } if did == "5555551234"), "{err:?}");
}

#[tokio::test]
async fn rate_limits_are_recognised_by_status_word_and_by_http_429() {
    let err = read_back_error_for(Reply::json(json!({ "status": "limit_reached" }))).await;
    assert_eq!(err.code(), "rate_limited");
    let err = read_back_error_for(
        Reply::status_json(429, json!({ "status": "too_many_requests" })).with_header("Retry-After", "30"),
    )
    .await;
    assert!(matches!(err, CarrierError::RateLimited { retry_after: Some(wait) } if wait == Duration::from_secs(30)));
    assert!(err.is_transient());
    assert!(err.to_string().contains("30 s"), "{err}");
}

#[tokio::test]
async fn a_refused_field_is_named() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Update", vec![Reply::json(json!({ "status": "invalid_zip_code" }))]);
    let err = voipms.carrier().update(&did(), &confirmed()).await.expect_err("refused");
    assert_eq!(err.code(), "field_refused");
    assert!(matches!(&err, CarrierError::FieldRefused { field, .. } if field == "pc"), "{err:?}");
}

#[tokio::test]
async fn an_unknown_address_without_alternatives_is_invalid_address_with_no_suggestion() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Update", vec![Reply::json(json!({ "status": "invalid_address" }))]);
    let err = voipms.carrier().update(&did(), &confirmed()).await.expect_err("refused");
    assert_eq!(err.code(), "invalid_address");
    assert!(matches!(&err, CarrierError::InvalidAddress { suggestions } if suggestions.is_empty()));
    assert_eq!(err.to_string(), "the carrier does not recognise this address and offers no correction");
}

#[tokio::test]
async fn an_unknown_did_and_an_unknown_status_keep_the_carriers_word() {
    let err = read_back_error_for(Reply::json(json!({ "status": "invalid_did" }))).await;
    assert_eq!(err.code(), "unknown_did");
    let err =
        read_back_error_for(Reply::json(json!({ "status": "maintenance", "message": "back at 02:00 UTC" }))).await;
    assert_eq!(err.code(), "rejected");
    assert!(err.to_string().contains("maintenance (back at 02:00 UTC)"), "{err}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_time() {
    let voipms = FakeVoipMs::start().await;
    voipms.script("e911Info", vec![Reply::Hang]);
    let mut settings = voipms.settings();
    settings.timeout = Duration::from_millis(400);
    let started = Instant::now();
    let err = voipms.carrier_with(settings, API_PASSWORD).read_back(&did()).await.expect_err("timeout");
    assert_eq!(err.code(), "timeout");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(err.is_transient());
    assert!(!err.to_string().contains(API_PASSWORD) && !err.to_string().contains("pa+ss"), "{err}");
}

#[tokio::test]
async fn a_closed_port_is_unreachable_and_the_message_has_no_password() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let voipms = FakeVoipMs::start().await;
    let mut settings = voipms.settings();
    settings.base_url = format!("http://127.0.0.1:{port}/api/v1/rest.php");
    let err = voipms.carrier_with(settings, API_PASSWORD).read_back(&did()).await.expect_err("refused");
    assert_eq!(err.code(), "unreachable");
    let message = err.to_string();
    assert!(!message.contains("pa+ss") && !message.contains("api_password"), "{message}");
}

#[tokio::test]
async fn answers_that_are_not_voipms_json_are_reported_as_such() {
    let err = read_back_error_for(Reply::text(502, "<html>bad gateway</html>")).await;
    assert!(matches!(err, CarrierError::Http { status: 502 }), "{err:?}");
    assert!(err.is_transient());
    let err = read_back_error_for(Reply::text(200, "<html>maintenance</html>")).await;
    assert_eq!(err.code(), "bad_response");
    assert!(err.to_string().contains("not JSON"), "{err}");
    let err = read_back_error_for(Reply::json(json!({ "e911": {} }))).await;
    assert_eq!(err.code(), "bad_response");
    let err = read_back_error_for(Reply::text(401, "no")).await;
    assert_eq!(err.code(), "authentication_failed");
}
