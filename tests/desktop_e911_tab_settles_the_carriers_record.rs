//! Desktop end to end for the E911 tab (issue #8 item 6): the real app, its API password in a real keychain
//! (gnome-keyring on the app's own session bus, in the keychain sandbox) and the carrier crate's loopback fake
//! of the VoIP.ms REST API keeping E911 records as the carrier does. The tab lists the account's DID with the
//! address the carrier holds (the old office) as a mismatch with the confirmed place; "Sync now" sends the
//! place; the carrier suggests another city; the corrections dialog shows the change; "Use this address" sends the
//! corrected address, and the row ends Active with the carrier holding it. The decision is in the audit log.
//! Screenshots go to `target/e2e/`.

mod support;

// The carrier crate's contract-test fake of VoIP.ms, used as it is (`voipms` finds `server` as `super::server`).
#[allow(dead_code)]
#[path = "../src-tauri/crates/carrier/tests/support/fixtures.rs"]
mod fixtures;
#[allow(dead_code)]
#[path = "../src-tauri/crates/carrier/tests/support/server.rs"]
mod server;
#[allow(dead_code)]
#[path = "../src-tauri/crates/carrier/tests/support/voipms.rs"]
mod voipms;

use fixtures::{confirmed, old_record};
use serde_json::{Value, json};
use server::Reply;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use support::binaries::{locus_app, locusctl};
use support::desktop::Desktop;
use support::keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring_on};
use voipms::{API_PASSWORD, FakeVoipMs};

const TEST_NAME: &str = "the_e911_tab_syncs_the_carrier_and_takes_its_correction";
const DID: &str = "5555551234";

fn screenshot_dir() -> PathBuf {
    locus_app().parent().and_then(|p| p.parent()).expect("target dir").join("e2e")
}

