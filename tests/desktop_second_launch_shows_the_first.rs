//! Desktop end to end (issue #2): Locus is single-instance. With the app running hidden in the tray, launching
//! it again (as a user clicking the launcher would) does not start a second app: the second process exits and the
//! first one's window comes forward. Launched again with a `tel:` link — what the desktop does when someone
//! clicks one in a browser or CRM (issues #6, #7) — the running window's dialer shows the number, normalised,
//! and nothing is dialed.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};
use support::desktop::Desktop;
use support::lab;

const TEST_NAME: &str = "launching_again_brings_the_running_window_forward";
const LINK_TEST: &str = "a_tel_911_link_fills_the_dialer_as_an_emergency_call_and_never_dials";

#[test]
fn launching_again_brings_the_running_window_forward() {
    if lab::inside_laptop() {
        return inside_laptop_namespace();
    }
    lab::rerun_inside_laptop("single", "10.208.3", "02:00:5e:0e:0f:03", TEST_NAME, &[]);
}

#[test]
fn a_tel_911_link_fills_the_dialer_as_an_emergency_call_and_never_dials() {
    if !lab::inside_laptop() {
        return lab::rerun_inside_laptop("tel911", "10.208.4", "02:00:5e:0e:0f:04", LINK_TEST, &[]);
    }
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let app = support::binaries::locus_app();
    let (desktop, ()) = Desktop::launch_with_args_and_bus_hook(&app, home.path(), &["tel:911"], |_| ());
    desktop.wait_until("the link in the dialer", Duration::from_secs(30), |d| dialer_number(d) == "911");
    desktop.wait_until("the dial plan's label", Duration::from_secs(10), |d| {
        d.attribute("[data-testid=dialer-kind]", "data-kind").as_deref() == Some("emergency")
    });
    // The user has not pressed Call: nothing is dialed, now or a moment later.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(calls_on_screen(&desktop), 0, "a tel:911 link dialed by itself");
    let target = app.parent().and_then(|p| p.parent()).expect("target dir");
    let shot = desktop.screenshot(&target.join("e2e").join("tel-911-link.png"));
    assert!(shot.exists(), "{}", shot.display());
}

fn inside_laptop_namespace() {
    let home = support::desktop::home_starting_hidden();
    let app = support::binaries::locus_app();
    let (desktop, bus_address) = Desktop::launch_with_bus_hook(&app, home.path(), str::to_owned);
    desktop.wait_until("the app's page to load", Duration::from_secs(30), |d| !d.visibility().is_empty());
    assert_eq!(desktop.visibility(), "hidden", "started hidden in the tray");

    let started = Instant::now();
    let mut second = Command::new(&app)
        .arg("tel:+1-614-555-0100")
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
    desktop.wait_until("the link in the running window's dialer", Duration::from_secs(10), |d| {
        dialer_number(d) == "+16145550100"
    });
    let source = desktop.wait_for_text("[data-testid=dialer-link-source]", Duration::from_secs(5));
    assert!(source.contains("tel:+1-614-555-0100"), "{source}");
    assert_eq!(calls_on_screen(&desktop), 0, "a link never dials by itself");
}

/// The text in the dialer's number field.
fn dialer_number(desktop: &Desktop) -> String {
    let value =
        desktop.execute("const f = document.querySelector('[data-testid=dialer-number]'); return f ? f.value : '';");
    value.as_str().unwrap_or_default().to_owned()
}

/// How many call panels the window shows.
fn calls_on_screen(desktop: &Desktop) -> u64 {
    let count = desktop.execute("return document.querySelectorAll('[data-testid=call-panel]').length;");
    count.as_u64().unwrap_or_default()
}
