//! S1 with the main window closed (issue #7 item 5): the real app starts hidden in the tray on a network nobody has
//! confirmed; "Call 911" picked from the tray menu (over dbusmenu, as a panel does) sends the emergency INVITE at
//! once — the E911 DID in P-Asserted-Identity, `Priority: emergency`, under 50 ms from dial to INVITE by the
//! audit entry — and brings the window up with the call. SIPp in the laptop's namespace is the 911 gateway.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use std::time::Duration;
use support::binaries::{locus_app, locusctl};
use support::desktop::{Desktop, home_starting_hidden};
use support::lab;
use support::sipp::{Sipp, header};
use support::tray::TrayHost;

const TEST_NAME: &str = "call_911_from_the_tray_with_the_window_closed";
const DID: &str = "6145550133";

#[test]
fn call_911_from_the_tray_with_the_window_closed() {
    if lab::inside_laptop() {
        return inside_laptop_namespace();
    }
    lab::rerun_inside_laptop("e2etray", "10.206.8", "02:00:5e:e2:e0:08", TEST_NAME, &[]);
}

fn set_up(home: &Path, gateway_port: u16) {
    let config = home.join("config");
    let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
        "registrar": format!("127.0.0.1:{gateway_port}")}]});
    std::fs::write(config.join("accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": DID,
        "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(config.join("e911.json"), e911.to_string()).expect("E911 settings");
}

fn inside_laptop_namespace() {
    let home = home_starting_hidden();
    let mut gateway = Sipp::start("sipp-busy.xml");
    set_up(home.path(), gateway.port);
    let (desktop, tray) = Desktop::launch_with_bus_hook(&locus_app(), home.path(), TrayHost::start);
    tray.item(Duration::from_secs(45));
    assert_eq!(desktop.visibility(), "hidden", "the window starts closed, in the tray");

    tray.click_menu_item("Call 911");
    assert!(gateway.finished_ok(Duration::from_secs(10)), "{}", gateway.errors());
    let invite = gateway.request("INVITE").expect("the gateway got the INVITE");
    assert!(invite.starts_with("INVITE sip:911@locus.test"), "{invite}");
    assert_eq!(header(&invite, "P-Asserted-Identity"), Some(format!("<sip:{DID}@locus.test;user=phone>")));
    assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"));
    desktop.wait_until("the window comes up with the call", Duration::from_secs(10), |d| d.visibility() == "visible");

    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let payload = loop {
        let output = Command::new(locusctl())
            .args(["audit", "export", "--format", "json"])
            .env("LOCUS_HOME", home.path())
            .output()
            .expect("run locusctl");
        let entries: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        let call = entries.as_array().and_then(|e| e.iter().find(|e| e["kind"] == "emergency.call").cloned());
        if let Some(call) = call {
            break serde_json::from_str::<Value>(call["payload"].as_str().expect("payload")).expect("payload JSON");
        }
        assert!(std::time::Instant::now() < deadline, "no emergency.call in the audit log: {entries}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let latency = payload["dial_to_invite_ms"].as_f64().expect("latency");
    assert!(latency < 50.0, "dial to INVITE took {latency} ms");
    assert_eq!(payload["caller_id"], DID);
    drop(desktop);
}
