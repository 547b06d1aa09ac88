//! Kari's Law in the service, with a real keychain (a sandboxed gnome-keyring), a webhook receiver and a UDP
//! socket standing in for the 911 gateway, all on loopback. Dialing 911 returns as soon as the INVITE is out;
//! the notifications follow it (S4): the host is asked to show the desktop notification, the webhook gets the
//! notice signed with the secret stored under the policy's `secret_ref`, every attempt is an audit entry before
//! it is an event (S5), and no secret is in either (S7). 933 notifies nobody. The 933 readback result reaches
//! the same webhook, signed, through `post_test_result_to_it`.

#[allow(dead_code, unreachable_pub)]
#[path = "../../../../tests/support/keychain.rs"]
mod keychain;
#[allow(dead_code, unreachable_pub)]
#[path = "../../../../tests/support/webhook.rs"]
mod webhook;

use keychain::{Bus, rerun_in_sandbox, sandbox, start_unlocked_gnome_keyring};
use locus_core::events::Event;
use locus_core::policy::{NotificationSecret, store_notification_secret};
use locus_core::secrets::OsKeychain;
use locus_core::{DialOptions, HeadlessHost, LocusPaths, LocusService, SystemSource};
use serde_json::{Value, json};
use std::net::UdpSocket;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use webhook::WebhookReceiver;

const DID: &str = "3125550100";
const SECRET: &str = "security-desk-secret-0b7e";

/// A 911 gateway that only listens: it keeps the first datagram's arrival time.
fn gateway() -> (u16, std::thread::JoinHandle<Option<(SystemTime, String)>>) {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind the gateway");
    let port = socket.local_addr().expect("address").port();
    socket.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let first = std::thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        let (n, _) = socket.recv_from(&mut buffer).ok()?;
        Some((SystemTime::now(), String::from_utf8_lossy(&buffer[..n]).into_owned()))
    });
    (port, first)
}

/// The account calling through `port`, its E911 settings and a policy naming the receiver's webhook.
fn set_up(paths: &LocusPaths, port: u16, receiver: &WebhookReceiver) {
    paths.create_all().expect("directories");
    let accounts = json!({"accounts": [{"id": "work", "display_name": "Alice Agent", "user": "alice",
        "domain": "locus.test", "registrar": format!("127.0.0.1:{port}")}]});
    std::fs::write(paths.config_dir.join("accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = json!({"accounts": {"work": {"strategy": "did_pool", "dids": [{"number": DID, "carrier": "voipms",
        "status": "active", "registered_address": {"country": "US", "a1": "IL", "a3": "Springfield",
        "hno": "742", "rd": "Evergreen", "sts": "Ter", "pc": "62704"}}]}}});
    std::fs::write(paths.config_dir.join("e911.json"), e911.to_string()).expect("e911");
    let policy = json!({"notifications": {"webhooks": [{"url": receiver.url("/desk"), "secret_ref": "desk"}]}});
    std::fs::create_dir_all(paths.policy_file.parent().expect("policy dir")).expect("policy dir");
    std::fs::write(&paths.policy_file, policy.to_string()).expect("policy");
}

async fn audit_payloads(service: &LocusService, kind: &str) -> Vec<Value> {
    let entries = service.audit_entries().await.expect("audit");
    entries.iter().filter(|e| e.kind == kind).map(|e| serde_json::from_str(&e.payload).expect("payload JSON")).collect()
}

