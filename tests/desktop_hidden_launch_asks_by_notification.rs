//! Desktop end to end (issue #4): launched hidden in the tray on a network it has never seen, the real app asks
//! the user to confirm their location with a desktop notification (observed on the session bus with
//! `dbus-monitor`, since no notification daemon runs under Xvfb).

mod support;

use std::time::{Duration, Instant};
use support::desktop::Desktop;
use support::lab;

const TEST_NAME: &str = "launched_hidden_on_an_unseen_network_it_notifies";

#[test]
fn launched_hidden_on_an_unseen_network_it_notifies() {
    if lab::inside_laptop() {
        return inside_laptop_namespace();
    }
    lab::rerun_inside_laptop("notify", "10.208.1", "02:00:5e:0e:0f:01", TEST_NAME, &[]);
}

fn inside_laptop_namespace() {
    let home = support::desktop::home_starting_hidden();
    let bus_log = home.path().join("bus.log");
    let _desktop = Desktop::launch_with_bus_log(&support::binaries::locus_app(), home.path(), Some(&bus_log));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    while Instant::now() < deadline {
        seen = std::fs::read_to_string(&bus_log).unwrap_or_default();
        if seen.contains("member=Notify") && seen.contains("Confirm your location") {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let logs: String = std::fs::read_dir(home.path().join("logs"))
        .map(|d| d.flatten().map(|e| std::fs::read_to_string(e.path()).unwrap_or_default()).collect())
        .unwrap_or_default();
    panic!("no 'Confirm your location' notification was sent; session bus saw:\n{seen}\napp log:\n{logs}");
}
