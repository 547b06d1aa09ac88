//! `locusctl map watch` (the same service the desktop app runs) inside a real laptop network namespace:
//! - arriving on a new network asks for a newer IT map at once instead of waiting for the next poll (a real
//!   local HTTPS server, polled once a day, sees a second, conditional request within seconds of the move);
//! - a map applied while running moves the laptop to the IT place straight away (`MapApplied`, then
//!   `LocationResolved`), without a restart or a new question.
//!
//! Needs root for the namespaces (CI runs as root).

mod support;

#[allow(dead_code)]
#[path = "support/https.rs"]
mod https;
// The namespace lab the desktop tests use (root `tests/support`).
#[allow(dead_code, unreachable_pub)]
#[path = "../../../../tests/support/lab.rs"]
mod lab;

use https::{Route, TestServer};
use lab::{Lab, inside_laptop};
use serde_json::json;
use std::time::{Duration, Instant};
use support::{MapHome, MapWatch, example_with_serial};

const TEST: &str = "a_new_network_brings_a_map_check_without_waiting_for_the_poll";
const RUNNING_TEST: &str = "a_map_applied_while_running_moves_this_laptop_to_the_it_place";

/// The next event of type `kind` (others are skipped), within 20 s.
fn wait_for(watch: &MapWatch, kind: &str) -> serde_json::Value {
    watch.next_of(kind, Duration::from_secs(20)).unwrap_or_else(|| panic!("no {kind} event within 20 s"))
}

#[test]
fn a_new_network_brings_a_map_check_without_waiting_for_the_poll() {
    if !inside_laptop() {
        let mut lab = Lab::new("mapnet");
        let office = lab.add_gateway("10.203.1", "02:00:5e:0a:0f:01");
        let elsewhere = lab.add_gateway("10.203.2", "02:00:5e:0a:0f:02");
        lab.move_to(&office);
        lab.warm_neighbour_cache(&office);
        let route = format!("default via {} dev {}", elsewhere.ip, elsewhere.laptop_if);
        lab.rerun_test_inside(TEST, &[("LOCUS_TEST_LAPTOP", lab.laptop()), ("LOCUS_TEST_OTHER_ROUTE", &route)]);
        return;
    }
    let laptop = std::env::var("LOCUS_TEST_LAPTOP").expect("laptop namespace");
    let other_route = std::env::var("LOCUS_TEST_OTHER_ROUTE").expect("route to the other gateway");

    // The HTTPS server listens on the laptop namespace's own loopback.
    let server = TestServer::start();
    let home = MapHome::new(json!({}));
    let ca = home.path().join("test-ca.pem");
    server.write_ca(&ca);
    home.write_policy(json!({ "urls": [{ "url": server.url("/map.json"), "ca_file": ca }], "poll_minutes": 1440 }));
    let map = home.signed("serve.json", &example_with_serial(4));
    server.route("/map.json", Route::Body { body: std::fs::read(&map).expect("map"), etag: Some("\"v4\"".into()) });
    let signature = std::fs::read(map.with_extension("json.minisig")).expect("signature");
    server.route("/map.json.minisig", Route::Body { body: signature, etag: None });
    let map_requests = || server.seen().into_iter().filter(|s| s.path == "/map.json").collect::<Vec<_>>();

    let watch = MapWatch::start(&home);
    let applied = wait_for(&watch, "MapApplied");
    assert!(applied["payload"]["serial"] == 4, "{applied}");

    // Settled: one request, and no other for a while (the next poll is a day away).
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(map_requests().len(), 1, "{:?}", map_requests());

    let moved_at = Instant::now();
    let mut route: Vec<&str> = vec!["-n", &laptop, "route", "replace"];
    route.extend(other_route.split_whitespace());
    lab::ip(&route);
    while map_requests().len() < 2 && moved_at.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(watch);
    let requests = map_requests();
    assert_eq!(requests.len(), 2, "moving to another gateway should bring a map check: {requests:?}");
    println!("route change → map request: {:?}", moved_at.elapsed());
    assert_eq!(requests[1].if_none_match.as_deref(), Some("\"v4\""), "the re-check is conditional");
}

/// The running service re-resolves as soon as a map is applied: on a network nobody has confirmed (so E911 is
/// not armed), `map watch` is running when IT drops a map naming this gateway into the managed folder, and the
/// same process reports the IT place without being asked again.
#[test]
fn a_map_applied_while_running_moves_this_laptop_to_the_it_place() {
    const GATEWAY_MAC: &str = "02:00:5e:0a:0f:11";
    if !inside_laptop() {
        let mut lab = Lab::new("maprun");
        let office = lab.add_gateway("10.203.3", GATEWAY_MAC);
        lab.move_to(&office);
        lab.warm_neighbour_cache(&office);
        lab.rerun_test_inside(RUNNING_TEST, &[]);
        return;
    }
    let home = MapHome::new(json!({}));
    let folder = home.path().join("drop");
    std::fs::create_dir_all(&folder).expect("drop folder");
    home.write_policy(json!({ "drop_folder": folder }));
    let before = home.locusctl(&["locate", "--json"]);
    let before: serde_json::Value = serde_json::from_slice(&before.stdout).expect("locate JSON");
    assert_eq!(
        (before["state"].as_str(), before["reason"].as_str()),
        (Some("confirm_required"), Some("unknown_network"))
    );
    let watch = MapWatch::start(&home);
    std::thread::sleep(Duration::from_secs(1));

    let mut map = example_with_serial(6);
    map["sites"][0]["places"][0]["rules"] = json!([{ "kind": "gateway_mac", "mac": GATEWAY_MAC }]);
    let place = map["sites"][0]["places"][0]["id"].as_str().expect("place id").to_owned();
    let signed = home.signed("staged.json", &map);
    std::fs::copy(signed.with_extension("json.minisig"), folder.join("map.json.minisig")).expect("signature");
    std::fs::copy(&signed, folder.join("map.json")).expect("map");

    let applied = wait_for(&watch, "MapApplied");
    assert_eq!(applied["payload"]["serial"], 6, "{applied}");
    let resolved = wait_for(&watch, "LocationResolved");
    assert_eq!(resolved["payload"]["location_id"], place.as_str(), "{resolved}");
    drop(watch);
}
