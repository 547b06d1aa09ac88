//! Moving the laptop (its default route) from one gateway namespace to another, with a different MAC and
//! subnet, makes `locusctl net --watch` report a NetworkChanged with the new gateway MAC — driven by netlink
//! notifications, not by the slow safety-net poll — and a new fingerprint id.

mod support;

use std::time::{Duration, Instant};
use support::lab::Lab;
use support::locusctl::WatchStream;

#[test]
fn moving_to_another_gateway_reports_the_new_gateway_mac() {
    let mut lab = Lab::new("move");
    let office = lab.add_gateway("10.202.1", "02:00:5e:0f:f1:ce");
    let home_gw = lab.add_gateway("10.202.2", "02:00:5e:00:40:3e");
    lab.move_to(&office);
    lab.warm_neighbour_cache(&office);
    let home = tempfile::tempdir().expect("home");
    let watch = WatchStream::start(&lab, home.path());

    let (_, first) = watch.next(Duration::from_secs(10));
    assert_eq!(first["underlay"]["gateway"]["mac"], office.mac.as_str(), "{first}");
    let office_id = first["fingerprint_id"].clone();

    // Let the watcher subscribe, then move. The safety-net poll is 10 s, so a report within 3 s can only
    // come from the OS notifications.
    std::thread::sleep(Duration::from_millis(500));
    let moved_at = Instant::now();
    lab.move_to(&home_gw);
    let (seen_at, changed) =
        watch.next_matching(Duration::from_secs(3), |v| v["underlay"]["gateway"]["mac"] == home_gw.mac.as_str());
    println!("route change → NetworkChanged: {:?}", seen_at.duration_since(moved_at));
    assert_eq!(changed["default_gateway"]["ip"], home_gw.ip.as_str());
    assert_ne!(changed["fingerprint_id"], office_id, "a different router is a different network");

    lab.move_to(&office);
    let (_, back) =
        watch.next_matching(Duration::from_secs(3), |v| v["underlay"]["gateway"]["mac"] == office.mac.as_str());
    assert_eq!(back["fingerprint_id"], office_id, "the same router gives the same fingerprint again");
}
