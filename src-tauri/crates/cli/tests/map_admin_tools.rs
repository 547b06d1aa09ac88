//! The administrator's map tools on real files: `map diff` names what changed, `map explain` resolves a saved
//! snapshot under a map with its evidence and honours the trust gate, and `map validate` lists every problem.

mod support;

use serde_json::{Value, json};
use support::{example_map, example_with_serial, locusctl, text};

fn write(dir: &std::path::Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).expect("json")).expect("write");
    path.to_str().expect("path").to_owned()
}

/// A real `locusctl net --json` snapshot, moved onto a network with the given gateway MAC and address.
fn snapshot_on(home: &std::path::Path, gateway_mac: &str, addr: &str, public_ip: Option<&str>) -> Value {
    let output = locusctl(home, &["net", "--json"]);
    assert!(output.status.success(), "{}", text(&output));
    let mut snapshot: Value = serde_json::from_slice(&output.stdout).expect("snapshot JSON");
    snapshot["underlay"] = json!({
        "interface": "eth0", "kind": "wired",
        "gateway": { "ip": "10.3.0.1", "mac": gateway_mac, "interface": "eth0" },
        "addrs": [addr]
    });
    snapshot["public_ip"] = json!(public_ip);
    snapshot
}

#[test]
fn diff_names_each_change() {
    let dir = tempfile::tempdir().expect("dir");
    let old = example_map();
    let mut new = example_with_serial(2);
    new["sites"][0]["places"][1]["address"]["unit"] = json!("710");
    new["sites"][0]["places"][0]["rules"].as_array_mut().expect("rules").remove(0);
    new["trusted_public_ips"].as_array_mut().expect("ips").push(json!("198.51.100.0/24"));
    let output = locusctl(
        dir.path(),
        &["map", "diff", &write(dir.path(), "old.json", &old), &write(dir.path(), "new.json", &new)],
    );
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    for line in [
        "~ serial: 1 → 2",
        "+ trusted public IP range 198.51.100.0/24",
        "~ place chi-hq-f7 address.unit: \"700\" → \"710\"",
        "~ place tor-office-main name: \"Toronto office\" → \"Toronto office (serial 2)\"",
        "- rule bssid 02:00:5e:10:00:31 → place chi-hq-f3",
    ] {
        assert!(said.contains(line), "{line:?} in:\n{said}");
    }
    let same =
        locusctl(dir.path(), &["map", "diff", &write(dir.path(), "a.json", &old), &write(dir.path(), "b.json", &old)]);
    assert!(text(&same).contains("no differences"), "{}", text(&same));
}

#[test]
fn explain_resolves_a_saved_snapshot_with_its_evidence() {
    let dir = tempfile::tempdir().expect("dir");
    let map = write(dir.path(), "map.json", &example_map());
    let snapshot =
        write(dir.path(), "net.json", &snapshot_on(dir.path(), "02:00:5E:30:01:01", "192.168.1.20/24", None));
    let output = locusctl(dir.path(), &["map", "explain", &map, "--snapshot", &snapshot, "--json"]);
    assert!(output.status.success(), "{}", text(&output));
    let explained: Value = serde_json::from_slice(&output.stdout).expect("explain JSON");
    assert_eq!(explained["location_id"], "tor-office-main", "{explained}");
    assert!(explained["address"].as_str().expect("address").contains("100 King St W"), "{explained}");
    assert_eq!(explained["resolution"]["evidence"][0]["kind"], "gateway_mac");
    assert_eq!(explained["resolution"]["evidence"][0]["verdict"], "chosen");
}

#[test]
fn explain_shows_the_trust_gate_for_subnet_rules() {
    let dir = tempfile::tempdir().expect("dir");
    let map = write(dir.path(), "map.json", &example_map());
    // Floor 7's subnet, an unknown router: only the trust-gated subnet rule can match.
    let untrusted = write(
        dir.path(),
        "home.json",
        &snapshot_on(dir.path(), "02:00:5e:99:99:99", "10.7.1.20/22", Some("192.0.2.7")),
    );
    let output = locusctl(dir.path(), &["map", "explain", &map, "--snapshot", &untrusted]);
    let said = text(&output);
    assert!(said.contains("no place in this map matches") && said.contains("not trusted"), "{said}");
    assert!(said.contains("IgnoredUntrusted"), "the ignored rule is shown: {said}");

    let office = write(
        dir.path(),
        "office.json",
        &snapshot_on(dir.path(), "02:00:5e:99:99:99", "10.7.1.20/22", Some("203.0.113.9")),
    );
    let said = text(&locusctl(dir.path(), &["map", "explain", &map, "--snapshot", &office]));
    assert!(said.contains("resolves to chi-hq-f7") && said.contains("trusted, subnet/SSID rules count"), "{said}");
}

#[test]
fn validate_lists_every_problem_and_exits_one() {
    let dir = tempfile::tempdir().expect("dir");
    let mut map = example_map();
    map["sites"][0]["places"][0]["rules"][3]["mac"] = json!("02:00:5e");
    map["sites"][1]["address"]["a1"] = json!("ZZ");
    let output = locusctl(dir.path(), &["map", "validate", &write(dir.path(), "bad.json", &map)]);
    let said = text(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("INVALID: 2 problem(s)"), "{said}");
    assert!(said.contains("/sites/0/places/0/rules/3/mac") && said.contains("/sites/1/places/0/address/a1"), "{said}");
    let good = locusctl(dir.path(), &["map", "validate", &write(dir.path(), "good.json", &example_map())]);
    assert!(good.status.success() && text(&good).contains("3 place(s), 9 rule(s)"), "{}", text(&good));
}
