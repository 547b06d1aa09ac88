//! Location updates when the laptop moves: they run one at a time, so a slow resolution of the network the
//! laptop just left never publishes after the quick one of the network it is on now; and when resolving fails
//! (a real store error: a table gone from the SQLite file), the previous network's place is dropped, readiness
//! stops saying the location is confirmed and the emergency plan carries no location. Real SQLite file, the real
//! store and service; the network comes from a snapshot source the test switches (the service's input).

use locus_core::events::Event;
use locus_core::{HeadlessHost, LocusPaths, LocusService, ReadinessReason};
use locus_location::civic::CivicAddress;
use locus_location::confirmation::LocationState;
use locus_location::matcher::{NetworkRule, RuleKind};
use locus_location::{Places, Store};
use locus_netprobe::{DefaultGateway, InterfaceKind, NetprobeError, NetworkSnapshot, SnapshotSource, Underlay};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;

const SITE_A_MAC: &str = "02:00:5e:0a:00:01";
const SITE_B_MAC: &str = "02:00:5e:0b:00:01";
const DID: &str = "6145550111";

/// A network source the test moves between sites.
struct Switchable(Mutex<NetworkSnapshot>);

impl Switchable {
    fn move_to(&self, snapshot: NetworkSnapshot) {
        *self.0.lock().expect("source") = snapshot;
    }
}

impl SnapshotSource for Switchable {
    fn snapshot(&self) -> Result<NetworkSnapshot, NetprobeError> {
        Ok(self.0.lock().expect("source").clone())
    }
}

fn lan(mac: &str, prefix: &str) -> NetworkSnapshot {
    let gateway = DefaultGateway { ip: format!("{prefix}.1"), mac: Some(mac.into()), interface: "eth0".into() };
    NetworkSnapshot {
        default_gateway: Some(gateway.clone()),
        underlay: Some(Underlay {
            interface: "eth0".into(),
            kind: InterfaceKind::Wired,
            gateway,
            addrs: vec![format!("{prefix}.50/24")],
        }),
        ..NetworkSnapshot::default()
    }
}

fn site_a() -> NetworkSnapshot {
    lan(SITE_A_MAC, "10.210.1")
}

fn site_b() -> NetworkSnapshot {
    lan(SITE_B_MAC, "10.210.2")
}

fn address(street: &str) -> CivicAddress {
    CivicAddress {
        country: "US".into(),
        a1: "OH".into(),
        a3: "Columbus".into(),
        hno: "50".into(),
        rd: street.into(),
        pc: "43215".into(),
        ..CivicAddress::default()
    }
}

fn gateway_rule(mac: &str, location: &str) -> NetworkRule {
    NetworkRule::from_it_map(RuleKind::GatewayMac, mac, location)
}

/// IT's map: site A and site B, site B's gateway mapped to it (and site A's when `map_site_a`), and `others`
/// more places without rules (a large map makes resolving a network Locus must ask about slower: the dialog's
/// suggestions are picked from every IT place).
async fn write_it_map(paths: &LocusPaths, map_site_a: bool, others: usize) {
    let mut locations = vec![
        ("site-a".to_owned(), "Site A".to_owned(), address("Broad")),
        ("site-b".to_owned(), "Site B".to_owned(), address("High")),
    ];
    locations.extend((0..others).map(|n| (format!("place-{n}"), format!("Place {n}"), address("Main"))));
    let mut rules = vec![gateway_rule(SITE_B_MAC, "site-b")];
    if map_site_a {
        rules.push(gateway_rule(SITE_A_MAC, "site-a"));
    }
    let store = Store::open(&paths.database_file()).await.expect("store");
    let at = OffsetDateTime::now_utc() - time::Duration::hours(1);
    Places::new(store.clone()).replace_it_map(&locations, &rules, &[], json!({}), at).await.expect("map");
    store.close().await;
}

/// One account that sends the location by value, so the plan says what the PSAP would get.
fn write_account(paths: &LocusPaths) {
    let accounts =
        json!({"accounts": [{"id": "work", "user": "alice", "domain": "locus.test", "registrar": "127.0.0.1:9"}]});
    std::fs::write(paths.config_dir.join("accounts.json"), accounts.to_string()).expect("accounts");
    let e911 = json!({"accounts": {"work": {"strategy": "location_by_value", "dids": [
        {"number": DID, "carrier": "voipms", "status": "active"}]}}});
    std::fs::write(paths.config_dir.join("e911.json"), e911.to_string()).expect("E911 settings");
}

async fn open(paths: &LocusPaths, source: Arc<Switchable>) -> (Arc<LocusService>, Arc<HeadlessHost>) {
    let host = Arc::new(HeadlessHost::default());
    let service = LocusService::open(paths.clone(), source, host.clone()).await.expect("service");
    (service, host)
}

/// A service in `home` with the account and both sites mapped, on site A's network.
async fn at_site_a(home: &std::path::Path) -> (LocusPaths, Arc<Switchable>, Arc<LocusService>, Arc<HeadlessHost>) {
    let paths = LocusPaths::under(home);
    paths.create_all().expect("directories");
    write_account(&paths);
    write_it_map(&paths, true, 0).await;
    let source = Arc::new(Switchable(Mutex::new(site_a())));
    let (service, host) = open(&paths, source.clone()).await;
    (paths, source, service, host)
}