/// Runs `locusctl` with `LOCUS_HOME=home`, on session bus `bus` when given, `stdin` on standard input.
fn locusctl_in(home: &Path, bus: Option<&str>, args: &[&str], stdin: &str) -> String {
    let mut command = Command::new(locusctl());
    command.args(args).env("LOCUS_HOME", home).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    if let Some(bus) = bus {
        command.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    let mut child = command.spawn().expect("run locusctl");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    let output = child.wait_with_output().expect("locusctl output");
    assert!(output.status.success(), "locusctl {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Account `work` places 911 calls under carrier update with one DID, and the office at 123 N Main St is
/// confirmed for this network (before any carrier is set up, so nothing was sent yet).
fn set_up(home: &Path) {
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
        "registrar": "127.0.0.1:9"}]});
    std::fs::write(config.join("accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": DID,
        "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(config.join("e911.json"), e911.to_string()).expect("E911 settings");
    let address = serde_json::to_string(&confirmed()).expect("address JSON");
    locusctl_in(home, None, &["confirm", "--label", "Office", "--address", &address], "");
}

/// The text of the first element matching `css`, empty when there is none.
fn text_of(desktop: &Desktop, css: &str) -> String {
    let script = format!("const e = document.querySelector('{css}'); return e ? e.innerText : '';");
    desktop.execute(&script).as_str().unwrap_or_default().trim().to_owned()
}

/// The text of the DID's status pill.
fn status(desktop: &Desktop) -> String {
    text_of(desktop, &format!("[data-testid=carrier-status-{DID}]"))
}

/// The text of the DID's row.
fn row(desktop: &Desktop) -> String {
    text_of(desktop, &format!("[data-testid=carrier-did-{DID}]"))
}

/// Waits up to `seconds` for `condition`; on timeout, fails with what the E911 tab shows and a screenshot.
fn wait_for(desktop: &Desktop, what: &str, seconds: u64, condition: impl Fn(&Desktop) -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
    while !condition(desktop) {
        if std::time::Instant::now() > deadline {
            let shot = desktop.screenshot(&screenshot_dir().join("e911-tab-failure.png"));
            let shown = text_of(desktop, "main");
            panic!("{what}: not within {seconds} s. The window shows:\n{shown}\n(screenshot {})", shot.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_e911_tab_syncs_the_carrier_and_takes_its_correction() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST_NAME, Bus::None);
    };
    let home = sandbox.join("locus-desktop");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("tokio");
    let voipms = runtime.block_on(FakeVoipMs::start());
    let dids = json!({"status": "success", "dids": [{"did": DID, "description": "Office line"}]});
    voipms.script("getDIDsInfo", vec![Reply::json(dids)]);
    // The carrier holds the old office (77 Elm Ave) and will refuse the new address once, suggesting a city.
    voipms.keep_records(&[old_record()]);
    let refusal = json!({ "status": "invalid_address", "alternatives": { "city": ["CAPITAL CITY"] } });
    voipms.script("e911Validate", vec![Reply::json(refusal), Reply::json(json!({ "status": "success" }))]);
    set_up(&home);

    let set = voipms.locusctl_set_args("work");
    let set: Vec<&str> = set.iter().map(String::as_str).collect();
    let (desktop, ()) = Desktop::launch_with_bus_hook(&locus_app(), &home, |bus| {
        start_unlocked_gnome_keyring_on(Some(bus));
        locusctl_in(&home, Some(bus), &set, &format!("{API_PASSWORD}\n"));
    });

    // The first status can still be rendering when the tab appears, and a click then may be lost: click until
    // the E911 page shows.
    desktop.wait_for("[data-testid=nav-e911]", Duration::from_secs(30));
    wait_for(&desktop, "the E911 page opens", 20, |d| {
        if d.find("[data-testid=e911-screen]").is_some() {
            return true;
        }
        d.click("[data-testid=nav-e911]");
        std::thread::sleep(Duration::from_millis(500));
        d.find("[data-testid=e911-screen]").is_some()
    });
    wait_for(&desktop, "the carrier's record is listed", 30, |d| row(d).contains("ELM"));
    // It is not the confirmed office: a mismatch, with the fields that differ.
    assert_eq!(status(&desktop), "Mismatch", "{}", row(&desktop));
    assert!(row(&desktop).contains("911 caller ID") && row(&desktop).contains("ELM AVE"), "{}", row(&desktop));
    assert!(row(&desktop).to_lowercase().contains("street name"), "{}", row(&desktop));

    // Sync now: the carrier holds another address, so ours is validated and the carrier suggests a correction.
    desktop.click("[data-testid=carrier-sync-work]");
    wait_for(&desktop, "the carrier asks the user", 30, |d| status(d) == "Needs your decision");
    desktop.click(&format!("[data-testid=carrier-review-{DID}]"));
    let dialog = desktop.wait_for_text("[role=dialog]", Duration::from_secs(10));
    assert!(dialog.contains("CAPITAL CITY") && dialog.contains("Springfield"), "{dialog}");
    let dir = screenshot_dir();
    desktop.screenshot(&dir.join("e911-tab-corrections.png"));
    assert!(voipms.methods().iter().all(|m| m != "e911Update"), "nothing sent before the user decided");

    // Accepting the correction sends it; the row ends Active with the carrier holding the corrected city.
    desktop.click("[data-testid=carrier-accept-0]");
    wait_for(&desktop, "the carrier holds the correction", 60, |d| {
        status(d) == "Active" && row(d).contains("CAPITAL CITY")
    });
    assert!(desktop.find("[role=dialog]").is_none(), "the dialog closed");
    assert_eq!(voipms.last("e911Update").param("city"), Some("CAPITAL CITY"));
    assert_eq!(voipms.last("e911Update").param("street_name"), Some("N Main Street"));
    let shot = desktop.screenshot(&dir.join("e911-tab.png"));
    assert!(shot.exists());

    let export = locusctl_in(&home, None, &["audit", "export", "--format", "json"], "");
    let entries: Value = serde_json::from_str(&export).expect("audit JSON");
    let decisions: Vec<Value> = entries
        .as_array()
        .expect("entries")
        .iter()
        .filter(|entry| entry["kind"] == "carrier.decision")
        .map(|entry| serde_json::from_str(entry["payload"].as_str().expect("payload")).expect("JSON"))
        .collect();
    assert_eq!(decisions.len(), 1, "{decisions:?}");
    assert_eq!((decisions[0]["did"].as_str(), decisions[0]["accepted"].as_u64()), (Some(DID), Some(0)));
}
