//! S1 and S4 in the running service: 911's INVITE leaves within 50 ms of dial whatever else is wrong — the
//! location unconfirmed, the registration failed, the database locked by another process, non-emergency calls
//! forbidden by policy — because dialing reads only the plan kept in memory. The audit entry follows the INVITE, and lands once the database is free again.
//! Runs the service in-process in a laptop network namespace, with SIPp as the carrier's 911 gateway; and
//! `locusctl call 911`, a process of its own, while another process holds the database locked: opening the
//! service reads what it needs without waiting for the lock, and the audit entry follows once it clears. A
//! service that starts with E911 settings it cannot read still sends 911, on the account alone, with readiness red.
//! And a registrar named by a host name that stops resolving (a new network's DNS) does not hold 911 up: the next
//! hop was resolved ahead of time (the lab's own `/etc/hosts`, through `ip netns exec`).

mod support;

use locus_core::events::Event;
use locus_core::{HeadlessHost, LocusPaths, LocusService, SystemSource};
use serde_json::json;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::lab::{Lab, inside_laptop, rerun_inside_laptop};
use support::locusctl::run_lines;
use support::sipp::{Sipp, header};

const DID: &str = "3125550142";

fn write_account(home: &Path, gateway_port: u16) {
    let config = home.join("config");
    std::fs::create_dir_all(&config).expect("config dir");
    let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
        "registrar": format!("127.0.0.1:{gateway_port}")}]});
    std::fs::write(config.join("accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": DID,
        "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(config.join("e911.json"), e911.to_string()).expect("e911 settings");
}

/// Dials 911 against a fresh gateway and checks the INVITE left within 50 ms with the DID.
async fn dial_911_at_once(service: &Arc<LocusService>, home: &Path, state: &str) {
    let mut gateway = Sipp::start("sipp-busy.xml");
    write_account(home, gateway.port);
    service.prepare_emergency().await;
    let started = Instant::now();
    let placed = service.dial("911", Default::default()).await.unwrap_or_else(|e| panic!("{state}: {e}"));
    let returned = started.elapsed();
    assert!(placed.dial_to_invite < Duration::from_millis(50), "{state}: dial to INVITE {:?}", placed.dial_to_invite);
    assert!(returned < Duration::from_millis(50), "{state}: dial returned after {returned:?}");
    let mut call = placed.call;
    while call.next_event().await.is_some() {}
    assert!(gateway.finished_ok(Duration::from_secs(5)), "{state}: {}", gateway.errors());
    let invite = gateway.request("INVITE").unwrap_or_else(|| panic!("{state}: no INVITE reached the gateway"));
    assert!(header(&invite, "From").is_some_and(|from| from.contains(DID)), "{state}: {invite}");
    assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"), "{state}");
}

/// Another process holding an exclusive lock on the database for `hold`; returns once the lock is taken.
fn lock_database(file: &Path, hold: Duration) -> Child {
    let script = format!(
        "import sqlite3, sys, time\n\
         c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
         c.execute('BEGIN EXCLUSIVE')\n\
         print('locked', flush=True)\n\
         time.sleep({})\n\
         c.execute('COMMIT')\n",
        hold.as_secs_f64()
    );
    let mut child = Command::new("python3")
        .args(["-c", &script, file.to_str().expect("path")])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 holds the lock");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().expect("stdout")), &mut line)
        .expect("lock report");
    assert_eq!(line.trim(), "locked");
    child
}

#[test]
fn the_emergency_invite_leaves_at_once_whatever_is_wrong() {
    if !inside_laptop() {
        return rerun_inside_laptop(
            "s1states",
            "10.207.4",
            "02:00:5e:70:00:04",
            "the_emergency_invite_leaves_at_once_whatever_is_wrong",
            &[],
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        // The organisation allows emergency calls only: every 911 below goes out all the same.
        std::fs::create_dir_all(home.path().join("policy")).expect("policy dir");
        std::fs::write(home.path().join("policy/policy.json"), json!({"dial": {"emergency_only": true}}).to_string())
            .expect("policy");
        let host = Arc::new(HeadlessHost::default());
        let paths = LocusPaths::under(home.path());
        let service = LocusService::open(paths.clone(), Arc::new(SystemSource::default()), host.clone())
            .await
            .expect("the service opens");

        // A network nobody has confirmed, and ordinary calls refused by policy.
        dial_911_at_once(&service, home.path(), "location unconfirmed").await;
        let refused = service.dial("3125550199", Default::default()).await.expect_err("policy refuses it");
        assert!(refused.to_string().contains("only emergency calls"), "{refused}");

        // Registration failed (no password is stored for the account): the plan says so, and 911 still goes.
        service.start_registrations().await;
        let failed = host.events().iter().any(|e| matches!(e, Event::RegisterFailed(f) if f.account_id == "work"));
        assert!(failed, "the registration failed: {:?}", host.events());
        let plan = service.emergency_plan().expect("a plan");
        let reasons: Vec<_> = std::iter::once(plan.readiness.reason).chain(plan.readiness.also.clone()).collect();
        assert!(reasons.contains(&locus_core::ReadinessReason::RegistrationFailed), "{reasons:?}");
        dial_911_at_once(&service, home.path(), "registration failed").await;

        // The database locked by another process: dialing never waits for it; the audit entry comes after.
        let mut locker = lock_database(&paths.database_file(), Duration::from_millis(1500));
        dial_911_at_once(&service, home.path(), "database locked").await;
        locker.wait().expect("the locker finishes");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let entries = service.audit_entries().await.expect("audit");
            let calls = entries.iter().filter(|entry| entry.kind == "emergency.call").count();
            if calls == 3 {
                break;
            }
            assert!(Instant::now() < deadline, "{calls} of 3 emergency calls reached the audit log: {entries:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
}

#[test]
fn e911_settings_that_cannot_be_read_at_start_do_not_stop_911() {
    if !inside_laptop() {
        return rerun_inside_laptop(
            "s1bad911",
            "10.207.7",
            "02:00:5e:70:00:07",
            "e911_settings_that_cannot_be_read_at_start_do_not_stop_911",
            &[],
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let mut gateway = Sipp::start("sipp-busy.xml");
        write_account(home.path(), gateway.port);
        // A hand edit gone wrong: an 11-digit DID, which the settings' checks refuse.
        let e911 = json!({"accounts": {"work": {"strategy": "carrier_update", "dids": [{"number": "13125550142",
            "carrier": "voipms", "status": "active"}]}}});
        std::fs::write(home.path().join("config/e911.json"), e911.to_string()).expect("bad e911 settings");
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(LocusPaths::under(home.path()), Arc::new(SystemSource::default()), host)
            .await
            .expect("the service opens");

        let plan = service.emergency_plan().expect("a plan on the account alone");
        assert_eq!(plan.readiness.level, locus_core::ReadinessLevel::Red, "{plan:?}");
        assert!(plan.readiness.summary.contains("use another phone for 911"), "{:?}", plan.readiness);
        let placed = service.dial("911", Default::default()).await.expect("911 still goes out");
        let mut call = placed.call;
        while call.next_event().await.is_some() {}
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        let invite = gateway.request("INVITE").expect("the gateway got the INVITE");
        assert_eq!(header(&invite, "Priority").as_deref(), Some("emergency"), "{invite}");
        assert!(header(&invite, "From").is_some_and(|from| from.contains("sip:alice@locus.test")), "{invite}");
    });
}

/// The host name the account gives its registrar in the name-lookup test.
const PBX_NAME: &str = "pbx.locus.test";

#[test]
fn a_registrar_name_that_stops_resolving_does_not_hold_up_911() {
    if !inside_laptop() {
        // `ip netns exec` puts /etc/netns/<namespace>/hosts and resolv.conf over the laptop's own: the name
        // resolves to loopback, and the only DNS server is the lab gateway, which runs none.
        let mut lab = Lab::new("s1dns");
        let gateway = lab.add_gateway("10.207.11", "02:00:5e:70:00:0b");
        lab.move_to(&gateway);
        lab.warm_neighbour_cache(&gateway);
        let etc = std::path::PathBuf::from("/etc/netns").join(lab.laptop());
        std::fs::create_dir_all(&etc).expect("/etc/netns/<laptop>");
        std::fs::write(etc.join("hosts"), format!("127.0.0.1 localhost\n127.0.0.1 {PBX_NAME}\n")).expect("hosts");
        std::fs::write(etc.join("resolv.conf"), format!("nameserver {}\noptions timeout:1 attempts:1\n", gateway.ip))
            .expect("resolv.conf");
        let hosts = etc.join("hosts").display().to_string();
        let test = "a_registrar_name_that_stops_resolving_does_not_hold_up_911";
        let result = std::panic::catch_unwind(|| lab.rerun_test_inside(test, &[("LAB_HOSTS_FILE", &hosts)]));
        let _ = std::fs::remove_dir_all(&etc);
        return result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    let hosts = std::env::var("LAB_HOSTS_FILE").expect("LAB_HOSTS_FILE");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let mut gateway = Sipp::start("sipp-busy.xml");
        write_account(home.path(), gateway.port);
        let accounts = json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test",
            "registrar": format!("{PBX_NAME}:{}", gateway.port)}]});
        std::fs::write(home.path().join("config/accounts.json"), accounts.to_string()).expect("accounts");
        let host = Arc::new(HeadlessHost::default());
        let service = LocusService::open(LocusPaths::under(home.path()), Arc::new(SystemSource::default()), host)
            .await
            .expect("the service opens");
        let resolvable = tokio::net::lookup_host((PBX_NAME, gateway.port)).await.map(|mut a| a.next());
        assert!(matches!(resolvable, Ok(Some(_))), "the lab resolves {PBX_NAME}: {resolvable:?}");
        tokio::time::sleep(Duration::from_millis(300)).await; // the service resolves it in the background

        // The name stops resolving (written in place: the bind mount keeps the file's inode).
        std::fs::write(&hosts, "127.0.0.1 localhost\n").expect("rewrite hosts");
        let gone = tokio::net::lookup_host((PBX_NAME, gateway.port)).await.map(|mut a| a.next());
        assert!(!matches!(gone, Ok(Some(_))), "{PBX_NAME} no longer resolves: {gone:?}");

        let placed = service.dial("911", Default::default()).await.expect("911 goes out without a name lookup");
        assert!(placed.dial_to_invite < Duration::from_millis(50), "dial to INVITE {:?}", placed.dial_to_invite);
        let mut call = placed.call;
        while call.next_event().await.is_some() {}
        assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
        let invite = gateway.request("INVITE").expect("the gateway got the INVITE");
        assert!(header(&invite, "From").is_some_and(|from| from.contains(DID)), "{invite}");
    });
}

