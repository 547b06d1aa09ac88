//! Desktop end to end (issue #4): launched hidden in the tray on a network it has never seen, the real app asks
//! for a location confirmation with a desktop notification shown by a real notification daemon (dunst, on the
//! app's session bus); invoking the notification's action — what a click does — brings the window forward with
//! the confirmation dialog open and the emergency dial reachable (S1).

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::desktop::Desktop;
use support::lab;

const TEST_NAME: &str = "clicking_the_notification_brings_the_window_with_the_dialog";

#[test]
fn clicking_the_notification_brings_the_window_with_the_dialog() {
    if lab::inside_laptop() {
        return inside_laptop_namespace();
    }
    lab::rerun_inside_laptop("notclick", "10.208.2", "02:00:5e:0e:0f:02", TEST_NAME, &[]);
}

/// Runs `dunstctl args` on the app's session bus.
fn dunstctl(bus_address_file: &Path, args: &[&str]) -> String {
    let address = std::fs::read_to_string(bus_address_file).expect("bus address").trim().to_owned();
    let output = Command::new("dunstctl")
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .output()
        .expect("run dunstctl (package dunst)");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn inside_laptop_namespace() {
    let home = support::desktop::home_starting_hidden();
    let bus_address = home.path().join("bus-address");
    let desktop = Desktop::launch_with_notification_daemon(&support::binaries::locus_app(), home.path(), &bus_address);

    let deadline = Instant::now() + Duration::from_secs(30);
    while dunstctl(&bus_address, &["count", "displayed"]) != "1" {
        assert!(Instant::now() < deadline, "dunst never displayed the confirm-location notification");
        std::thread::sleep(Duration::from_millis(200));
    }
    let shown_before_click = desktop.visibility();
    assert_eq!(shown_before_click, "hidden", "the window starts hidden in the tray");

    // What a click on the notification does: invoke its default action.
    dunstctl(&bus_address, &["action", "0"]);
    desktop.wait_until("the window to come forward", Duration::from_secs(10), |d| d.visibility() == "visible");
    desktop.wait_for("[data-testid=confirm-location-modal]", Duration::from_secs(10));
    let dial = desktop
        .wait_for_text("[data-testid=confirm-location-modal] [data-testid=emergency-dial]", Duration::from_secs(5));
    assert!(dial.contains("911"), "the emergency dial is reachable in the dialog: {dial}");
}
