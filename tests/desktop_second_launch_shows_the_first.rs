//! Desktop end to end (issue #2): Locus is single-instance. With the app running hidden in the tray, launching
//! it again (as a user clicking the launcher would) does not start a second app: the second process exits and the
//! first one's window comes forward.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};
use support::desktop::Desktop;
use support::lab;

const TEST_NAME: &str = "launching_again_brings_the_running_window_forward";

#[test]
fn launching_again_brings_the_running_window_forward() {
    if lab::inside_laptop() {
        return inside_laptop_namespace();
    }
    lab::rerun_inside_laptop("single", "10.208.3", "02:00:5e:0e:0f:03", TEST_NAME, &[]);
}

fn inside_laptop_namespace() {
    let home = support::desktop::home_starting_hidden();
    let app = support::binaries::locus_app();
    let (desktop, bus_address) = Desktop::launch_with_bus_hook(&app, home.path(), str::to_owned);
    desktop.wait_until("the app's page to load", Duration::from_secs(30), |d| !d.visibility().is_empty());
    assert_eq!(desktop.visibility(), "hidden", "started hidden in the tray");

    let started = Instant::now();
    let mut second = Command::new(&app)
        .env("DISPLAY", &desktop.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
        .env("LOCUS_HOME", home.path())
        .env("GDK_BACKEND", "x11")
        .spawn()
        .expect("launch Locus a second time");
    let exited = loop {
        if let Some(status) = second.try_wait().expect("wait for the second launch") {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = second.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(exited.is_some(), "the second launch kept running: two instances");
    desktop.wait_until("the first window to come forward", Duration::from_secs(10), |d| d.visibility() == "visible");
}
