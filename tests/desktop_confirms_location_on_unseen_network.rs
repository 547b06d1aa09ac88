//! Desktop end to end (issue #4): on a network the app has never seen, the real app shows the confirmation
//! dialog, with the emergency dial reachable (S1), and its tray icon — read from a StatusNotifier host on the
//! session bus, as a desktop panel sees it — is amber with a menu line saying why; the user types an address and
//! confirms; readiness, the tray badge and the tray menu leave amber; and the confirmation is in the hash-chained
//! audit log. Screenshots go to `target/e2e/`.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;
use support::desktop::Desktop;
use support::lab;
use support::tray::TrayHost;

/// The readiness badge colours (src-tauri/tray_badge.rs).
const AMBER: [u8; 4] = [0xf2, 0xa9, 0x00, 0xff];
const GREEN: [u8; 4] = [0x2e, 0x7d, 0x32, 0xff];

const TEST_NAME: &str = "the_user_confirms_a_new_address_and_e911_is_armed";

#[test]
fn the_user_confirms_a_new_address_and_e911_is_armed() {
    if lab::inside_laptop() {
        return inside_laptop_namespace();
    }
    lab::rerun_inside_laptop("e2econf", "10.206.1", "02:00:5e:e2:e0:01", TEST_NAME, &[]);
}

fn screenshot_dir() -> PathBuf {
    support::binaries::locus_app().parent().and_then(|p| p.parent()).expect("target dir").join("e2e")
}

fn inside_laptop_namespace() {
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let (desktop, tray) = Desktop::launch_with_bus_hook(&support::binaries::locus_app(), home.path(), TrayHost::start);

    desktop.wait_for("[data-testid=confirm-location-modal]", Duration::from_secs(45));
    let readiness = desktop.wait_for_text("[data-testid=readiness]", Duration::from_secs(5));
    assert!(readiness.contains("confirm your location"), "amber before confirming: {readiness}");
    assert_eq!(tray.badge_colour(), AMBER, "the tray icon is amber until the location is confirmed");
    let menu = tray.menu_labels();
    assert!(menu.iter().any(|l| l.contains("confirm your location")), "the tray menu says why: {menu:?}");
    let dial = desktop
        .wait_for_text("[data-testid=confirm-location-modal] [data-testid=emergency-dial]", Duration::from_secs(5));
    assert!(dial.contains("911"), "the emergency dial must be reachable inside the dialog: {dial}");
    desktop.screenshot(&screenshot_dir().join("confirm-location-modal.png"));

    desktop.click("[data-testid=enter-new-address]");
    desktop.type_into("input[name=label]", "Home office");
    desktop.type_into("input[name=hno]", "742");
    desktop.type_into("input[name=rd]", "Evergreen");
    desktop.type_into("input[name=sts]", "Ter");
    desktop.type_into("input[name=a3]", "Springfield");
    desktop.click("select[name=a1] option[value=IL]");
    desktop.type_into("input[name=pc]", "62704");
    desktop.click("[data-testid=confirm-submit]");

    desktop.wait_until("the dialog closes", Duration::from_secs(15), |d| {
        d.find("[data-testid=confirm-location-modal]").is_none()
    });
    desktop.wait_until("readiness leaves amber", Duration::from_secs(10), |d| {
        d.attribute("[data-testid=readiness]", "data-level").is_some_and(|level| level != "amber")
    });
    desktop.screenshot(&screenshot_dir().join("location-confirmed.png"));
    desktop.wait_until("the tray icon leaves amber", Duration::from_secs(10), |_| tray.badge_colour() != AMBER);
    assert_eq!(tray.badge_colour(), GREEN, "armed: the tray icon is green");
    let menu = tray.menu_labels();
    assert!(!menu.iter().any(|l| l.contains("confirm your location")), "the tray menu follows: {menu:?}");
    println!("tray menu when armed: {menu:?}");

    let output = std::process::Command::new(support::binaries::locusctl())
        .args(["audit", "export", "--format", "json"])
        .env("LOCUS_HOME", home.path())
        .output()
        .expect("run locusctl");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let entries: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let confirmed = entries
        .as_array()
        .expect("entries")
        .iter()
        .find(|e| e["kind"] == "location.confirmed")
        .unwrap_or_else(|| panic!("no location.confirmed entry in {entries}"));
    let payload: Value = serde_json::from_str(confirmed["payload"].as_str().expect("payload")).expect("payload JSON");
    assert_eq!(payload["address"]["rd"], "Evergreen");
    assert_eq!(payload["how_obtained"], "user_entered");
    let verify = std::process::Command::new(support::binaries::locusctl())
        .args(["audit", "verify"])
        .env("LOCUS_HOME", home.path())
        .status()
        .expect("verify");
    assert!(verify.success(), "the audit chain must be intact");
}
