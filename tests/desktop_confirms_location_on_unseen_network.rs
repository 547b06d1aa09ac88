//! Desktop end to end (issue #4): on a network the app has never seen — with a calling account registered at a
//! real Kamailio (its password in gnome-keyring on the app's bus) and an E911 DID that sends the location by
//! value — the real app shows the confirmation dialog, with the emergency dial reachable (S1), and its tray icon
//! — read from a StatusNotifier host on the session bus, as a desktop panel sees it — is amber with a menu line
//! saying why; the user types an address and confirms; readiness, the tray badge and the tray menu turn green;
//! and the confirmation is in the hash-chained audit log. Screenshots go to `target/e2e/`.

mod support;

use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use support::desktop::Desktop;
use support::kamailio::{Digest, Kamailio, PASSWORD};
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring_on};
use support::lab;
use support::tray::TrayHost;

/// The readiness badge colours (src-tauri/tray_badge.rs).
const AMBER: [u8; 4] = [0xf2, 0xa9, 0x00, 0xff];
const GREEN: [u8; 4] = [0x2e, 0x7d, 0x32, 0xff];

const TEST_NAME: &str = "the_user_confirms_a_new_address_and_e911_is_armed";

#[test]
fn the_user_confirms_a_new_address_and_e911_is_armed() {
    if !lab::inside_laptop() {
        return lab::rerun_inside_laptop("e2econf", "10.206.1", "02:00:5e:e2:e0:01", TEST_NAME, &[]);
    }
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST_NAME, Bus::None);
    };
    inside_laptop_namespace(&sandbox.join("locus-desktop"));
}

/// Account `work` (alice, registering at `kamailio`), its password added on the app's bus `bus`; its E911 DID
/// is active and sends the location by value.
fn add_account(home: &Path, kamailio: &Kamailio, bus: &str) {
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    let e911 = json!({"accounts": {"work": {"strategy": "location_by_value", "dids": [{"number": "3125550188",
        "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(config.join("e911.json"), e911.to_string()).expect("E911 settings");
    let registrar = format!("127.0.0.1:{}", kamailio.port);
    let mut add = Command::new(support::binaries::locusctl())
        .args(["account", "add", "--id", "work", "--user", "alice", "--domain", "locus.test"])
        .args(["--registrar", &registrar])
        .env("LOCUS_HOME", home)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .stdin(Stdio::piped())
        .spawn()
        .expect("locusctl account add");
    add.stdin.take().expect("stdin").write_all(format!("{PASSWORD}\n").as_bytes()).expect("password");
    assert!(add.wait().expect("locusctl").success(), "locusctl account add failed");
}

fn screenshot_dir() -> PathBuf {
    support::binaries::locus_app().parent().and_then(|p| p.parent()).expect("target dir").join("e2e")
}

fn inside_laptop_namespace(home: &Path) {
    std::fs::create_dir_all(home).expect("LOCUS_HOME");
    let kamailio = Kamailio::start(Digest::Md5);
    let (desktop, tray) = Desktop::launch_with_bus_hook(&support::binaries::locus_app(), home, |bus| {
        start_unlocked_gnome_keyring_on(Some(bus));
        add_account(home, &kamailio, bus);
        TrayHost::start(bus)
    });

    desktop.wait_for("[data-testid=confirm-location-modal]", Duration::from_secs(45));
    let readiness = desktop.wait_for_text("[data-testid=readiness]", Duration::from_secs(5));
    assert!(readiness.contains("tell Locus where you are"), "amber before confirming: {readiness}");
    assert_eq!(tray.badge_colour(), AMBER, "the tray icon is amber until the location is confirmed");
    let menu = tray.menu_labels();
    assert!(menu.iter().any(|l| l.contains("tell Locus where you are")), "the tray menu says why: {menu:?}");
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
    desktop.wait_until("readiness turns green", Duration::from_secs(20), |d| {
        d.attribute("[data-testid=readiness]", "data-level").as_deref() == Some("green")
    });
    desktop.screenshot(&screenshot_dir().join("location-confirmed.png"));
    desktop.wait_until("the tray icon turns green", Duration::from_secs(10), |_| tray.badge_colour() == GREEN);
    assert_eq!(tray.badge_colour(), GREEN, "armed: the tray icon is green");
    let menu = tray.menu_labels();
    assert!(!menu.iter().any(|l| l.contains("tell Locus where you are")), "the tray menu follows: {menu:?}");
    println!("tray menu when armed: {menu:?}");

    let output = std::process::Command::new(support::binaries::locusctl())
        .args(["audit", "export", "--format", "json"])
        .env("LOCUS_HOME", home)
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
        .env("LOCUS_HOME", home)
        .status()
        .expect("verify");
    assert!(verify.success(), "the audit chain must be intact");
}
