//! The generic webhook carrier against a real loopback backend that checks every signature itself (HMAC-SHA256
//! with the shared secret, computed here independently of the crate): the submitted JSON, the status reads, the
//! documented answers (422 with suggestions, 401, 404/`none`), and a full reconciliation through the trait.

mod support;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use locus_carrier::webhook::signature;
use locus_carrier::{
    Carrier, CarrierError, E911Status, PollSchedule, ReconcileState, Reconciler, Secret, WebhookCarrier,
    WebhookSettings,
};
use serde_json::{Value, json};
use sha2::Sha256;
use support::RecordingSleeper;
use support::fixtures::{confirmed, did};
use support::server::{Reply, Request, TestServer};

const SECRET: &str = "org-backend-shared-secret";
const NOW: u64 = 1_790_000_000;

/// The backend's own check: HMAC-SHA256 over "<timestamp>.<payload>".
fn signed_by_us(request: &Request, payload: &[u8]) -> bool {
    let (Some(timestamp), Some(signature)) = (request.header("X-Locus-Timestamp"), request.header("X-Locus-Signature"))
    else {
        return false;
    };
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(payload);
    signature == format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn address_json(city: &str, street: &str) -> Value {
    json!({ "country": "US", "a1": "IL", "a3": city, "prd": "N", "rd": street, "sts": "ST", "hno": "123",
            "hns": "A", "unit": "SUITE 300", "flr": "3", "pc": "62701" })
}

/// A backend that refuses unsigned requests and answers status reads with `status_reads` in order.
async fn backend(status_reads: Vec<Value>) -> TestServer {
    let reads = Arc::new(std::sync::Mutex::new(status_reads));
    TestServer::start(move |request| {
        let payload =
            if request.method == "POST" { request.body.clone() } else { request.raw_query.clone().into_bytes() };
        if !signed_by_us(request, &payload) {
            return Reply::status_json(401, json!({ "error": "bad signature" }));
        }
        match (request.method.as_str(), request.path.as_str()) {
            ("POST", "/e911/submit") => Reply::status_json(202, json!({ "accepted": true })),
            ("GET", "/e911/status") => {
                let mut reads = reads.lock().expect("reads");
                let next = if reads.len() > 1 { reads.remove(0) } else { reads[0].clone() };
                Reply::json(next)
            }
            _ => Reply::text(404, "no"),
        }
    })
    .await
}

fn carrier_for(server: &TestServer, secret: &str) -> WebhookCarrier {
    let settings = WebhookSettings {
        submit_url: server.url("/e911/submit"),
        status_url: server.url("/e911/status"),
        timeout: Duration::from_secs(5),
    };
    WebhookCarrier::new(settings, Secret::new(secret))
        .expect("carrier")
        .with_clock(Arc::new(|| UNIX_EPOCH + Duration::from_secs(NOW)))
}

#[tokio::test]
async fn the_submission_is_signed_json_of_the_confirmed_location() {
    let server = backend(vec![json!({ "did": "5555551234", "status": "none" })]).await;
    carrier_for(&server, SECRET).update(&did(), &confirmed()).await.expect("accepted");

    let request = server.requests().pop().expect("one request");
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/e911/submit"));
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(request.header("X-Locus-Timestamp"), Some(NOW.to_string().as_str()));
    assert!(signed_by_us(&request, &request.body), "the backend can verify the signature");
    assert!(signature::verify(
        SECRET.as_bytes(),
        &NOW.to_string(),
        &request.body,
        request.header("X-Locus-Signature").expect("signature")
    ));
    let body: Value = serde_json::from_slice(&request.body).expect("json");
    assert_eq!(body["version"], 1);
    assert_eq!(body["action"], "update");
    assert_eq!(body["did"], "5555551234");
    assert_eq!(body["address"]["hno"], "123");
    assert_eq!(body["address"]["rd"], "Main");
    assert_eq!(body["address"]["unit"], "Suite 300");
    assert_eq!(body["address"]["nam"], "Acme Widgets");
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_backend() {
    let server = backend(vec![json!({})]).await;
    let err = carrier_for(&server, "not-the-secret").update(&did(), &confirmed()).await.expect_err("refused");
    assert_eq!(err.code(), "authentication_failed");
}

#[tokio::test]
async fn status_reads_are_signed_over_the_query_and_parsed() {
    let server = backend(vec![
        json!({ "did": "5555551234", "status": "pending", "address": address_json("SPRINGFIELD", "MAIN") }),
    ])
    .await;
    let registered = carrier_for(&server, SECRET).read_back(&did()).await.expect("read back");

    let request = server.requests().pop().expect("one request");
    assert_eq!(request.raw_query, "did=5555551234");
    assert!(signed_by_us(&request, b"did=5555551234"));
    assert_eq!(registered.status, E911Status::Pending);
    assert_eq!(registered.address.a3, "SPRINGFIELD");
    assert_eq!(registered.fields.get("rd").map(String::as_str), Some("MAIN"));
}

#[tokio::test]
async fn status_none_and_404_mean_not_provisioned() {
    let server = backend(vec![json!({ "did": "5555551234", "status": "none" })]).await;
    let err = carrier_for(&server, SECRET).read_back(&did()).await.expect_err("none");
    assert_eq!(err.code(), "no_provision");

    let not_found = TestServer::start(|_| Reply::text(404, "unknown did")).await;
    let err = carrier_for(&not_found, SECRET).read_back(&did()).await.expect_err("404");
    assert_eq!(err.code(), "no_provision");
}

#[tokio::test]
async fn the_list_reads_every_did() {
    let server = backend(vec![json!({ "dids": [
        { "did": "5555551234", "status": "active", "address": address_json("SPRINGFIELD", "MAIN") },
        { "did": "5555550199", "status": "none" }
    ] })])
    .await;
    let dids = carrier_for(&server, SECRET).list_dids().await.expect("list");
    let request = server.requests().pop().expect("one request");
    assert_eq!(request.raw_query, "");
    assert!(signed_by_us(&request, b""));
    assert_eq!(dids.len(), 2);
    assert_eq!((dids[0].e911, dids[1].e911), (E911Status::Active, E911Status::NotProvisioned));
}

#[tokio::test]
async fn a_refused_address_brings_the_backends_suggestions() {
    let server = TestServer::start(|_| {
        Reply::status_json(
            422,
            json!({ "message": "unknown city", "suggestions": [address_json("CAPITAL CITY", "MAIN")] }),
        )
    })
    .await;
    let err = carrier_for(&server, SECRET).provision(&did(), &confirmed()).await.expect_err("refused");
    let CarrierError::InvalidAddress { suggestions } = err else { panic!("wrong error") };
    assert_eq!(suggestions.len(), 1);
    let changed: Vec<&str> = suggestions[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(changed, vec!["a3"], "only the city differs once normalised");
}

#[tokio::test]
async fn reconciliation_through_the_webhook_waits_for_active() {
    let pending = json!({ "did": "5555551234", "status": "pending", "address": address_json("Springfield", "Main") });
    let active = json!({ "did": "5555551234", "status": "active", "address": address_json("SPRINGFIELD", "MAIN") });
    let server = backend(vec![json!({ "did": "5555551234", "status": "none" }), pending, active]).await;
    let carrier = carrier_for(&server, SECRET);
    let schedule = PollSchedule::new(vec![Duration::from_secs(30); 3]);
    let mut seen = Vec::new();
    let last = Reconciler::new(&carrier, &schedule, &RecordingSleeper::default())
        .run(&did(), &confirmed(), |s| seen.push(s.name()))
        .await;
    assert_eq!(seen, vec!["validating", "updating", "pending", "pending", "verified"]);
    assert!(matches!(last, ReconcileState::Verified { .. }));
    let posted: Value = serde_json::from_slice(&server.requests()[1].body).expect("json");
    assert_eq!(posted["action"], "provision");
}