fn resolved_location(state: &LocationState) -> Option<&str> {
    match state {
        LocationState::Resolved { location_id, .. } => Some(location_id),
        _ => None,
    }
}

#[test]
fn a_store_error_after_a_move_drops_the_previous_sites_place() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let (paths, source, service, host) = at_site_a(home.path()).await;
        assert_eq!(resolved_location(&service.locate().await.state), Some("site-a"));
        let plan = service.emergency_plan().expect("plan");
        assert!(plan.location_sent.as_deref().is_some_and(|l| l.contains("Broad")), "{plan:?}");

        // The store breaks (a table the resolution reads is gone), then the laptop moves to site B.
        let store = Store::open(&paths.database_file()).await.expect("store");
        sqlx::query("DROP TABLE personal_networks").execute(store.pool()).await.expect("drop a table");
        store.close().await;
        source.move_to(site_b());
        let network = service.refresh_network().await.expect("the network is read");
        assert_eq!(network.underlay.as_ref().and_then(|u| u.gateway.mac.as_deref()), Some(SITE_B_MAC));

        // Site A's place is no longer in force: not confirmed, and no location goes with a 911 call.
        let report = service.locate().await;
        assert_eq!(report.location, None, "{report:?}");
        assert!(matches!(report.state, LocationState::ConfirmRequired { .. }), "{report:?}");
        assert_eq!(report.fingerprint_id, network.fingerprint_id);
        let plan = service.emergency_plan().expect("plan");
        assert_eq!((plan.location_label, plan.location_sent), (None, None));
        let readiness = service.readiness().await;
        assert!(
            readiness.reason == ReadinessReason::NoLocation || readiness.also.contains(&ReadinessReason::NoLocation),
            "{readiness:?}"
        );
        assert!(
            host.events().iter().any(|e| matches!(e, Event::LocationConfirmRequired(_))),
            "the window is told to ask: {:?}",
            host.events()
        );
    });
}

#[test]
fn the_last_move_is_the_last_location_published() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let paths = LocusPaths::under(home.path());
        paths.create_all().expect("directories");
        // Site A is a network IT does not map: Locus asks, which takes a while in a map of 50,000 places.
        // Site B is mapped, and resolves at once.
        write_it_map(&paths, false, 50_000).await;
        let source = Arc::new(Switchable(Mutex::new(site_b())));
        let (service, host) = open(&paths, source.clone()).await;
        assert_eq!(resolved_location(&service.locate().await.state), Some("site-b"));

        // To site A, and back to site B while site A is still being resolved.
        let network_changes = || host.events().iter().filter(|e| matches!(e, Event::NetworkChanged(_))).count();
        let before = network_changes();
        source.move_to(site_a());
        let to_a = tokio::spawn({
            let service = service.clone();
            async move { service.refresh_network().await }
        });
        while network_changes() == before {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        source.move_to(site_b());
        service.refresh_network().await.expect("to site B again");
        to_a.await.expect("task").expect("to site A");

        let network = service.network().await;
        let report = service.locate().await;
        assert_eq!(network.underlay.as_ref().and_then(|u| u.gateway.mac.as_deref()), Some(SITE_B_MAC));
        assert_eq!(report.fingerprint_id, network.fingerprint_id, "the place in force is for this network");
        assert_eq!(resolved_location(&report.state), Some("site-b"), "{:?}", report.state);
    });
}

#[test]
fn every_change_of_the_place_in_force_is_in_the_audit_log_by_keyed_fingerprint_only() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let home = tempfile::tempdir().expect("LOCUS_HOME");
        let (_paths, source, service, host) = at_site_a(home.path()).await;

        source.move_to(site_b());
        let network = service.refresh_network().await.expect("the network is read");
        // By the time the window has heard of site B, the audit log has it (S5).
        assert!(host.events().iter().any(|e| matches!(e, Event::LocationResolved(l) if l.location_id == "site-b")));
        let entries = service.audit_entries().await.expect("audit");
        let in_force: Vec<serde_json::Value> = entries
            .iter()
            .filter(|e| e.kind == "location.in_force")
            .map(|e| serde_json::from_str(&e.payload).expect("payload JSON"))
            .collect();
        let last = in_force.last().unwrap_or_else(|| panic!("no location.in_force entry: {entries:?}"));
        assert_eq!((last["state"].as_str(), last["location_id"].as_str()), (Some("resolved"), Some("site-b")));
        assert_eq!(last["how_obtained"], "wiremap");
        assert_eq!(last["fingerprint_id"].as_str(), network.fingerprint_id.as_deref());
        let text = format!("{in_force:?}");
        assert!(!text.contains(SITE_B_MAC) && !text.contains("10.210.2"), "no raw identifiers: {text}");

        // Moving back is another change, and another entry; reading the same network again is none.
        source.move_to(site_a());
        service.refresh_network().await.expect("the network is read");
        service.refresh_network().await.expect("the network is read again");
        let entries = service.audit_entries().await.expect("audit");
        let ids: Vec<String> = entries
            .iter()
            .filter(|e| e.kind == "location.in_force")
            .map(|e| serde_json::from_str::<serde_json::Value>(&e.payload).expect("JSON")["location_id"].to_string())
            .collect();
        assert_eq!(ids[ids.len() - 2..], ["\"site-b\"", "\"site-a\""], "{ids:?}");
        assert!(service.verify_audit_log().await.expect("verify").is_intact());
    });
}
