//! Kari's Law end to end: the real `locusctl` in a laptop network namespace with a sandboxed gnome-keyring, SIPp
//! as the 911 gateway and a webhook receiver on loopback. The managed policy names three webhooks by the name of
//! their signing secret; two secrets are stored with `locusctl notify secret` (from standard input), one is not.
//! After 911 the receiver gets the notice — signed with the stored secret, checked with the receiver's own HMAC —
//! with the callback DID and the confirmed location sent by value, and only after the gateway got the INVITE
//! (S4). A receiver that answers 500 first is retried and delivered; the webhook without a stored secret fails
//! for good, saying how to fix it; the desktop notification is shown. Every attempt is an
//! `emergency.notification` audit entry (and a NotificationDelivered/Failed event) and no secret is in the audit
//! log or any file (S5, S7). A 933 test call notifies nobody; its readback answer reaches the webhooks, signed.

mod support;

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;
use support::keychain::{
    Bus, files_containing, rerun_in_sandbox, sandbox, secret_tool_lookup, start_unlocked_gnome_keyring,
};
use support::lab::{inside_laptop, rerun_inside_laptop};
use support::sip_cli::{locusctl, text};
use support::sipp::Sipp;
use support::webhook::WebhookReceiver;

const TEST: &str = "a_911_call_notifies_it_after_the_invite_and_a_933_test_does_not";
const DID: &str = "3125550100";
const DESK_SECRET: &str = "desk-signing-secret-51c9e0";
const FLAKY_SECRET: &str = "flaky-signing-secret-a7d3";

/// The JSON lines a command printed.
fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// The SIP account, registering at (and calling through) the gateway on `port`.
fn point_account_at(home: &Path, port: u16) {
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    let account = json!({"accounts": [{"id": "work", "display_name": "Alice Agent", "user": "alice",
        "domain": "locus.test", "registrar": format!("127.0.0.1:{port}")}]});
    std::fs::write(config.join("accounts.json"), account.to_string()).expect("accounts");
}

/// The account, the managed policy, E911 settings, two of the three webhook secrets, and a confirmed place.
fn set_up(home: &Path, receiver: &WebhookReceiver, gateway_port: u16) {
    point_account_at(home, gateway_port);
    let policy = json!({"notifications": {"desktop": true, "webhooks": [
        {"url": receiver.url("/desk"), "secret_ref": "security-desk"},
        {"url": receiver.url("/flaky"), "secret_ref": "flaky"},
        {"url": receiver.url("/unsigned?token=query-is-not-logged"), "secret_ref": "never-stored"},
    ]}});
    std::fs::create_dir_all(home.join("policy")).expect("policy dir");
    std::fs::write(home.join("policy").join("policy.json"), policy.to_string()).expect("policy");
    let settings = json!({"strategy": "location_by_value", "dids": [{"number": DID, "carrier": "voipms",
        "status": "active"}]});
    let file = home.join("e911-settings.json");
    std::fs::write(&file, settings.to_string()).expect("settings");
    let set = locusctl(&["e911", "set", "--account", "work", "--file", file.to_str().expect("path")], None);
    assert!(set.status.success(), "{}", text(&set));
    for (name, secret) in [("security-desk", DESK_SECRET), ("flaky", FLAKY_SECRET)] {
        let stored = locusctl(&["notify", "secret", "--webhook", name], Some(&format!("{secret}\n")));
        assert!(stored.status.success(), "{}", text(&stored));
    }
    let address = json!({"country": "US", "a1": "IL", "a3": "Springfield", "hno": "742", "rd": "Evergreen",
        "sts": "Ter", "flr": "2", "pc": "62704"});
    let confirmed = locusctl(&["confirm", "--label", "Home", "--address", &address.to_string(), "--json"], None);
    assert!(confirmed.status.success(), "{}", text(&confirmed));
}