#[test]
fn locusctl_dials_911_at_once_while_another_process_holds_the_database() {
    if !inside_laptop() {
        return rerun_inside_laptop(
            "s1cli",
            "10.207.6",
            "02:00:5e:70:00:06",
            "locusctl_dials_911_at_once_while_another_process_holds_the_database",
            &[],
        );
    }
    let home = tempfile::tempdir().expect("LOCUS_HOME");
    let mut gateway = Sipp::start("sipp-busy.xml");
    write_account(home.path(), gateway.port);
    // A first run creates and migrates the database, as any earlier use of the app would have.
    let (ok, _, text) = run_lines(home.path(), &["status", "--json"]);
    assert!(ok, "{text}");

    let hold = Duration::from_secs(3);
    let mut locker = lock_database(&LocusPaths::under(home.path()).database_file(), hold);
    let locked_at = std::time::SystemTime::now();
    let (_, events, text) = run_lines(home.path(), &["call", "911", "--json"]);
    locker.wait().expect("the locker finishes");

    let sent = events.iter().find(|e| e["event"] == "invite_sent").unwrap_or_else(|| panic!("no INVITE: {text}"));
    assert_eq!(sent["callback_did"], DID, "{text}");
    let latency = sent["dial_to_invite_ms"].as_f64().expect("latency");
    assert!(latency < 50.0, "dial to INVITE took {latency} ms with the database locked");
    assert!(gateway.finished_ok(Duration::from_secs(5)), "{}", gateway.errors());
    let invite = gateway.request("INVITE").expect("the gateway got the INVITE");
    assert!(header(&invite, "From").is_some_and(|from| from.contains(DID)), "{invite}");
    // Start-up did not wait for the lock either: the INVITE reached the gateway long before the lock cleared.
    let arrived = gateway.received_at("INVITE").expect("the INVITE's arrival time");
    let after_lock = arrived.duration_since(locked_at).unwrap_or_default();
    assert!(after_lock < hold / 2, "the INVITE arrived {after_lock:?} after the lock was taken (held {hold:?})");

    // The audit entry waited for the database, and is there.
    let export = Command::new(support::binaries::locusctl())
        .args(["audit", "export", "--format", "json"])
        .env("LOCUS_HOME", home.path())
        .output()
        .expect("run locusctl audit export");
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&export.stdout).expect("an array of entries");
    assert_eq!(entries.iter().filter(|entry| entry["kind"] == "emergency.call").count(), 1, "{entries:?}");
}
