//! Forced confirmation in real network namespaces: an unseen network gives `confirm_required`; once the user
//! confirms, the same network resolves without asking — also after a restart (every `locusctl` run is a fresh
//! process); moving to another gateway asks again; the confirmation is in the audit log.

mod support;

use serde_json::json;
use support::lab::Lab;
use support::locusctl::json_in_laptop;

#[test]
fn an_unseen_network_asks_and_a_confirmed_one_is_remembered() {
    let mut lab = Lab::new("confirm");
    let home_gw = lab.add_gateway("10.204.1", "02:00:5e:40:00:01");
    let cafe_gw = lab.add_gateway("10.204.2", "02:00:5e:40:00:02");
    lab.move_to(&home_gw);
    lab.warm_neighbour_cache(&home_gw);
    let home = tempfile::tempdir().expect("LOCUS_HOME");

    let first = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(first["state"], "confirm_required", "{first}");
    assert_eq!(first["reason"], "unknown_network");
    // No calling account here: red for that, with the unconfirmed location behind it.
    let status = json_in_laptop(&lab, home.path(), &["status", "--json"]);
    assert_eq!(
        (status["readiness"]["level"].as_str(), status["readiness"]["reason"].as_str()),
        (Some("red"), Some("no_account"))
    );
    assert_eq!(status["readiness"]["also"], json!(["location_not_confirmed"]), "{status}");

    let address = json!({"country": "US", "a1": "IL", "a3": "Springfield", "hno": "742",
                         "rd": "Evergreen", "sts": "Ter", "pc": "62704"})
    .to_string();
    let confirmed = json_in_laptop(&lab, home.path(), &["confirm", "--label", "Home", "--address", &address, "--json"]);
    assert_eq!(confirmed["state"], "resolved", "{confirmed}");
    assert_eq!(confirmed["how_obtained"], "user_entered");
    let home_location = confirmed["location"]["id"].clone();
    let status = json_in_laptop(&lab, home.path(), &["status", "--json"]);
    assert_eq!(status["readiness"]["also"], json!([]), "the location no longer counts against readiness: {status}");

    // A fresh process (a restart) on the same network: resolved without asking.
    let again = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(again["state"], "resolved", "{again}");
    assert_eq!(again["location"]["id"], home_location);
    assert_eq!(again["evidence"][0]["kind"], "fingerprint");
    assert_eq!(again["evidence"][0]["verdict"], "chosen");

    // Another gateway: asks again, and offers the place confirmed before.
    lab.move_to(&cafe_gw);
    lab.warm_neighbour_cache(&cafe_gw);
    let moved = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(moved["state"], "confirm_required", "{moved}");
    assert_eq!(moved["suggestions"][0]["id"], home_location);

    // Back home: remembered.
    lab.move_to(&home_gw);
    let back = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(back["location"]["id"], home_location);

    let audit = json_in_laptop(&lab, home.path(), &["audit", "export", "--format", "json"]);
    let confirmations: Vec<_> =
        audit.as_array().expect("entries").iter().filter(|e| e["kind"] == "location.confirmed").collect();
    assert_eq!(confirmations.len(), 1);
    let payload: serde_json::Value =
        serde_json::from_str(confirmations[0]["payload"].as_str().expect("payload")).expect("JSON payload");
    assert_eq!(payload["how_obtained"], "user_entered");
    assert_eq!(payload["reason"], "unknown_network");
    assert!(payload["fingerprint_id"].as_str().is_some_and(|f| !f.contains("02:00:5e")), "no raw MAC: {payload}");
}

#[test]
fn an_invalid_address_is_refused_by_field_and_changes_nothing() {
    let mut lab = Lab::new("badaddr");
    let gw = lab.add_gateway("10.204.3", "02:00:5e:40:00:03");
    lab.move_to(&gw);
    lab.warm_neighbour_cache(&gw);
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let address =
        json!({"country": "US", "a1": "ZZ", "a3": "Springfield", "hno": "12B", "rd": "Main", "pc": "627"}).to_string();
    let output = lab
        .command_in_laptop(support::binaries::locusctl())
        .args(["confirm", "--label", "Home", "--address", &address, "--json"])
        .env("LOCUS_HOME", home.path())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let error: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON error");
    assert_eq!(error["code"], "invalid_address");
    let message = error["message"].as_str().expect("message");
    for field in ["a1:", "hno:", "pc:"] {
        assert!(message.contains(field), "{field} missing in {message}");
    }
    let after = json_in_laptop(&lab, home.path(), &["locate", "--json"]);
    assert_eq!(after["state"], "confirm_required");
    assert_eq!(json_in_laptop(&lab, home.path(), &["locations", "--json"]), json!([]));
}