/// The notification events a call printed, as (type, channel, target, attempt, error).
fn notifications(events: &[Value]) -> Vec<(String, String, String, u64, Option<String>)> {
    events
        .iter()
        .filter(|e| e["type"].as_str().is_some_and(|t| t.starts_with("Notification")))
        .map(|e| {
            let p = &e["payload"];
            (
                e["type"].as_str().unwrap_or_default().to_owned(),
                p["channel"].as_str().unwrap_or_default().to_owned(),
                p["target"].as_str().unwrap_or_default().to_owned(),
                p["attempt"].as_u64().unwrap_or_default(),
                p["error"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn a_911_call_notifies_it_after_the_invite_and_a_933_test_does_not() {
    if !inside_laptop() {
        return rerun_inside_laptop("kari", "10.207.5", "02:00:5e:70:00:05", TEST, &[]);
    }
    let Some(_sandbox) = sandbox() else {
        return rerun_in_sandbox(TEST, Bus::PrivateSessionWithGnomeKeyring);
    };
    start_unlocked_gnome_keyring();
    let home = PathBuf::from(std::env::var_os("LOCUS_HOME").expect("the sandbox sets LOCUS_HOME"));
    let receiver = WebhookReceiver::start(&[("/desk", &[200]), ("/flaky", &[500, 200]), ("/unsigned", &[200])]);
    let mut gateway = Sipp::start("sipp-answer-and-hang-up.xml");
    set_up(&home, &receiver, gateway.port);

    let call = locusctl(&["call", "911", "--json"], None);
    assert!(call.status.success(), "{}\n{}", text(&call), gateway.errors());
    let events = lines(&call);
    assert_eq!(events[0]["event"], "invite_sent", "{}", text(&call));
    assert_eq!(events[0]["callback_did"], DID);
    let call_id = events[0]["call_id"].as_str().expect("call id").to_owned();
    assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());

    // The security desk got one signed notice with the callback number and the place sent by value.
    let desk = receiver.requests_to("/desk");
    assert_eq!(desk.len(), 1, "{desk:?}");
    assert!(desk[0].signed_with(DESK_SECRET), "signed with the stored secret: {:?}", desk[0].headers);
    assert!(!desk[0].signed_with(FLAKY_SECRET), "each webhook has its own secret");
    let notice = desk[0].json();
    assert_eq!(notice["event"], "emergency_call");
    assert_eq!(notice["dialed"], "911");
    assert_eq!(notice["call_id"], call_id.as_str());
    assert_eq!(notice["caller_name"], "Alice Agent");
    assert_eq!(notice["callback_number"], DID);
    assert_eq!(notice["location"]["civic"], "742 Evergreen Ter, Floor 2, Springfield, IL 62704, US");
    assert_eq!(notice["location"]["address"]["flr"], "2");
    assert_eq!(notice["location"]["how_obtained"], "user_entered", "the user typed the address in");
    assert_eq!(notice["location"]["conveyed_by"], "by_value");
    assert!(notice["machine"].as_str().is_some_and(|m| !m.is_empty()), "{notice}");

    // Nothing before the INVITE (S4): the gateway had the INVITE before any webhook request arrived.
    let invite_at = gateway.received_at("INVITE").expect("the gateway logged the INVITE");
    let first_post = receiver.requests().iter().map(|r| r.arrived).min().expect("requests");
    assert!(invite_at <= first_post, "INVITE at {invite_at:?}, first webhook request at {first_post:?}");
    println!("INVITE at the gateway → first webhook request: {:?}", first_post.duration_since(invite_at));

    // The flaky receiver failed once and was retried; the unsigned webhook was never sent anything.
    let flaky = receiver.requests_to("/flaky");
    assert_eq!(flaky.len(), 2, "{flaky:?}");
    assert!(flaky.iter().all(|r| r.signed_with(FLAKY_SECRET) && r.json()["call_id"] == call_id.as_str()));
    assert!(receiver.requests_to("/unsigned").is_empty(), "no request without a signing secret");

    let mut seen = notifications(&events);
    seen.sort_by(|a, b| (&a.1, &a.2, a.3).cmp(&(&b.1, &b.2, b.3)));
    let (desk_url, flaky_url) = (receiver.url("/desk"), receiver.url("/flaky"));
    let unsigned_url = receiver.url("/unsigned");
    let summary: Vec<(&str, &str, &str, u64)> = seen
        .iter()
        .map(|(kind, channel, target, attempt, _)| (kind.as_str(), channel.as_str(), target.as_str(), *attempt))
        .collect();
    assert_eq!(
        summary,
        [
            ("NotificationDelivered", "desktop", "desktop", 1),
            ("NotificationDelivered", "webhook", desk_url.as_str(), 1),
            ("NotificationFailed", "webhook", flaky_url.as_str(), 1),
            ("NotificationDelivered", "webhook", flaky_url.as_str(), 2),
            ("NotificationFailed", "webhook", unsigned_url.as_str(), 1),
        ],
        "{}",
        text(&call)
    );
    assert_eq!(seen[2].4.as_deref(), Some("webhook answered HTTP 500"));
    let missing = seen[4].4.clone().unwrap_or_default();
    assert!(missing.contains("locusctl notify secret --webhook never-stored"), "{missing}");
    let stderr = String::from_utf8_lossy(&call.stderr);
    assert!(stderr.contains("Emergency call to 911 placed") && stderr.contains(DID), "the desktop notice: {stderr}");

    // A 933 test call goes out the same way and notifies nobody.
    let mut test_line = Sipp::start("sipp-answer-and-hang-up.xml");
    point_account_at(&home, test_line.port);
    let test = locusctl(&["call", "933", "--json"], None);
    assert!(test.status.success(), "{}\n{}", text(&test), test_line.errors());
    assert!(test_line.finished_ok(Duration::from_secs(5)), "{}", test_line.errors());
    assert!(notifications(&lines(&test)).is_empty(), "{}", text(&test));
    assert_eq!(receiver.requests().len(), 3, "no new webhook request after the 933 test");

    // The readback test's answer goes to IT's webhooks: signed, with the outcome, the DID and the location.
    let mut readback_line = Sipp::start("sipp-answer-and-hang-up.xml");
    point_account_at(&home, readback_line.port);
    let readback = locusctl(&["e911", "test", "--answer", "mismatched", "--json"], None);
    // A readback that did not match is a failed test: exit status 1.
    assert_eq!(readback.status.code(), Some(1), "{}\n{}", text(&readback), readback_line.errors());
    assert!(readback_line.finished_ok(Duration::from_secs(5)), "{}", readback_line.errors());
    let reports = receiver.requests_to("/desk");
    let report = reports.iter().find(|r| r.json()["event"] == "emergency.test_result");
    let report = report.unwrap_or_else(|| panic!("no test result reached the desk: {reports:?}"));
    assert!(report.signed_with(DESK_SECRET), "the test result is signed: {:?}", report.headers);
    let body = report.json();
    assert_eq!((body["outcome"].as_str(), body["callback_did"].as_str()), (Some("mismatched"), Some(DID)));
    assert_eq!(body["dialed"], "933");
    assert!(body["location"].as_str().is_some_and(|l| l.contains("742 Evergreen Ter")), "{body}");
    assert!(receiver.requests_to("/unsigned").is_empty(), "still nothing without a signing secret");

    // Every attempt is in the audit log, with no secret; the chain holds; no file anywhere holds a secret.
    let export = locusctl(&["audit", "export", "--format", "json"], None);
    let exported = String::from_utf8_lossy(&export.stdout).into_owned();
    let entries: Value = serde_json::from_str(&exported).expect("audit JSON");
    let notified: Vec<Value> = entries
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["kind"] == "emergency.notification")
        .map(|e| serde_json::from_str(e["payload"].as_str().expect("payload")).expect("payload JSON"))
        .collect();
    assert_eq!(notified.len(), 5, "{exported}");
    assert!(notified.iter().all(|p| p["call_id"] == call_id.as_str() && p["dialed"] == "911"), "{notified:?}");
    let finals = notified.iter().filter(|p| p["final"] == true).count();
    assert_eq!(finals, 4, "one last word per target: {notified:?}");
    for secret in [DESK_SECRET, FLAKY_SECRET, "query-is-not-logged"] {
        assert!(!exported.contains(secret), "{secret} is in the audit log");
    }
    for secret in [DESK_SECRET, FLAKY_SECRET] {
        assert_eq!(files_containing(&home, secret.as_bytes()), Vec::<PathBuf>::new(), "only in the keychain");
    }
    let stored = secret_tool_lookup("org.locus.Locus", "notify-webhook:security-desk");
    assert_eq!(stored.as_deref(), Some(DESK_SECRET), "libsecret finds it where Locus put it");
    let verified = locusctl(&["audit", "verify"], None);
    assert!(verified.status.success(), "{}", text(&verified));
}
