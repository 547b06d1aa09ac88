//! Map delivery over HTTPS with the real client against a real local TLS server whose CA is generated at test
//! time: the map and its signature are fetched and applied, the ETag is sent back and a 304 is handled, and
//! 404, 500, a server that never answers, a body that trickles in, and an untrusted certificate each give a
//! clear error in `map sync` and `map status` while the map in force stays.

mod support;

#[path = "support/https.rs"]
mod https;

use https::{Route, TestServer};
use serde_json::json;
use std::time::Duration;
use support::{MapHome, example_with_serial, text};

fn signed_route(home: &MapHome, server: &TestServer, serial: u64, etag: &str) {
    let path = home.signed(&format!("serve-{serial}.json"), &example_with_serial(serial));
    let body = std::fs::read(&path).expect("map");
    let signature = std::fs::read(path.with_extension("json.minisig")).expect("sig");
    server.route("/map.json", Route::Body { body, etag: Some(etag.to_owned()) });
    server.route("/map.json.minisig", Route::Body { body: signature, etag: None });
}

fn home_for(server: &TestServer, timeout_seconds: u32) -> MapHome {
    let home = MapHome::new(json!({}));
    let ca = home.path().join("test-ca.pem");
    server.write_ca(&ca);
    home.write_policy(json!({
        "urls": [{ "url": server.url("/map.json"), "ca_file": ca }],
        "timeout_seconds": timeout_seconds
    }));
    home
}

fn sync(home: &MapHome) -> (bool, String) {
    let output = home.locusctl(&["map", "sync"]);
    (output.status.success(), text(&output))
}

fn last_error(home: &MapHome) -> String {
    home.status()["sources"][0]["last_error"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn a_served_map_is_applied_and_the_etag_is_honoured() {
    let server = TestServer::start();
    let home = home_for(&server, 10);
    signed_route(&home, &server, 3, "\"v3\"");
    let (ok, said) = sync(&home);
    assert!(ok && said.contains("applied map"), "{said}");
    assert_eq!(home.serial_in_force(), Some(3));
    assert_eq!(home.status()["map"]["source"], server.url("/map.json"));

    let (ok, said) = sync(&home);
    assert!(ok && said.contains("unchanged"), "a 304 is not an error and applies nothing: {said}");
    let map_requests: Vec<_> = server.seen().into_iter().filter(|s| s.path == "/map.json").collect();
    assert_eq!(map_requests.len(), 2);
    assert_eq!(map_requests[0].if_none_match, None);
    assert_eq!(map_requests[1].if_none_match.as_deref(), Some("\"v3\""), "the ETag is sent back");

    signed_route(&home, &server, 4, "\"v4\"");
    let (ok, said) = sync(&home);
    assert!(ok && said.contains("serial 4"), "{said}");
    assert_eq!(home.serial_in_force(), Some(4));
    assert!(home.status()["sources"][0]["last_error"].is_null());
}

#[test]
fn http_errors_timeouts_and_slow_bodies_keep_the_map_in_force() {
    let server = TestServer::start();
    let home = home_for(&server, 2);
    signed_route(&home, &server, 3, "\"v3\"");
    assert!(sync(&home).0);

    for (route, expected) in [
        (Route::Status(404), "HTTP 404"),
        (Route::Status(500), "HTTP 500"),
        (Route::Hang, "did not answer in full within 2 s"),
        (
            Route::Slow { body: vec![b' '; 4096], pause: Duration::from_millis(100) },
            "did not answer in full within 2 s",
        ),
    ] {
        server.route("/map.json", route);
        let (ok, said) = sync(&home);
        assert!(!ok, "a failed check exits non-zero: {said}");
        assert!(said.contains(expected), "{expected:?} in {said}");
        assert!(last_error(&home).contains(expected), "map status shows the error: {}", last_error(&home));
        assert_eq!(home.serial_in_force(), Some(3), "the map in force stays");
    }
}

#[test]
fn a_certificate_from_an_untrusted_ca_is_refused() {
    let server = TestServer::start();
    let home = MapHome::new(json!({}));
    home.write_policy(json!({ "urls": [{ "url": server.url("/map.json") }], "timeout_seconds": 5 }));
    signed_route(&home, &server, 3, "\"v3\"");
    let (ok, said) = sync(&home);
    assert!(!ok, "{said}");
    assert!(said.to_lowercase().contains("certificate"), "the error names the certificate problem: {said}");
    assert_eq!(home.serial_in_force(), None);
}

#[test]
fn a_signature_that_does_not_match_the_served_map_is_rejected() {
    let server = TestServer::start();
    let home = home_for(&server, 10);
    signed_route(&home, &server, 3, "\"v3\"");
    assert!(sync(&home).0);
    signed_route(&home, &server, 4, "\"v4\"");
    let mut tampered = std::fs::read(home.path().join("serve-4.json")).expect("map");
    let at = tampered.iter().position(|b| *b == b'7').expect("a digit to change");
    tampered[at] = b'8';
    server.route("/map.json", Route::Body { body: tampered, etag: Some("\"v4x\"".into()) });
    let (ok, said) = sync(&home);
    assert!(!ok && said.contains("REJECTED") && said.contains("does not match"), "{said}");
    assert_eq!(home.serial_in_force(), Some(3));
    assert!(last_error(&home).contains("map rejected"), "{}", last_error(&home));
}
