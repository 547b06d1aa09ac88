//! The network snapshot as `locusctl net --json` reports it, in real network namespaces: the gateway MAC is
//! read from the neighbour cache; a gateway missing from the cache is probed and found; no default route is
//! an explicit "no network"; a tunnel holding the default route is a full-tunnel VPN while the underlay still
//! shows the physical gateway.

mod support;

use serde_json::Value;
use support::lab::{Lab, ip};
use support::locusctl::json_in_laptop;

fn arp_table(lab: &Lab) -> String {
    let output = lab.command_in_laptop("cat").arg("/proc/net/arp").output().expect("read arp");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_gateway_mac_is_read_from_the_neighbour_cache() {
    let mut lab = Lab::new("mac");
    let gateway = lab.add_gateway("10.201.1", "02:00:5e:10:20:30");
    lab.move_to(&gateway);
    lab.warm_neighbour_cache(&gateway);
    let home = tempfile::tempdir().expect("home");
    let net = json_in_laptop(&lab, home.path(), &["net", "--json"]);
    assert_eq!(net["default_gateway"]["ip"], gateway.ip.as_str());
    assert_eq!(net["default_gateway"]["mac"], gateway.mac.as_str());
    assert_eq!(net["default_gateway"]["interface"], gateway.laptop_if.as_str());
    assert_eq!(net["underlay"]["gateway"]["mac"], gateway.mac.as_str());
    assert_eq!(net["vpn"]["active"], false);
    assert!(net["fingerprint_id"].as_str().is_some_and(|id| id.len() == 32), "{}", net["fingerprint_id"]);
    assert!(!net["fingerprint_id"].as_str().unwrap_or_default().contains("5e1020"), "no raw MAC in the id");
}

#[test]
fn a_gateway_missing_from_the_neighbour_cache_is_probed_and_found() {
    let mut lab = Lab::new("probe");
    let gateway = lab.add_gateway("10.201.2", "02:00:5e:10:20:31");
    lab.move_to(&gateway);
    assert!(!arp_table(&lab).contains(&gateway.ip), "precondition: the cache must not know the gateway yet");
    let home = tempfile::tempdir().expect("home");
    let net = json_in_laptop(&lab, home.path(), &["net", "--json"]);
    assert_eq!(net["default_gateway"]["mac"], gateway.mac.as_str(), "the probe must resolve the MAC: {net}");
}

#[test]
fn no_default_route_is_an_explicit_no_network() {
    let mut lab = Lab::new("nonet");
    let _gateway = lab.add_gateway("10.201.3", "02:00:5e:10:20:32"); // a link, but no default route
    let home = tempfile::tempdir().expect("home");
    let net = json_in_laptop(&lab, home.path(), &["net", "--json"]);
    assert_eq!(net["default_gateway"], Value::Null);
    assert_eq!(net["underlay"], Value::Null);
    assert_eq!(net["default_routes"], serde_json::json!([]));
    assert_eq!(net["fingerprint_id"], Value::Null, "no strong identifier, no fingerprint");
    let status = json_in_laptop(&lab, home.path(), &["status", "--json"]);
    assert_eq!(status["readiness"]["level"], "red");
    assert_eq!(status["readiness"]["reason"], "no_network");
}

#[test]
fn a_full_tunnel_vpn_keeps_the_physical_underlay() {
    let mut lab = Lab::new("vpn");
    let gateway = lab.add_gateway("10.201.4", "02:00:5e:10:20:33");
    lab.move_to(&gateway);
    lab.warm_neighbour_cache(&gateway);
    let ns = lab.laptop().to_owned();
    ip(&["-n", &ns, "tuntap", "add", "dev", "tun7", "mode", "tun"]);
    ip(&["-n", &ns, "addr", "add", "10.8.7.2/24", "dev", "tun7"]);
    ip(&["-n", &ns, "link", "set", "tun7", "up"]);
    // The physical default stays (as VPN clients leave it), at a worse metric than the tunnel's.
    ip(&["-n", &ns, "route", "del", "default"]);
    ip(&["-n", &ns, "route", "add", "default", "via", &gateway.ip, "dev", &gateway.laptop_if, "metric", "600"]);
    ip(&["-n", &ns, "route", "add", "default", "dev", "tun7", "metric", "50"]);
    let home = tempfile::tempdir().expect("home");
    let net = json_in_laptop(&lab, home.path(), &["net", "--json"]);
    assert_eq!(net["vpn"]["active"], true, "{net}");
    assert_eq!(net["vpn"]["mode"], "full");
    assert_eq!(net["vpn"]["interface"], "tun7");
    assert_eq!(net["default_routes"][0]["interface"], "tun7", "the tunnel's route is the one in use");
    assert_eq!(net["underlay"]["interface"], gateway.laptop_if.as_str());
    assert_eq!(net["underlay"]["gateway"]["ip"], gateway.ip.as_str());
    assert_eq!(net["underlay"]["gateway"]["mac"], gateway.mac.as_str());
    let tun = net["interfaces"].as_array().expect("interfaces").iter().find(|i| i["name"] == "tun7").cloned();
    assert_eq!(tun.expect("tun7 listed")["kind"], "tunnel");
}

#[test]
fn a_split_tunnel_vpn_is_reported_as_split() {
    let mut lab = Lab::new("split");
    let gateway = lab.add_gateway("10.201.5", "02:00:5e:10:20:34");
    lab.move_to(&gateway);
    lab.warm_neighbour_cache(&gateway);
    let ns = lab.laptop().to_owned();
    ip(&["-n", &ns, "tuntap", "add", "dev", "tun8", "mode", "tun"]);
    ip(&["-n", &ns, "addr", "add", "10.8.8.2/24", "dev", "tun8"]);
    ip(&["-n", &ns, "link", "set", "tun8", "up"]);
    let home = tempfile::tempdir().expect("home");
    let net = json_in_laptop(&lab, home.path(), &["net", "--json"]);
    assert_eq!(net["vpn"]["mode"], "split", "{net}");
    assert_eq!(net["default_gateway"]["mac"], gateway.mac.as_str());
}