#[test]
fn a_911_dial_is_followed_by_signed_notifications_and_a_933_test_by_none() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "a_911_dial_is_followed_by_signed_notifications_and_a_933_test_by_none",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let paths = LocusPaths::under(&sandbox.join("locus"));
        // A slow receiver: the notice is still on its way when `dial` has long returned.
        let receiver = WebhookReceiver::start_slow(&[("/desk", &[200])], Duration::from_millis(700));
        let (port, invite) = gateway();
        set_up(&paths, port, &receiver);
        let secret = NotificationSecret::Webhook { secret_ref: "desk".into() };
        store_notification_secret(Arc::new(OsKeychain::new()), &secret, SECRET.into()).await.expect("store");
        let host = Arc::new(HeadlessHost::default());
        let service =
            LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host.clone()).await.expect("open");

        let placed = service.dial("911", DialOptions::default()).await.expect("911 goes out");
        assert_eq!(service.notifications_running(), 1, "the notifications run on after dial returned");
        tokio::time::timeout(Duration::from_secs(30), service.notifications_settled()).await.expect("settled");

        let (invite_at, invite) = invite.join().expect("gateway thread").expect("the gateway got the INVITE");
        assert!(invite.starts_with("INVITE sip:911@locus.test"), "{invite}");
        let requests = receiver.requests_to("/desk");
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert!(invite_at <= requests[0].arrived, "the INVITE came first (S4)");
        assert!(requests[0].signed_with(SECRET));
        let notice = requests[0].json();
        assert_eq!(notice["call_id"], placed.call.call_id.as_str());
        assert_eq!(notice["callback_number"], DID);
        assert_eq!(notice["caller_name"], "Alice Agent");
        assert_eq!(notice["location"]["conveyed_by"], "carrier_record");
        assert!(notice["location"]["how_obtained"].is_null(), "no place was confirmed on this machine: {notice}");

        let shown = host.emergency_notifications();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert_eq!(shown[0].0, "Emergency call to 911 placed");
        assert!(shown[0].1.contains(DID) && shown[0].1.contains("742 Evergreen Ter"), "{shown:?}");
        let delivered: Vec<(String, u32)> = host
            .events()
            .into_iter()
            .filter_map(|e| match e {
                Event::NotificationDelivered(n) => Some((n.channel, n.attempt)),
                Event::NotificationFailed(n) => panic!("nothing fails here: {n:?}"),
                _ => None,
            })
            .collect();
        assert_eq!(delivered.len(), 2);
        assert!(delivered.contains(&("desktop".into(), 1)) && delivered.contains(&("webhook".into(), 1)));
        let audited = audit_payloads(&service, "emergency.notification").await;
        assert_eq!(audited.len(), 2, "{audited:?}");
        assert!(audited.iter().all(|p| p["delivered"] == true && p["final"] == true && p["dialed"] == "911"));
        assert!(!format!("{audited:?} {:?}", host.events()).contains(SECRET), "no secret in audit or events");

        // A 933 test call takes the emergency path and notifies nobody.
        drop(placed);
        let (test_port, _test_invite) = gateway();
        set_up(&paths, test_port, &receiver);
        service.prepare_emergency().await;
        let test = service.dial("933", DialOptions::default()).await.expect("933 goes out");
        assert!(test.emergency.is_some());
        assert_eq!(service.notifications_running(), 0, "no notification for a test call");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(receiver.requests().len(), 1);
        assert_eq!(host.emergency_notifications().len(), 1);

        // The readback result reaches IT through the same webhook, signed, and is audited (no event).
        let result = json!({"event": "emergency_test_result", "call_id": test.call.call_id, "outcome": "matched"});
        service.post_test_result_to_it(result.clone()).await.expect("posted");
        let requests = receiver.requests_to("/desk");
        assert_eq!(requests.len(), 2);
        assert!(requests[1].signed_with(SECRET));
        assert_eq!(requests[1].json(), result);
        let audited = audit_payloads(&service, "emergency.test_result.notification").await;
        assert_eq!(audited.len(), 1, "{audited:?}");
        assert_eq!((&audited[0]["channel"], &audited[0]["delivered"]), (&json!("webhook"), &json!(true)));
        assert_eq!(audited[0]["call_id"], test.call.call_id.as_str());
        assert!(service.verify_audit_log().await.expect("verify").is_intact());
        service.shutdown().await;
    });
}

#[test]
fn a_911_dial_that_cannot_send_its_invite_is_audited_and_still_notifies_the_desk() {
    let Some(sandbox) = sandbox() else {
        return rerun_in_sandbox(
            "a_911_dial_that_cannot_send_its_invite_is_audited_and_still_notifies_the_desk",
            Bus::PrivateSessionWithGnomeKeyring,
        );
    };
    start_unlocked_gnome_keyring();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let paths = LocusPaths::under(&sandbox.join("locus"));
        let receiver = WebhookReceiver::start(&[("/desk", &[200])]);
        set_up(&paths, 5061, &receiver);
        // A TLS account whose CA file has gone missing: the call fails before any INVITE is sent.
        let missing = sandbox.join("gone/ca.pem");
        let accounts = json!({"accounts": [{"id": "work", "display_name": "Alice Agent", "user": "alice",
            "domain": "locus.test", "registrar": "127.0.0.1:5061", "transport": "tls",
            "tls_ca_file": missing.display().to_string()}]});
        std::fs::write(paths.config_dir.join("accounts.json"), accounts.to_string()).expect("accounts");
        let secret = NotificationSecret::Webhook { secret_ref: "desk".into() };
        store_notification_secret(Arc::new(OsKeychain::new()), &secret, SECRET.into()).await.expect("store");
        let host = Arc::new(HeadlessHost::default());
        let service =
            LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host.clone()).await.expect("open");

        let failed = service.dial("911", DialOptions::default()).await.expect_err("no INVITE can leave");
        assert!(failed.to_string().contains("ca.pem"), "the error names the file: {failed}");
        tokio::time::timeout(Duration::from_secs(30), service.notifications_settled()).await.expect("settled");

        let requests = receiver.requests_to("/desk");
        assert_eq!(requests.len(), 1, "the security desk hears of the attempt: {requests:?}");
        assert!(requests[0].signed_with(SECRET));
        let notice = requests[0].json();
        assert_eq!((notice["dialed"].as_str(), notice["placed"].as_bool()), (Some("911"), Some(false)), "{notice}");
        assert!(notice["not_placed_reason"].as_str().is_some_and(|r| r.contains("ca.pem")), "{notice}");
        assert_eq!(notice["callback_number"], DID);
        let shown = host.emergency_notifications();
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert_eq!(shown[0].0, "Emergency call to 911 could not be placed");

        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let audited = loop {
            let audited = audit_payloads(&service, "emergency.call_failed").await;
            if !audited.is_empty() || std::time::Instant::now() > deadline {
                break audited;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(audited.len(), 1, "the failed attempt is in the audit log");
        assert_eq!((audited[0]["dialed"].as_str(), audited[0]["caller_id"].as_str()), (Some("911"), Some(DID)));
        assert!(audited[0]["reason"].as_str().is_some_and(|r| r.contains("ca.pem")), "{:?}", audited[0]);
        assert!(service.verify_audit_log().await.expect("verify").is_intact());
        service.shutdown().await;
    });
}
